'use strict';
const common = require('../common');
const assert = require('assert');
const { promisify, callbackify } = require('util');

assert.strictEqual(promisify.custom, Symbol.for('nodejs.util.promisify.custom'));

function cbFn(a, cb) { setTimeout(() => cb(a < 0 ? new Error('neg') : null, a * 2, 'ignored'), 1); }
cbFn.extra = 'kept';
const p = promisify(cbFn);
assert.strictEqual(p.extra, 'kept');
assert.strictEqual(p.name, 'cbFn');
assert.strictEqual(promisify(p), p);
p(2).then(common.mustCall((v) => assert.strictEqual(v, 4)));
assert.rejects(p(-1), { message: 'neg' }).then(common.mustCall());

function withCustom() {}
const custom = () => Promise.resolve('custom');
withCustom[promisify.custom] = custom;
assert.strictEqual(promisify(withCustom), custom);
assert.throws(() => promisify(1), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "original" argument must be of type function.' + common.invalidArgTypeHelper(1),
});

// `this` is passed through.
const obj = { v: 3, get(cb) { cb(null, this.v); } };
obj.getP = promisify(obj.get);
obj.getP().then(common.mustCall((v) => assert.strictEqual(v, 3)));

async function addOne(x) { if (x === 0) throw null; if (x < 0) throw new Error('bad'); return x + 1; }
const cb = callbackify(addOne);
assert.strictEqual(cb.name, 'addOneCallbackified');
assert.strictEqual(cb.length, 2);
cb(1, common.mustSucceed((v) => assert.strictEqual(v, 2)));
cb(-1, common.mustCall((err) => assert.strictEqual(err.message, 'bad')));
cb(0, common.mustCall((err) => {
  assert.strictEqual(err.code, 'ERR_FALSY_VALUE_REJECTION');
  assert.strictEqual(err.message, 'Promise was rejected with falsy value');
  assert.strictEqual(err.reason, null);
}));
// The callback runs on a later tick, not synchronously.
let sync = true;
cb(5, common.mustCall(() => assert.strictEqual(sync, false)));
sync = false;
assert.throws(() => cb(1), { code: 'ERR_INVALID_ARG_TYPE' });
