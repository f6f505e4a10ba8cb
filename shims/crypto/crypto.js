// node:crypto. Hashing and HMAC are synchronous in Node, and JS cannot reach Python synchronously,
// so they run in the isolate on the audited @noble/hashes package (bundled at set-up). Randomness
// comes from the OS via Python: synchronous forms from the isolate's entropy pool (random.js),
// callback forms straight from os.urandom. Whatever needs OpenSSL proper (ciphers, key pairs,
// certificates, Diffie-Hellman) is a stub that names itself when used (see shim.toml).
'use strict';
const bridge = require('hostrt:bridge');
// The hash families load on first use: compiling all of them costs tens of ms at start-up.
const lazy = (request) => {
  let mod;
  return () => (mod === undefined ? (mod = require(request)) : mod);
};
const sha2 = lazy('hostrt:noble/sha2');
const sha3 = lazy('hostrt:noble/sha3');
const legacy = lazy('hostrt:noble/legacy');
const blake2 = lazy('hostrt:noble/blake2');
const hmacMod = lazy('hostrt:noble/hmac');
const pbkdf2Mod = lazy('hostrt:noble/pbkdf2');
const hkdfMod = lazy('hostrt:noble/hkdf');
const { fillRandom, osRandom } = require('./random.js');
const web = require('./webcrypto.js');
const {
  toBuffer, codeError, invalidArgType, outOfRange, unsupported, normalizeEncoding, fromString,
  encodeOutput, viewBytes, bufferSourceBytes, base64Encode, base64Decode,
} = require('./bytes.js');

// --- hash algorithms (OpenSSL names and aliases, case-insensitive) ------------------------------
// OpenSSL's md5-sha1: the MD5 and SHA-1 digests concatenated (old TLS). Shaped like a noble hash
// (a function with create/outputLen/blockLen) so noble's HMAC accepts it too.
function md5sha1Instance(ps) {
  return {
    outputLen: 36,
    blockLen: 64,
    update(d) { ps[0].update(d); ps[1].update(d); return this; },
    digestInto(out) {
      out.set(ps[0].digest(), 0);
      out.set(ps[1].digest(), 16);
    },
    digest() {
      const out = new Uint8Array(36);
      this.digestInto(out);
      return out;
    },
    clone() { return md5sha1Instance([ps[0].clone(), ps[1].clone()]); },
    _cloneInto() { return this.clone(); },
    destroy() { ps[0].destroy(); ps[1].destroy(); },
  };
}
function md5sha1(msg) { return md5sha1.create().update(msg).digest(); }
md5sha1.create = () => md5sha1Instance([legacy().md5.create(), legacy().sha1.create()]);
md5sha1.outputLen = 36;
md5sha1.blockLen = 64;

// lower-case OpenSSL name or alias -> [family loader, export name]
const HASHES = new Map();
function alias(family, exportName, ...names) {
  for (const n of names) HASHES.set(n, [family, exportName]);
}
alias(legacy, 'md5', 'md5', 'rsa-md5', 'md5withrsaencryption', 'ssl3-md5');
alias(legacy, 'sha1', 'sha1', 'sha-1', 'rsa-sha1', 'rsa-sha1-2', 'sha1withrsaencryption', 'ssl3-sha1');
alias(legacy, 'ripemd160', 'ripemd160', 'ripemd', 'rmd160', 'ripemd-160', 'rsa-ripemd160',
  'ripemd160withrsa');
