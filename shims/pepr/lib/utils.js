// Sloppy mode on purpose, as Pepr's own build (dist/lib.js has no "use strict"): on a hostile
// Secret whose `object` or `data` is not an object (true, a string), the helpers' assignments
// are silently dropped there and the request is answered; in strict mode they would throw (500).
// PeprUtils: Secret data helpers (base64 <-> text for ASCII values only).

const { Log } = require("./log");
const b64 = require("./base64");

/** Matches strings made only of whitespace and printable ASCII. */
const isAscii = /^[\s\x20-\x7E]*$/;

/** Encode every value of obj.data to base64, except the keys listed in `skip`. */
function convertToBase64Map(obj, skip) {
  obj.data = obj.data ?? {};
  for (const key in obj.data) {
    const value = obj.data[key];
    obj.data[key] = skip.includes(key) ? value : base64Encode(value);
  }
}

/** Decode obj.data values from base64 when the result is ASCII; returns the keys left encoded. */
function convertFromBase64Map(obj) {
  const skip = [];
  obj.data = obj.data ?? {};
  for (const key in obj.data) {
    if (obj.data[key] === undefined) {
      obj.data[key] = "";
    } else {
      const decoded = base64Decode(obj.data[key]);
      if (isAscii.test(decoded)) obj.data[key] = decoded;
      else skip.push(key);
    }
  }
  Log.debug(`Non-ascii data detected in keys: ${skip}, skipping automatic base64 decoding`);
  return skip;
}

function base64Decode(data) {
  return b64.base64Decode(data);
}

function base64Encode(data) {
  return b64.base64Encode(data);
}

module.exports = { isAscii, convertToBase64Map, convertFromBase64Map, base64Decode, base64Encode };
