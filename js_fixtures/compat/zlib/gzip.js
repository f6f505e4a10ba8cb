// probe: gzip/deflate round trips, sync and callback
// api: zlib.gzipSync
const zlib = require('zlib');
const input = Buffer.from('hello hello hello hello');
console.log(zlib.gunzipSync(zlib.gzipSync(input)).toString());
console.log(zlib.inflateSync(zlib.deflateSync(input)).toString());
console.log(zlib.deflateRawSync(input).toString('base64'));
zlib.gzip(input, (err, out) => zlib.gunzip(out, (e2, back) => console.log('async', err, e2, back.toString())));
console.log(zlib.brotliDecompressSync(zlib.brotliCompressSync(input)).toString());
