// Headers / Request / Response / FormData behaviour without a network (compared with Node 20).
'use strict';
const log = (...a) => console.log(...a.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))));
const tryIt = (label, fn) => {
  try { log(label, 'ok', fn()); } catch (e) { log(label, 'throws', e.constructor.name, e.message); }
};
const tryAsync = async (label, fn) => {
  try { log(label, 'ok', await fn()); } catch (e) { log(label, 'rejects', e.constructor.name, e.message); }
};

(async () => {
  // Headers
  const h = new Headers([['B', '2'], ['set-cookie', 'a=1'], ['a', ' 1 '], ['Set-Cookie', 'b=2'], ['a', '3']]);
  log('entries', [...h], [...h.keys()], [...h.values()]);
  log('get', h.get('A'), h.get('set-cookie'), h.getSetCookie(), h.has('b'), h.has('x'), h.get('x'));
  h.set('a', 'z'); h.delete('B'); h.append('C', 'c');
  const seen = []; h.forEach((v, k, self) => seen.push([k, v, self === h])); log('forEach', seen);
  log('tags', Object.prototype.toString.call(h), Object.prototype.toString.call(h.entries()),
    Headers.prototype[Symbol.iterator] === Headers.prototype.entries, Headers.name, Headers.length);
  log('from record', [...new Headers({ X: '1', y: '2' })], [...new Headers(new Headers({ q: 'r' }))]);
  tryIt('bad name', () => new Headers({ 'a b': 'x' }));
  tryIt('bad value', () => new Headers({ a: 'x\ny' }));
  tryIt('bad pair', () => new Headers([['a']]));
  tryIt('bad init', () => new Headers(5));
  tryIt('latin1', () => new Headers({ a: '\u0100' }));
  tryIt('missing arg', () => new Headers().append('a'));
  const it = h.keys(); h.append('0first', 'x'); log('live iter', [...it]);

  // Response
  const e = Response.error();
  log('error', e.type, e.status, e.ok, e.statusText, e.body, e.bodyUsed, e.url, e.redirected);
  tryIt('immutable', () => e.headers.set('a', 'b'));
  const rr = Response.redirect('http://a.example/b?c#d', 307);
  log('redirect', rr.status, rr.headers.get('location'), rr.type, [...rr.headers]);
  tryIt('redirect 200', () => Response.redirect('http://a/', 200));
  tryIt('redirect relative', () => Response.redirect('/x'));
  const j = Response.json({ a: [1, 'two'] }, { status: 201, statusText: 'Made', headers: { 'x-y': 'z' } });
  log('json', j.status, j.statusText, j.ok, [...j.headers], await j.text());
  log('json ct', Response.json(1, { headers: { 'content-type': 'text/x' } }).headers.get('content-type'));
  tryIt('json undefined', () => Response.json(undefined));
  const r = new Response('héllo', { status: 299, headers: [['x', '1']] });
  log('response', r.status, r.ok, r.type, r.url, r.redirected, r.bodyUsed, [...r.headers]);
  const c = r.clone();
  log('text', await r.text(), r.bodyUsed, await c.text());
  await tryAsync('twice', () => r.text());
  tryIt('clone used', () => r.clone());
  tryIt('status 204 body', () => new Response('x', { status: 204 }));
  tryIt('status 99', () => new Response('x', { status: 99 }));
  tryIt('status 600', () => new Response(null, { status: 600 }));
  tryIt('statusText', () => new Response('x', { statusText: 'a\nb' }));
  log('null body', new Response(null).body, new Response().status, new Response(undefined).body);
  log('stream body', new Response('x').body.constructor.name, typeof new Response('x').body.getReader);
  log('bytes', [...new Uint8Array(await new Response(new Uint8Array([1, 2, 3])).arrayBuffer())],
    [...await new Response(new Uint16Array([258]).buffer).bytes()],
    await new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0xff])).text());
  const blob = await new Response(new Blob(['ab']), { headers: { 'content-type': 'x/y' } }).blob();
  log('blob', blob.type, blob.size, await blob.text(), new Response(new Blob(['q'], { type: 'A/B' })).headers.get('content-type'));
  log('usp', new Response(new URLSearchParams('a=1&b= 2')).headers.get('content-type'),
    await new Response(new URLSearchParams('a=1&b= 2')).text());
  await new Response('{').json().catch((e) => log('bad json', e.constructor.name));  // V8's wording differs
  await tryAsync('json ok', () => new Response('{"k":[1]}').json());
  await tryAsync('formData text', () => new Response('x').formData());
  const fromUrlenc = await new Response(new URLSearchParams('a=1&a=2&b=%20')).formData();
  log('urlencoded form', [...fromUrlenc]);
  const body = new Response('streamed').body;
  const reader = body.getReader();
  const chunks = [];
  for (;;) { const { value, done } = await reader.read(); if (done) break; chunks.push(new TextDecoder().decode(value)); }
  log('reader', chunks);
  const rs = new ReadableStream({ start(ctl) { ctl.enqueue(new TextEncoder().encode('s1')); ctl.enqueue(new TextEncoder().encode('s2')); ctl.close(); } });
  const sr = new Response(rs);
  const sc = sr.clone();
  log('user stream', await sr.text(), await sc.text(), sr.bodyUsed);
  const locked = new Response('x'); locked.body.getReader();
  await tryAsync('locked', () => locked.text());

  // FormData
  const fd = new FormData();
  fd.append('a', '1'); fd.append('a', '2'); fd.append('f', new Blob(['xx'], { type: 'text/plain' }), 'f.txt');
  fd.append('b', new Blob(['yy']));
  log('formdata', [...fd.keys()], fd.getAll('a'), fd.get('f').name, fd.get('f').type, fd.get('b').name,
    fd.get('b').constructor.name, fd.has('z'), fd.get('z'), Object.prototype.toString.call(fd));
  fd.set('a', '3'); fd.delete('b');
  log('formdata set', [...fd].map(([k, v]) => [k, typeof v === 'string' ? v : v.name]));
  tryIt('formdata blob arg', () => fd.append('x', 'y', 'name'));
  const fr = new Response(fd);
  const ct = fr.headers.get('content-type');
  log('multipart ct', ct.replace(/\d{11}$/, 'N'));
  const round = await fr.clone().formData();
  log('multipart round', [...round].map(([k, v]) => [k, typeof v === 'string' ? v : [v.name, v.type, v.size]]));
  const raw = await fr.text();
  log('multipart raw', raw.replace(/formdata-undici-0\d{11}/g, 'B'));

  // Request
  const req = new Request('http://a.example/b?c#frag', { method: 'post', body: 'x', headers: { 'X-A': '1' } });
  log('request', req.method, req.url, [...req.headers], req.redirect, req.mode, req.credentials, req.cache,
    req.destination, req.referrer, req.referrerPolicy, req.integrity, req.keepalive, req.duplex,
    req.signal.aborted, req.bodyUsed, req.isReloadNavigation, req.isHistoryNavigation);
  log('methods', ['get', 'delete', 'options', 'put', 'head', 'Patch', 'custom'].map((m) => new Request('http://a', { method: m }).method));
  const req2 = new Request(req, { headers: { y: '2' } });
  log('from request', req.bodyUsed, req2.bodyUsed, req2.method, [...req2.headers], await req2.text());
  tryIt('reuse used', () => new Request(req));
  tryIt('GET body', () => new Request('http://a', { body: 'x' }));
  tryIt('HEAD body', () => new Request('http://a', { method: 'HEAD', body: 'x' }));
  tryIt('CONNECT', () => new Request('http://a', { method: 'CONNECT' }));
  tryIt('bad method', () => new Request('http://a', { method: 'bad method' }));
  tryIt('stream no duplex', () => new Request('http://a', { method: 'POST', body: new ReadableStream() }));
  tryIt('bad redirect', () => new Request('http://a', { redirect: 'x' }));
  tryIt('credentials url', () => new Request('http://u:p@a/'));
  tryIt('relative', () => new Request('/rel'));
  tryIt('no args', () => new Request());
  tryIt('bad signal', () => new Request('http://a', { signal: {} }));
  const ac = new AbortController();
  const sreq = new Request('http://a', { signal: ac.signal });
  ac.abort();
  log('signal follows', sreq.signal.aborted, sreq.signal.reason.name);
  const cl = new Request('http://a/', { method: 'PUT', body: 'body!' }).clone();
  log('request clone', cl.method, await cl.text(), cl.headers.get('content-type'));
  log('referrer', new Request('http://a', { referrer: '' }).referrer, new Request('http://a', { referrer: 'http://r/x' }).referrer);
  log('protos', Object.keys(Request.prototype).sort().join(), Object.keys(Response.prototype).sort().join());
})();

// How console.log shows them (Request/Response embed AbortSignal/ReadableStream, whose own
// inspection belongs to other shims, so only these two).
const shown = new FormData(); shown.append('a', '1'); shown.append('a', '2'); shown.append('z', '3');
console.log(new Headers([['X', '1'], ['x', '2'], ['set-cookie', 'a'], ['Set-Cookie', 'b']]), shown, [new Headers()]);
