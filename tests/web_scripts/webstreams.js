const show = (...v) => console.log(JSON.stringify(v));
const web = require('stream/web');
show(Object.keys(web), ReadableStream === web.ReadableStream, typeof CompressionStream);
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
async function collect(readable) {
  const parts = [];
  for await (const chunk of readable) parts.push(chunk);
  return parts;
}
const concat = (parts) => { const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let o = 0; for (const p of parts) { out.set(p, o); o += p.length; } return out; };
(async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue('a'); c.enqueue('b'); c.close(); } });
  show(await collect(rs));
  const seen = [];
  const wsink = new WritableStream({ write(chunk) { seen.push(chunk); } }, new CountQueuingStrategy({ highWaterMark: 2 }));
  const w = wsink.getWriter(); await w.write(1); await w.write(2); await w.close(); show(seen, w.desiredSize);
  const upper = new TransformStream({ transform(chunk, c) { c.enqueue(String(chunk).toUpperCase()); } });
  const piped = new ReadableStream({ start(c) { c.enqueue('x'); c.enqueue('y'); c.close(); } }).pipeThrough(upper);
  show(await collect(piped));
  const [t1, t2] = new ReadableStream({ start(c) { c.enqueue(1); c.close(); } }).tee(); show(await collect(t1), await collect(t2));
  const enc = new ReadableStream({ start(c) { c.enqueue('h\ud83d'); c.enqueue('\ude00é'); c.close(); } }).pipeThrough(new TextEncoderStream());
  const bytes = concat(await collect(enc)); show(hex(bytes));
  const dec = new ReadableStream({ start(c) { for (const b of bytes) c.enqueue(Uint8Array.of(b)); c.close(); } }).pipeThrough(new TextDecoderStream());
  show((await collect(dec)).join(''));
  const input = new TextEncoder().encode('hello hello hello hello world '.repeat(10));
  for (const fmt of ['deflate', 'deflate-raw', 'gzip']) {
    const z = concat(await collect(new ReadableStream({ start(c) { c.enqueue(input); c.close(); } }).pipeThrough(new CompressionStream(fmt))));
    const back = concat(await collect(new ReadableStream({ start(c) { c.enqueue(z); c.close(); } }).pipeThrough(new DecompressionStream(fmt))));
    show(fmt, fmt === 'gzip' ? hex(z.subarray(10)) : hex(z), back.length === input.length);
  }
  try { new CompressionStream('brotli'); } catch (e) { show(e.name, e.code); }
  try {
    await collect(new ReadableStream({ start(c) { c.enqueue(Uint8Array.of(1, 2, 3, 4)); c.close(); } }).pipeThrough(new DecompressionStream('deflate')));
  } catch (e) { show('bad data', e.code); }
  const r = new ReadableStream({ start(c) { c.enqueue(1); } });
  const reader = r.getReader(); show((await reader.read()).value, r.locked); reader.releaseLock(); show(r.locked);
})();
