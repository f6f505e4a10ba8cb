// zlib's stream classes (Deflate, Inflate, Gzip, Gunzip, DeflateRaw, InflateRaw, Unzip) as
// Transform streams of the stream shim, compressing with npm pako's streaming engine (zlib's
// algorithm: the same bytes as Node for the same options). Loaded on first use.
'use strict';
const { Transform, finished } = require('stream');

const Z_NO_FLUSH = 0;
const Z_SYNC_FLUSH = 2;
const Z_FULL_FLUSH = 3;
const Z_FINISH = 4;

const ENGINES = {
  Deflate: ['Deflate', {}], DeflateRaw: ['Deflate', { raw: true }], Gzip: ['Deflate', { gzip: true }],
  Inflate: ['Inflate', {}], InflateRaw: ['Inflate', { raw: true }],
  Gunzip: ['Inflate', { windowBits: 16 + 15 }], Unzip: ['Inflate', { windowBits: 32 + 15 }],
};

function makeClass(name, toBuffer, zlibError, toBytes, pako, checkOptions) {
  const [engineName, base] = ENGINES[name];
  const inflate = engineName === 'Inflate';
  // A function, not a class, as Node's: ES5-style subclasses call `DeflateRaw.call(this)`.
  function Zlib(options) {
    if (!(this instanceof Zlib)) return new Zlib(options);
    options = checkOptions(options === undefined || options === null ? {} : options) || {};
    Transform.call(this, { ...options, decodeStrings: true });
    const opts = { ...base };
    for (const k of ['level', 'memLevel', 'strategy', 'chunkSize']) if (options[k] !== undefined) opts[k] = options[k];
    if (options.windowBits !== undefined) {
      opts.windowBits = name === 'Gunzip' ? 16 + options.windowBits
        : name === 'Unzip' ? 32 + options.windowBits : options.windowBits;
    }
    if (options.dictionary !== undefined) opts.dictionary = toBytes(options.dictionary);
    this._engine = new (pako()[engineName])(opts);
    this._engine.onData = (chunk) => this.push(toBuffer(chunk));
    this._finishFlush = options.finishFlush ?? Z_FINISH;
    this.bytesWritten = 0;
    this._closed = false;
    // Node's fields: the settings in force and the handle (here the engine; null once closed).
    this._level = Number.isFinite(options.level) ? options.level : -1;
    this._strategy = Number.isFinite(options.strategy) ? options.strategy : 0;
    this._handle = this._engine;
  }
  Object.setPrototypeOf(Zlib.prototype, Transform.prototype);
  Object.setPrototypeOf(Zlib, Transform);
  const proto = Zlib.prototype;
  proto._destroy = function _destroy(err, callback) {
    this._closed = true;
    this._handle = null;
    callback(err);
  };
  proto._check = function _check() {
    const e = this._engine;
    if (e.err) return zlibError(e.msg || 'zlib error', e.err);
    return null;
  };
  proto._transform = function _transform(chunk, encoding, callback) {
    this.bytesWritten += chunk.length;
    this._engine.push(toBytes(chunk), Z_NO_FLUSH);
    callback(this._check());
  };
  proto._flush = function _flush(callback) {
    this._engine.push(new Uint8Array(0), this._finishFlush);
    let err = this._check();
    if (err === null && inflate && !this._engine.ended && this._finishFlush === Z_FINISH) {
      err = zlibError('unexpected end of file', -5);
    }
    callback(err);
  };
  proto.flush = function flush(kind = Z_FULL_FLUSH, callback = undefined) {
    if (typeof kind === 'function') { callback = kind; kind = Z_FULL_FLUSH; }
    this.write(new Uint8Array(0), () => {
      this._engine.push(new Uint8Array(0), kind === Z_SYNC_FLUSH ? Z_SYNC_FLUSH : Z_FULL_FLUSH);
      if (callback) process.nextTick(callback);
    });
  };
  proto.params = function params(level, strategy, callback) {
    const err = new Error('zlib params() is not supported by hostrt: pako cannot change them mid-stream');
    err.code = 'ERR_HOSTRT_UNSUPPORTED';
    if (typeof callback === 'function') process.nextTick(callback, err); else throw err;
  };
  proto.close = function close(callback) {
    if (callback) finished(this, callback);
    this.destroy();
  };
  proto.reset = function reset() { this._engine = new (pako()[engineName])({ ...base }); };
  Object.defineProperty(Zlib, 'name', { value: name });
  return Zlib;
}

module.exports = { makeClass, NAMES: Object.keys(ENGINES) };