alias(() => ({ md5sha1 }), 'md5sha1', 'md5-sha1');
for (const bits of [224, 256, 384, 512]) {
  alias(sha2, `sha${bits}`, `sha${bits}`, `sha-${bits}`, `sha2-${bits}`, `rsa-sha${bits}`,
    `sha${bits}withrsaencryption`);
}
for (const bits of [224, 256]) {
  alias(sha2, `sha512_${bits}`, `sha512-${bits}`, `sha-512/${bits}`, `sha2-512/${bits}`,
    `rsa-sha512/${bits}`, `sha512-${bits}withrsaencryption`);
}
for (const bits of [224, 256, 384, 512]) {
  alias(sha3, `sha3_${bits}`, `sha3-${bits}`, `rsa-sha3-${bits}`, `id-rsassa-pkcs1-v1_5-with-sha3-${bits}`);
}
alias(blake2, 'blake2b', 'blake2b512', 'blake2b-512');
alias(blake2, 'blake2s', 'blake2s256', 'blake2s-256');
alias(sha3, 'shake128', 'shake128', 'shake-128');
alias(sha3, 'shake256', 'shake256', 'shake-256');
const isXof = (fn) => fn.canXOF === true && fn !== md5sha1;
// Names real Node knows that hostrt does not implement (no audited JS package has them).
const UNIMPLEMENTED = new Set(['sm3', 'rsa-sm3', 'sm3withrsaencryption']);
// Names OpenSSL 3 only has in its legacy provider, which Node 20 does not load.
const LEGACY_PROVIDER = new Set(['md4', 'md4withrsaencryption', 'rsa-md4', 'whirlpool', 'mdc2',
  'rsa-mdc2', 'mdc2withrsa']);

const HASH_NAMES = ['RSA-MD5', 'RSA-RIPEMD160', 'RSA-SHA1', 'RSA-SHA1-2', 'RSA-SHA224', 'RSA-SHA256',
  'RSA-SHA3-224', 'RSA-SHA3-256', 'RSA-SHA3-384', 'RSA-SHA3-512', 'RSA-SHA384', 'RSA-SHA512',
  'RSA-SHA512/224', 'RSA-SHA512/256', 'blake2b512', 'blake2s256',
  'id-rsassa-pkcs1-v1_5-with-sha3-224', 'id-rsassa-pkcs1-v1_5-with-sha3-256',
  'id-rsassa-pkcs1-v1_5-with-sha3-384', 'id-rsassa-pkcs1-v1_5-with-sha3-512', 'md5', 'md5-sha1',
  'md5WithRSAEncryption', 'ripemd', 'ripemd160', 'ripemd160WithRSA', 'rmd160', 'sha1',
  'sha1WithRSAEncryption', 'sha224', 'sha224WithRSAEncryption', 'sha256', 'sha256WithRSAEncryption',
  'sha3-224', 'sha3-256', 'sha3-384', 'sha3-512', 'sha384', 'sha384WithRSAEncryption', 'sha512',
  'sha512-224', 'sha512-224WithRSAEncryption', 'sha512-256', 'sha512-256WithRSAEncryption',
  'sha512WithRSAEncryption', 'shake128', 'shake256', 'ssl3-md5', 'ssl3-sha1'];

function lookupHash(name) {
  const entry = HASHES.get(name.toLowerCase());
  return entry === undefined ? undefined : entry[0]()[entry[1]];
}
function hashNotFound(name) {
  const key = name.toLowerCase();
  if (UNIMPLEMENTED.has(key)) return unsupported(`crypto hash algorithm '${name}'`);
  if (LEGACY_PROVIDER.has(key)) {
    const err = new Error('error:0308010C:digital envelope routines::unsupported');
    err.library = 'digital envelope routines';
    err.reason = 'unsupported';
    err.code = 'ERR_OSSL_EVP_UNSUPPORTED';
    return err;
  }
  return new Error('Digest method not supported');
}

function dataBytes(data, encoding, argName) {
  if (typeof data === 'string') {
    // Node's hash/hmac update (unlike Buffer.from) refuses half a hex byte.
    if (data.length % 2 === 1 && normalizeEncoding(encoding) === 'hex') {
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
        `The argument 'encoding' is invalid for data of length ${data.length}. Received 'hex'`);
    }
    return fromString(data, encoding);
  }
  const bytes = viewBytes(data);
  if (bytes === undefined) {
    throw invalidArgType(argName, 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  }
  return bytes;
}
function finalized() { return codeError(Error, 'ERR_CRYPTO_HASH_FINALIZED', 'Digest already called'); }

