'use strict';
// node:assert, written after Node 20's documentation and observed messages. Strict deep
// equality is util.isDeepStrictEqual; the loose (legacy) comparison is here.
const util = require('util');
const { AssertionError, inspectValue } = require('./assertion_error.js');
const { codeError, invalidArgType, orderLike } = require('hostrt:errors');

const isRegExp = (v) => util.types.isRegExp(v);
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const NO_EXCEPTION = Symbol('no exception');

function innerFail(obj) {
  if (obj.message instanceof Error) throw obj.message;
  throw new AssertionError(obj);
}

// --- ok: quote the failing expression from the caller's source, as Node does ----------------------
function sourceOf(filename) {
  const mods = globalThis.__hostrt_modules;
  if (mods && typeof mods.source === 'function') return { text: mods.source(filename) };
  return undefined;
}
function callSite(fn) {
  const holder = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, fn);
  Error.stackTraceLimit = limit;
  const m = /\(?([^\s()]+):(\d+):(\d+)\)?\s*$/.exec(String(holder.stack).split('\n')[1] || '');
  return m ? { file: m[1], line: Number(m[2]), column: Number(m[3]) } : undefined;
}
function expressionAt(site) {
  const src = sourceOf(site.file);
  if (!src || typeof src.text !== 'string') return undefined;
  const lines = src.text.split('\n');
  let offset = 0;
  for (let i = 0; i < site.line - 1; i++) offset += lines[i].length + 1;
  // V8 reports the column of the called name (`ok` in `assert.ok(x)`); the loader's stack
  // formatter has already taken the module wrapper's width off line 1.
  let pos = offset + site.column - 1;
  const text = src.text;
  let start = pos;
  while (start > 0 && /[\p{ID_Continue}$.\s]/u.test(text[start - 1]) && !/\n/.test(text[start - 1])) start--;
  while (/\s/.test(text[start])) start++;
  pos = text.indexOf('(', pos);
  if (pos < 0) return undefined;
  let depth = 0;
  let quote = null;
  for (let i = pos; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}
function innerOk(fn, argLen, value, message) {
  if (value) return;
  let generated = false;
  if (argLen === 0) {
    generated = true;
    message = 'No value argument passed to `assert.ok()`';
  } else if (message == null) {
    generated = true;
    const site = callSite(fn);
    const code = site && expressionAt(site);
    message = code ? `The expression evaluated to a falsy value:\n\n  ${code}\n` : `${inspectValue(value)} == true`;
  } else if (message instanceof Error) {
    throw message;
  }
  const err = new AssertionError({ actual: value, expected: true, message, operator: '==', stackStartFn: fn });
  err.generatedMessage = generated;
  throw err;
}

function ok(...args) { innerOk(ok, args.length, ...args); }
const assert = module.exports = ok;
assert.ok = ok;
assert.AssertionError = AssertionError;

function checkArgs(args, names) {
  if (args.length < 2) {
    throw codeError(TypeError, 'ERR_MISSING_ARGS',
      `The "${names[0]}" and "${names[1]}" arguments must be specified`);
  }
}

let warnedFail = false;
assert.fail = function fail(actual, expected, message, operator, stackStartFn) {
  const argsLen = arguments.length;
  let internalMessage = false;
  if (actual == null && argsLen <= 1) {
    internalMessage = true;
    message = 'Failed';
  } else if (argsLen === 1) {
    message = actual;
    actual = undefined;
  } else {
    if (!warnedFail) {
      warnedFail = true;
      process.emitWarning('assert.fail() with more than one argument is deprecated. ' +
        'Please use assert.strictEqual() instead or only pass a message.', 'DeprecationWarning', 'DEP0094');
    }
    if (argsLen === 2) operator = '!=';
  }
  if (message instanceof Error) throw message;
  const err = new AssertionError({
    actual, expected, operator: operator === undefined ? 'fail' : operator, stackStartFn: stackStartFn || fail, message,
  });
  if (internalMessage) err.generatedMessage = true;
  throw err;
};

assert.equal = function equal(actual, expected, message) {
  checkArgs(arguments, ['actual', 'expected']);
  if (actual != expected && (!Number.isNaN(actual) || !Number.isNaN(expected))) {
    innerFail({ actual, expected, message, operator: '==', stackStartFn: equal });
  }
};
assert.notEqual = function notEqual(actual, expected, message) {
  checkArgs(arguments, ['actual', 'expected']);
  if (actual == expected || (Number.isNaN(actual) && Number.isNaN(expected))) {
    innerFail({ actual, expected, message, operator: '!=', stackStartFn: notEqual });
  }
};
assert.deepEqual = function deepEqual(actual, expected, message) {
  checkArgs(arguments, ['actual', 'expected']);
  if (!looseDeepEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'deepEqual', stackStartFn: deepEqual });
  }
};
assert.notDeepEqual = function notDeepEqual(actual, expected, message) {
  checkArgs(arguments, ['actual', 'expected']);
  if (looseDeepEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'notDeepEqual', stackStartFn: notDeepEqual });
  }
};
assert.deepStrictEqual = function deepStrictEqual(actual, expected, message) {
  checkArgs(arguments, ['actual', 'expected']);
  if (!util.isDeepStrictEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'deepStrictEqual', stackStartFn: deepStrictEqual });
  }
};
assert.notDeepStrictEqual = function notDeepStrictEqual(actual, expected, message) {
  checkArgs(arguments, ['actual', 'expected']);
  if (util.isDeepStrictEqual(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'notDeepStrictEqual', stackStartFn: notDeepStrictEqual });
  }
};
assert.strictEqual = function strictEqual(actual, expected, message) {
  checkArgs(arguments, ['actual', 'expected']);
  if (!Object.is(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'strictEqual', stackStartFn: strictEqual });
  }
};
assert.notStrictEqual = function notStrictEqual(actual, expected, message) {
  checkArgs(arguments, ['actual', 'expected']);
  if (Object.is(actual, expected)) {
    innerFail({ actual, expected, message, operator: 'notStrictEqual', stackStartFn: notStrictEqual });
  }
};

