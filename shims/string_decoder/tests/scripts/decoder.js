'use strict';
// StringDecoder as Node 20's: partial characters held across writes, one U+FFFD for a character
// cut at end(), lone surrogates, base64 groups, its state getters and its errors.
const { StringDecoder } = require('string_decoder');
const show = (s) => JSON.stringify(s);
const d = new StringDecoder('utf8');
console.log(Object.keys(d), typeof StringDecoder, StringDecoder.length);
for (const e of ['UTF-8', 'ucs2', 'UCS-2', 'utf-16le', 'binary', 'latin1', 'hex', 'ascii', 'base64', 'base64url', undefined, null, '', 'nope', 1]) {
  try { console.log(e, new StringDecoder(e).encoding); } catch (x) { console.log(e, x.code, x.message); }
}
const plain = {};
StringDecoder.call(plain);
console.log('called without new:', plain.encoding);
d.write(Buffer.from([0xe1]));
console.log(d.lastChar, d.lastNeed, d.lastTotal, show(d.end()));
const cases = [
  ['utf8', ['E2', '61']], ['utf8', ['E282', 'AC']], ['utf8', ['E282', 'E2']], ['utf8', ['f69b', 'd1']],
  ['utf8', ['f4', 'bde5']], ['utf8', ['EDA0B5EDB08D']], ['utf8', ['CCCCB8']], ['utf8', ['F0B8', '41']],
  ['utf8', ['0418f798']], ['utf8', ['f7']], ['utf8', ['f098', '80']], ['utf8', ['e0', '80']],
  ['utf16le', ['3D', 'D84DDC']], ['utf16le', ['3DD8', '4D']], ['utf16le', ['3DD84D']], ['utf16le', ['3DD8', '4DDC']],
  ['base64', ['61', '6161', '61']], ['base64url', ['6161', '61']], ['hex', ['ab', 'cd']], ['latin1', ['e9']],
];
for (const [enc, parts] of cases) {
  const dec = new StringDecoder(enc);
  const out = parts.map((p) => show(dec.write(Buffer.from(p, 'hex'))));
  console.log(enc, parts.join('|'), out.join(' '), dec.lastNeed, dec.lastTotal, show(dec.end()));
}
// Every split of a mixed input decodes as the whole does.
const input = Buffer.from('a\u20ac\ud83d\ude00\u00e9\u0800', 'utf8');
const bytes = Buffer.concat([input, Buffer.from([0xf0, 0x9f, 0xe2, 0x82, 0xff, 0x80])]);
for (const enc of ['utf8', 'utf16le', 'base64']) {
  const whole = bytes.toString(enc);
  let same = 0;
  for (let i = 0; i <= bytes.length; i++) {
    const dec = new StringDecoder(enc);
    if (dec.write(bytes.subarray(0, i)) + dec.write(bytes.subarray(i)) + dec.end() === whole) same++;
  }
  console.log(enc, 'splits equal to toString:', same, 'of', bytes.length + 1);
}
console.log(show(new StringDecoder('hex').write('ab')), show(new StringDecoder().end('abc')));
console.log(show(new StringDecoder().text(Buffer.from('abc'), 1)));
console.log(show(new StringDecoder().write(new Uint16Array([0x6968]))));
for (const bad of [5, null]) {
  try { new StringDecoder().write(bad); } catch (x) { console.log(x.code, x.message); }
}
try { StringDecoder.prototype.write(Buffer.alloc(1)); } catch (x) { console.log(x.code, x.message); }