// --- Hash ---------------------------------------------------------------------------------------
const kState = Symbol('hostrt.hashState');
function Hash(algorithm, options) {
  if (!(this instanceof Hash)) return new Hash(algorithm, options);
  linkStream();
  if (algorithm instanceof Hash && options && options[kState]) {
    // copy(): clone the running state of another hash.
    this[kState] = options[kState];
    this._options = algorithm._options;
    return;
  }
  if (typeof algorithm !== 'string') throw invalidArgType('algorithm', 'of type string', algorithm);
  const fn = lookupHash(algorithm);
  if (fn === undefined) throw hashNotFound(algorithm);
  let outputLength;
  if (options !== undefined && options !== null && options.outputLength !== undefined) {
    outputLength = options.outputLength;
    if (typeof outputLength !== 'number') {
      throw invalidArgType('options.outputLength', 'of type number', outputLength);
    }
    if (!Number.isInteger(outputLength) || outputLength < 0 || outputLength > 2 ** 32 - 1) {
      throw outOfRange('options.outputLength', 'an integer >= 0 && <= 4294967295', outputLength);
    }
  }
  if (outputLength !== undefined && !isXof(fn) && outputLength !== fn.outputLen) {
    const err = new Error('error:030000B2:digital envelope routines::not XOF or invalid length');
    err.code = 'ERR_OSSL_EVP_NOT_XOF_OR_INVALID_LENGTH';
    throw err;
  }
  this._options = options;
  const empty = outputLength === 0;
  this[kState] = {
    h: isXof(fn) && outputLength !== undefined && !empty ? fn.create({ dkLen: outputLength }) : fn.create(),
    done: false,
    empty,
  };
}
Hash.prototype.update = function update(data, encoding) {
  const st = this[kState];
  if (st.done) throw finalized();
  const bytes = dataBytes(data, encoding, 'data');
  if (st.streamDigest === undefined) st.h.update(bytes);
  return this;
};
Hash.prototype.digest = function digest(outputEncoding) {
  const st = this[kState];
  if (st.done) throw finalized();
  st.done = true;
  const bytes = st.streamDigest ?? (st.empty ? new Uint8Array(0) : st.h.digest());
  return encodeOutput(bytes, outputEncoding);
};
Hash.prototype.copy = function copy(options) {
  const st = this[kState];
  if (st.done) throw finalized();
  return new Hash(this, { [kState]: { h: st.h.clone(), done: false, empty: st.empty } });
};

function createHash(algorithm, options) { return new Hash(algorithm, options); }

// Hash and Hmac are Transform streams, as in Node, set up lazily: the stream module is linked
// in on the first construction and a stream's state is built on first use, so plain
// update()/digest() never pay for it. Written strings reach _transform with their encoding.
function LazyTransform() {}
let streamLinked = false;
function linkStream() {
  if (streamLinked) return;
  streamLinked = true;
  Object.setPrototypeOf(LazyTransform.prototype, require('stream').Transform.prototype);
}
for (const name of ['_readableState', '_writableState']) {
  Object.defineProperty(LazyTransform.prototype, name, {
    get() {
      require('stream').Transform.call(this, this._options);
      this._writableState.decodeStrings = false;
      return Object.prototype.hasOwnProperty.call(this, name) ? this[name] : undefined;
    },
    set(value) {
      Object.defineProperty(this, name, { value, enumerable: true, configurable: true, writable: true });
    },
    enumerable: true, configurable: true,
  });
}
function streamMethods(Ctor, digestBytes) {
  Object.setPrototypeOf(Ctor.prototype, LazyTransform.prototype);
  Object.setPrototypeOf(Ctor, LazyTransform);
  Ctor.prototype._transform = function _transform(chunk, encoding, callback) {
    this[kState].h.update(dataBytes(chunk, encoding, 'data'));
    callback();
  };
  Ctor.prototype._flush = function _flush(callback) {
    this.push(Buffer.from(digestBytes(this[kState])));
    callback();
  };
}

