// probe: Buffer.from/alloc/concat, encodings, slices, comparisons
// api: buffer.Buffer
const b = Buffer.from('héllo wörld');
console.log(b.length, b.toString('hex'));
console.log(b.toString('base64'), Buffer.from('aGk=', 'base64').toString());
console.log(Buffer.concat([Buffer.from('a'), Buffer.alloc(2, 'b')]).toString());
console.log(b.subarray(0, 2), Buffer.compare(Buffer.from('a'), Buffer.from('b')));
console.log(Buffer.from([1, 2, 3]).equals(Buffer.from('010203', 'hex')), Buffer.isBuffer(b));
console.log(Buffer.byteLength('€'), Buffer.from('€').toJSON());
console.log(b.toString('latin1').length, Buffer.from('ff', 'hex').readUInt8(0));
