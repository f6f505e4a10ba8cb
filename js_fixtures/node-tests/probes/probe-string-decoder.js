// Differential probe: run by real Node and by hostrt; stdout must be identical.
const { StringDecoder } = require('string_decoder');
const d = new StringDecoder('utf8');
const euro = Buffer.from('€');
console.log(JSON.stringify(d.write(euro.subarray(0, 1))), JSON.stringify(d.write(euro.subarray(1))), JSON.stringify(d.end()));
const d2 = new StringDecoder('utf8'); console.log(JSON.stringify(d2.write(Buffer.from([0xe2, 0x82]))), JSON.stringify(d2.end()));
const b = new StringDecoder('base64'); console.log(b.write(Buffer.from('ab')), b.end(Buffer.from('c')));
const h = new StringDecoder('hex'); console.log(h.write(Buffer.from([1, 255])), h.encoding, new StringDecoder().encoding, new StringDecoder('UCS2').encoding);
const u = new StringDecoder('utf16le'); console.log(JSON.stringify(u.write(Buffer.from([0x3d]))), JSON.stringify(u.write(Buffer.from([0xd8, 0x00, 0xde]))), JSON.stringify(u.end()));
try { new StringDecoder('nope'); } catch (e) { console.log(e.name, e.code, e.message); }
const e = new StringDecoder('utf8'); console.log(JSON.stringify(e.write(Buffer.from([0xf0, 0x9f]))), JSON.stringify(e.write(Buffer.from([0x98, 0x80, 0x41]))), JSON.stringify(e.end()));
