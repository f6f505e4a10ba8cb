'use strict';
// Readable/Writable/Duplex .fromWeb/.toWeb and finished() on web streams, as Node 20.
const { Readable, Writable, Duplex, finished } = require('stream');
const { ReadableStream, WritableStream } = require('stream/web');
const show = (f) => { try { f(); console.log('no throw'); } catch (e) { console.log(e.code, e.message); } };
show(() => Readable.fromWeb({}));
show(() => Readable.fromWeb(new ReadableStream(), 1));
show(() => Readable.toWeb({}));
show(() => Writable.fromWeb({}));
show(() => Writable.toWeb({}));
show(() => Duplex.fromWeb({}));
show(() => Duplex.fromWeb(1));
show(() => Duplex.fromWeb({ readable: new ReadableStream(), writable: 2 }));
show(() => Duplex.toWeb({}));
const settled = (p) => new Promise((resolve) => p.then(resolve, resolve));
(async () => {
  const rs = Readable.toWeb(new Readable({ read() { this.push(Buffer.from('xy')); this.push(null); } }));
  for await (const c of rs) console.log('toWeb chunk', c.constructor.name, [...c]);
  const objs = Readable.toWeb(Readable.from([{ a: 1 }, { b: 2 }]));
  for await (const c of objs) console.log('toWeb object', c);
  const rs2 = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1, 2])); c.enqueue(new Uint8Array([3])); c.close(); } });
  const parts = [];
  for await (const c of Readable.fromWeb(rs2)) parts.push(...c);
  console.log('fromWeb bytes', parts);
  for await (const c of Readable.fromWeb(new ReadableStream({ start(c) { c.enqueue('ab'); c.close(); } }), { encoding: 'utf8' })) {
    console.log('fromWeb text', c);
  }
  const broken = Readable.fromWeb(new ReadableStream({ pull(c) { c.error(new Error('web failed')); } }));
  console.log('fromWeb error', (await settled(broken.toArray())).message);
  const got = [];
  const w = Writable.fromWeb(new WritableStream({ write(c) { got.push([...c]); } }));
  w.write('hi');
  await new Promise((resolve) => w.end(Buffer.from('yo'), resolve));
  console.log('fromWeb writable got', got);
  const chunks = [];
  const nw = new Writable({ write(c, e, cb) { chunks.push([...c]); cb(); } });
  const writer = Writable.toWeb(nw).getWriter();
  await writer.write(new Uint8Array([7]));
  await writer.write('s');
  await writer.close();
  console.log('toWeb writable', chunks, nw.writableFinished);
  const d = Duplex.fromWeb({
    readable: new ReadableStream({ start(c) { c.enqueue(new Uint8Array([0x6f, 0x6b])); c.close(); } }),
    writable: new WritableStream({ write(c) { console.log('Duplex.fromWeb wrote', [...c]); } }),
  }, { encoding: 'utf8' });
  d.end('zz');
  for await (const c of d) console.log('Duplex.fromWeb read', c);
  const pair = Duplex.toWeb(new Duplex({ read() { this.push('q'); this.push(null); }, write(c, e, cb) { cb(); } }));
  console.log('Duplex.toWeb', Object.keys(pair), pair.readable instanceof ReadableStream, pair.writable instanceof WritableStream);
  await new Promise((resolve) => finished(new ReadableStream({ start(c) { c.close(); } }), (err) => { console.log('finished closed', err); resolve(); }));
  await new Promise((resolve) => finished(new ReadableStream({ start(c) { c.error(new Error('boom')); } }), (err) => { console.log('finished errored', err.message); resolve(); }));
  const cancelled = new ReadableStream({ pull() {} });
  const p = new Promise((resolve) => finished(cancelled, (err) => { console.log('finished cancelled', err); resolve(); }));
  await cancelled.cancel('why');
  await p;
  const ws = new WritableStream();
  const wp = new Promise((resolve) => finished(ws, (err) => { console.log('finished writable', err); resolve(); }));
  await ws.getWriter().close();
  await wp;
})();
