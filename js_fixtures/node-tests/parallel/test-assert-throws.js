'use strict';
const common = require('../common');
const assert = require('assert');

assert.throws(() => { throw new TypeError('bad'); }, TypeError);
assert.throws(() => { throw new TypeError('bad'); }, /^TypeError: bad$/);
assert.throws(() => { throw new TypeError('bad'); }, { name: 'TypeError', message: /ba/ });
assert.throws(() => { throw new TypeError('bad'); }, (err) => err instanceof TypeError);

function check(fn, expected) {
  try {
    fn();
  } catch (err) {
    assert.strictEqual(err.code, 'ERR_ASSERTION');
    for (const [k, v] of Object.entries(expected)) assert.strictEqual(err[k], v, k);
    return;
  }
  assert.fail('no error');
}
check(() => assert.throws(() => {}), { message: 'Missing expected exception.', operator: 'throws', generatedMessage: false });
check(() => assert.throws(() => {}, TypeError, 'msg'), { message: 'Missing expected exception (TypeError): msg' });
check(() => assert.throws(() => {}, 'msg2'), { message: 'Missing expected exception: msg2' });
check(() => assert.throws(() => { throw new TypeError('t'); }, RangeError),
  { message: 'The error is expected to be an instance of "RangeError". Received "TypeError"\n\nError message:\n\nt' });
check(() => assert.throws(() => { throw new Error('m'); }, { message: 'n', name: 'Error' }),
  { message: "Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Comparison {\n+   message: 'm',\n-   message: 'n',\n    name: 'Error'\n  }", operator: 'throws' });
check(() => assert.throws(() => { throw new Error('m'); }, () => false),
  { message: 'The validation function is expected to return "true". Received false\n\nCaught error:\n\nError: m' });
check(() => assert.throws(() => { throw new Error('x'); }, /y/),
  { message: "The input did not match the regular expression /y/. Input:\n\n'Error: x'\n" });
check(() => assert.doesNotThrow(() => { throw new Error('d'); }), { message: 'Got unwanted exception.\nActual message: "d"' });
check(() => assert.doesNotThrow(() => { throw new Error('d'); }, 'why'), { message: 'Got unwanted exception: why\nActual message: "d"' });
assert.throws(() => assert.doesNotThrow(() => { throw new TypeError('x'); }, RangeError), TypeError);
assert.throws(() => assert.throws('nope'), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "fn" argument must be of type function.' + common.invalidArgTypeHelper('nope'),
});
assert.throws(() => assert.throws(() => { throw new Error('abc'); }, 'abc'), { code: 'ERR_AMBIGUOUS_ARGUMENT' });

(async () => {
  await assert.rejects(Promise.reject(new Error('r')), /r/);
  await assert.rejects(async () => { throw new TypeError('ok'); }, TypeError);
  await assert.rejects(assert.rejects(Promise.resolve(1)), { message: 'Missing expected rejection.' });
  await assert.rejects(assert.rejects(() => 1), { code: 'ERR_INVALID_RETURN_VALUE' });
  await assert.rejects(assert.doesNotReject(Promise.reject(new Error('q'))), {
    message: 'Got unwanted rejection.\nActual message: "q"',
  });
  await assert.doesNotReject(Promise.resolve(2));
})().then(common.mustCall());
