// Differential probe: run by real Node and by hostrt; stdout must be identical.
const { StringDecoder } = require('string_decoder');
for (const chunks of [[[0xe0, 0xa4], [0x25]], [[0xc0, 0xaf]], [[0xed, 0xa0, 0x80]], [[0xf0, 0x9f, 0x98]], [[0xe2], [0x82], [0x41]], [[0xff, 0x41]]]) {
  const d = new StringDecoder('utf8');
  console.log(JSON.stringify(chunks.map((c) => d.write(Buffer.from(c))).concat(d.end())));
}
const b = new StringDecoder("base64url"); console.log(b.encoding, b.write(Buffer.from([0xfb, 0xff])), b.write(Buffer.from([0xfe, 1])), b.end());
