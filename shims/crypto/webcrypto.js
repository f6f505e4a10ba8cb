// WebCrypto (the global `crypto`, `require('crypto').webcrypto`): getRandomValues and randomUUID
// from the entropy pool (synchronous), SubtleCrypto digest and HMAC keys answered by Python's
// hashlib/hmac (asynchronous, as WebCrypto is).
'use strict';
const bridge = require('hostrt:bridge');
const { fillRandom } = require('./random.js');
const {
  codeError, invalidArgType, unsupported, bufferSourceBytes, base64Encode, base64Decode, hexEncode,
} = require('./bytes.js');

// --- DOMException ---------------------------------------------------------------------------
const LEGACY_CODES = {
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
  SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
  TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
  QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};
// Use the engine's DOMException when one exists; otherwise a minimal one of the same shape.
const DOMExceptionCtor = typeof globalThis.DOMException === 'function' ? globalThis.DOMException
  : class DOMException extends Error {
    constructor(message = '', options = 'Error') {
      super(message);
      const name = typeof options === 'object' && options !== null ? String(options.name ?? 'Error') : String(options);
      Object.defineProperty(this, 'name', { value: name, configurable: true, writable: true });
      Object.defineProperty(this, 'code', { value: LEGACY_CODES[name] || 0, configurable: true });
    }
  };
function domError(message, name) { return new DOMExceptionCtor(message, name); }

// --- getRandomValues / randomUUID -------------------------------------------------------------
const INTEGER_ARRAYS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, BigInt64Array, BigUint64Array];
const kBrand = Symbol('hostrt.Crypto');

