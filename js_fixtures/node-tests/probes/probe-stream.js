// Differential probe: run by real Node and by hostrt; stdout must be identical.
const { Readable, Writable, Transform, PassThrough, pipeline, finished, Duplex } = require('stream');
const sp = require('stream/promises');
const Stream = require('stream');
console.log(typeof Stream, Stream.Stream === Stream, Stream.Readable === Readable, typeof sp.pipeline, new Readable() instanceof Stream, new Readable() instanceof require('events'));
const up = new Transform({ transform(chunk, enc, cb) { cb(null, chunk.toString().toUpperCase()); } });
const out = [];
const sink = new Writable({ write(chunk, enc, cb) { out.push(chunk.toString()); cb(); } });
pipeline(Readable.from(['a', 'b', 'c']), up, sink, (err) => console.log('pipeline done', String(err), out.join('')));
(async () => {
  const chunks = [];
  for await (const c of Readable.from([1, 2, 3])) chunks.push(c);
  console.log('from', chunks.join(','));
  const pt = new PassThrough();
  pt.end('hello');
  let s = '';
  for await (const c of pt) s += c;
  console.log('passthrough', s);
  await sp.pipeline(Readable.from(['x']), new Writable({ write(c, e, cb) { console.log('w', c.toString()); cb(); } }));
  const r = new Readable({ read() {} });
  r.push('q'); r.push(null);
  r.on('data', (d) => console.log('data', d.toString()));
  await sp.finished(r);
  console.log('finished');
  const { text, json } = require('stream/consumers');
  console.log(await text(Readable.from(['a', 'b'])), (await json(Readable.from(['{"a":', '1}']))).a);
  const failing = new Readable({ read() { this.destroy(new Error('boom')); } });
  try { await sp.pipeline(failing, new PassThrough()); } catch (e) { console.log('caught', e.message); }
  const mapped = await Readable.from([1, 2, 3]).map((x) => x * 2).toArray();
  console.log('mapped', mapped.join());
  const w = new Writable({ highWaterMark: 2, write(c, e, cb) { setTimeout(cb, 1); } });
  console.log('write returns', w.write('abc'), w.writableLength, w.writableNeedDrain);
  w.on('drain', () => console.log('drain'));
})();
