// Differential probe: run by real Node and by hostrt; stdout must be identical.
const { Buffer: B, isUtf8, isAscii, atob, btoa, transcode, Blob, constants } = require('buffer');
console.log(Buffer === B, typeof Buffer.from);
const b = Buffer.from('hello world?>~', 'utf8');
console.log(b.toString('base64'), b.toString('base64url'), b.toString('hex'), b.length);
console.log(Buffer.from('aGVsbG8gd29ybGQ_Pn4', 'base64url').toString());
console.log(Buffer.isEncoding('base64url'), Buffer.isEncoding('nope'), Buffer.byteLength('aGVsbG8', 'base64url'));
try { b.toString('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
console.log(isUtf8(Buffer.from([0xe2, 0x82, 0xac])), isUtf8(Buffer.from([0xe2, 0x82])), isAscii(Buffer.from('abc')));
console.log(btoa('hi'), atob('aGk='));
console.log(transcode(Buffer.from('€a'), 'utf8', 'latin1').toString('hex'));
new Blob(['ab', Buffer.from('c')], { type: 'Text/Plain' }).text().then((t) => console.log(t));
console.log(b.subarray(1, 3) instanceof B, Buffer.concat([b, b]).length, b.readUInt16LE(0), b.equals(Buffer.from(b)));
console.log(JSON.stringify(b.slice(0,2)), Buffer.compare(b, Buffer.alloc(2)), Buffer.alloc(4, 'YQ', 'base64url').toString());
const w = Buffer.alloc(6); w.write('aGk', 'base64url'); console.log(w.toString('hex'));
console.log(Buffer.copyBytesFrom(new Uint16Array([1, 2, 3]), 1, 1).toString('hex'));