// --- loose deep equality (assert.deepEqual) ---------------------------------------------------------
function looseDeepEqual(a, b, memo = new Map()) {
  if (a === b) return true;
  const aObj = a !== null && typeof a === 'object';
  const bObj = b !== null && typeof b === 'object';
  if (!aObj || !bObj) {
    if (aObj || bObj) return false;
    // eslint-disable-next-line eqeqeq
    return a == b || (Number.isNaN(a) && Number.isNaN(b));
  }
  const T = util.types;
  const tag = Object.prototype.toString.call(a);
  if (tag !== Object.prototype.toString.call(b)) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (T.isDate(a) && a.getTime() !== b.getTime()) return false;
  if (isRegExp(a) && (String(a) !== String(b) || a.lastIndex !== b.lastIndex)) return false;
  if (T.isNativeError(a) || a instanceof Error) {
    if (a.message !== b.message || a.name !== b.name) return false;
  }
  if (T.isBoxedPrimitive(a) && !Object.is(a.valueOf(), b.valueOf())) return false;
  if (ArrayBuffer.isView(a)) {
    if (a.length !== b.length || a.byteLength !== b.byteLength) return false;
    for (let i = 0; i < a.length; i++) if (a[i] != b[i]) return false;  // eslint-disable-line eqeqeq
  }
  let seen = memo.get(a);
  if (seen && seen.has(b)) return true;
  if (!seen) memo.set(a, (seen = new Set()));
  seen.add(b);
  if (T.isSet(a)) {
    if (a.size !== b.size) return false;
    outer: for (const x of a) {
      if (b.has(x)) continue;
      for (const y of b) if (looseDeepEqual(x, y, memo)) continue outer;
      return false;
    }
  } else if (T.isMap(a)) {
    if (a.size !== b.size) return false;
    outer: for (const [k, v] of a) {
      if (b.has(k) && looseDeepEqual(v, b.get(k), memo)) continue;
      for (const [k2, v2] of b) if (looseDeepEqual(k, k2, memo) && looseDeepEqual(v, v2, memo)) continue outer;
      return false;
    }
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (ArrayBuffer.isView(a)) return keysA.length === keysB.length;
  if (keysA.length !== keysB.length) return false;
  for (const k of keysA) {
    if (!hasOwn(b, k) || !Object.prototype.propertyIsEnumerable.call(b, k)) return false;
    if (!looseDeepEqual(a[k], b[k], memo)) return false;
  }
  return true;
}

// --- throws / rejects -----------------------------------------------------------------------------------
class Comparison {
  constructor(obj, keys, actual) {
    for (const key of keys) {
      if (key in obj) {
        if (actual !== undefined && typeof actual[key] === 'string' && isRegExp(obj[key]) &&
            obj[key].exec(actual[key]) !== null) {
          this[key] = actual[key];
        } else {
          this[key] = obj[key];
        }
      }
    }
  }
}

function compareExceptionKey(actual, expected, key, message, keys, fn) {
  if (!(key in actual) || !util.isDeepStrictEqual(actual[key], expected[key])) {
    if (!message) {
      const a = new Comparison(actual, keys);
      const b = new Comparison(expected, keys, actual);
      const err = new AssertionError({ actual: a, expected: b, operator: 'deepStrictEqual', stackStartFn: fn });
      err.actual = actual;
      err.expected = expected;
      err.operator = fn.name;
      throw err;
    }
    innerFail({ actual, expected, message, operator: fn.name, stackStartFn: fn });
  }
}

function expectedException(actual, expected, message, fn) {
  let generatedMessage = false;
  let throwError = false;
  if (typeof expected !== 'function') {
    if (isRegExp(expected)) {
      const str = String(actual);
      if (expected.exec(str) !== null) return;
      if (!message) {
        generatedMessage = true;
        message = `The input did not match the regular expression ${util.inspect(expected)}. ` +
          `Input:\n\n${util.inspect(str)}\n`;
      }
      throwError = true;
    } else if (typeof actual !== 'object' || actual === null) {
      const err = new AssertionError({ actual, expected, message, operator: 'deepStrictEqual', stackStartFn: fn });
      err.operator = fn.name;
      throw err;
    } else {
      const keys = Object.keys(expected);
      if (expected instanceof Error) keys.push('name', 'message');
      else if (keys.length === 0) {
        throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
          `The argument 'error' may not be an empty object. Received {}`);
      }
      for (const key of keys) {
        if (typeof actual[key] === 'string' && isRegExp(expected[key]) && expected[key].exec(actual[key]) !== null) {
          continue;
        }
        compareExceptionKey(actual, expected, key, message, keys, fn);
      }
      return;
    }
  } else if (expected.prototype !== undefined && actual instanceof expected) {
    return;
  } else if (Error.isPrototypeOf(expected) || expected === Error) {
    if (!message) {
      generatedMessage = true;
      message = 'The error is expected to be an instance of ' +
        `"${expected.name}". Received `;
      if (actual instanceof Error || util.types.isNativeError(actual)) {
        const name = (actual.constructor && actual.constructor.name) || actual.name;
        if (expected.name === name) {
          message += 'an error with identical name but a different prototype.';
        } else {
          message += `"${name}"`;
        }
        if (actual.message) message += `\n\nError message:\n\n${actual.message}`;
      } else {
        message += `"${util.inspect(actual, { depth: -1 })}"`;
      }
    }
    throwError = true;
  } else {
    const res = Reflect.apply(expected, {}, [actual]);
    if (res !== true) {
      if (!message) {
        generatedMessage = true;
        const name = expected.name ? `"${expected.name}" ` : '';
        message = `The ${name}validation function is expected to return "true". Received ${util.inspect(res)}`;
        if (actual instanceof Error) message += `\n\nCaught error:\n\n${actual}`;
      }
      throwError = true;
    }
  }
  if (throwError) {
    const err = new AssertionError({ actual, expected, message, operator: fn.name, stackStartFn: fn });
    err.generatedMessage = generatedMessage;
    throw err;
  }
}

