// TextEncoder / TextDecoder (WHATWG Encoding) for utf-8, utf-16le, utf-16be, the windows-1252
// label family (like Node 20, each byte decodes to its Latin-1 code point, so 0x80-0x9F stay C1
// controls) and the other single-byte legacy encodings, with tables taken from real Node.
// Multi-byte legacy encodings (gbk, big5, shift_jis, euc-*, iso-2022-jp) throw
// ERR_ENCODING_NOT_SUPPORTED.
'use strict';
const { coded, invalidArgType } = require('hostrt:web/errors');

const LABELS = new Map();
function labels(encoding, names) { for (const n of names) LABELS.set(n, encoding); }
labels('utf-8', ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8']);
labels('utf-16le', ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16', 'utf-16le']);
labels('utf-16be', ['unicodefffe', 'utf-16be']);
labels('windows-1252', ['ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819',
  'iso-8859-1', 'iso-ir-100', 'iso8859-1', 'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1',
  'latin1', 'us-ascii', 'windows-1252', 'x-cp1252']);

// Single-byte legacy encodings, as real Node decodes them (tools/gen_node_encodings.js).
let legacyData = null;
function legacy() {
  if (legacyData === null) legacyData = require('hostrt:web/legacy_encodings');
  return legacyData;
}

function encodeUtf8(str) {
  const out = new Uint8Array(str.length * 3);
  let n = 0;
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) { out[n++] = c; continue; }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < str.length ? str.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6); out[n++] = 0x80 | (c & 63);
    } else if (c < 0x10000) {
      out[n++] = 0xe0 | (c >> 12); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63);
    } else {
      out[n++] = 0xf0 | (c >> 18); out[n++] = 0x80 | ((c >> 12) & 63);
      out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63);
    }
  }
  return out.slice(0, n);
}

class TextEncoder {
  get encoding() { return 'utf-8'; }
  encode(input = '') { return encodeUtf8(`${input}`); }
  encodeInto(src, dest) {
    src = `${src}`;
    if (!(dest instanceof Uint8Array)) throw invalidArgType('dest', 'an instance of Uint8Array', dest);
    let read = 0;
    let written = 0;
    for (let i = 0; i < src.length;) {
      const cp = src.codePointAt(i);
      const units = cp > 0xffff ? 2 : 1;
      const bytes = encodeUtf8(src.slice(i, i + units));
      if (written + bytes.length > dest.length) break;
      dest.set(bytes, written);
      written += bytes.length;
      read += units;
      i += units;
    }
    return { read, written };
  }
}
Object.defineProperty(TextEncoder.prototype, 'encoding',
  { ...Object.getOwnPropertyDescriptor(TextEncoder.prototype, 'encoding'), enumerable: true });

function toBytes(input) {
  if (input === undefined) return new Uint8Array(0);
  if (input instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer === 'function' && input instanceof SharedArrayBuffer)) {
    return new Uint8Array(input);
  }
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  // Node 20's exact wording (it names "list" and omits what was received).
  throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "list" argument must be an instance of ' +
    'SharedArrayBuffer, ArrayBuffer or ArrayBufferView.');
}

