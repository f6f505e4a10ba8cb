// Differential probe: run by real Node and by hostrt; stdout must be identical.
// Seeded random bytes and strings through every encoding, both directions.
let seed = 2024;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const encodings = ['utf8', 'utf16le', 'latin1', 'ascii', 'base64', 'base64url', 'hex'];
const out = [];
for (let i = 0; i < 300; i++) {
  const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 12) }, () => (rand() < 0.5 ? Math.floor(rand() * 256) : [0xc0, 0xe0, 0xf0, 0x80, 0xbf, 0xed, 0xa0, 0xf4, 0x90, 0x41][Math.floor(rand() * 10)])));
  const row = encodings.map((e) => JSON.stringify(bytes.toString(e)));
  out.push(`${i} ${bytes.toString('hex')} ${row.join(' ')}`);
  const chars = Array.from({ length: Math.floor(rand() * 8) }, () => String.fromCharCode([0x41, 0xe9, 0x20ac, 0xd83d, 0xde00, 0x2f, 0x2b, 0x3d, 0x5f, 0x2d, 0x7a, 0x30][Math.floor(rand() * 12)])).join('');
  out.push(`${i} ${JSON.stringify(chars)} ${encodings.map((e) => Buffer.from(chars, e).toString('hex') + ':' + Buffer.byteLength(chars, e)).join(' ')}`);
}
console.log(out.join('\n'));
