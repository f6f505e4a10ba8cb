// probe: StringDecoder joins split multi-byte characters
// api: string_decoder.StringDecoder
const { StringDecoder } = require('string_decoder');
const d = new StringDecoder('utf8');
const euro = Buffer.from('€');
console.log(JSON.stringify(d.write(euro.subarray(0, 1))), JSON.stringify(d.write(euro.subarray(1))));
console.log(JSON.stringify(d.end(Buffer.from([0xe2]))));
const h = new StringDecoder('hex');
console.log(h.write(Buffer.from('hi')));
