'use strict';
// node:buffer - the npm `buffer` package (a port of Node's Buffer onto Uint8Array), with the
// parts Node 20 has and it lacks added here: the 'base64url' encoding, ERR_UNKNOWN_ENCODING codes,
// Buffer.copyBytesFrom, buffer.constants, isUtf8/isAscii, atob/btoa, transcode, Blob and File.
const npm = require('hostrt:npm/buffer');

const NpmBuffer = npm.Buffer;
// Node's Buffer(arg, encodingOrOffset, length): callable with or without `new`, deprecated
// (DEP0005, once, for calls from outside node_modules), with Node's checks. It shares npm
// buffer's prototype and statics, so the package's buffers are instances of it.
function Buffer(arg, encodingOrOffset, length) {
  warnDeprecatedConstructor();
  if (typeof arg === 'number') {
    if (typeof encodingOrOffset === 'string') throw argType('string', 'of type string', arg);
    return Buffer.alloc(arg);
  }
  return Buffer.from(arg, encodingOrOffset, length);
}
for (const key of Reflect.ownKeys(NpmBuffer)) {
  if (['length', 'name', 'prototype', 'arguments', 'caller'].includes(key)) continue;
  Object.defineProperty(Buffer, key, Object.getOwnPropertyDescriptor(NpmBuffer, key));
}
Buffer.prototype = NpmBuffer.prototype;
Object.defineProperty(Buffer.prototype, 'constructor', { value: Buffer, writable: true, configurable: true });
Object.setPrototypeOf(Buffer, Object.getPrototypeOf(NpmBuffer));
// What subarray/slice/map construct (TypedArray species): a plain Uint8Array with Buffer's
// prototype, as Node's FastBuffer, so they never go through the deprecated constructor.
function FastBuffer(bufferOrLength, byteOffset, length) {
  return Reflect.construct(Uint8Array, [bufferOrLength, byteOffset, length], FastBuffer);
}
FastBuffer.prototype = Buffer.prototype;
Object.setPrototypeOf(FastBuffer, Uint8Array);
Object.defineProperty(Buffer, Symbol.species, { configurable: true, get() { return FastBuffer; } });
// Uint8Array.of would construct through `new Buffer(n)` (the deprecated path): Node's own of().
Buffer.of = function of(...items) {
  const buf = Buffer.allocUnsafe(items.length);
  for (let i = 0; i < items.length; i++) buf[i] = items[i];
  return buf;
};

let warnedDEP0005 = false;
const internalFile = (name) => name.startsWith('/$hostrt/') || name.startsWith('hostrt:');
function warnDeprecatedConstructor() {
  if (warnedDEP0005) return;
  // The first caller frame outside hostrt decides (raw call sites: a user's own
  // Error.prepareStackTrace must not run here).
  const saved = Error.prepareStackTrace;
  const holder = {};
  try {
    Error.prepareStackTrace = (_, sites) => sites;
    Error.captureStackTrace(holder, Buffer);
    const sites = holder.stack;
    // Not an array when V8 is already formatting a stack (a call from prepareStackTrace): warn.
    if (Array.isArray(sites)) {
      const caller = sites.map((site) => site.getScriptNameOrSourceURL() || '')
        .find((name) => name.startsWith('/') && !internalFile(name));
      if (caller === undefined || caller.includes('/node_modules/')) return;
    }
  } finally {
    Error.prepareStackTrace = saved;
  }
  warnedDEP0005 = true;
  process.emitWarning('Buffer() is deprecated due to security and usability issues. Please use the ' +
    'Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.', 'DeprecationWarning', 'DEP0005');
}

// Node's SlowBuffer(size): an unpooled buffer, with Node's size checks.
function SlowBuffer(size) {
  checkSize(size);
  return Buffer.allocUnsafeSlow(size);
}
Object.setPrototypeOf(SlowBuffer.prototype, Uint8Array.prototype);
Object.setPrototypeOf(SlowBuffer, Uint8Array);
// npm buffer brings its own inspect (`<Buffer 00 ... >`); util.inspect formats Buffers as Node does.
delete Buffer.prototype[Symbol.for('nodejs.util.inspect.custom')];
delete Buffer.prototype.inspect;

function codeError(Ctor, code, message) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}

