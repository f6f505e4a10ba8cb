'use strict';
const common = require('../common');
const assert = require('assert');
const util = require('util');

// inherits
function A() {}
A.prototype.hi = () => 'hi';
function B() { A.call(this); }
util.inherits(B, A);
assert.strictEqual(new B().hi(), 'hi');
assert.strictEqual(B.super_, A);
assert.throws(() => util.inherits(B, null), { code: 'ERR_INVALID_ARG_TYPE' });
assert.throws(() => util.inherits(B, {}), { code: 'ERR_INVALID_ARG_TYPE', message: /superCtor\.prototype/ });

// deprecate: warns once per code, still calls through (also with new).
process.on('warning', common.mustCall((w) => {
  assert.strictEqual(w.name, 'DeprecationWarning');
  assert.strictEqual(w.code, 'DEP0999');
  assert.strictEqual(w.message, 'old thing');
}));
const dep = util.deprecate((x) => x * 2, 'old thing', 'DEP0999');
assert.strictEqual(dep(2), 4);
assert.strictEqual(dep(3), 6);
const dep2 = util.deprecate(function () { return 1; }, 'old thing', 'DEP0999');
dep2();  // same code: no second warning
class K { constructor(v) { this.v = v; } }
const DK = util.deprecate(K, 'k is old', 'DEP0998x');
process.noDeprecation = true;
assert.strictEqual(new DK(4).v, 4);
process.noDeprecation = false;

// strings
assert.strictEqual(util.toUSVString('a\ud800b'), 'a\ufffdb');
assert.strictEqual(util.stripVTControlCharacters('\u001b[31mred\u001b[39m'), 'red');
assert.strictEqual(util.styleText(['bold', 'red'], 'x'), '\u001b[1m\u001b[31mx\u001b[39m\u001b[22m');
assert.strictEqual(util.styleText('red', 'x', { validateStream: false }), '\u001b[31mx\u001b[39m');
assert.throws(() => util.styleText('nope', 'x'), { code: 'ERR_INVALID_ARG_VALUE', message: /^The argument 'format' must be one of: 'reset', 'bold'/ });

// deep equality, format, inspect exist and agree with Node
assert.strictEqual(util.isDeepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
assert.strictEqual(util.isDeepStrictEqual([1], ['1']), false);
assert.strictEqual(util.format('%s=%d %j', 'a', 42, { x: 1 }), 'a=42 {"x":1}');
assert.strictEqual(util.inspect({ a: { b: { c: { d: 1 } } } }), '{ a: { b: { c: [Object] } } }');

// errors by number
assert.strictEqual(util.getSystemErrorName(-2), 'ENOENT');
assert.deepStrictEqual(util.getSystemErrorMap().get(-13), ['EACCES', 'permission denied']);
assert.throws(() => util.getSystemErrorName(2), { code: 'ERR_OUT_OF_RANGE' });

// debuglog is off unless NODE_DEBUG names the section
const dbg = util.debuglog('hostrt_test_section');
assert.strictEqual(dbg.enabled, false);
dbg('not printed');

// legacy predicates
assert.strictEqual(util.isArray([]), true);
assert.strictEqual(util.isPrimitive(null), true);
assert.strictEqual(util.isPrimitive({}), false);
assert.strictEqual(util.isError(new TypeError()), true);
assert.strictEqual(util.isRegExp(/x/), true);
assert.strictEqual(util.isDate(new Date()), true);

