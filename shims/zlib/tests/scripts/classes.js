const zlib = require('zlib'); const { Readable } = require('stream');
console.log(zlib.Deflate() instanceof zlib.Deflate, new zlib.Deflate() instanceof zlib.Deflate, zlib.createGzip() instanceof zlib.Gzip, zlib.Gzip.name, typeof zlib.Gzip.prototype.flush);
function NotInitialized(options) { zlib.DeflateRaw.call(this, options); this.prop = true; }
Object.setPrototypeOf(NotInitialized.prototype, zlib.DeflateRaw.prototype);
Object.setPrototypeOf(NotInitialized, zlib.DeflateRaw);
const dest = new NotInitialized();
const read = new Readable({ read() { this.push(Buffer.from('a test string')); this.push(null); } });
read.pipe(dest); const out = []; dest.on('data', (d) => out.push(d)); dest.on('end', () => console.log(zlib.inflateRawSync(Buffer.concat(out)).toString(), dest.prop));
class Sub extends zlib.Gzip {} console.log(new Sub() instanceof zlib.Gzip);
