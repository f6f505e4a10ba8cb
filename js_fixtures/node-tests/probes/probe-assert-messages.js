// Differential probe: run by real Node and by hostrt; stdout must be identical.
'use strict';
const assert = require('assert');
const cases = [
  () => assert.strictEqual(1, 2), () => assert.strictEqual('a\nb', 'a\nc'),
  () => assert.deepStrictEqual({ a: 1, b: [1, 2] }, { a: 1, b: [1, 3] }), () => assert.equal(1, 2),
  () => assert.notStrictEqual(1, 1), () => assert.deepEqual({ a: 1 }, { a: 2 }), () => assert.throws(() => {}),
  () => assert.throws(() => { throw new Error('x'); }, /y/), () => assert.match('abc', /x/), () => assert.fail('boom'),
  () => assert.fail(), () => assert.strictEqual(1, 2, 'custom'), () => assert.notDeepStrictEqual({ a: 1 }, { a: 1 }),
  () => assert.ifError(new Error('e')), () => assert.strictEqual([1, 2, 3].join(), '1,2'),
  () => assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4, 5, 6, 7, 9]),
  () => assert.throws(() => { throw new TypeError('t'); }, RangeError),
  () => assert.throws(() => { throw new Error('m'); }, { message: 'n' }),
  () => assert.doesNotThrow(() => { throw new Error('d'); }), () => assert.strictEqual(NaN, 0),
  () => assert.deepStrictEqual(1, '1'), () => assert.ok(null, 'msg'),
  () => assert.throws(() => { throw new Error('m'); }, { message: 'n', name: 'Error' }),
  () => assert.throws(() => { throw new Error('m'); }, (e) => false),
  () => assert.throws(() => { throw 'str'; }, TypeError), () => assert.throws(() => {}, TypeError, 'msg'),
  () => assert.throws(() => {}, 'msg2'), () => assert.deepStrictEqual([1, 2, 3], [1, 2]),
  () => assert.deepStrictEqual({ a: 1 }, { a: 1, b: 2 }), () => assert.strictEqual({ a: 1 }, { a: 1 }),
  () => assert.strictEqual('hello world foo', 'hello world bar'),
  () => assert.deepStrictEqual(new Map([[1, 2]]), new Map([[1, 3]])),
  () => assert.notDeepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  () => assert.notStrictEqual('abcdef', 'abcdef'), () => assert.notEqual(1, '1'),
  () => assert.notDeepEqual({ a: 1 }, { a: 1 }), () => assert.match(1, /x/), () => assert.doesNotMatch('x', /x/),
  () => assert.ifError('str'), () => assert.deepStrictEqual({ a: { b: { c: { d: 1 } } } }, { a: { b: { c: { d: 2 } } } }),
  () => assert.strictEqual(1, '1'), () => assert.strictEqual(0, -0),
  () => assert.deepStrictEqual(Array.from({ length: 30 }, (_, i) => i), Array.from({ length: 30 }, (_, i) => (i === 15 ? -1 : i))),
  () => assert.deepStrictEqual({ x: 'a'.repeat(100) }, { x: 'b'.repeat(100) }),
  () => assert.deepStrictEqual([{ a: 1 }, { b: 2 }], [{ a: 1 }, { b: 3 }]),
  () => assert.deepStrictEqual(Array.from({ length: 120 }, (_, i) => i), Array.from({ length: 120 }, (_, i) => -i)),
  () => assert.deepStrictEqual({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }, { a: 0, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }),
  () => assert.deepStrictEqual([1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 2, 3, 4, 5, 6, 7, 8, 0]),
  () => assert.deepStrictEqual({ a: Symbol('s') }, { a: Symbol('s') }),
  () => assert.deepEqual(1, 2), () => assert.deepEqual({ a: '1' }, { a: 1 }), () => assert.deepEqual([1], ['1']),
  () => assert.deepEqual(new Set([1]), new Set(['1'])), () => assert.notDeepEqual([1], ['1']),
  () => assert.strictEqual(undefined, null), () => assert.strictEqual(1n, 1), () => assert.strictEqual(true, false),
  () => assert.strict.equal(1, '1'), () => assert.strict.deepEqual([1], ['1']), () => assert.strictEqual('', ' '),
  () => assert.deepStrictEqual(new Date(0), new Date(1)), () => assert.deepStrictEqual(/a/g, /a/i),
  () => assert.strictEqual(function f() {}, function g() {}),
  () => assert.fail(1, 2), () => assert.fail(1, 2, 'm3'), () => assert.fail(1, 2, undefined, '>'),
  () => assert.equal(1), () => assert.throws('nope'), () => assert.throws(() => { throw new Error('abc'); }, 'abc'),
  () => assert.doesNotThrow(() => { throw new Error('d'); }, 'why'), () => assert.doesNotThrow(() => { throw new TypeError('x'); }, RangeError),
  () => assert.throws(() => { throw new Error('e1'); }, {}),
  () => assert.strictEqual('a'.repeat(30) + 'x', 'a'.repeat(30) + 'y'),
  () => assert.deepStrictEqual({ a: [1, 2, { b: 3 }], c: 'x' }, { a: [1, 2, { b: 4 }], c: 'y' }),
  () => assert.strictEqual(12345678, 12345679),
  () => assert.strictEqual('ab', 'abc'),
];
for (const c of cases) {
  try { c(); console.log('no throw'); } catch (e) {
    console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message, op: e.operator, gen: e.generatedMessage, actualType: typeof e.actual, expectedType: typeof e.expected, str: String(e).split('\n')[0], stack0: String(e.stack).split('\n')[0] }));
  }
}
(async () => {
  for (const c of [() => assert.rejects(Promise.resolve(1)), () => assert.rejects(Promise.reject(new Error('r')), /x/), () => assert.rejects(() => 1), () => assert.doesNotReject(Promise.reject(new Error('q'))), () => assert.rejects(async () => { throw new TypeError('ok'); }, TypeError)]) {
    try { await c(); console.log('no throw'); } catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message, op: e.operator, gen: e.generatedMessage })); }
  }
})();