function isBase64url(encoding) {
  return typeof encoding === 'string' && encoding.toLowerCase() === 'base64url';
}
function toBase64url(b64) {
  return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
// npm buffer throws a bare TypeError for an unknown encoding; Node adds a code.
function withCodes(fn) {
  return function (...args) {
    try {
      return fn.apply(this, args);
    } catch (err) {
      if (err instanceof TypeError && /^Unknown encoding: /.test(err.message) && !err.code) {
        throw require('hostrt:errors').codeError(TypeError, 'ERR_UNKNOWN_ENCODING', err.message);
      }
      throw err;
    }
  };
}

// Differences of the npm package's string handling from Node, fixed on the way in:
// - a lone surrogate must encode as U+FFFD in UTF-8 (the package drops one at the end);
// - hex input stops at the first pair that is not two hex digits (the package reads '0=' as 0);
// - base64 input stops at a high surrogate (observed in Node 20);
// - base64 byte lengths come from the string length, as Node computes them.
const isUtf8Name = (e) => e === undefined || e === 'utf8' || e === 'utf-8' ||
  (typeof e === 'string' && /^utf-?8$/i.test(e));
const isHexName = (e) => typeof e === 'string' && e.toLowerCase() === 'hex';
function hexPrefix(str) {
  let i = 0;
  while (i + 1 < str.length && /[0-9a-fA-F]/.test(str[i]) && /[0-9a-fA-F]/.test(str[i + 1])) i += 2;
  return str.slice(0, i);
}
function normalizeInput(string, encoding) {
  if (isUtf8Name(encoding)) return string.toWellFormed();
  if (isHexName(encoding)) return hexPrefix(string);
  if (typeof encoding === 'string' && /^base64(url)?$/i.test(encoding)) {
    // Node skips other non-alphabet characters but stops decoding at a high surrogate.
    const cut = string.search(/[\ud800-\udbff]/);
    return cut < 0 ? string : string.slice(0, cut);
  }
  return string;
}

// UTF-8 byte count and encoding without the npm package's intermediate byte arrays (loggers such
// as pino's sonic-boom call Buffer.byteLength and Buffer.from on every line). A lone surrogate is
// U+FFFD (3 bytes), as in Node. ASCII text (log lines, JSON) is recognised by one native regexp
// scan instead of a per-character loop, and short results come from a shared pool, as Node's
// Buffer.from(string) does (8-byte aligned slices of a Buffer.poolSize ArrayBuffer), which spares
// an ArrayBuffer allocation per call.
const ASCII_ONLY = /^[\x00-\x7f]*$/;
function utf8Length(str) {
  if (ASCII_ONLY.test(str)) return str.length;
  let n = str.length;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) { n += 1; continue; }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < str.length) {
      const d = str.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n += 2; i++; continue; }
    }
    n += 2;
  }
  return n;
}
let pool = null;
let poolOffset = 0;
function pooledBuffer(len) {
  const size = Buffer.poolSize;
  if (!(len < size >>> 1)) return Buffer.allocUnsafeSlow(len);
  if (pool === null || poolOffset + len > pool.byteLength) {
    pool = new ArrayBuffer(size);
    poolOffset = 0;
  }
  const buf = new Uint8Array(pool, poolOffset, len);
  Object.setPrototypeOf(buf, Buffer.prototype);
  poolOffset = (poolOffset + len + 7) & ~7;
  return buf;
}
let encoder = null;
function utf8Buffer(str) {
  const len = str.length;
  if (ASCII_ONLY.test(str)) {
    const buf = pooledBuffer(len);
    for (let j = 0; j < len; j++) buf[j] = str.charCodeAt(j);
    return buf;
  }
  if (encoder === null) encoder = new TextEncoder();
  const bytes = encoder.encode(str);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// base64 decoding in the npm package already accepts the URL-safe alphabet, as Node's does.
const origFrom = Buffer.from;
Buffer.from = withCodes(function from(value, encodingOrOffset, length) {
  if (typeof value === 'string' && isUtf8Name(encodingOrOffset) && this === Buffer) {
    return utf8Buffer(value);
  }
  if (typeof value === 'string') {
    const encoding = isBase64url(encodingOrOffset) ? 'base64' : encodingOrOffset;
    return origFrom.call(this, normalizeInput(value, encoding), encoding);
  }
  return origFrom.call(this, value, encodingOrOffset, length);
});
const origByteLength = Buffer.byteLength;
Buffer.byteLength = withCodes(function byteLength(string, encoding) {
  if (typeof string === 'string' && typeof encoding === 'string' && /^base64(url)?$/i.test(encoding)) {
    let n = string.length;
    if (n > 0 && string.charCodeAt(n - 1) === 0x3d) n--;
    if (n > 1 && string.charCodeAt(n - 1) === 0x3d) n--;
    return (n * 3) >>> 2;
  }
  if (typeof string === 'string' && isUtf8Name(encoding)) return utf8Length(string);
  return origByteLength.call(this, string, encoding);
});
const origIsEncoding = Buffer.isEncoding;
Buffer.isEncoding = function isEncoding(encoding) {
  return isBase64url(encoding) || origIsEncoding.call(this, encoding);
};
const origAlloc = Buffer.alloc;
Buffer.alloc = withCodes(function alloc(size, fill, encoding) {
  return origAlloc.call(this, size, fill, isBase64url(encoding) ? 'base64' : encoding);
});

// UTF-8 decoding as WHATWG (and Node) do it: one U+FFFD per maximal invalid subpart. The npm
// package emits one per byte, so Buffer.from('e0a4', 'hex').toString() would differ.
function utf8Decode(b, start, end) {
  let out = '';
  const codes = [];
  for (let i = start; i < end;) {
    const c = b[i];
    if (c < 0x80) {
      codes.push(c);
      i++;
    } else {
      let need = 0;
      let cp = 0;
      let lower = 0x80;
      let upper = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) { need = 1; cp = c & 0x1f; }
      else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0xf; if (c === 0xe0) lower = 0xa0; if (c === 0xed) upper = 0x9f; }
      else if (c >= 0xf0 && c <= 0xf4) { need = 3; cp = c & 7; if (c === 0xf0) lower = 0x90; if (c === 0xf4) upper = 0x8f; }
      let j = i + 1;
      let ok = need > 0;
      for (let k = 0; ok && k < need; k++, j++) {
        const cc = j < end ? b[j] : -1;
        if (cc < lower || cc > upper) { ok = false; break; }
        lower = 0x80;
        upper = 0xbf;
        cp = (cp << 6) | (cc & 0x3f);
      }
      if (!ok) {
        codes.push(0xfffd);
        i = need > 0 ? j : i + 1;
      } else {
        if (cp > 0xffff) {
          cp -= 0x10000;
          codes.push(0xd800 | (cp >> 10), 0xdc00 | (cp & 0x3ff));
        } else {
          codes.push(cp);
        }
        i = j;
      }
    }
    if (codes.length >= 0x1000) {
      out += String.fromCharCode.apply(null, codes);
      codes.length = 0;
    }
  }
  return out + String.fromCharCode.apply(null, codes);
}