// --- Hmac ---------------------------------------------------------------------------------------
function keyBytes(key, options) {
  if (typeof key === 'string') return fromString(key, options && options.encoding);
  if (key instanceof web.CryptoKey && web.keyData.has(key)) return web.keyData.get(key);
  const bytes = bufferSourceBytes(key);
  if (bytes === undefined) {
    throw invalidArgType('key', 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, ' +
      'DataView, KeyObject, or CryptoKey', key);
  }
  return bytes;
}
function Hmac(hmacName, key, options) {
  if (!(this instanceof Hmac)) return new Hmac(hmacName, key, options);
  linkStream();
  if (typeof hmacName !== 'string') throw invalidArgType('hmac', 'of type string', hmacName);
  const fn = lookupHash(hmacName);
  if (fn === undefined) {
    throw codeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${hmacName}`);
  }
  // OpenSSL refuses an XOF in HMAC with an error that carries no reason.
  if (isXof(fn)) throw new Error('error:00000000:lib(0)::reason(0)');
  const bytes = keyBytes(key, options);
  this._options = options;
  this[kState] = { h: hmacMod().hmac.create(fn, bytes.slice()), done: false, outputLen: fn.outputLen };
}
Hmac.prototype.update = function update(data, encoding) {
  const st = this[kState];
  if (st.flushed) throw codeError(Error, 'ERR_CRYPTO_HASH_UPDATE_FAILED', 'Hash update failed');
  if (st.done) throw finalized();
  st.h.update(dataBytes(data, encoding, 'data'));
  return this;
};
Hmac.prototype.digest = function digest(outputEncoding) {
  const st = this[kState];
  // Node answers a second digest() with an empty result instead of throwing.
  if (st.done) return encodeOutput(new Uint8Array(0), outputEncoding);
  st.done = true;
  return encodeOutput(st.h.digest(), outputEncoding);
};
function createHmac(hmacName, key, options) { return new Hmac(hmacName, key, options); }
// As in Node: a Hash whose stream ended keeps answering digest() with that digest (later updates
// are ignored); an Hmac's update after the end fails.
streamMethods(Hash, (st) => {
  if (st.done) throw finalized();
  st.streamDigest = st.empty ? new Uint8Array(0) : st.h.digest();
  return st.streamDigest;
});
streamMethods(Hmac, (st) => {
  if (st.done) return new Uint8Array(0);
  st.done = true;
  st.flushed = true;
  return st.h.digest();
});

// --- one-shot hash() --------------------------------------------------------------------------
function hash(algorithm, input, outputEncoding = 'hex') {
  if (typeof algorithm !== 'string') throw invalidArgType('algorithm', 'of type string', algorithm);
  if (typeof input !== 'string' && viewBytes(input) === undefined) {
    throw invalidArgType('input', 'of type string or an instance of Buffer, TypedArray, or DataView', input);
  }
  if (outputEncoding !== 'buffer' && normalizeEncoding(outputEncoding) === undefined) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'outputEncoding' is invalid. Received ${typeof outputEncoding === 'string' ? `'${outputEncoding}'` : String(outputEncoding)}`);
  }
  const fn = lookupHash(algorithm);
  if (fn === undefined) {
    const err = hashNotFound(algorithm);
    if (err.message === 'Digest method not supported') err.message = `Digest method ${algorithm} is not supported`;
    throw err;
  }
  const h = fn.create();
  h.update(typeof input === 'string' ? fromString(input, 'utf8') : viewBytes(input));
  return encodeOutput(h.digest(), outputEncoding);
}

function getHashes() {
  return HASH_NAMES.slice();
}

// --- randomness -------------------------------------------------------------------------------
const MAX_SIZE = 2 ** 31 - 1;
function validateCallback(cb) {
  if (typeof cb !== 'function') throw invalidArgType('callback', 'of type function', cb);
}
function validateSize(size) {
  if (typeof size !== 'number') throw invalidArgType('size', 'of type number', size);
  if (!(size >= 0 && size <= MAX_SIZE)) throw outOfRange('size', `>= 0 && <= ${MAX_SIZE}`, size);
}
function later(cb, args) { bridge.runCallback(cb, undefined, args); }

function randomBytes(size, callback) {
  validateSize(size);
  if (callback !== undefined) validateCallback(callback);
  const n = Math.floor(size);
  if (callback === undefined) return toBuffer(fillRandom(new Uint8Array(n)));
  osRandom(n).then((bytes) => later(callback, [null, toBuffer(bytes)]),
    (err) => later(callback, [err]));
  return undefined;
}

