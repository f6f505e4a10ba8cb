'use strict';
// node:querystring, written after Node 20's documentation: null-prototype parse results,
// repeated keys as arrays, '+' as space, maxKeys, malformed %-sequences kept as they are,
// stringify of string/number/bigint/boolean values.
const { codeError } = require('hostrt:errors');

function unescapeBuffer(s, decodeSpaces) {
  const text = String(s);
  const bytes = [];
  const hex = (c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);
  const utf8 = new TextEncoderLite();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 43 /* + */ && decodeSpaces) { bytes.push(32); continue; }
    if (c === 37 /* % */ && i + 2 < text.length + 0 && hex(text.charCodeAt(i + 1)) >= 0 && hex(text.charCodeAt(i + 2)) >= 0) {
      bytes.push(hex(text.charCodeAt(i + 1)) * 16 + hex(text.charCodeAt(i + 2)));
      i += 2;
      continue;
    }
    const cp = text.codePointAt(i);
    if (cp > 0xffff) i++;
    utf8.push(bytes, cp);
  }
  return Buffer.from(bytes);
}
// UTF-8 encoding of one code point into a byte array (lone surrogates become U+FFFD).
function TextEncoderLite() {}
TextEncoderLite.prototype.push = function push(out, cp) {
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
};

function qsUnescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch {
    return unescapeBuffer(s, decodeSpaces).toString();
  }
}

function qsEscape(str) {
  if (typeof str !== 'string') {
    if (typeof str === 'object') str = String(str);
    else str += '';
  }
  try {
    return encodeURIComponent(str);
  } catch {
    throw codeError(URIError, 'ERR_INVALID_URI', 'URI malformed');
  }
}

function stringifyPrimitive(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return `${v}`;
  if (typeof v === 'bigint') return `${v}`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}

function stringify(obj, sep, eq, options) {
  sep = sep || '&';
  eq = eq || '=';
  let encode = qsEscape;
  if (options && typeof options.encodeURIComponent === 'function') encode = options.encodeURIComponent;
  const convert = (v) => encode(stringifyPrimitive(v));
  if (obj !== null && typeof obj === 'object') {
    const fields = [];
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      const ks = convert(k) + eq;
      if (Array.isArray(v)) {
        for (const item of v) fields.push(ks + convert(item));
      } else {
        fields.push(ks + convert(v));
      }
    }
    return fields.join(sep);
  }
  return '';
}

function parse(qs, sep, eq, options) {
  const obj = Object.create(null);
  if (typeof qs !== 'string' || qs.length === 0) return obj;
  sep = sep ? String(sep) : '&';
  eq = eq ? String(eq) : '=';
  let maxKeys = 1000;
  if (options && typeof options.maxKeys === 'number') maxKeys = options.maxKeys;
  const pairLimit = maxKeys > 0 ? maxKeys : Infinity;
  let decode = qsUnescape;
  if (options && typeof options.decodeURIComponent === 'function') decode = options.decodeURIComponent;
  const decodeStr = (s) => {
    const plus = s.replace(/\+/g, ' ');
    return decode(plus);
  };
  let pieces = 0;
  for (const piece of qs.split(sep)) {
    if (pieces++ >= pairLimit) break;  // Node counts pieces, empty ones included
    if (piece.length === 0) continue;
    const idx = piece.indexOf(eq);
    const rawKey = idx >= 0 ? piece.slice(0, idx) : piece;
    const rawValue = idx >= 0 ? piece.slice(idx + eq.length) : '';
    const key = decodeStr(rawKey);
    const value = decodeStr(rawValue);
    if (Object.prototype.hasOwnProperty.call(obj, key)) {
      const cur = obj[key];
      if (Array.isArray(cur)) cur.push(value);
      else obj[key] = [cur, value];
    } else {
      obj[key] = value;
    }
  }
  return obj;
}

module.exports = {
  unescapeBuffer,
  unescape: qsUnescape,
  escape: qsEscape,
  stringify,
  encode: stringify,
  parse,
  decode: parse,
};
