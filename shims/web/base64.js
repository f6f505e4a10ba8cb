// atob/btoa (forgiving-base64, HTML spec): errors are DOMException InvalidCharacterError, as in Node.
'use strict';
const { DOMException } = require('hostrt:web/domexception');
const { missingArgs } = require('hostrt:web/errors');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

function btoa(input) {
  if (arguments.length === 0) throw missingArgs('input');
  const s = `${input}`;
  let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i);
    const b = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    const c = i + 2 < s.length ? s.charCodeAt(i + 2) : 0;
    if (a > 255 || b > 255 || c > 255) throw new DOMException('Invalid character', 'InvalidCharacterError');
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] +
      (i + 1 < s.length ? ALPHABET[(n >> 6) & 63] : '=') + (i + 2 < s.length ? ALPHABET[n & 63] : '=');
  }
  return out;
}

function atob(input) {
  if (arguments.length === 0) throw missingArgs('input');
  const bad = () => new DOMException('The string to be decoded is not correctly encoded.',
    'InvalidCharacterError');
  let s = `${input}`.replace(/[\t\n\f\r ]/g, '');
  // Node 20: a bad length says "not correctly encoded", anything else "Invalid character".
  const invalid = () => new DOMException('Invalid character', 'InvalidCharacterError');
  if (s.length % 4 === 0) s = s.replace(/==?$/, '');
  if (s.length % 4 === 1) throw bad();
  if (/[^A-Za-z0-9+/]/.test(s)) throw invalid();
  let out = '';
  let bits = 0;
  let acc = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const v = code < 128 ? VALUE[code] : -1;
    if (v < 0) throw bad();
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 255);
    }
  }
  return out;
}

module.exports = { atob, btoa };