function checkFillTarget(buf) {
  if (!(buf instanceof ArrayBuffer) && !ArrayBuffer.isView(buf)) {
    throw invalidArgType('buf', 'an instance of ArrayBuffer or ArrayBufferView', buf);
  }
}
function fillRange(buf, offset, size) {
  const elementSize = buf.BYTES_PER_ELEMENT || 1;
  const length = buf.byteLength;
  if (typeof offset !== 'number') throw invalidArgType('offset', 'of type number', offset);
  offset *= elementSize;
  if (Number.isNaN(offset) || offset > length || offset < 0) {
    throw outOfRange('offset', `>= 0 && <= ${length}`, offset);
  }
  if (size === undefined) {
    size = length - offset;
  } else {
    if (typeof size !== 'number') throw invalidArgType('size', 'of type number', size);
    size *= elementSize;
    if (Number.isNaN(size) || size > 2 ** 32 - 1 || size < 0) {
      throw outOfRange('size', `>= 0 && <= ${2 ** 32 - 1}`, size);
    }
    if (size + offset > length) throw outOfRange('size + offset', `<= ${length}`, size + offset);
  }
  const base = buf instanceof ArrayBuffer ? 0 : buf.byteOffset;
  const ab = buf instanceof ArrayBuffer ? buf : buf.buffer;
  return new Uint8Array(ab, base + offset, size);
}
function randomFillSync(buf, offset = 0, size) {
  checkFillTarget(buf);
  fillRandom(fillRange(buf, offset, size));
  return buf;
}
function randomFill(buf, offset, size, callback) {
  checkFillTarget(buf);
  if (typeof offset === 'function') { callback = offset; offset = 0; size = undefined; }
  else if (typeof size === 'function') { callback = size; size = undefined; }
  validateCallback(callback);
  const target = fillRange(buf, offset, size);
  osRandom(target.length).then((bytes) => {
    target.set(bytes);
    later(callback, [null, buf]);
  }, (err) => later(callback, [err]));
}

const RAND_MAX = 0xffff_ffff_ffff;
const randomCache = new Uint8Array(6 * 1024);
let randomCacheOffset = randomCache.length;
function randomInt(min, max, callback) {
  const minNotSpecified = typeof max === 'undefined' || typeof max === 'function';
  if (minNotSpecified) { callback = max; max = min; min = 0; }
  const isSync = typeof callback === 'undefined';
  if (!isSync) validateCallback(callback);
  if (!Number.isSafeInteger(min)) throw invalidArgType('min', 'a safe integer', min);
  if (!Number.isSafeInteger(max)) throw invalidArgType('max', 'a safe integer', max);
  if (max <= min) throw outOfRange('max', `greater than the value of "min" (${min})`, max);
  const range = max - min;
  if (!(range <= RAND_MAX)) {
    throw outOfRange(`max${minNotSpecified ? '' : ' - min'}`, `<= ${RAND_MAX}`, range);
  }
  // Rejection sampling over 48-bit draws keeps the result uniform.
  const randLimit = RAND_MAX - (RAND_MAX % range);
  for (;;) {
    if (randomCacheOffset === randomCache.length) {
      fillRandom(randomCache);
      randomCacheOffset = 0;
    }
    const b = randomCache;
    const o = randomCacheOffset;
    const x = b[o] * 2 ** 40 + b[o + 1] * 2 ** 32 + b[o + 2] * 2 ** 24 + b[o + 3] * 2 ** 16 +
      b[o + 4] * 2 ** 8 + b[o + 5];
    randomCacheOffset += 6;
    if (x < randLimit) {
      const n = (x % range) + min;
      if (isSync) return n;
      process.nextTick(callback, undefined, n);
      return undefined;
    }
  }
}

function randomUUID(options) {
  if (options !== undefined) {
    if (options === null || typeof options !== 'object') {
      throw invalidArgType('options', 'of type object', options);
    }
    if (options.disableEntropyCache !== undefined && typeof options.disableEntropyCache !== 'boolean') {
      throw invalidArgType('options.disableEntropyCache', 'of type boolean', options.disableEntropyCache);
    }
  }
  return web.randomUUID();
}

