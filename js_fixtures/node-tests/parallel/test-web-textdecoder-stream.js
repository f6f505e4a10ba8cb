'use strict';
// TextDecoder in stream mode splits multi-byte sequences across chunks; fatal mode throws
// ERR_ENCODING_INVALID_ENCODED_DATA and the decoder is usable afterwards.
require('../common');

function eq(a, b, what) { if (a !== b) throw new Error(`${what}: ${JSON.stringify(a)} !== ${JSON.stringify(b)}`); }

const bytes = new TextEncoder().encode('héllo wörld 😀 €');
for (let split = 0; split <= bytes.length; split++) {
  const d = new TextDecoder();
  const s = d.decode(bytes.subarray(0, split), { stream: true }) + d.decode(bytes.subarray(split));
  eq(s, 'héllo wörld 😀 €', `split at ${split}`);
}
const byteByByte = new TextDecoder();
let out = '';
for (const b of bytes) out += byteByByte.decode(Uint8Array.of(b), { stream: true });
out += byteByByte.decode();
eq(out, 'héllo wörld 😀 €', 'byte by byte');

const fatal = new TextDecoder('utf-8', { fatal: true });
let threw = false;
try { fatal.decode(Uint8Array.of(0x61, 0xff)); } catch (e) {
  threw = true;
  eq(e.code, 'ERR_ENCODING_INVALID_ENCODED_DATA', 'code');
  eq(e instanceof TypeError, true, 'TypeError');
}
eq(threw, true, 'fatal threw');
eq(fatal.decode(Uint8Array.of(0x62)), 'b', 'usable after error');

const bom = new TextDecoder();
eq(bom.decode(Uint8Array.of(0xef, 0xbb), { stream: true }) + bom.decode(Uint8Array.of(0xbf, 0x41)), 'A', 'split BOM');
