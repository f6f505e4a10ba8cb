// probe: assert ok/equal/deepStrictEqual/throws/rejects and AssertionError fields
// api: assert.deepStrictEqual
const assert = require('assert');
assert.ok(true);
assert.strictEqual(1, 1);
assert.deepStrictEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] });
assert.throws(() => { throw new TypeError('bad'); }, TypeError);
try { assert.strictEqual(1, 2); } catch (e) {
  console.log(e.name, e.code, e.actual, e.expected, e.operator);
}
try { assert.deepStrictEqual([1], [2], 'custom message'); } catch (e) { console.log(e.message); }
assert.rejects(Promise.reject(new Error('r')), /r/).then(() => console.log('rejects ok'));
console.log(typeof assert.strict, assert.AssertionError.name);