function timingSafeEqual(buf1, buf2) {
  const a = bufferSourceBytes(buf1);
  if (a === undefined) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      'The "buf1" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.');
  }
  const b = bufferSourceBytes(buf2);
  if (b === undefined) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      'The "buf2" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.');
  }
  if (a.length !== b.length) {
    throw codeError(RangeError, 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH', 'Input buffers must have the same byte length');
  }
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function getRandomValues(data) { return web.webcrypto.getRandomValues(data); }

// --- key derivation on the same audited package -------------------------------------------------
function kdfBytes(value, name) {
  if (typeof value === 'string') return fromString(value, 'utf8');
  const bytes = bufferSourceBytes(value);
  if (bytes === undefined) {
    throw invalidArgType(name, 'of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView', value);
  }
  return bytes;
}
function validateInt32(value, name, min) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > 2 ** 31 - 1) throw outOfRange(name, `>= ${min} && <= ${2 ** 31 - 1}`, value);
}
function kdfDigest(digest) {
  if (typeof digest !== 'string') throw invalidArgType('digest', 'of type string', digest);
  const fn = lookupHash(digest);
  if (fn === undefined || isXof(fn)) {
    throw codeError(TypeError, 'ERR_CRYPTO_INVALID_DIGEST', `Invalid digest: ${digest}`);
  }
  return fn;
}
function pbkdf2Args(password, salt, iterations, keylen, digest) {
  const p = kdfBytes(password, 'password');
  const s = kdfBytes(salt, 'salt');
  validateInt32(iterations, 'iterations', 1);
  validateInt32(keylen, 'keylen', 0);
  return [p, s, iterations, keylen, kdfDigest(digest)];
}
function pbkdf2Run(p, s, c, dkLen, fn) {
  return dkLen === 0 ? new Uint8Array(0) : pbkdf2Mod().pbkdf2(fn, p, s, { c, dkLen });
}
function pbkdf2Sync(password, salt, iterations, keylen, digest) {
  return toBuffer(pbkdf2Run(...pbkdf2Args(password, salt, iterations, keylen, digest)));
}
// Callback forms run on Python's hashlib (C, off the JS thread) when it has the digest, and fall
// back to the in-isolate implementation otherwise; either way the callback is a macrotask.
function pythonName(digest) { return HASHES.get(digest.toLowerCase())[1]; }
function viaPython(op, args, jsFallback, wrap, callback) {
  bridge.call(op, ...args).then((b64) => {
    let out;
    try { out = b64 === null ? jsFallback() : wrap(base64Decode(b64)); }
    catch (err) { later(callback, [err]); return; }
    later(callback, [null, out]);
  }, (err) => later(callback, [err]));
}
function pbkdf2(password, salt, iterations, keylen, digest, callback) {
  if (typeof digest === 'function') { callback = digest; digest = undefined; }
  const args = pbkdf2Args(password, salt, iterations, keylen, digest);
  validateCallback(callback);
  const [p, s, c, dkLen] = args;
  viaPython('crypto.pbkdf2', [pythonName(digest), base64Encode(p), base64Encode(s), c, dkLen],
    () => toBuffer(pbkdf2Run(...args)), toBuffer, callback);
}
function hkdfArgs(digest, ikm, salt, info, keylen) {
  const fn = kdfDigest(digest);
  const k = ikm instanceof web.CryptoKey && web.keyData.has(ikm) ? web.keyData.get(ikm) : kdfBytes(ikm, 'ikm');
  const s = kdfBytes(salt, 'salt');
  const i = kdfBytes(info, 'info');
  validateInt32(keylen, 'length', 0);
  if (i.length > 1024) throw outOfRange('info', 'must not contain more than 1024 bytes', i.length);
  if (keylen > 255 * fn.outputLen) {
    throw codeError(RangeError, 'ERR_CRYPTO_INVALID_KEYLEN', 'Invalid key length');
  }
  return [fn, k, s, i, keylen];
}
function hkdfRun(fn, k, s, i, keylen) {
  const out = keylen === 0 ? new Uint8Array(0) : hkdfMod().hkdf(fn, k, s, i, keylen);
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
}
function hkdfSync(digest, ikm, salt, info, keylen) { return hkdfRun(...hkdfArgs(digest, ikm, salt, info, keylen)); }
function hkdf(digest, ikm, salt, info, keylen, callback) {
  const args = hkdfArgs(digest, ikm, salt, info, keylen);
  validateCallback(callback);
  const [, k, s, i, n] = args;
  viaPython('crypto.hkdf', [pythonName(digest), base64Encode(k), base64Encode(s), base64Encode(i), n],
    () => hkdfRun(...args), (b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength), callback);
}

