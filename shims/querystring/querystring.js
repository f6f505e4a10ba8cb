'use strict';
// node:querystring, written after Node 20's documentation: null-prototype parse results,
// repeated keys as arrays, '+' as space, maxKeys, malformed %-sequences kept as they are,
// stringify of string/number/bigint/boolean values.
const { codeError } = require('hostrt:errors');

// Node decodes %XX escapes to bytes and keeps every other UTF-16 code unit as its low byte (so a
// raw non-ASCII character in a string that needs this slow path turns into U+FFFD later).
function unescapeBuffer(s, decodeSpaces) {
  const text = String(s);
  const out = Buffer.alloc(text.length);
  const hex = (c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 43 /* + */ && decodeSpaces) {
      out[n++] = 32;
    } else if (c === 37 /* % */ && i + 2 < text.length && hex(text.charCodeAt(i + 1)) >= 0 &&
               hex(text.charCodeAt(i + 2)) >= 0) {
      out[n++] = hex(text.charCodeAt(i + 1)) * 16 + hex(text.charCodeAt(i + 2));
      i += 2;
    } else {
      out[n++] = c & 0xff;
    }
  }
  return out.subarray(0, n);
}

function qsUnescape(s, decodeSpaces) {
  try {
    return decodeURIComponent(s);
  } catch {
    return unescapeBuffer(s, decodeSpaces).toString();  // malformed: decode byte by byte
  }
}

function qsEscape(str) {
  if (typeof str !== 'string') {
    if (typeof str === 'object') str = String(str);
    else str += '';
  }
  return encodeUtf8Escaped(str);
}

// Node's escaping: encodeURIComponent's unreserved set kept, everything else %XX of its UTF-8,
// with Node's surrogate rule: a surrogate (high or low) takes the next code unit's low 10 bits as
// its pair whatever that unit is, and throws only at the end of the string.
const HEX = '0123456789ABCDEF';
const pct = (b) => `%${HEX[b >> 4]}${HEX[b & 15]}`;
function encodeUtf8Escaped(str) {
  let out = '';
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      out += /[A-Za-z0-9\-_.!~*'()]/.test(str[i]) ? str[i] : pct(c);
    } else if (c < 0x800) {
      out += pct(0xc0 | (c >> 6)) + pct(0x80 | (c & 0x3f));
    } else if (c < 0xd800 || c >= 0xe000) {
      out += pct(0xe0 | (c >> 12)) + pct(0x80 | ((c >> 6) & 0x3f)) + pct(0x80 | (c & 0x3f));
    } else {
      i++;
      if (i >= str.length) throw codeError(URIError, 'ERR_INVALID_URI', 'URI malformed');
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
      out += pct(0xf0 | (c >> 18)) + pct(0x80 | ((c >> 12) & 0x3f)) + pct(0x80 | ((c >> 6) & 0x3f)) +
        pct(0x80 | (c & 0x3f));
    }
  }
  return out;
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
  const custom = decode !== qsUnescape;
  // With the default decoder only text holding a %XX escape is decoded; '+' is always a space.
  const decodeStr = (s) => {
    const plus = s.replace(/\+/g, ' ');
    if (!custom && !/%[0-9a-fA-F]{2}/.test(plus)) return plus;
    try {
      return decode(plus);
    } catch {
      return qsUnescape(plus, true);
    }
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