const proto = Buffer.prototype;
const origToString = proto.toString;
proto.toString = withCodes(function toString(encoding, start, end) {
  if (isBase64url(encoding)) return toBase64url(origToString.call(this, 'base64', start, end));
  if (encoding === undefined || encoding === 'utf8' || encoding === 'utf-8' ||
      (typeof encoding === 'string' && /^utf-?8$/i.test(encoding))) {
    const len = this.length;
    let s = start === undefined || start < 0 ? 0 : start | 0;
    let e = end === undefined || end > len ? len : end | 0;
    if (s > len) s = len;
    if (e <= s) return '';
    return utf8Decode(this, s, e);
  }
  return origToString.apply(this, arguments);
});
proto.toLocaleString = proto.toString;
const origWrite = proto.write;
proto.write = withCodes(function write(string, offset, length, encoding) {
  const args = Array.from(arguments);
  for (let i = 1; i < args.length; i++) if (isBase64url(args[i])) args[i] = 'base64';
  if (typeof string === 'string') {
    const enc = args.slice(1).find((a) => typeof a === 'string');
    args[0] = normalizeInput(string, enc);
  }
  return origWrite.apply(this, args);
});
const origFill = proto.fill;
proto.fill = withCodes(function fill(val, offset, end, encoding) {
  const args = Array.from(arguments);
  for (let i = 1; i < args.length; i++) if (isBase64url(args[i])) args[i] = 'base64';
  return origFill.apply(this, args);
});
for (const name of ['indexOf', 'lastIndexOf', 'includes']) {
  const orig = proto[name];
  proto[name] = withCodes(function (val, byteOffset, encoding) {
    const args = Array.from(arguments);
    for (let i = 1; i < args.length; i++) if (isBase64url(args[i])) args[i] = 'base64';
    return orig.apply(this, args);
  });
  Object.defineProperty(proto[name], 'name', { value: name });
}

