// zlib stream classes (need the stream shim in hostrt).
const zlib = require('zlib');
const { pipeline, Readable, Writable } = require('stream');
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const show = (...v) => console.log(JSON.stringify(v));
const concat = (parts) => { const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let o = 0; for (const p of parts) { out.set(p, o); o += p.length; } return out; };
function run(stream, inputs) {
  return new Promise((resolve) => {
    const parts = [];
    stream.on('data', (c) => parts.push(c));
    stream.on('end', () => resolve([null, concat(parts)]));
    stream.on('error', (e) => resolve([e, null]));
    for (const i of inputs) stream.write(i);
    stream.end();
  });
}
(async () => {
  const text = 'hello hello hello hello world '.repeat(50);
  for (const name of ['Deflate', 'DeflateRaw', 'Gzip']) {
    const [err, z] = await run(zlib['create' + name]({ level: 6 }), [text.slice(0, 100), text.slice(100)]);
    const inv = { Deflate: 'Inflate', DeflateRaw: 'InflateRaw', Gzip: 'Gunzip' }[name];
    const [err2, back] = await run(zlib['create' + inv](), [z.subarray(0, 7), z.subarray(7)]);
    show(name, err, name === 'Gzip' ? hex(z.subarray(10)) : hex(z), err2, back.length, String.fromCharCode(...back.subarray(0, 12)));
    show(zlib['create' + name]() instanceof zlib[name], new zlib[name]() instanceof zlib[name]);
  }
  const [e] = await run(zlib.createInflate(), [new TextEncoder().encode('garbage')]);
  show('error', e.code, e.errno, e.message);
  const [e2] = await run(zlib.createGunzip(), [zlib.gzipSync('abc').subarray(0, 12)]);
  show('truncated', e2.code, e2.errno, e2.message);
  const [, u] = await run(zlib.createUnzip(), [zlib.gzipSync('via unzip')]);
  show('unzip', String.fromCharCode(...u));
  const g = zlib.createGzip();
  g.write('abc');
  g.end(() => show('bytesWritten', g.bytesWritten));
  g.resume();
  const parts = [];
  pipeline(Readable.from([new TextEncoder().encode('piped '), new TextEncoder().encode('data')]), zlib.createDeflate(),
    new Writable({ write(c, enc, cb) { parts.push(c); cb(); } }), (err) => {
      show('pipeline', err, String.fromCharCode(...zlib.inflateSync(concat(parts))));
    });
})();
