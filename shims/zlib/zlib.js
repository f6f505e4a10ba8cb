// Node's zlib one-shot APIs. Callback and promisified forms run in Python's zlib (the same C
// library Node links) through one host call; the *Sync forms cannot wait for the host, so they run
// in JS through npm pako (a port of zlib, byte-identical output). Streams and brotli are stubs.
'use strict';
const bridge = require('hostrt:bridge');
const { makeStub, revive } = require('hostrt:stubs/make');
const { invalidArgType } = require('hostrt:web/errors');

const data = bridge.config('node_data');
// As Node's: the constants cannot be reassigned, `codes` (both directions) is frozen.
const constants = {};
for (const [k, v] of Object.entries(revive(data['zlib.constants']))) {
  Object.defineProperty(constants, k, { value: v, writable: false, enumerable: true, configurable: false });
}
const codes = Object.freeze({ ...data['zlib.codes'] });
let pako = null;
function getPako() {
  if (pako === null) pako = require('hostrt:npm/pako');
  return pako;
}

// Results are Buffers when the buffer shim is present (Node always returns Buffers).
let BufferCtor;
function toResult(u8) {
  if (BufferCtor === undefined) {
    try { BufferCtor = require('buffer').Buffer; } catch { BufferCtor = null; }
  }
  return BufferCtor ? BufferCtor.from(u8.buffer, u8.byteOffset, u8.byteLength) : u8;
}

function toBytes(buffer) {
  if (typeof buffer === 'string') return new TextEncoder().encode(buffer);
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  throw invalidArgType('buffer', 'of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer', buffer);
}

