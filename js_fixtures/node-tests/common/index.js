'use strict';
// A small `common` module for tests written in the style of Node's test/parallel, ours (not
// Node's): the same file runs under real Node and under hostrt.
const assert = require('assert');
const util = require('util');

const mustCallChecks = [];

function runCallChecks(exitCode) {
  if (exitCode !== 0) return;
  const failed = mustCallChecks.filter((ctx) => {
    if ('minimum' in ctx) return ctx.actual < ctx.minimum;
    return ctx.actual !== ctx.exact;
  });
  for (const ctx of failed) {
    const expected = 'minimum' in ctx ? `at least ${ctx.minimum}` : `exactly ${ctx.exact}`;
    process.stderr.write(`Mismatched ${ctx.name} function calls. Expected ${expected}, actual ${ctx.actual}.\n` +
      `${ctx.stack}\n`);
  }
  if (failed.length > 0) process.exit(1);
}

function makeMustCall(fn, field, count) {
  if (typeof fn === 'number') {
    count = fn;
    fn = () => {};
  } else if (fn === undefined) {
    fn = () => {};
  }
  if (mustCallChecks.length === 0) process.on('exit', runCallChecks);
  const context = {
    [field]: count,
    actual: 0,
    name: fn.name || '<anonymous>',
    stack: String(new Error().stack).split('\n').slice(3).join('\n'),
  };
  mustCallChecks.push(context);
  const wrapped = function (...args) {
    context.actual++;
    return Reflect.apply(fn, this, args);
  };
  Object.defineProperty(wrapped, 'length', { value: fn.length });
  return wrapped;
}

function mustCall(fn, exact) {
  return makeMustCall(fn, 'exact', exact === undefined ? 1 : exact);
}
function mustCallAtLeast(fn, minimum) {
  return makeMustCall(fn, 'minimum', minimum === undefined ? 1 : minimum);
}
function mustNotCall(msg) {
  return function mustNotCall(...args) {
    const argsInfo = args.length > 0 ? `\ncalled with arguments: ${args.map((a) => util.inspect(a)).join(', ')}` : '';
    assert.fail(`${msg || 'function should not have been called'}${argsInfo}`);
  };
}
function mustSucceed(fn, exact) {
  return mustCall(function (err, ...args) {
    assert.ifError(err);
    if (typeof fn === 'function') return Reflect.apply(fn, this, args);
    return undefined;
  }, exact);
}
// Returns a function that checks the error it is given against `validator` (as assert.throws).
function expectsError(validator, exact) {
  return mustCall((...args) => {
    if (args.length !== 1) assert.fail(`Expected one argument, got ${util.inspect(args)}`);
    const error = args[0];
    assert.throws(() => { throw error; }, validator);
    return true;
  }, exact);
}
function skip(msg) {
  process.stdout.write(`1..0 # Skipped: ${msg}\n`);
  process.exit(0);
}
// The "Received ..." tail of Node's ERR_INVALID_ARG_TYPE messages.
function invalidArgTypeHelper(input) {
  if (input == null) return ` Received ${input}`;
  if (typeof input === 'function') return ` Received function ${input.name}`;
  if (typeof input === 'object') {
    if (input.constructor && input.constructor.name) return ` Received an instance of ${input.constructor.name}`;
    return ` Received ${util.inspect(input, { depth: -1 })}`;
  }
  let inspected = util.inspect(input, { colors: false });
  if (inspected.length > 28) inspected = `${inspected.slice(0, 25)}...`;
  return ` Received type ${typeof input} (${inspected})`;
}

const isHostrt = typeof globalThis.__hostrt === 'object';

module.exports = {
  mustCall,
  mustCallAtLeast,
  mustNotCall,
  mustSucceed,
  expectsError,
  skip,
  invalidArgTypeHelper,
  isHostrt,
  isWindows: process.platform === 'win32',
  isLinux: process.platform === 'linux',
  isOSX: process.platform === 'darwin',
  isAIX: process.platform === 'aix',
  isSunOS: process.platform === 'sunos',
  isFreeBSD: process.platform === 'freebsd',
  isMainThread: true,
  platformTimeout: (ms) => ms,
};
// Loaded on demand: requiring crypto is not free.
Object.defineProperty(module.exports, 'hasCrypto', {
  enumerable: true,
  get() { try { require('crypto'); return true; } catch { return false; } },
});
