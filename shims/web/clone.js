// structuredClone with the HTML structured-clone semantics Node 20 gets from V8's serializer:
// primitives, wrapper objects, Date, RegExp, ArrayBuffer (and views, sharing one copied buffer),
// Map, Set, Error types (name, message, stack, cause), arrays (holes and extra keys kept) and
// ordinary objects (own enumerable string keys; prototypes are not kept). Functions, symbols and
// other exotic objects throw DataCloneError. `transfer` detaches ArrayBuffers when V8 can.
'use strict';
const { DOMException } = require('hostrt:web/domexception');
const { coded, invalidArgType } = require('hostrt:web/errors');

const ERROR_TYPES = new Map([EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError]
  .map((C) => [C.prototype, C]));
const TYPED = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array,
  Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array];

function cannotClone(value) {
  let shown;
  if (typeof value === 'symbol') shown = value.toString();
  else if (typeof value === 'function') shown = Function.prototype.toString.call(value);
  else shown = `#<${(value && value.constructor && value.constructor.name) || 'Object'}>`;
  return new DOMException(`${shown} could not be cloned.`, 'DataCloneError');
}

function errorConstructor(err) {
  for (let p = Object.getPrototypeOf(err); p !== null; p = Object.getPrototypeOf(p)) {
    if (ERROR_TYPES.has(p)) return ERROR_TYPES.get(p);
    if (p === Error.prototype) return Error;
  }
  return Error;
}

function clone(value, memo) {
  if (typeof value === 'symbol' || typeof value === 'function') throw cannotClone(value);
  if (value === null || typeof value !== 'object') return value;
  if (memo.has(value)) return memo.get(value);
  let out;
  if (Array.isArray(value)) {
    out = new Array(value.length);
    memo.set(value, out);
    for (const key of Object.keys(value)) out[key] = clone(value[key], memo);
    return out;
  }
  if (value instanceof Date) out = new Date(value.getTime());
  else if (value instanceof RegExp) out = new RegExp(value.source, value.flags);
  else if (value instanceof Boolean) out = new Boolean(value.valueOf());
  else if (value instanceof Number) out = new Number(value.valueOf());
  else if (value instanceof String) out = new String(value.valueOf());
  else if (value instanceof BigInt) out = Object(value.valueOf());
  else if (value instanceof ArrayBuffer) out = value.slice(0);
  else if (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer) out = value;
  else if (ArrayBuffer.isView(value)) {
    const buffer = clone(value.buffer, memo);
    if (value instanceof DataView) out = new DataView(buffer, value.byteOffset, value.byteLength);
    else {
      // Node's Buffer (a Uint8Array subclass) comes back as a plain Uint8Array, as in Node.
      const Ctor = TYPED.find((C) => value instanceof C);
      out = new Ctor(buffer, value.byteOffset, value.length);
    }
  } else if (value instanceof Map) {
    out = new Map();
    memo.set(value, out);
    for (const [k, v] of value) out.set(clone(k, memo), clone(v, memo));
    return out;
  } else if (value instanceof Set) {
    out = new Set();
    memo.set(value, out);
    for (const v of value) out.add(clone(v, memo));
    return out;
  } else if (value instanceof Error) {
    const Ctor = errorConstructor(value);
    out = Object.create(Ctor.prototype);
    memo.set(value, out);
    const define = (k, v) => Object.defineProperty(out, k,
      { value: v, writable: true, configurable: true, enumerable: false });
    const message = Object.getOwnPropertyDescriptor(value, 'message');
    if (message !== undefined) define('message', String(message.value));
    define('stack', typeof value.stack === 'string' ? value.stack : undefined);
    if (Object.prototype.hasOwnProperty.call(value, 'cause')) define('cause', clone(value.cause, memo));
    return out;
  } else if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet ||
             value instanceof WeakRef || value instanceof DOMException) {
    throw cannotClone(value);
  } else {
    out = {};
    memo.set(value, out);
    for (const key of Object.keys(value)) out[key] = clone(value[key], memo);
    return out;
  }
  memo.set(value, out);
  return out;
}

function structuredClone(value, options = undefined) {
  if (arguments.length === 0) throw coded(TypeError, 'ERR_MISSING_ARGS', 'The value argument must be specified');
  const memo = new Map();
  if (options !== undefined && options !== null) {
    // Node's own wording for these two.
    if (typeof options !== 'object') {
      throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'The options argument must be either an object or undefined');
    }
    const transfer = options.transfer;
    if (transfer !== undefined && transfer !== null &&
        (typeof transfer !== 'object' || typeof transfer[Symbol.iterator] !== 'function')) {
      throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'Optional transferList argument must be an iterable');
    }
    if (transfer !== undefined && transfer !== null) {
      for (const buf of transfer) {
        if (!(buf instanceof ArrayBuffer)) throw cannotClone(buf);
        if (memo.has(buf)) {
          throw new DOMException('ArrayBuffer occurs in the transfer array more than once.',
            'DataCloneError');
        }
        memo.set(buf, null);
      }
      const moved = clone(value, new Map([...memo.keys()].map((b) => [b, b.slice(0)])));
      // Detach the originals, as a transfer does (V8 ≥ 11.4 has ArrayBuffer.prototype.transfer).
      for (const buf of memo.keys()) if (typeof buf.transfer === 'function') buf.transfer();
      return moved;
    }
  }
  return clone(value, memo);
}

module.exports = { structuredClone };