function getActual(fn) {
  if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
  try {
    fn();
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION;
}
async function waitForActual(promiseFn) {
  let resultPromise;
  if (typeof promiseFn === 'function') {
    resultPromise = promiseFn();
    if (!isThenable(resultPromise)) {
      throw codeError(TypeError, 'ERR_INVALID_RETURN_VALUE',
        'Expected instance of Promise to be returned from the "promiseFn" function but got ' +
        `${describeType(resultPromise)}.`);
    }
  } else if (isThenable(promiseFn)) {
    resultPromise = promiseFn;
  } else {
    throw invalidArgType('promiseFn', 'of type function or an instance of Promise', promiseFn);
  }
  try {
    await resultPromise;
  } catch (e) {
    return e;
  }
  return NO_EXCEPTION;
}
function isThenable(v) {
  return util.types.isPromise(v) ||
    (v !== null && typeof v === 'object' && typeof v.then === 'function' && typeof v.catch === 'function');
}
function describeType(v) {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return `function ${v.name}`;
  if (typeof v === 'object') return `an instance of ${v.constructor ? v.constructor.name : 'Object'}`;
  return `type ${typeof v} (${util.inspect(v)})`;
}

function expectsError(stackStartFn, actual, error, message) {
  if (typeof error === 'string') {
    if (arguments.length === 4) {
      throw invalidArgType('error', 'of type function or an instance of Error, RegExp, or Object', error);
    }
    if (typeof actual === 'object' && actual !== null) {
      if (actual.message === error) {
        throw codeError(TypeError, 'ERR_AMBIGUOUS_ARGUMENT',
          `The "error/message" argument is ambiguous. The error message "${actual.message}" is identical to the message.`);
      }
    } else if (actual === error) {
      throw codeError(TypeError, 'ERR_AMBIGUOUS_ARGUMENT',
        `The "error/message" argument is ambiguous. The error "${actual}" is identical to the message.`);
    }
    message = error;
    error = undefined;
  } else if (error != null && typeof error !== 'object' && typeof error !== 'function') {
    throw invalidArgType('error', 'of type function or an instance of Error, RegExp, or Object', error);
  }
  if (actual === NO_EXCEPTION) {
    let details = '';
    if (error && error.name) details += ` (${error.name})`;
    details += message ? `: ${message}` : '.';
    const fnType = stackStartFn === assert.rejects ? 'rejection' : 'exception';
    innerFail({ actual: undefined, expected: error, operator: stackStartFn.name,
      message: `Missing expected ${fnType}${details}`, stackStartFn });
  }
  if (!error) return;
  expectedException(actual, error, message, stackStartFn);
}

function hasMatchingError(actual, expected) {
  if (typeof expected !== 'function') {
    if (isRegExp(expected)) return expected.exec(String(actual)) !== null;
    throw invalidArgType('expected', 'of type function or an instance of RegExp', expected);
  }
  if (expected.prototype !== undefined && actual instanceof expected) return true;
  if (Error.isPrototypeOf(expected)) return false;
  return Reflect.apply(expected, {}, [actual]) === true;
}
function expectsNoError(stackStartFn, actual, error, message) {
  if (actual === NO_EXCEPTION) return;
  if (typeof error === 'string') {
    message = error;
    error = undefined;
  }
  if (!error || hasMatchingError(actual, error)) {
    const details = message ? `: ${message}` : '.';
    const fnType = stackStartFn === assert.doesNotReject ? 'rejection' : 'exception';
    innerFail({ actual, expected: error, operator: stackStartFn.name,
      message: `Got unwanted ${fnType}${details}\nActual message: "${actual && actual.message}"`, stackStartFn });
  }
  throw actual;
}

assert.throws = function throws(promiseFn, ...args) {
  expectsError(throws, getActual(promiseFn), ...args);
};
assert.rejects = async function rejects(promiseFn, ...args) {
  expectsError(rejects, await waitForActual(promiseFn), ...args);
};
assert.doesNotThrow = function doesNotThrow(fn, ...args) {
  expectsNoError(doesNotThrow, getActual(fn), ...args);
};
assert.doesNotReject = async function doesNotReject(fn, ...args) {
  expectsNoError(doesNotReject, await waitForActual(fn), ...args);
};

assert.ifError = function ifError(err) {
  if (err === null || err === undefined) return;
  let message = 'ifError got unwanted exception: ';
  if (typeof err === 'object' && typeof err.message === 'string') {
    if (err.message.length === 0 && err.constructor) message += err.constructor.name;
    else message += err.message;
  } else {
    message += util.inspect(err);
  }
  const newErr = new AssertionError({ actual: err, expected: null, operator: 'ifError', message, stackStartFn: ifError });
  // Keep the original error's stack below the assertion's, as Node does.
  const origStack = err && err.stack;
  if (typeof origStack === 'string') {
    const ownLines = String(newErr.stack).split('\n');
    newErr.stack = `${ownLines[0]}\n${origStack.split('\n').slice(1).join('\n')}`;
  }
  throw newErr;
};

function internalMatch(string, regexp, message, fn) {
  if (!isRegExp(regexp)) throw invalidArgType('regexp', 'an instance of RegExp', regexp);
  const match = fn === assert.match;
  if (typeof string !== 'string' || (regexp.exec(string) !== null) !== match) {
    if (message instanceof Error) throw message;
    const generated = !message;
    message = message || (typeof string !== 'string'
      ? `The "string" argument must be of type string. Received type ${typeof string} (${util.inspect(string)})`
      : (match
        ? 'The input did not match the regular expression '
        : 'The input was expected to not match the regular expression ') +
        `${util.inspect(regexp)}. Input:\n\n${util.inspect(string)}\n`);
    const err = new AssertionError({ actual: string, expected: regexp, message, operator: fn.name, stackStartFn: fn });
    err.generatedMessage = generated;
    throw err;
  }
}
assert.match = function match(string, regexp, message) { internalMatch(string, regexp, message, match); };
assert.doesNotMatch = function doesNotMatch(string, regexp, message) {
  internalMatch(string, regexp, message, doesNotMatch);
};

// --- CallTracker (deprecated in Node 20, still present) ----------------------------------------------------
class CallTracker {
  #calls = [];
  calls(fn = () => {}, exact = 1) {
    if (typeof fn === 'number') { exact = fn; fn = () => {}; }
    const entry = { fn, exact, actual: 0, stack: new Error(), args: [] };
    this.#calls.push(entry);
    const tracked = function (...args) {
      entry.actual++;
      entry.args.push({ thisArg: this, arguments: args });
      return Reflect.apply(fn, this, args);
    };
    Object.defineProperty(tracked, 'length', { value: fn.length });
    entry.tracked = tracked;
    return tracked;
  }
  getCalls(tracked) {
    const entry = this.#calls.find((e) => e.tracked === tracked);
    if (!entry) throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument 'fn' must be a tracked function.");
    return entry.args.slice();
  }
  reset(tracked) {
    for (const e of this.#calls) if (tracked === undefined || e.tracked === tracked) { e.actual = 0; e.args = []; }
  }
  report() {
    return this.#calls.filter((e) => e.actual !== e.exact).map((e) => ({
      message: `Expected the ${e.fn.name || 'fn'} function to be executed ${e.exact} time(s) but was ` +
        `executed ${e.actual} time(s).`,
      actual: e.actual, expected: e.exact, operator: e.fn.name || 'fn', stack: e.stack,
    }));
  }
  verify() {
    const errors = this.report();
    if (errors.length === 0) return;
    const message = errors.length === 1 ? errors[0].message : 'Functions were not called the expected number of times';
    throw new AssertionError({ message, details: errors });
  }
}
assert.CallTracker = CallTracker;

// --- assert.strict ------------------------------------------------------------------------------------
function strict(...args) { innerOk(strict, args.length, ...args); }
assert.strict = Object.assign(strict, assert, {
  equal: assert.strictEqual,
  deepEqual: assert.deepStrictEqual,
  notEqual: assert.notStrictEqual,
  notDeepEqual: assert.notDeepStrictEqual,
});
assert.strict.strict = assert.strict;
orderLike(assert, ['fail', 'AssertionError', 'ok', 'equal', 'notEqual', 'deepEqual', 'notDeepEqual',
  'deepStrictEqual', 'notDeepStrictEqual', 'strictEqual', 'notStrictEqual', 'throws', 'rejects',
  'doesNotThrow', 'doesNotReject', 'ifError', 'match', 'doesNotMatch', 'CallTracker', 'strict']);