class TextDecoder {
  #encoding; #fatal; #ignoreBOM;
  #pending = [];       // bytes of an incomplete sequence carried between stream chunks
  #bomSeen = false;
  constructor(label = 'utf-8', options = {}) {
    if (options !== null && options !== undefined && typeof options !== 'object') {
      throw invalidArgType('options', 'of type object', options);
    }
    const key = `${label}`.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase();
    const encoding = LABELS.get(key) ?? legacy().labels[key];
    if (encoding === undefined) {
      throw coded(RangeError, 'ERR_ENCODING_NOT_SUPPORTED', `The "${label}" encoding is not supported`);
    }
    this.#encoding = encoding;
    this.#fatal = Boolean(options && options.fatal);
    this.#ignoreBOM = Boolean(options && options.ignoreBOM);
  }
  get encoding() { return this.#encoding; }
  get fatal() { return this.#fatal; }
  get ignoreBOM() { return this.#ignoreBOM; }

  decode(input = undefined, options = {}) {
    let bytes = toBytes(input);
    if (options !== null && options !== undefined && typeof options !== 'object') {
      throw invalidArgType('options', 'of type object', options);
    }
    const stream = Boolean(options && options.stream);
    if (this.#pending.length) {
      const joined = new Uint8Array(this.#pending.length + bytes.length);
      joined.set(this.#pending);
      joined.set(bytes, this.#pending.length);
      bytes = joined;
      this.#pending = [];
    }
    let text;
    let rest;
    if (this.#encoding === 'utf-8') [text, rest] = this.#utf8(bytes, stream);
    else if (this.#encoding === 'windows-1252') [text, rest] = [latin1(bytes), 0];
    else if (this.#encoding.startsWith('utf-16')) [text, rest] = this.#utf16(bytes, stream, this.#encoding === 'utf-16le');
    else [text, rest] = [this.#singleByte(bytes), 0];
    this.#pending = Array.from(bytes.subarray(bytes.length - rest));
    if (!this.#ignoreBOM && !this.#bomSeen && text.length > 0) {
      if (this.#encoding !== 'windows-1252' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.#bomSeen = true;
    }
    if (!stream) {
      this.#bomSeen = false;
      this.#pending = [];
    }
    return text;
  }

  #invalid() {
    if (this.#fatal) {
      this.#pending = [];
      this.#bomSeen = false;
      throw coded(TypeError, 'ERR_ENCODING_INVALID_ENCODED_DATA',
        `The encoded data was not valid for encoding ${this.#encoding}`);
    }
    return 0xfffd;
  }

  // Returns [text, number of trailing bytes of an incomplete sequence kept for the next chunk].
  #utf8(bytes, stream) {
    const units = [];
    let out = '';
    const flush = () => { out += String.fromCharCode.apply(null, units); units.length = 0; };
    const push = (cp) => {
      if (cp > 0xffff) {
        cp -= 0x10000;
        units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
      } else {
        units.push(cp);
      }
      if (units.length > 8000) flush();
    };
    let i = 0;
    const n = bytes.length;
    while (i < n) {
      const b = bytes[i];
      if (b < 0x80) { push(b); i++; continue; }
      let need; let cp; let lower = 0x80; let upper = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) { need = 1; cp = b & 0x1f; }
      else if (b >= 0xe0 && b <= 0xef) {
        need = 2; cp = b & 0xf;
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3; cp = b & 0x7;
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
      } else { push(this.#invalid()); i++; continue; }
      let j = 1;
      for (; j <= need; j++) {
        if (i + j >= n) break;
        const c = bytes[i + j];
        if (c < lower || c > upper) break;
        lower = 0x80; upper = 0xbf;
        cp = (cp << 6) | (c & 0x3f);
      }
      if (j > need) { push(cp); i += need + 1; continue; }
      if (i + j >= n && stream) { flush(); return [out, n - i]; }
      // A maximal subpart of an ill-formed sequence becomes one U+FFFD.
      push(this.#invalid());
      i += j;
    }
    flush();
    return [out, 0];
  }

  #singleByte(bytes) {
    const table = legacy().tables[this.#encoding];
    const offset = table.length === 256 ? 0 : 0x80;
    const units = new Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b < offset) { units[i] = b; continue; }
      const c = table.charCodeAt(b - offset);
      units[i] = c === 0xfffd ? this.#invalid() : c;
    }
    let out = '';
    for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode.apply(null, units.slice(i, i + 8192));
    return out;
  }

  #utf16(bytes, stream, little) {
    let out = '';
    const units = [];
    const n = bytes.length - (bytes.length % 2);
    for (let i = 0; i < n; i += 2) {
      units.push(little ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
    }
    let rest = bytes.length - n;
    // Pair surrogates; a high surrogate at the very end may be completed by the next chunk.
    let k = 0;
    let end = units.length;
    if (stream && end > 0 && units[end - 1] >= 0xd800 && units[end - 1] <= 0xdbff) {
      end -= 1;
      rest += 2;
    }
    const fixed = [];
    for (; k < end; k++) {
      const u = units[k];
      if (u >= 0xd800 && u <= 0xdbff) {
        const v = units[k + 1];
        if (k + 1 < end && v >= 0xdc00 && v <= 0xdfff) { fixed.push(u, v); k++; continue; }
        fixed.push(this.#invalid());
      } else if (u >= 0xdc00 && u <= 0xdfff) {
        fixed.push(this.#invalid());
      } else {
        fixed.push(u);
      }
      if (fixed.length > 8000) { out += String.fromCharCode.apply(null, fixed); fixed.length = 0; }
    }
    out += String.fromCharCode.apply(null, fixed);
    if (!stream && rest > 0) { out += String.fromCharCode(this.#invalid()); rest = 0; }
    return [out, rest];
  }
}
for (const key of ['encoding', 'fatal', 'ignoreBOM']) {
  Object.defineProperty(TextDecoder.prototype, key,
    { ...Object.getOwnPropertyDescriptor(TextDecoder.prototype, key), enumerable: true });
}

function latin1(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  }
  return out;
}

module.exports = { TextEncoder, TextDecoder };
