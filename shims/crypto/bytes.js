// Byte helpers shared by the crypto shim: Node's string encodings, Node-style argument errors, and
// the one place that decides what a "Buffer" return value is.
'use strict';

// --- Buffer return values ---------------------------------------------------------------------
// The engine may not have a Buffer yet (the `buffer` shim is separate). Everything that Node
// returns as a Buffer goes through toBuffer(), so switching is a one-line change here.
let BufferCtor;
function bufferCtor() {
  if (BufferCtor === undefined) {
    BufferCtor = null;
    try {
      const mod = require('buffer');
      if (mod && typeof mod.Buffer === 'function') BufferCtor = mod.Buffer;
    } catch (e) {
      // No buffer shim in this engine: Uint8Array stands in.
    }
  }
  return BufferCtor;
}
function toBuffer(u8) {
  const B = bufferCtor();
  return B === null ? u8 : B.from(u8.buffer, u8.byteOffset, u8.byteLength);
}
function allocBuffer(n) {
  const B = bufferCtor();
  return B === null ? new Uint8Array(n) : B.alloc(n);
}

// --- Node-style errors ------------------------------------------------------------------------
function addNumericalSeparator(s) {
  let res = '';
  let i = s.length;
  const start = s[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = `_${s.slice(i - 3, i)}${res}`;
  return `${s.slice(0, i)}${res}`;
}
function describeReceived(value) {
  if (value === null || value === undefined) return ` Received ${value}`;
  if (typeof value === 'function') return ` Received function ${value.name}`;
  if (typeof value === 'object') {
    const name = value.constructor && value.constructor.name;
    return name ? ` Received an instance of ${name}` : ' Received [Object: null prototype]';
  }
  if (typeof value === 'string') {
    // Node truncates the string itself, then quotes it as util.inspect would.
    const str = value.length > 28 ? `${value.slice(0, 25)}...` : value;
    const q = !str.includes("'") ? "'" : !str.includes('"') ? '"' : '`';
    return ` Received type string (${q}${str}${q})`;
  }
  if (typeof value === 'bigint') return ` Received type bigint (${value}n)`; // never shortened
  let shown = String(value);
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}
function codeError(Ctor, code, message) {
  const err = new Ctor(message);
  Object.defineProperty(err, 'code', { value: code, enumerable: true, writable: true, configurable: true });
  // Node's own errors print their code in the name line of the stack.
  err.stack = String(err.stack).replace(/^([A-Za-z]*Error)/, `$1 [${code}]`);
  return err;
}
function invalidArgType(name, expected, value) {
  const what = name.includes('.') ? 'property' : 'argument';
  return codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" ${what} must be ${expected}.${describeReceived(value)}`);
}
function outOfRange(name, range, value) {
  let shown;
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    shown = addNumericalSeparator(String(value));
  } else {
    shown = typeof value === 'string' ? `'${value}'` : String(value);
  }
  return codeError(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
}
function unsupported(api) {
  return codeError(Error, 'ERR_HOSTRT_UNSUPPORTED',
    `${api} is not supported by hostrt (see shims/crypto/shim.toml)`);
}

// --- encodings --------------------------------------------------------------------------------
function normalizeEncoding(enc) {
  if (enc === undefined || enc === null) return undefined;
  switch (String(enc).toLowerCase()) {
    case 'utf8': case 'utf-8': return 'utf8';
    case 'hex': return 'hex';
    case 'base64': return 'base64';
    case 'base64url': return 'base64url';
    case 'latin1': case 'binary': return 'latin1';
    case 'ascii': return 'ascii';
    case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    case 'buffer': return 'buffer';
    default: return undefined;
  }
}

function utf8Encode(str) {
  const out = new Uint8Array(str.length * 3);
  let n = 0;
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) { out[n++] = c; continue; }
    if (c < 0x800) { out[n++] = 0xc0 | (c >> 6); out[n++] = 0x80 | (c & 63); continue; }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < str.length ? str.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        out[n++] = 0xf0 | (c >> 18); out[n++] = 0x80 | ((c >> 12) & 63);
        out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63);
        continue;
      }
      c = 0xfffd; // a lone surrogate becomes U+FFFD, as in Node
    }
    out[n++] = 0xe0 | (c >> 12); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63);
  }
  return out.subarray(0, n);
}

