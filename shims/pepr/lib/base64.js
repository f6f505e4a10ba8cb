"use strict";
// UTF-8 and base64 helpers that need no Buffer.
//
// Decoding follows what Node's Buffer does with "base64" input, because Pepr decodes Secret data
// with Buffer.from(s, "base64"): characters outside the alphabet are skipped, the URL-safe
// alphabet ("-", "_") is accepted too, the first "=" ends the input, trailing bits that do
// not make a whole byte are dropped, and a character past U+00FF counts by its low byte.
// UTF-8 decoding replaces malformed sequences with U+FFFD and encoding writes lone surrogates
// as U+FFFD, like Buffer's utf-8 codec.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
DECODE["-".charCodeAt(0)] = 62;
DECODE["_".charCodeAt(0)] = 63;

/** Encode a JS string as an array of UTF-8 bytes. */
function utf8Encode(str) {
  const s = String(str);
  const out = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        cp = 0xfffd;
      }
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      cp = 0xfffd;
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
  }
  return out;
}

/** Decode UTF-8 bytes (array-like of 0..255) into a JS string (WHATWG replacement rules). */
function utf8Decode(bytes) {
  let out = "";
  const n = bytes.length;
  let i = 0;
  const chunk = [];
  const flush = () => {
    out += String.fromCharCode.apply(null, chunk);
    chunk.length = 0;
  };
  while (i < n) {
    const b0 = bytes[i];
    let cp = 0xfffd;
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b0 < 0x80) {
      cp = b0;
      i++;
    } else {
      if (b0 >= 0xc2 && b0 <= 0xdf) {
        need = 1;
        cp = b0 & 0x1f;
      } else if (b0 >= 0xe0 && b0 <= 0xef) {
        need = 2;
        cp = b0 & 0x0f;
        if (b0 === 0xe0) lower = 0xa0;
        if (b0 === 0xed) upper = 0x9f;
      } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        need = 3;
        cp = b0 & 0x07;
        if (b0 === 0xf0) lower = 0x90;
        if (b0 === 0xf4) upper = 0x8f;
      } else {
        i++;
        chunk.push(0xfffd);
        if (chunk.length > 4096) flush();
        continue;
      }
      i++;
      let ok = true;
      for (let k = 0; k < need; k++) {
        const b = i < n ? bytes[i] : -1;
        if (b < lower || b > upper) {
          ok = false;
          break;
        }
        lower = 0x80;
        upper = 0xbf;
        cp = (cp << 6) | (b & 0x3f);
        i++;
      }
      if (!ok) cp = 0xfffd;
    }
    if (cp > 0xffff) {
      cp -= 0x10000;
      chunk.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      chunk.push(cp);
    }
    if (chunk.length > 4096) flush();
  }
  flush();
  return out;
}

/** Bytes -> standard base64 with padding. */
function bytesToBase64(bytes) {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out +=
      ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + ALPHABET[v & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = bytes[i] << 16;
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + "==";
  } else if (rest === 2) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[v >> 18] + ALPHABET[(v >> 12) & 63] + ALPHABET[(v >> 6) & 63] + "=";
  }
  return out;
}

/** Lenient base64 -> bytes, with Buffer's rules (see the header). */
function base64ToBytes(str) {
  const s = String(str);
  const out = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    // Node reads a two-byte string's code units by their low byte ("\u0141" counts as "A",
    // "\u013d" as "="; measured on Node 20), so hostile Secret data decodes as it does there.
    const c = s.charCodeAt(i) & 0xff;
    if (c === 61) break; // "="
    const v = c < 128 ? DECODE[c] : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
  }
  return out;
}

/** Encode a string (as UTF-8) to base64, like Buffer.from(s).toString("base64"). */
function base64Encode(data) {
  if (typeof data !== "string") {
    // Buffer.from() refuses these; keep the failure (Pepr turns it into an HTTP 500).
    throw new TypeError(
      'The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. Received ' +
        (data === null ? "null" : typeof data),
    );
  }
  return bytesToBase64(utf8Encode(data));
}

/** Decode base64 to a UTF-8 string, like Buffer.from(s, "base64").toString("utf-8"). */
function base64Decode(data) {
  if (typeof data !== "string") {
    throw new TypeError(
      'The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object. Received ' +
        (data === null ? "null" : typeof data),
    );
  }
  return utf8Decode(base64ToBytes(data));
}

module.exports = {
  utf8Encode,
  utf8Decode,
  bytesToBase64,
  base64ToBytes,
  base64Encode,
  base64Decode,
};
