'use strict';
require('../common');
const assert = require('assert');
const { AssertionError } = assert;

function message(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AssertionError);
    assert.strictEqual(err.code, 'ERR_ASSERTION');
    assert.strictEqual(err.name, 'AssertionError');
    return err;
  }
  throw new Error('did not throw');
}

let e = message(() => assert.strictEqual(1, 2));
assert.strictEqual(e.message, 'Expected values to be strictly equal:\n\n1 !== 2\n');
assert.strictEqual(e.actual, 1);
assert.strictEqual(e.expected, 2);
assert.strictEqual(e.operator, 'strictEqual');
assert.strictEqual(e.generatedMessage, true);
assert.deepStrictEqual(Object.keys(e), ['generatedMessage', 'code', 'actual', 'expected', 'operator']);
assert.match(e.stack, /^AssertionError \[ERR_ASSERTION\]: Expected values to be strictly equal:/);
assert.strictEqual(String(e).split('\n')[0], 'AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:');

e = message(() => assert.strictEqual(1, 2, 'custom'));
assert.strictEqual(e.message, 'custom\n\n1 !== 2\n');
assert.strictEqual(e.generatedMessage, false);

assert.strictEqual(message(() => assert.strictEqual('hello world foo', 'hello world bar')).message,
  "Expected values to be strictly equal:\n+ actual - expected\n\n+ 'hello world foo'\n- 'hello world bar'\n               ^");
assert.strictEqual(message(() => assert.strictEqual({ a: 1 }, { a: 1 })).message,
  'Values have same structure but are not reference-equal:\n\n{\n  a: 1\n}\n');
assert.strictEqual(message(() => assert.deepStrictEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] })).message,
  'Expected values to be strictly deep-equal:\n+ actual - expected\n\n  {\n    a: 1,\n    b: [\n      1,\n+     2\n-     3\n    ]\n  }');
assert.strictEqual(message(() => assert.deepStrictEqual([1, 2, 3], [1, 2])).message,
  'Expected values to be strictly deep-equal:\n+ actual - expected\n\n  [\n    1,\n    2,\n+   3\n  ]');
assert.strictEqual(message(() => assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 9])).message,
  'Expected values to be strictly deep-equal:\n+ actual - expected ... Lines skipped\n\n  [\n    1,\n...\n    6,\n    7,\n+   8\n-   9\n  ]');
assert.strictEqual(message(() => assert.deepStrictEqual(new Map([[1, 2]]), new Map([[1, 3]]))).message,
  'Expected values to be strictly deep-equal:\n+ actual - expected\n\n  Map(1) {\n+   1 => 2\n-   1 => 3\n  }');
assert.strictEqual(message(() => assert.equal(1, 2)).message, '1 == 2');
assert.strictEqual(message(() => assert.notEqual(1, '1')).message, "1 != '1'");
assert.strictEqual(message(() => assert.notStrictEqual(1, 1)).message, 'Expected "actual" to be strictly unequal to: 1');
assert.strictEqual(message(() => assert.notStrictEqual('abcdef', 'abcdef')).message,
  "Expected \"actual\" to be strictly unequal to:\n\n'abcdef'");
assert.strictEqual(message(() => assert.deepEqual({ a: 1 }, { a: 2 })).message,
  'Expected values to be loosely deep-equal:\n\n{\n  a: 1\n}\n\nshould loosely deep-equal\n\n{\n  a: 2\n}');
assert.strictEqual(message(() => assert.notDeepStrictEqual({ a: 1 }, { a: 1 })).message,
  'Expected "actual" not to be strictly deep-equal to:\n\n{\n  a: 1\n}\n');
assert.strictEqual(message(() => assert.fail()).message, 'Failed');
assert.strictEqual(message(() => assert.fail('boom')).message, 'boom');
assert.strictEqual(message(() => assert.match('abc', /x/)).message,
  "The input did not match the regular expression /x/. Input:\n\n'abc'\n");
assert.strictEqual(message(() => assert.doesNotMatch('x', /x/)).message,
  "The input was expected to not match the regular expression /x/. Input:\n\n'x'\n");
assert.strictEqual(message(() => assert.ifError(new Error('e'))).message, 'ifError got unwanted exception: e');

// ok() quotes the expression from the source.
assert.strictEqual(message(() => assert.ok(typeof 1 === 'string')).message,
  "The expression evaluated to a falsy value:\n\n  assert.ok(typeof 1 === 'string')\n");
assert.strictEqual(message(() => assert(null)).message, 'The expression evaluated to a falsy value:\n\n  assert(null)\n');
assert.strictEqual(message(() => assert.ok()).message, 'No value argument passed to `assert.ok()`');
assert.strictEqual(message(() => assert.ok(0, 'zero')).message, 'zero');

// Loose vs strict
assert.deepEqual({ a: '1' }, { a: 1 });
assert.deepEqual([1], ['1']);
assert.throws(() => assert.deepStrictEqual([1], ['1']), AssertionError);
assert.strictEqual(assert.strict.equal, assert.strictEqual);
assert.strictEqual(require('assert/strict'), assert.strict);
assert.throws(() => assert.strict.deepEqual({ a: '1' }, { a: 1 }), { operator: 'deepStrictEqual' });
assert.throws(() => assert.equal(1), { code: 'ERR_MISSING_ARGS' });

// An Error as message is thrown as is.
const own = new TypeError('mine');
assert.throws(() => assert.strictEqual(1, 2, own), (err) => err === own);

const custom = new AssertionError({ actual: 1, expected: 2, operator: 'strictEqual' });
assert.strictEqual(custom.message, 'Expected values to be strictly equal:\n\n1 !== 2\n');