function utf8Decode(b) {
  // WHATWG decoding: each maximal invalid subpart becomes one U+FFFD.
  let s = '';
  const parts = [];
  for (let i = 0; i < b.length;) {
    const c = b[i];
    let cp = 0xfffd;
    let len = 1;
    if (c < 0x80) { cp = c; } else if (c >= 0xc2 && c <= 0xf4) {
      const need = c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
      let lo = 0x80;
      let hi = 0xbf;
      if (c === 0xe0) lo = 0xa0; else if (c === 0xed) hi = 0x9f;
      else if (c === 0xf0) lo = 0x90; else if (c === 0xf4) hi = 0x8f;
      let v = c & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
      let k = 0;
      for (; k < need; k++) {
        const x = b[i + 1 + k];
        if (x === undefined || x < lo || x > hi) break;
        v = (v << 6) | (x & 63);
        lo = 0x80; hi = 0xbf;
      }
      if (k === need) { cp = v; len = need + 1; } else { len = k + 1; }
    }
    s += String.fromCodePoint(cp);
    i += len;
    if (s.length > 8192) { parts.push(s); s = ''; }
  }
  parts.push(s);
  return parts.join('');
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64_DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  B64_DECODE[B64.charCodeAt(i)] = i;
  B64_DECODE[B64URL.charCodeAt(i)] = i;
}

function base64Encode(b, url) {
  const table = url ? B64URL : B64;
  let s = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    s += table[v >> 18] + table[(v >> 12) & 63] + table[(v >> 6) & 63] + table[v & 63];
  }
  const rest = b.length - i;
  if (rest === 1) {
    const v = b[i] << 16;
    s += table[v >> 18] + table[(v >> 12) & 63] + (url ? '' : '==');
  } else if (rest === 2) {
    const v = (b[i] << 16) | (b[i + 1] << 8);
    s += table[v >> 18] + table[(v >> 12) & 63] + table[(v >> 6) & 63] + (url ? '' : '=');
  }
  return s;
}

function base64Decode(str) {
  // Lenient like Node: both alphabets, characters outside them skipped, stops at padding.
  const out = new Uint8Array(Math.ceil(str.length * 3 / 4));
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < str.length; i++) {
    // Node reads only the low byte of each UTF-16 unit, for base64 and hex alike.
    const c = str.charCodeAt(i) & 0xff;
    if (c === 61) break; // '='
    const v = c < 128 ? B64_DECODE[c] : -1;
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

const HEX_DECODE = new Int8Array(256).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_DECODE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_DECODE['0123456789ABCDEF'.charCodeAt(i)] = i;
}
function hexDecode(str) {
  const n = str.length >>> 1;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const hi = HEX_DECODE[str.charCodeAt(2 * i) & 0xff];
    const lo = HEX_DECODE[str.charCodeAt(2 * i + 1) & 0xff];
    if (hi < 0 || lo < 0) return out.subarray(0, i);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

const HEX = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));
function hexEncode(b) {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

function fromString(str, encoding) {
  switch (normalizeEncoding(encoding)) {
    case 'hex': return hexDecode(str);
    case 'base64': case 'base64url': return base64Decode(str);
    case 'latin1': case 'ascii': {
      const out = new Uint8Array(str.length);
      for (let i = 0; i < str.length; i++) out[i] = str.charCodeAt(i) & 0xff;
      return out;
    }
    case 'utf16le': {
      const out = new Uint8Array(str.length * 2);
      for (let i = 0; i < str.length; i++) {
        const c = str.charCodeAt(i);
        out[2 * i] = c & 0xff;
        out[2 * i + 1] = c >> 8;
      }
      return out;
    }
    default: return utf8Encode(str);
  }
}

function latin1String(b, mask) {
  const parts = [];
  for (let i = 0; i < b.length; i += 8192) {
    const chunk = b.subarray(i, i + 8192);
    parts.push(String.fromCharCode.apply(null, mask ? Array.from(chunk, (x) => x & 0x7f) : chunk));
  }
  return parts.join('');
}

/** Bytes as Node's `buf.toString(encoding)`; undefined/'buffer'/unknown gives a Buffer. */
function encodeOutput(bytes, encoding) {
  switch (normalizeEncoding(encoding)) {
    case 'hex': return hexEncode(bytes);
    case 'base64': return base64Encode(bytes, false);
    case 'base64url': return base64Encode(bytes, true);
    case 'latin1': return latin1String(bytes, false);
    case 'ascii': return latin1String(bytes, true);
    case 'utf8': return utf8Decode(bytes);
    case 'utf16le': {
      let s = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
      return s;
    }
    default: return toBuffer(bytes);
  }
}

/** A Uint8Array view of any ArrayBufferView (Buffer, TypedArray, DataView), or undefined. */
function viewBytes(data) {
  if (data instanceof Uint8Array && data.constructor === Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/** Bytes of an ArrayBuffer, SharedArrayBuffer or view; undefined for anything else. */
function bufferSourceBytes(data) {
  if (data instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && data instanceof SharedArrayBuffer)) {
    return new Uint8Array(data);
  }
  return viewBytes(data);
}

module.exports = {
  toBuffer, allocBuffer, codeError, invalidArgType, outOfRange, unsupported, describeReceived,
  normalizeEncoding, fromString, encodeOutput, viewBytes, bufferSourceBytes,
  base64Encode, base64Decode, hexEncode, hexDecode, utf8Encode,
};
