// fetch() against the test's local HTTP server (base URL in argv[2]); compared with Node 20.
'use strict';
const base = process.argv[2];
const log = (...a) => console.log(...a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))));
const SHOWN = ['accept', 'accept-language', 'sec-fetch-mode', 'user-agent', 'accept-encoding',
  'content-type', 'content-length', 'x-test', 'authorization'];
const pick = (h) => Object.fromEntries(SHOWN.filter((k) => k in h).map((k) => [k, h[k]]));
const who = (r) => [r.status, r.statusText, r.ok, r.type, r.redirected, r.url.replace(base, 'BASE'),
  r.headers.get('content-type')];
const fail = (label, e) => log(label, 'rejects', e.constructor.name, e.name, e.message,
  e.cause ? [e.cause.constructor.name, e.cause.message, e.cause.code ?? null] : null);

(async () => {
  let r = await fetch(`${base}/echo?x=1`, { headers: { 'X-Test': 'yes' } });
  let j = await r.json();
  log('GET', who(r), j.method, j.path, pick(j.headers), j.body);

  r = await fetch(`${base}/echo`, { method: 'POST', body: JSON.stringify({ a: 1 }), headers: { 'content-type': 'application/json' } });
  j = await r.json();
  log('POST json', who(r), j.method, pick(j.headers), Buffer.from(j.body, 'base64').toString());

  const bin = new Uint8Array(300).map((_, i) => (i * 7) & 255);
  r = await fetch(`${base}/echo`, { method: 'PUT', body: bin });
  j = await r.json();
  log('PUT binary', pick(j.headers), Buffer.from(j.body, 'base64').equals(Buffer.from(bin)));

  r = await fetch(new Request(`${base}/echo`, { method: 'POST', body: new URLSearchParams({ q: 'a b' }) }));
  j = await r.json();
  log('POST form', pick(j.headers), Buffer.from(j.body, 'base64').toString());

  const form = new FormData();
  form.append('field', 'v\nw');
  form.append('file', new Blob([new Uint8Array([0, 1, 2, 255])], { type: 'application/x-bin' }), 'a"b.bin');
  r = await fetch(`${base}/echo`, { method: 'POST', body: form });
  j = await r.json();
  const bound = /boundary=(.*)$/.exec(j.headers['content-type'])[1];
  log('POST multipart', j.headers['content-type'].replace(bound, 'B'), j.headers['content-length'],
    Buffer.from(j.body, 'base64').toString('latin1').split(bound).join('B'));

  r = await fetch(`${base}/echo`, { method: 'POST', body: new Blob(['blob body'], { type: 'text/blob' }) });
  j = await r.json();
  log('POST blob', pick(j.headers), Buffer.from(j.body, 'base64').toString());

  r = await fetch(new Request(`${base}/echo#frag`, { method: 'DELETE', headers: { authorization: 'Bearer t' } }), { headers: { 'x-test': 'over' } });
  j = await r.json();
  log('Request input', who(r), j.method, pick(j.headers));

  r = await fetch(`${base}/echo`, { method: 'POST' });
  j = await r.json();
  log('POST empty', pick(j.headers), j.body);

  const stream = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('st')); c.enqueue(new TextEncoder().encode('ream')); c.close(); } });
  r = await fetch(`${base}/echo`, { method: 'POST', body: stream, duplex: 'half' });
  j = await r.json();
  log('POST stream', Buffer.from(j.body, 'base64').toString());

  r = await fetch(`${base}/bin`);
  const buf = new Uint8Array(await r.arrayBuffer());
  let sum = 0; for (const b of buf) sum = (sum * 31 + b) % 1000003;
  log('binary', who(r), buf.length, sum, r.headers.get('content-length'));

  r = await fetch(`${base}/bin`);
  const reader = r.body.getReader();
  let total = 0;
  for (;;) { const { value, done } = await reader.read(); if (done) break; total += value.length; }
  log('stream read', total, r.bodyUsed);

  r = await fetch(`${base}/missing`);
  log('404', who(r), await r.text());

  r = await fetch(`${base}/cookies`);
  log('cookies', r.headers.getSetCookie(), r.headers.get('set-cookie'), r.headers.get('x-multi'));
  await r.text();
  try { r.headers.set('a', 'b'); } catch (e) { log('immutable', e.message); }

  r = await fetch(`${base}/gzip`);
  log('gzip', r.headers.get('content-encoding'), await r.text());

  r = await fetch(`${base}/redirect?status=302&to=/echo`);
  j = await r.json();
  log('302 follow', who(r), j.method);

  r = await fetch(`${base}/redirect?status=302&to=/echo`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/x' } });
  j = await r.json();
  log('302 POST', who(r), j.method, pick(j.headers), j.body);

  r = await fetch(`${base}/redirect?status=307&to=/echo`, { method: 'POST', body: 'kept' });
  j = await r.json();
  log('307 POST', who(r), j.method, Buffer.from(j.body, 'base64').toString());

  r = await fetch(`${base}/redirect?status=303&to=/echo`, { method: 'PUT', body: 'x' });
  j = await r.json();
  log('303 PUT', who(r), j.method);

  r = await fetch(`${base}/redirect?status=301&to=/redirect%3Fstatus%3D308%26to%3D/echo`);
  log('chain', who(r), (await r.json()).path);

  r = await fetch(`${base}/redirect?status=302&to=/echo`, { redirect: 'manual' });
  log('manual', who(r), r.headers.get('location'), await r.text());

  try { await fetch(`${base}/redirect?status=302&to=/echo`, { redirect: 'error' }); } catch (e) { fail('error mode', e); }
  try { await fetch(`${base}/loop`); } catch (e) { fail('loop', e); }

  r = await fetch(`${base}/echo`, { method: 'HEAD' });
  log('HEAD', who(r), r.body, await r.text());

  r = await fetch(`${base}/nocontent`);
  log('204', who(r), r.body);

  const ac = new AbortController();
  const pending = fetch(`${base}/slow`, { signal: ac.signal });
  setTimeout(() => ac.abort(), 30);
  try { await pending; } catch (e) { fail('abort', e); }

  try { await fetch(`${base}/slow`, { signal: AbortSignal.timeout(30) }); } catch (e) { fail('timeout', e); }

  const ac2 = new AbortController();
  r = await fetch(`${base}/drip`, { signal: ac2.signal });
  const rd = r.body.getReader();
  const first = await rd.read();
  ac2.abort();
  try { await rd.read(); log('no error'); } catch (e) { fail('abort body', e); }
  log('first chunk', first.done, first.value.length > 0);

  try { await fetch(`${base}/echo`, { signal: AbortSignal.abort('why') }); } catch (e) { log('pre-aborted', e); }

  const closed = base.replace(/:\d+$/, `:${process.argv[3]}`);
  try { await fetch(`${closed}/`); } catch (e) {
    log('refused', e.message, e.cause.message.replace(process.argv[3], 'PORT'), e.cause.code, e.cause.syscall,
      e.cause.errno, e.cause.address, e.cause.port === Number(process.argv[3]));
  }
  for (const u of ['file:///etc/hostname', 'ftp://127.0.0.1/', 'http://127.0.0.1:6000/', 'data:text/plain;base64,aGk=', 'data:,a%20b']) {
    try { r = await fetch(u); log(u, who(r), await r.text()); } catch (e) { fail(u, e); }
  }

  r = await fetch(`${base}/echo`);
  const c = r.clone();
  log('clone', (await r.json()).method, (await c.json()).method);
})();
