// probe: Buffer integer/float read/write methods and indexOf/includes
// api: buffer.Buffer
const b = Buffer.alloc(16);
b.writeUInt32BE(0xdeadbeef, 0);
b.writeInt16LE(-2, 4);
b.writeDoubleLE(1.5, 8);
console.log(b.readUInt32BE(0).toString(16), b.readInt16LE(4), b.readDoubleLE(8));
console.log(b.indexOf(0xef), b.includes(Buffer.from([0xad, 0xbe])));
b.writeBigUInt64BE(123n, 8);
console.log(b.readBigUInt64BE(8), b.toString('base64url'));
