'use strict';
// Node-style errors for hostrt's shims: `err.code` and Node's message wording, e.g.
// `The "listener" argument must be of type function. Received type number (1)`.

function describeReceived(value) {
  if (value === null) return 'Received null';
  if (value === undefined) return 'Received undefined';
  // As Node: an anonymous function reads `Received function ` (nothing after it).
  if (typeof value === 'function') return `Received function ${value.name}`;
  if (typeof value === 'object') {
    const ctor = value.constructor;
    if (ctor && typeof ctor.name === 'string' && ctor.name) return `Received an instance of ${ctor.name}`;
    return `Received ${short(value)}`;
  }
  // As Node 20: a long string is cut before it is quoted; a bigint is never cut.
  if (typeof value === 'string' && value.length > 28) return `Received type string (${plain(`${value.slice(0, 25)}...`)})`;
  if (typeof value === 'bigint') return `Received type bigint (${value}n)`;
  return `Received type ${typeof value} (${short(value)})`;
}
function plain(value) {
  try {
    return require('util').inspect(value, { colors: false });
  } catch {
    return typeof value === 'string' ? `'${value}'` : String(value);
  }
}
function short(value) {
  const s = typeof value === 'bigint' ? `${value}n` : plain(value);
  return s.length > 28 ? `${s.slice(0, 25)}...` : s;
}

/** An error of class Ctor with Node's `code` (shown as `Name [CODE]: message` in stacks). */
function codeError(Ctor, code, message) {
  const err = new Ctor(message);
  Object.defineProperty(err, 'code', { value: code, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(err, 'toString', {
    value() { return `${this.name} [${this.code}]: ${this.message}`; },
    enumerable: false, writable: true, configurable: true,
  });
  // Node puts the code in the name part of the stack: `TypeError [ERR_X]: message`.
  if (typeof err.stack === 'string') {
    err.stack = err.stack.replace(/^[^:\n]*(?=:)/, `${err.name} [${code}]`);
  }
  return err;
}

/** `expected` is the phrase after "must be", e.g. 'of type function'. */
function invalidArgType(name, expected, actual) {
  const what = name.endsWith(' argument') ? name : name.includes('.') ? `"${name}" property` : `"${name}" argument`;
  return codeError(TypeError, 'ERR_INVALID_ARG_TYPE', `The ${what} must be ${expected}. ${describeReceived(actual)}`);
}
function outOfRange(name, range, actual) {
  let shown = short(actual);
  if (typeof actual === 'number' && Number.isInteger(actual) && Math.abs(actual) > 2 ** 32) {
    shown = String(actual).replace(/(\d)(?=(\d{3})+$)/g, '$1_');
  }
  return codeError(RangeError, 'ERR_OUT_OF_RANGE',
    `The value of "${name}" is out of range. It must be ${range}. Received ${shown}`);
}
/** Node's AbortError (events.once, timers/promises, ...): `code` and `name` own properties, the
 *  abort reason as the (non-enumerable) `cause`, printed `AbortError: ...` with no code. */
class AbortError extends Error {
  constructor(message = 'The operation was aborted', options = undefined) {
    super(message, options);
    this.code = 'ABORT_ERR';
    this.name = 'AbortError';
  }
}
function abortError(cause) {
  return new AbortError(undefined, { cause });
}
function validateFunction(value, name) {
  if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value);
}
function validateNumber(value, name, min, max) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if ((min !== undefined && value < min) || (max !== undefined && value > max) || Number.isNaN(value)) {
    const range = max === undefined ? `>= ${min}` : `>= ${min} && <= ${max}`;
    throw outOfRange(name, range, value);
  }
}
function validateObject(value, name) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgType(name, 'of type object', value);
  }
}
function validateBoolean(value, name) {
  if (typeof value !== 'boolean') throw invalidArgType(name, 'of type boolean', value);
}
function validateString(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value);
}
function validateAbortSignal(signal, name) {
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw invalidArgType(name, 'an instance of AbortSignal', signal);
  }
}

/** Re-create `obj`'s own properties in Node's order (`Object.keys` and inspect show it). */
function orderLike(obj, names) {
  const rest = Reflect.ownKeys(obj).filter((k) => !names.includes(k));
  for (const key of [...names, ...rest]) {
    const d = Object.getOwnPropertyDescriptor(obj, key);
    if (d === undefined || !d.configurable) continue;
    delete obj[key];
    Object.defineProperty(obj, key, d);
  }
  return obj;
}

module.exports = {
  orderLike,
  codeError, invalidArgType, outOfRange, AbortError, abortError, describeReceived,
  validateFunction, validateNumber, validateObject, validateBoolean, validateString, validateAbortSignal,
};
