const zlib = require('zlib');
const bad = [
  () => new zlib.Deflate({ chunkSize: 'test' }), () => new zlib.Deflate({ chunkSize: -Infinity }), () => new zlib.Deflate({ chunkSize: 63 }),
  () => new zlib.Deflate({ windowBits: 'x' }), () => new zlib.Deflate({ windowBits: 7 }), () => new zlib.Deflate({ windowBits: Infinity }),
  () => new zlib.Deflate({ level: 10 }), () => new zlib.Deflate({ memLevel: 0 }), () => new zlib.Deflate({ strategy: 5 }),
  () => new zlib.Deflate({ dictionary: 'x' }), () => zlib.gzipSync(Buffer.alloc(0), { windowBits: 8 }), () => zlib.deflateSync(Buffer.alloc(0), { windowBits: 8 }).length,
  () => zlib.inflateSync(zlib.deflateSync('abc'), { windowBits: 0 }).toString(), () => zlib.gunzipSync(zlib.gzipSync('abc'), { windowBits: 0 }).toString(),
  () => zlib.unzipSync(zlib.gzipSync('abc'), { windowBits: 0 }).toString(), () => zlib.inflateRawSync(Buffer.alloc(0), { windowBits: 0 }),
  () => new zlib.Gzip({ flush: 6 }), () => new zlib.Gzip({ finishFlush: -1 }), () => zlib.deflateSync(1), () => zlib.deflate('x', { level: 11 }, () => {}),
  () => zlib.deflateSync('abc', { level: NaN, chunkSize: NaN }).length, () => new zlib.Deflate({ maxOutputLength: 0 }),
];
for (const f of bad) { try { console.log(f()); } catch (e) { console.log(e.name, e.code, e.message); } }
zlib.constants.Z_OK = 1; zlib.codes.Z_OK = 1; zlib.codes = {}; console.log(zlib.constants.Z_OK, zlib.codes.Z_OK, Object.isFrozen(zlib.codes), zlib.codes['-5']);
