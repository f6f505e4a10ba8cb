'use strict';
// assert.fail with Object.prototype.get set (descriptors must not inherit it), and the message
// rejects/doesNotReject give a promiseFn that returns no promise.
const assert = require('assert');
Object.prototype.get = () => { throw new Error('get called'); };
let caught;
try { assert.fail(''); } catch (e) { caught = e; }
delete Object.prototype.get;
console.log(caught.code, JSON.stringify(caught.message));
(async () => {
  for (const fn of [() => undefined, () => null, () => 1, function named() {}, () => () => {}]) {
    await assert.rejects(fn).catch((e) => console.log(e.code, e.message));
    await assert.doesNotReject(fn).catch((e) => console.log(e.code, e.message));
  }
})();