// --- Node's argument checks for read*/write* (the package throws bare RangeErrors, and accepts
// offsets like 1.5 or '1') ---------------------------------------------------------------------------
const { codeError: coded, invalidArgType: argType } = require('hostrt:errors');
function withSeparators(digits) {
  return digits.replace(/(\d)(?=(\d{3})+$)/g, '$1_');
}
function shown(value) {
  if (typeof value === 'bigint') {
    const abs = value < 0n ? -value : value;
    return `${value < 0n ? '-' : ''}${abs > 2n ** 32n ? withSeparators(String(abs)) : String(abs)}n`;
  }
  if (Number.isInteger(value) && Math.abs(value) > 2 ** 32) {
    return `${value < 0 ? '-' : ''}${withSeparators(String(Math.abs(value)))}`;
  }
  return String(value);
}
function outOfRange(name, range, value) {
  return coded(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${shown(value)}`);
}
function checkOffset(buf, offset, n) {
  if (typeof offset !== 'number') throw argType('offset', 'of type number', offset);
  const last = buf.length - n;
  if (Math.floor(offset) !== offset) throw outOfRange('offset', 'an integer', offset);
  if (last < 0) {
    throw coded(RangeError, 'ERR_BUFFER_OUT_OF_BOUNDS', 'Attempt to access memory outside buffer bounds');
  }
  if (offset < 0 || offset > last) throw outOfRange('offset', `>= 0 and <= ${last}`, offset);
}
function checkByteLength(byteLength) {
  if (typeof byteLength !== 'number') throw argType('byteLength', 'of type number', byteLength);
  // As Node's bounds check: Infinity is out of the range, NaN and fractions are not integers.
  if (Math.floor(byteLength) !== byteLength) throw outOfRange('byteLength', 'an integer', byteLength);
  if (byteLength < 1 || byteLength > 6) throw outOfRange('byteLength', '>= 1 and <= 6', byteLength);
}
function intRange(n, signed) {
  const bits = n * 8;
  if (n <= 4) {
    return signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1, null] : [0, 2 ** bits - 1, null];
  }
  return signed
    ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1, `>= -(2 ** ${bits - 1}) and < 2 ** ${bits - 1}`]
    : [0, 2 ** bits - 1, `>= 0 and < 2 ** ${bits}`];
}
function checkIntValue(value, n, signed) {
  const [min, max, text] = intRange(n, signed);
  const v = +value;
  if (v > max || v < min) throw outOfRange('value', text ?? `>= ${min} and <= ${max}`, v);
}
function rewrap(name, check) {
  const orig = proto[name];
  if (typeof orig !== 'function') return;
  const wrapped = {
    [name](...args) {
      check(this, args);
      return orig.apply(this, args);
    },
  }[name];
  proto[name] = wrapped;
  // The package also exposes lowercase aliases (readUint8 ...): they must check too.
  const alias = name.replace('UInt', 'Uint');
  if (alias !== name) proto[alias] = wrapped;
}
const FIXED = [['UInt8', 1, false], ['Int8', 1, true], ['UInt16LE', 2, false], ['UInt16BE', 2, false],
  ['Int16LE', 2, true], ['Int16BE', 2, true], ['UInt32LE', 4, false], ['UInt32BE', 4, false],
  ['Int32LE', 4, true], ['Int32BE', 4, true]];
for (const [suffix, n, signed] of FIXED) {
  rewrap(`read${suffix}`, (buf, args) => {
    if (args[0] === undefined) args[0] = 0;
    checkOffset(buf, args[0], n);
  });
  rewrap(`write${suffix}`, (buf, args) => {
    if (args[1] === undefined) args[1] = 0;
    checkIntValue(args[0], n, signed);
    checkOffset(buf, args[1], n);
  });
}
// Floats through DataView: the package's ieee754 code writes NaN as 0x7f800001, V8 (and Node)
// the canonical 0x7fc00000.
const view = (buf) => new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
for (const [suffix, n, get, set, little] of [
  ['FloatLE', 4, 'getFloat32', 'setFloat32', true], ['FloatBE', 4, 'getFloat32', 'setFloat32', false],
  ['DoubleLE', 8, 'getFloat64', 'setFloat64', true], ['DoubleBE', 8, 'getFloat64', 'setFloat64', false]]) {
  proto[`read${suffix}`] = { [`read${suffix}`](offset) { return view(this)[get](offset, little); } }[`read${suffix}`];
  proto[`write${suffix}`] = {
    [`write${suffix}`](value, offset) {
      view(this)[set](offset, +value, little);
      return offset + n;
    },
  }[`write${suffix}`];
}
for (const [suffix, n] of [['FloatLE', 4], ['FloatBE', 4], ['DoubleLE', 8], ['DoubleBE', 8],
  ['BigInt64LE', 8], ['BigInt64BE', 8], ['BigUInt64LE', 8], ['BigUInt64BE', 8]]) {
  rewrap(`read${suffix}`, (buf, args) => {
    if (args[0] === undefined) args[0] = 0;
    checkOffset(buf, args[0], n);
  });
  rewrap(`write${suffix}`, (buf, args) => {
    if (args[1] === undefined) args[1] = 0;
    if (suffix.startsWith('Big') && typeof args[0] === 'bigint') {
      const signed = !suffix.startsWith('BigU');
      const limit = signed ? 2n ** 63n : 2n ** 64n;
      if (args[0] >= limit || args[0] < (signed ? -limit : 0n)) {
        throw outOfRange('value', signed ? '>= -(2n ** 63n) and < 2n ** 63n' : '>= 0n and < 2n ** 64n', args[0]);
      }
    }
    checkOffset(buf, args[1], n);
  });
}
for (const [suffix, signed] of [['UIntLE', false], ['UIntBE', false], ['IntLE', true], ['IntBE', true]]) {
  // Unlike the fixed-size forms, these have no default offset (as in Node).
  rewrap(`read${suffix}`, (buf, args) => {
    if (args[0] === undefined) throw argType('offset', 'of type number', undefined);
    checkByteLength(args[1]);
    checkOffset(buf, args[0], args[1]);
  });
  rewrap(`write${suffix}`, (buf, args) => {
    if (args[1] === undefined) throw argType('offset', 'of type number', undefined);
    checkByteLength(args[2]);
    checkIntValue(args[0], args[2], signed);
    checkOffset(buf, args[1], args[2]);
  });
}

// Node's errors for bad sizes, lists and sources (the package's wording and classes differ).
const { describeReceived } = require('hostrt:errors');
function checkSize(size) {
  if (typeof size !== 'number') throw argType('size', 'of type number', size);
  if (!(size >= 0 && size <= npm.kMaxLength)) {
    throw outOfRange('size', `>= 0 && <= ${npm.kMaxLength}`, size);
  }
}
for (const name of ['alloc', 'allocUnsafe', 'allocUnsafeSlow']) {
  const orig = Buffer[name];
  Buffer[name] = { [name](size, ...rest) { checkSize(size); return orig.call(this, size, ...rest); } }[name];
}
const origConcat = Buffer.concat;
Buffer.concat = function concat(list, length) {
  if (!Array.isArray(list)) throw argType('list', 'an instance of Array', list);
  list.forEach((item, i) => {
    if (!(item instanceof Uint8Array)) throw argType(`list[${i}]`, 'an instance of Buffer or Uint8Array', item);
  });
  return origConcat.call(this, list, length);
};
const origFromChecked = Buffer.from;
Buffer.from = function from(value, encodingOrOffset, length) {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean' ||
      typeof value === 'symbol' || typeof value === 'bigint' || typeof value === 'function') {
    throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'The first argument must be of type string or an ' +
      `instance of Buffer, ArrayBuffer, or Array or an Array-like Object. ${describeReceived(value)}`);
  }
  try {
    return origFromChecked.call(this, value, encodingOrOffset, length);
  } catch (err) {
    if (err instanceof TypeError && /^The first argument must be/.test(err.message)) {
      throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'The first argument must be of type string or an ' +
        `instance of Buffer, ArrayBuffer, or Array or an Array-like Object. ${describeReceived(value)}`);
    }
    throw err;
  }
};

// The commonest calls skip the layers above: a logger writing a line (pino's sonic-boom) calls
// Buffer.byteLength(line) and Buffer.from(line) for every line.
const fromLayers = Buffer.from;
Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string' && (encodingOrOffset === undefined || encodingOrOffset === 'utf8') &&
      this === Buffer) {
    return utf8Buffer(value);
  }
  return fromLayers.call(this, value, encodingOrOffset, length);
};
const byteLengthLayers = Buffer.byteLength;
Buffer.byteLength = function byteLength(string, encoding) {
  if (typeof string === 'string' && (encoding === undefined || encoding === 'utf8')) {
    return utf8Length(string);
  }
  return byteLengthLayers.call(this, string, encoding);
};
const writeChecked = proto.write;
proto.write = function write(string, ...rest) {
  if (typeof string !== 'string') throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string');
  return writeChecked.call(this, string, ...rest);
};
const fillChecked = proto.fill;
proto.fill = function fill(value, offset, end, encoding) {
  if (typeof offset === 'number' || typeof end === 'number') {
    const o = typeof offset === 'number' ? offset : 0;
    const e = typeof end === 'number' ? end : this.length;
    if (o < 0) throw outOfRange('offset', `>= 0 && <= ${npm.kMaxLength}`, o);
    if (e < 0 || e > this.length) throw outOfRange('end', `>= 0 && <= ${this.length}`, e);
    if (e <= o) return this;
  }
  return fillChecked.call(this, value, offset, end, encoding);
};

Buffer.copyBytesFrom = function copyBytesFrom(view, offset = 0, length) {
  if (!ArrayBuffer.isView(view) || view instanceof DataView) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      'The "view" argument must be an instance of TypedArray.');
  }
  const size = view.BYTES_PER_ELEMENT;
  const end = length === undefined ? view.length : Math.min(view.length, offset + length);
  const start = Math.min(offset, view.length);
  const bytes = new Uint8Array(view.buffer, view.byteOffset + start * size, Math.max(end - start, 0) * size);
  return Buffer.from(bytes);
};

// --- module-level additions (Node 20) ---------------------------------------------------------
function isUtf8(input) {
  const b = toBytes(input, 'input');
  for (let i = 0; i < b.length;) {
    const c = b[i];
    let n;
    if (c < 0x80) { i++; continue; }
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) n = 2;
    else if (c >= 0xf0 && c <= 0xf4) n = 3;
    else return false;
    if (i + n >= b.length) return false;            // truncated sequence
    const c1 = b[i + 1];
    if (c === 0xe0 && c1 < 0xa0) return false;      // overlong
    if (c === 0xed && c1 > 0x9f) return false;      // surrogates
    if (c === 0xf0 && c1 < 0x90) return false;      // overlong
    if (c === 0xf4 && c1 > 0x8f) return false;      // above U+10FFFF
    for (let k = 1; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return false;
    i += n + 1;
  }
  return true;
}
function isAscii(input) {
  const b = toBytes(input, 'input');
  for (let i = 0; i < b.length; i++) if (b[i] > 0x7f) return false;
  return true;
}
function toBytes(input, name) {
  if (input instanceof ArrayBuffer) {
    if (input.detached) throw codeError(Error, 'ERR_INVALID_STATE', 'Cannot validate on a detached buffer');
    return new Uint8Array(input);
  }
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
    `The "${name}" argument must be an instance of ArrayBuffer, Buffer, or TypedArray.`);
}

// The same functions as the globals (Node: require('buffer').atob === globalThis.atob).
// --- Node's argument rules for equals/compare/indexOf/write/byteLength ------------------------
// The npm package accepts or refuses different arguments with other messages; these follow
// Node 20 (checked against it by shims/buffer/tests).
const NODE_MAX_LENGTH = 2 ** 32;  // Node's kMaxLength on 64-bit, quoted by its offset checks
function isBytes(value) { return value instanceof Uint8Array; }
function bytesArg(value, name) {
  if (!isBytes(value)) throw argType(name, 'an instance of Buffer or Uint8Array', value);
  return value;
}
function offsetArg(value, name, min = 0, max = NODE_MAX_LENGTH) {
  if (typeof value !== 'number') throw argType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}
function compareRanges(a, aStart, aEnd, b, bStart, bEnd) {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const x = a[aStart + i];
    const y = b[bStart + i];
    if (x !== y) return x < y ? -1 : 1;
  }
  const la = aEnd - aStart;
  const lb = bEnd - bStart;
  return la === lb ? 0 : la < lb ? -1 : 1;
}
proto.equals = function equals(otherBuffer) {
  bytesArg(otherBuffer, 'otherBuffer');
  if (this === otherBuffer) return true;
  if (this.byteLength !== otherBuffer.byteLength) return false;
  return compareRanges(this, 0, this.length, otherBuffer, 0, otherBuffer.length) === 0;
};
Buffer.compare = function compare(buf1, buf2) {
  bytesArg(buf1, 'buf1');
  bytesArg(buf2, 'buf2');
  return buf1 === buf2 ? 0 : compareRanges(buf1, 0, buf1.length, buf2, 0, buf2.length);
};
proto.compare = function compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
  bytesArg(target, 'target');
  const tStart = targetStart === undefined ? 0 : offsetArg(targetStart, 'targetStart');
  const tEnd = targetEnd === undefined ? target.length : offsetArg(targetEnd, 'targetEnd', 0, target.length);
  const sStart = sourceStart === undefined ? 0 : offsetArg(sourceStart, 'sourceStart');
  const sEnd = sourceEnd === undefined ? this.length : offsetArg(sourceEnd, 'sourceEnd', 0, this.length);
  if (sStart >= sEnd) return tStart >= tEnd ? 0 : -1;
  if (tStart >= tEnd) return 1;
  return compareRanges(this, sStart, sEnd, target, tStart, tEnd);
};
// indexOf / lastIndexOf / includes, as Node's: its argument handling and offset rules, a number
// searches for one byte (value & 255), an empty needle matches at the clamped offset (as
// String#indexOf), and UTF-16 needles match at even byte offsets only.
function startOffset(length, offset, needleLength, forward) {
  if (offset < 0) {
    if (offset + length >= 0) return length + offset;
    return forward || needleLength === 0 ? 0 : -1;
  }
  if (offset + needleLength <= length) return offset;
  if (needleLength === 0) return length;
  return forward ? -1 : length - 1;
}
function matchesAt(hay, needle, at) {
  for (let j = 0; j < needle.length; j++) if (hay[at + j] !== needle[j]) return false;
  return true;
}
function searchBytes(hay, needle, offset, forward, step) {
  const n = needle.length;
  const start = startOffset(hay.length, offset, n, forward);
  if (n === 0) return start;
  if (start < 0 || hay.length < n) return -1;
  if (forward) {
    let i = step === 2 ? start + (start & 1) : start;
    for (; i + n <= hay.length; i += step) if (matchesAt(hay, needle, i)) return i;
    return -1;
  }
  let i = Math.min(start, hay.length - n);
  if (step === 2) i -= i & 1;
  for (; i >= 0; i -= step) if (matchesAt(hay, needle, i)) return i;
  return -1;
}
const UCS2 = new Set(['ucs2', 'ucs-2', 'utf16le', 'utf-16le']);
function bidirectionalIndexOf(buf, value, byteOffset, encoding, forward) {
  if (!ArrayBuffer.isView(buf)) throw argType('buffer', 'an instance of Buffer, TypedArray, or DataView', buf);
  let offset = byteOffset;
  let enc = encoding;
  if (typeof offset === 'string') {
    enc = offset;
    offset = undefined;
  } else if (offset > 0x7fffffff) {
    offset = 0x7fffffff;
  } else if (offset < -0x80000000) {
    offset = -0x80000000;
  }
  offset = +offset;
  if (Number.isNaN(offset)) offset = forward ? 0 : buf.length;
  if (typeof value === 'number') {
    const at = startOffset(buf.length, offset, 1, forward);
    if (at < 0 || buf.length === 0) return -1;
    return searchBytes(buf, [(value >>> 0) & 255], at, forward, 1);
  }
  if (enc !== undefined && !Buffer.isEncoding(enc)) {
    throw coded(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);
  }
  const wide = enc !== undefined && UCS2.has(`${enc}`.toLowerCase());
  let needle;
  if (typeof value === 'string') {
    needle = Buffer.from(value, enc === undefined ? 'utf8' : enc);
  } else if (isBytes(value)) {
    needle = value;
  } else {
    throw argType('value', 'one of type number or string or an instance of Buffer or Uint8Array', value);
  }
  if (wide) {
    if (needle.length === 0) return searchBytes(buf, needle, offset, forward, 1);
    if (buf.length < 2 || needle.length < 2) return -1;
    return searchBytes(buf, needle.subarray(0, needle.length & ~1), offset, forward, 2);
  }
  return searchBytes(buf, needle, offset, forward, 1);
}
proto.indexOf = function indexOf(value, byteOffset, encoding) {
  return bidirectionalIndexOf(this, value, byteOffset, encoding, true);
};
proto.lastIndexOf = function lastIndexOf(value, byteOffset, encoding) {
  return bidirectionalIndexOf(this, value, byteOffset, encoding, false);
};
proto.includes = function includes(value, byteOffset, encoding) {
  return this.indexOf(value, byteOffset, encoding) !== -1;
};
// copy, as Node's: offsets coerced to integers (a bad one reads as 0), Uint8Array on either side.
function toInteger(n, fallback) {
  const v = +n;
  if (!Number.isNaN(v) && v >= Number.MIN_SAFE_INTEGER && v <= Number.MAX_SAFE_INTEGER) {
    return v % 1 === 0 ? v : Math.floor(v);
  }
  return fallback;
}
proto.copy = function copy(target, targetStart, sourceStart, sourceEnd) {
  bytesArg(this, 'source');
  bytesArg(target, 'target');
  let tStart = 0;
  if (targetStart !== undefined) {
    tStart = toInteger(targetStart, 0);
    if (tStart < 0) throw outOfRange('targetStart', '>= 0', tStart);
  }
  let sStart = 0;
  if (sourceStart !== undefined) {
    sStart = toInteger(sourceStart, 0);
    if (sStart < 0 || sStart > this.length) throw outOfRange('sourceStart', `>= 0 && <= ${this.length}`, sStart);
  }
  let sEnd = this.length;
  if (sourceEnd !== undefined) {
    sEnd = toInteger(sourceEnd, 0);
    if (sEnd < 0) throw outOfRange('sourceEnd', '>= 0', sEnd);
  }
  if (tStart >= target.length || sStart >= sEnd) return 0;
  if (sEnd - sStart > target.length - tStart) sEnd = sStart + target.length - tStart;
  const n = Math.min(sEnd - sStart, this.length - sStart);
  target.set(new Uint8Array(this.buffer, this.byteOffset + sStart, n), tStart);
  return n;
};
// toString(encoding, start, end): Node's range coercion; an empty range is '' whatever the
// encoding; the encoding is read with String() (an object's toString counts).
const toStringNode = proto.toString;
// As Node, a range longer than V8's longest string fails before any decoding (a UTF-16 range
// makes half as many characters).
const MAX_STRING_LENGTH = 2 ** 29 - 24;
function checkStringLength(bytes, encoding) {
  const wide = typeof encoding === 'string' && /^(ucs-?2|utf-?16le)$/i.test(encoding);
  if ((wide ? bytes >>> 1 : bytes) > MAX_STRING_LENGTH) {
    throw coded(Error, 'ERR_STRING_TOO_LONG',
      `Cannot create a string longer than 0x${MAX_STRING_LENGTH.toString(16)} characters`);
  }
}
proto.toString = function toString(encoding, start, end) {
  if (arguments.length === 0) {
    checkStringLength(this.length, 'utf8');
    return toStringNode.call(this);
  }
  const len = this.length;
  let from = start;
  let to = end;
  if (from <= 0) from = 0;
  else if (from >= len) return '';
  else from = Math.trunc(from) || 0;
  if (to === undefined || to > len) to = len;
  else to = Math.trunc(to) || 0;
  if (to <= from) return '';
  checkStringLength(to - from, encoding);
  if (encoding === undefined) return toStringNode.call(this, 'utf8', from, to);
  const enc = `${encoding}`;
  if (!Buffer.isEncoding(enc)) throw coded(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);
  return toStringNode.call(this, enc, from, to);
};
const writeNode = proto.write;
proto.write = function write(string, offset, length, encoding) {
  // Node 20's own wording here.
  if (typeof string !== 'string') throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'argument must be a string');
  if (offset === undefined) return writeNode.call(this, string, 0, this.length, 'utf8');
  let at = offset;
  let len = length;
  let enc = encoding;
  if (length === undefined && typeof offset === 'string') {
    enc = offset;
    at = 0;
    len = this.length;
  } else {
    offsetArg(at, 'offset', 0, this.length);
    const remaining = this.length - at;
    if (len === undefined) {
      len = remaining;
    } else if (typeof len === 'string') {
      enc = len;
      len = remaining;
    } else {
      offsetArg(len, 'length', 0, this.length);
      if (len > remaining) len = remaining;
    }
  }
  if (enc !== undefined && !Buffer.isEncoding(enc)) {
    throw coded(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${enc}`);
  }
  return writeNode.call(this, string, at, len, enc === undefined ? 'utf8' : enc);
};
const byteLengthNode = Buffer.byteLength;
Buffer.byteLength = function byteLength(string, encoding) {
  if (typeof string !== 'string' && !ArrayBuffer.isView(string) && !(string instanceof ArrayBuffer) &&
      !(typeof SharedArrayBuffer === 'function' && string instanceof SharedArrayBuffer)) {
    throw argType('string', 'of type string or an instance of Buffer or ArrayBuffer', string);
  }
  if (typeof string !== 'string') return string.byteLength;
  return byteLengthNode.call(this, string, encoding);
};