function getRandomValues(data) {
  if (!INTEGER_ARRAYS.some((C) => data instanceof C)) {
    throw domError('The data argument must be an integer-type TypedArray', 'TypeMismatchError');
  }
  if (data.byteLength > 65536) {
    throw domError('The requested length exceeds 65,536 bytes', 'QuotaExceededError');
  }
  fillRandom(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return data;
}

const uuidBytes = new Uint8Array(16);
function randomUUID() {
  const b = fillRandom(uuidBytes);
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  const h = hexEncode(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// --- algorithms --------------------------------------------------------------------------------
const HASHES = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 }; // block bits

function algorithmName(alg) {
  if (typeof alg === 'string') return alg;
  if (alg !== null && typeof alg === 'object') {
    if (alg.name === undefined) {
      throw codeError(TypeError, 'ERR_MISSING_OPTION', 'algorithm.name is required');
    }
    return String(alg.name);
  }
  throw domError('Unrecognized algorithm name', 'NotSupportedError');
}
function hashName(alg) {
  const name = algorithmName(alg).toUpperCase();
  if (!(name in HASHES)) throw domError('Unrecognized algorithm name', 'NotSupportedError');
  return name;
}
function sourceBytes(value, method, position) {
  const bytes = bufferSourceBytes(value);
  if (bytes === undefined) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `Failed to execute '${method}' on 'SubtleCrypto': ` +
      `${position} argument is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.`);
  }
  return bytes;
}
function toArrayBuffer(bytes) {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

// --- CryptoKey (secret HMAC keys) ---------------------------------------------------------------
const keyData = new WeakMap();
let constructing = false;
class CryptoKey {
  constructor() {
    if (!constructing) throw codeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
  }
  get [Symbol.toStringTag]() { return 'CryptoKey'; }
}
function makeKey(bytes, hash, extractable, usages, generated = false) {
  constructing = true;
  let key;
  try { key = new CryptoKey(); } finally { constructing = false; }
  keyData.set(key, bytes);
  // Node builds the two dictionaries in different orders; JSON.stringify shows it.
  const algorithm = generated ? { name: 'HMAC', length: bytes.length * 8, hash: { name: hash } }
    : { name: 'HMAC', hash: { name: hash }, length: bytes.length * 8 };
  Object.defineProperties(key, {
    type: { value: 'secret', enumerable: true },
    extractable: { value: !!extractable, enumerable: true },
    algorithm: { value: algorithm, enumerable: true },
    usages: { value: usages, enumerable: true },
  });
  return key;
}
function hmacUsages(usages) {
  const list = Array.from(usages || []);
  for (const u of list) {
    if (u !== 'sign' && u !== 'verify') throw domError('Unsupported key usage for an HMAC key', 'SyntaxError');
  }
  return list;
}
function checkHmac(alg) {
  if (algorithmName(alg).toUpperCase() !== 'HMAC') throw domError('Unrecognized algorithm name', 'NotSupportedError');
}
function keyFor(key, usage, verb) {
  if (!(key instanceof CryptoKey) || !keyData.has(key)) {
    throw invalidArgType('key', 'an instance of CryptoKey', key);
  }
  if (!key.usages.includes(usage)) throw domError(`Unable to use this key to ${verb}`, 'InvalidAccessError');
  return keyData.get(key);
}

const unsupportedSubtle = (name) => async () => { throw unsupported(`crypto.subtle.${name}`); };

class SubtleCrypto {
  constructor() {
    if (!constructing) throw codeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
  }

  async digest(algorithm, data) {
    const name = hashName(algorithm);
    const bytes = sourceBytes(data, 'digest', '2nd');
    return toArrayBuffer(base64Decode(await bridge.call('crypto.digest', name, base64Encode(bytes))));
  }

  async importKey(format, keyDataIn, algorithm, extractable, usages) {
    checkHmac(algorithm);
    const hash = hashName(algorithm.hash);
    let bytes;
    if (format === 'raw') {
      bytes = sourceBytes(keyDataIn, 'importKey', '2nd').slice();
    } else if (format === 'jwk') {
      if (keyDataIn === null || typeof keyDataIn !== 'object' || keyDataIn.kty !== 'oct') {
        throw domError('Invalid keyData', 'DataError');
      }
      bytes = base64Decode(String(keyDataIn.k || ''));
    } else {
      throw domError(`Unable to import HMAC key with format ${format}`, 'NotSupportedError');
    }
    if (bytes.length === 0) throw domError('Zero-length key is not supported', 'DataError');
    return makeKey(bytes, hash, extractable, hmacUsages(usages));
  }

  async exportKey(format, key) {
    if (!(key instanceof CryptoKey) || !keyData.has(key)) {
      throw invalidArgType('key', 'an instance of CryptoKey', key);
    }
    // Node 20 really names this one 'InvalidAccessException' (legacy code 0).
    if (!key.extractable) throw domError('key is not extractable', 'InvalidAccessException');
    const bytes = keyData.get(key);
    if (format === 'raw') return toArrayBuffer(bytes.slice());
    if (format === 'jwk') {
      return {
        key_ops: [...key.usages], ext: true, kty: 'oct', k: base64Encode(bytes, true),
        alg: `HS${key.algorithm.hash.name.slice(4)}`,
      };
    }
    throw domError(`Unable to export a raw HMAC key with format ${format}`, 'NotSupportedError');
  }

  async generateKey(algorithm, extractable, usages) {
    checkHmac(algorithm);
    const hash = hashName(algorithm.hash);
    const bits = algorithm.length === undefined ? HASHES[hash] : Number(algorithm.length);
    if (!(bits > 0) || bits % 8 !== 0) throw domError('Invalid key length', 'OperationError');
    return makeKey(fillRandom(new Uint8Array(bits / 8)), hash, extractable, hmacUsages(usages), true);
  }

  async sign(algorithm, key, data) {
    checkHmac(algorithm);
    const secret = keyFor(key, 'sign', 'sign');
    const bytes = sourceBytes(data, 'sign', '3rd');
    const mac = await bridge.call('crypto.hmacSign', key.algorithm.hash.name, base64Encode(secret),
      base64Encode(bytes));
    return toArrayBuffer(base64Decode(mac));
  }

  async verify(algorithm, key, signature, data) {
    checkHmac(algorithm);
    const secret = keyFor(key, 'verify', 'verify');
    const sig = sourceBytes(signature, 'verify', '3rd');
    const bytes = sourceBytes(data, 'verify', '4th');
    return bridge.call('crypto.hmacVerify', key.algorithm.hash.name, base64Encode(secret),
      base64Encode(sig), base64Encode(bytes));
  }
}
for (const name of ['encrypt', 'decrypt', 'deriveBits', 'deriveKey', 'wrapKey', 'unwrapKey']) {
  Object.defineProperty(SubtleCrypto.prototype, name, {
    value: unsupportedSubtle(name), writable: true, configurable: true,
  });
}
Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, { value: 'SubtleCrypto', configurable: true });

class Crypto {
  constructor() {
    if (!constructing) throw codeError(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    this[kBrand] = true;
  }
  get subtle() {
    if (this === null || typeof this !== 'object' || !this[kBrand]) throw invalidThis();
    return subtle;
  }
  getRandomValues(data) {
    if (this === null || typeof this !== 'object' || !this[kBrand]) throw invalidThis();
    return getRandomValues(data);
  }
  randomUUID() {
    if (this === null || typeof this !== 'object' || !this[kBrand]) throw invalidThis();
    return randomUUID();
  }
}
Object.defineProperty(Crypto.prototype, Symbol.toStringTag, { value: 'Crypto', configurable: true });
function invalidThis() {
  return codeError(TypeError, 'ERR_INVALID_THIS', 'Value of "this" must be of type Crypto');
}

constructing = true;
let subtle;
let webcrypto;
try {
  subtle = new SubtleCrypto();
  webcrypto = new Crypto();
} finally {
  constructing = false;
}

module.exports = {
  webcrypto, subtle, Crypto, CryptoKey, SubtleCrypto, getRandomValues, randomUUID,
  DOMException: DOMExceptionCtor, keyData,
};