// --- Node's option checks (the same for one-shot calls and streams) ----------------------------
const { coded } = require('hostrt:web/errors');
function optionType(name, value) {
  const e = invalidArgType(name, 'of type number', value);
  e.message = e.message.replace('argument', 'property');  // Node: "options.x" is a property
  return e;
}
function rangeError(name, range, value) {
  return coded(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${value}`);
}
// true: a finite number to use; false: absent (undefined or NaN), take the default.
function finiteNumber(value, name) {
  if (value === undefined) return false;
  if (Number.isFinite(value)) return true;
  if (Number.isNaN(value)) return false;
  if (typeof value !== 'number') throw optionType(name, value);
  throw rangeError(name, 'a finite number', value);
}
function inRange(value, name, lower, upper) {
  if (!finiteNumber(value, name)) return;
  if (value < lower || value > upper) throw rangeError(name, `>= ${lower} and <= ${upper}`, value);
}
const INFLATING = new Set(['inflate', 'gunzip', 'unzip']);
/** Node's checks of a zlib options object for `mode` (deflate, gunzip, ...), in Node's order. */
function checkOptions(opts, mode) {
  if (!opts) return;
  if (!((opts.windowBits === undefined || opts.windowBits === null || opts.windowBits === 0) &&
        INFLATING.has(mode))) {
    inRange(opts.windowBits, 'options.windowBits', mode === 'gzip' ? 9 : 8, 15);
  }
  inRange(opts.level, 'options.level', -1, 9);
  inRange(opts.memLevel, 'options.memLevel', 1, 9);
  inRange(opts.strategy, 'options.strategy', 0, 4);
  checkDictionary(opts);
  if (finiteNumber(opts.chunkSize, 'options.chunkSize') && opts.chunkSize < 64) {
    throw rangeError('options.chunkSize', '>= 64', opts.chunkSize);
  }
  inRange(opts.flush, 'options.flush', 0, 5);
  inRange(opts.finishFlush, 'options.finishFlush', 0, 5);
  inRange(opts.maxOutputLength, 'options.maxOutputLength', 1, 2 ** 32);
}
// pako takes a zero windowBits as "absent" only when it is; Node's 0 means "from the header".
function engineOptions(opts, mode) {
  const o = { ...(opts || {}) };
  // As Node: raw deflate with an 8-bit window is run with 9 (zlib cannot do 8 there).
  if (mode === 'deflateRaw' && o.windowBits === 8) o.windowBits = 9;
  if (o.windowBits === 0 || o.windowBits === null || Number.isNaN(o.windowBits)) delete o.windowBits;
  for (const k of ['level', 'memLevel', 'strategy', 'chunkSize']) if (Number.isNaN(o[k])) delete o[k];
  return o;
}

function checkDictionary(opts) {
  const d = opts && opts.dictionary;
  if (d !== undefined && !(d instanceof ArrayBuffer) && !ArrayBuffer.isView(d)) {
    const e = invalidArgType('options.dictionary',
      'an instance of Buffer, TypedArray, DataView, or ArrayBuffer', d);
    // Node says "property" for option fields.
    e.message = e.message.replace('argument', 'property');
    throw e;
  }
}

function zlibError(message, errno) {
  const err = new Error(message);
  err.errno = errno;
  err.code = codes[String(errno)] || 'Z_DATA_ERROR';
  return err;
}

function toBase64(u8) {
  let s = '';
  for (let i = 0; i < u8.length; i += 8192) s += String.fromCharCode.apply(null, u8.subarray(i, i + 8192));
  return btoa(s);
}
function fromBase64(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function hostOptions(opts) {
  const o = {};
  for (const k of ['level', 'windowBits', 'memLevel', 'strategy']) if (opts[k] !== undefined) o[k] = opts[k];
  if (opts.dictionary !== undefined) o.dictionary = toBase64(toBytes(opts.dictionary));
  return o;
}

// --- sync: pako -------------------------------------------------------------------------------
const PAKO = {
  deflate: (p, b, o) => p.deflate(b, o),
  gzip: (p, b, o) => p.gzip(b, o),
  deflateRaw: (p, b, o) => p.deflateRaw(b, o),
  inflate: (p, b, o) => p.inflate(b, o),
  gunzip: (p, b, o) => p.inflate(b, { ...o, windowBits: 16 + (o.windowBits || 15) }),
  inflateRaw: (p, b, o) => p.inflateRaw(b, o),
  unzip: (p, b, o) => p.inflate(b, { ...o, windowBits: 32 + (o.windowBits || 15) }),
};
const MESSAGES = { 'incorrect header check': -3, 'invalid stored block lengths': -3,
  'unexpected end of file': -5 };

function runSync(op, buffer, opts) {
  const bytes = toBytes(buffer);
  checkOptions(opts, op);
  const o = engineOptions(opts, op);
  if (o.dictionary !== undefined) o.dictionary = toBytes(o.dictionary);
  let out;
  try {
    out = PAKO[op](getPako(), bytes, o);
  } catch (e) {
    const msg = typeof e === 'string' ? e : e.message;
    throw zlibError(msg, MESSAGES[msg] ?? -3);
  }
  if (out === undefined) throw zlibError('unexpected end of file', -5);
  return toResult(out);
}

// --- async: Python ----------------------------------------------------------------------------
function runAsync(op, buffer, opts, callback) {
  if (typeof opts === 'function') { callback = opts; opts = {}; }
  if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  const bytes = toBytes(buffer);
  checkOptions(opts, op);
  const payload = [toBase64(bytes), hostOptions(engineOptions(opts, op))];
  // The callback runs as its own tick (as Node's stream events do), outside the promise chain,
  // so an error it throws is an uncaught exception, not a swallowed rejection.
  bridge.call('zlib.run', op, ...payload).then(
    (b64) => process.nextTick(callback, null, toResult(fromBase64(b64))),
    (e) => {
      const errno = Object.entries(codes).find(([, c]) => c === e.code);
      process.nextTick(callback, zlibError(e.message, errno ? Number(errno[0]) : -3));
    });
}

const BROTLI = 'brotli is not provided by the embedding';

// Stream classes are built on first use (they need the stream shim).
const streamClasses = new Map();
function streamClass(name) {
  let C = streamClasses.get(name);
  if (C === undefined) {
    C = require('hostrt:zlib/streams').makeClass(name, toResult, zlibError, toBytes, getPako,
      (opts) => {
        const mode = name[0].toLowerCase() + name.slice(1);
        checkOptions(opts, mode);
        return engineOptions(opts, mode);
      });
    streamClasses.set(name, C);
  }
  return C;
}

const out = {};
for (const op of ['deflate', 'inflate', 'gzip', 'gunzip', 'deflateRaw', 'inflateRaw', 'unzip']) {
  out[op] = { [op](buffer, opts, callback) { return runAsync(op, buffer, opts, callback); } }[op];
  out[`${op}Sync`] = { [`${op}Sync`](buffer, opts) { return runSync(op, buffer, opts); } }[`${op}Sync`];
  const cls = op[0].toUpperCase() + op.slice(1);
  // The stream class itself, built (with the stream shim) when first read: `zlib.Gzip.prototype`
  // and ES5-style subclassing (`Gzip.call(this)`) then work as in Node.
  Object.defineProperty(out, cls, {
    get() { return streamClass(cls); },
    set(value) { Object.defineProperty(out, cls, { value, writable: true, enumerable: true, configurable: true }); },
    enumerable: true, configurable: true,
  });
  out[`create${cls}`] = { [`create${cls}`](options) { return new (streamClass(cls))(options); } }[`create${cls}`];
}
for (const name of ['BrotliCompress', 'BrotliDecompress', 'brotliCompress', 'brotliCompressSync',
  'brotliDecompress', 'brotliDecompressSync', 'createBrotliCompress', 'createBrotliDecompress']) {
  out[name] = makeStub(`zlib.${name}`, BROTLI);
}

const CRC_TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c;
}
out.crc32 = function crc32(input, value = 0) {
  const bytes = toBytes(input);
  let c = ~value;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
};
Object.defineProperties(out, {
  constants: { value: constants, enumerable: true, writable: false, configurable: false },
  codes: { value: codes, enumerable: true, writable: false, configurable: false },
});
// Node also exposes every constant at the top level, non-enumerable.
for (const [k, v] of Object.entries(constants)) {
  if (!(k in out)) Object.defineProperty(out, k, { value: v, enumerable: false, writable: false, configurable: false });
}

module.exports = out;