const { atob, btoa } = require('hostrt:web/base64');

const TRANSCODABLE = new Set(['ascii', 'latin1', 'binary', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le', 'utf8', 'utf-8']);
function transcode(source, fromEnc, toEnc) {
  if (!(source instanceof Uint8Array)) {
    throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
      'The "source" argument must be an instance of Buffer or Uint8Array.');
  }
  const f = String(fromEnc).toLowerCase();
  const t = String(toEnc).toLowerCase();
  if (!TRANSCODABLE.has(f) || !TRANSCODABLE.has(t)) {
    const err = new Error(`Unable to transcode Buffer [U_ILLEGAL_ARGUMENT_ERROR]`);
    err.code = 'U_ILLEGAL_ARGUMENT_ERROR';
    throw err;
  }
  let text = Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString(f);
  // Characters the target cannot hold become '?', as ICU does.
  if (t === 'ascii') text = text.replace(/[^\x00-\x7f]/g, '?');
  else if (t === 'latin1' || t === 'binary') text = text.replace(/[^\x00-\xff]/gu, '?');
  return Buffer.from(text, t);
}

// --- Blob / File: in-memory, enough for size/type/slice/text/arrayBuffer ------------------------
const kBytes = Symbol('bytes');
const kFields = Symbol('inspected fields');
class Blob {
  constructor(parts = [], options = {}) {
    if (parts === null || typeof parts !== 'object' || typeof parts[Symbol.iterator] !== 'function') {
      throw codeError(TypeError, 'ERR_INVALID_ARG_TYPE',
        'The "sources" argument must be a sequence.');
    }
    const chunks = [];
    for (const part of parts) {
      if (part instanceof Blob) chunks.push(part[kBytes]);
      else if (part instanceof ArrayBuffer) chunks.push(new Uint8Array(part.slice(0)));
      else if (ArrayBuffer.isView(part)) chunks.push(Uint8Array.from(toBytes(part, 'sources')));
      else chunks.push(Buffer.from(String(part), 'utf8'));
    }
    this[kBytes] = Buffer.concat(chunks);
    const type = options.type === undefined ? '' : String(options.type);
    this.type = /^[\x20-\x7e]*$/.test(type) ? type.toLowerCase() : '';
    Object.defineProperty(this, kBytes, { enumerable: false });
    Object.defineProperty(this, 'type', { enumerable: false });
  }
  get size() { return this[kBytes].length; }
  slice(start = 0, end = this.size, type = '') {
    const b = new Blob([]);
    b[kBytes] = Buffer.from(this[kBytes].subarray(...clampRange(this.size, start, end)));
    b.type = String(type).toLowerCase();
    return b;
  }
  async text() { return this[kBytes].toString('utf8'); }
  async arrayBuffer() { return Uint8Array.from(this[kBytes]).buffer; }
  async bytes() { return Uint8Array.from(this[kBytes]); }
  stream() {
    const bytes = Uint8Array.from(this[kBytes]);
    const { ReadableStream } = require('stream/web');
    return new ReadableStream({
      type: 'bytes',
      start(controller) {
        if (bytes.length > 0) controller.enqueue(bytes);
        controller.close();
      },
    });
  }
  get [Symbol.toStringTag]() { return 'Blob'; }
  [Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect) {
    if (depth < 0) return this;
    return `${this.constructor.name} ${inspect(this[kFields](), { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
  }
  [kFields]() { return { size: this.size, type: this.type }; }
}
function clampRange(size, start, end) {
  const rel = (v) => (v < 0 ? Math.max(size + v, 0) : Math.min(v, size));
  return [rel(start), Math.max(rel(end), rel(start))];
}
class File extends Blob {
  constructor(bits, name, options = {}) {
    if (arguments.length < 2) {
      throw codeError(TypeError, 'ERR_MISSING_ARGS', 'The "fileBits" and "fileName" arguments must be specified');
    }
    super(bits, options);
    Object.defineProperty(this, 'name', { value: String(name), enumerable: false });
    Object.defineProperty(this, 'lastModified', {
      value: options.lastModified === undefined ? Date.now() : Number(options.lastModified), enumerable: false,
    });
  }
  get [Symbol.toStringTag]() { return 'File'; }
  [kFields]() { return { size: this.size, type: this.type, name: this.name, lastModified: this.lastModified }; }
}

let inspectMaxBytes = npm.INSPECT_MAX_BYTES;
module.exports = {
  Buffer,
  SlowBuffer,
  transcode,
  isUtf8,
  isAscii,
  kMaxLength: npm.kMaxLength,
  kStringMaxLength: MAX_STRING_LENGTH,
  btoa,
  atob,
  constants: { MAX_LENGTH: npm.kMaxLength, MAX_STRING_LENGTH },
  // How many bytes util.inspect shows of a Buffer (read there at each call), checked as Node.
  get INSPECT_MAX_BYTES() { return inspectMaxBytes; },
  set INSPECT_MAX_BYTES(value) {
    require('hostrt:errors').validateNumber(value, 'INSPECT_MAX_BYTES', 0);
    inspectMaxBytes = value;
  },
  Blob,
  resolveObjectURL() { return undefined; },
  File,
};
