'use strict';
// zlib's callback forms round-trip through the host, report errors with zlib codes, and agree
// with the synchronous forms byte for byte.
const common = require('../common');
const zlib = require('zlib');

function eq(a, b, what) { if (a !== b) throw new Error(`${what}: ${a} !== ${b}`); }
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const text = 'The quick brown fox jumps over the lazy dog. '.repeat(20);

zlib.deflate(text, common.mustSucceed((compressed) => {
  eq(hex(compressed), hex(zlib.deflateSync(text)), 'sync and async agree');
  zlib.inflate(compressed, common.mustSucceed((plain) => {
    eq(String.fromCharCode(...plain), text, 'round trip');
  }));
}));

zlib.gzip(text, { level: 1 }, common.mustSucceed((gz) => {
  eq(gz[0], 0x1f, 'gzip magic');
  zlib.unzip(gz, common.mustSucceed((plain) => eq(plain.length, text.length, 'unzip length')));
}));

zlib.inflateRaw(new Uint8Array([1, 2, 3]), common.mustCall((err, res) => {
  eq(res, undefined, 'no result');
  eq(err.code, 'Z_BUF_ERROR', 'code');
  eq(err.errno, -5, 'errno');
  eq(err.message, 'unexpected end of file', 'message');
}));
zlib.inflate(new Uint8Array([255, 255]), common.mustCall((err) => {
  eq(err.code, 'Z_DATA_ERROR', 'code');
  eq(err.message, 'incorrect header check', 'message');
}));

const promisified = (fn) => (buf) => new Promise((resolve, reject) =>
  fn(buf, (err, r) => (err ? reject(err) : resolve(r))));
promisified(zlib.deflateRaw)(text).then(promisified(zlib.inflateRaw)).then(common.mustCall((r) => {
  eq(r.length, text.length, 'promisified round trip');
}));