// --- stubs: load fine, throw a named error when used ---------------------------------------------
function stubFunction(name) {
  const fn = function () { throw unsupported(`crypto.${name}`); };
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}
function stubClass(name) {
  // A real class so `instanceof` works (always false); constructing it throws.
  const C = { [name]: class { constructor() { throw unsupported(`crypto.${name}`); } } }[name];
  return C;
}
const STUB_FUNCTIONS = ['checkPrime', 'checkPrimeSync', 'createCipheriv', 'createDecipheriv',
  'createDiffieHellman', 'createDiffieHellmanGroup', 'createECDH', 'createPrivateKey',
  'createPublicKey', 'createSecretKey', 'createSign', 'createVerify', 'diffieHellman', 'generatePrime',
  'generatePrimeSync', 'getCipherInfo', 'getDiffieHellman', 'generateKeyPair', 'generateKeyPairSync',
  'generateKey', 'generateKeySync', 'privateDecrypt', 'privateEncrypt', 'publicDecrypt',
  'publicEncrypt', 'scrypt', 'scryptSync', 'sign', 'verify', 'setEngine', 'setFips'];
const STUB_CLASSES = ['Certificate', 'Cipher', 'Cipheriv', 'Decipher', 'Decipheriv', 'DiffieHellman',
  'DiffieHellmanGroup', 'ECDH', 'KeyObject', 'Sign', 'Verify', 'X509Certificate'];

const stubs = {};
for (const name of STUB_FUNCTIONS) stubs[name] = stubFunction(name);
for (const name of STUB_CLASSES) stubs[name] = stubClass(name);

// Same key order as Node 20's module, so Object.keys() lines up.
module.exports = {
  checkPrime: stubs.checkPrime,
  checkPrimeSync: stubs.checkPrimeSync,
  createCipheriv: stubs.createCipheriv,
  createDecipheriv: stubs.createDecipheriv,
  createDiffieHellman: stubs.createDiffieHellman,
  createDiffieHellmanGroup: stubs.createDiffieHellmanGroup,
  createECDH: stubs.createECDH,
  createHash,
  createHmac,
  createPrivateKey: stubs.createPrivateKey,
  createPublicKey: stubs.createPublicKey,
  createSecretKey: stubs.createSecretKey,
  createSign: stubs.createSign,
  createVerify: stubs.createVerify,
  diffieHellman: stubs.diffieHellman,
  generatePrime: stubs.generatePrime,
  generatePrimeSync: stubs.generatePrimeSync,
  getCiphers() { return []; },
  getCipherInfo: stubs.getCipherInfo,
  getCurves() { return []; },
  getDiffieHellman: stubs.getDiffieHellman,
  getHashes,
  hkdf,
  hkdfSync,
  pbkdf2,
  pbkdf2Sync,
  generateKeyPair: stubs.generateKeyPair,
  generateKeyPairSync: stubs.generateKeyPairSync,
  generateKey: stubs.generateKey,
  generateKeySync: stubs.generateKeySync,
  privateDecrypt: stubs.privateDecrypt,
  privateEncrypt: stubs.privateEncrypt,
  publicDecrypt: stubs.publicDecrypt,
  publicEncrypt: stubs.publicEncrypt,
  randomBytes,
  randomFill,
  randomFillSync,
  randomInt,
  randomUUID,
  scrypt: stubs.scrypt,
  scryptSync: stubs.scryptSync,
  sign: stubs.sign,
  setEngine: stubs.setEngine,
  timingSafeEqual,
  getFips() { return 0; },
  setFips: stubs.setFips,
  verify: stubs.verify,
  hash,
  Certificate: stubs.Certificate,
  Cipher: stubs.Cipher,
  Cipheriv: stubs.Cipheriv,
  Decipher: stubs.Decipher,
  Decipheriv: stubs.Decipheriv,
  DiffieHellman: stubs.DiffieHellman,
  DiffieHellmanGroup: stubs.DiffieHellmanGroup,
  ECDH: stubs.ECDH,
  Hash,
  Hmac,
  KeyObject: stubs.KeyObject,
  Sign: stubs.Sign,
  Verify: stubs.Verify,
  X509Certificate: stubs.X509Certificate,
  secureHeapUsed() { return { total: 0, used: 0, utilization: 0, min: 0 }; },
  constants: Object.freeze({ ...(bridge.config('crypto') || {}).constants }),
  webcrypto: web.webcrypto,
  subtle: web.subtle,
  getRandomValues,
};
