'use strict';
// Differential corpus for the util.inspect/format shim. Each case is {name, fn}; fn receives
// (inspect, format, env) and returns the string to compare. env = {formatWithOptions,
// stripVTControlCharacters, isDeepStrictEqual, makeBuffer}. The same fn runs against Node's
// `util` and against shims/util/inspect.js (see run_inspect_corpus.js).
//
// Rules: no Node-only values (no Buffer/process); everything is built from ES built-ins so the
// corpus also runs inside a bare V8 isolate. env.makeBuffer(bytes) gives a real Buffer on the
// Node side and a `class Buffer extends Uint8Array {}` on the shim side — that is the
// "real Buffer vs our Buffer detection" check. (Node itself prints a fake Buffer class as
// `Buffer(2) [Uint8Array] [ 104, 105 ]`; our shim deliberately prints `<Buffer 68 69>` for any
// Uint8Array subclass named Buffer, so the hostrt Buffer shim needs no inspect hook.)

const cases = [];
const add = (name, fn) => cases.push({ name, fn });
const I = (name, valueFn, opts) => add(name, (inspect) => inspect(valueFn(), opts));

// ------------------------------------------------------------------ format specifiers
add('format no args', (i, f) => f());
add('format plain string', (i, f) => f('hello'));
add('format %s string', (i, f) => f('a %s b', 'x'));
add('format %s number', (i, f) => f('%s', 42));
add('format %s -0', (i, f) => f('%s', -0));
add('format %s bigint', (i, f) => f('%s', 12n));
add('format %s symbol', (i, f) => f('%s', Symbol('sym')));
add('format %s null undefined', (i, f) => f('%s %s', null, undefined));
add('format %s object', (i, f) => f('%s', { a: { b: { c: 1 } } }));
add('format %s array', (i, f) => f('%s', [1, [2, [3]]]));
add('format %s own toString', (i, f) => f('%s', { toString() { return 'custom!'; } }));
add('format %s class toString', (i, f) => {
  class P { toString() { return 'P!'; } }
  return f('%s', new P());
});
add('format %s class no toString', (i, f) => { class Q { constructor() { this.x = 1; } } return f('%s', new Q()); });
add('format %s date', (i, f) => f('%s', new Date(86400000)));
add('format %s error', (i, f) => f('%s', new Error('bad')));
add('format %s function', (i, f) => f('%s', function named() { return 1; }));
add('format %s null proto', (i, f) => f('%s', Object.create(null)));
add('format %d', (i, f) => f('%d %d %d %d', 42, '42', 1.5, -0));
add('format %d odd', (i, f) => f('%d %d %d', {}, 10n, Symbol('x')));
add('format %i', (i, f) => f('%i %i %i %i', 42.9, '42.9abc', -3.7, 5n));
add('format %i odd', (i, f) => f('%i %i', Symbol('x'), 'zz'));
add('format %f', (i, f) => f('%f %f %f', 1.5, '3.25x', 'abc'));
add('format %f symbol', (i, f) => f('%f', Symbol('x')));
add('format %j', (i, f) => f('%j', { a: [1, 'two'], b: null }));
add('format %j circular', (i, f) => { const o = {}; o.o = o; return f('%j', o); });
add('format %j undefined', (i, f) => f('%j', undefined));
add('format %o', (i, f) => f('%o', { a: [1, 2], f() {} }));
add('format %o nested', (i, f) => f('%o', { a: { b: { c: { d: { e: { f: 1 } } } } } }));
add('format %O', (i, f) => f('%O', { a: { b: { c: { d: 1 } } } }));
add('format %c', (i, f) => f('%cstyled%c text', 'color: red', 'x'));
add('format %%', (i, f) => f('100%% sure %s', 'yes'));
add('format %% no args', (i, f) => f('100%% sure'));
add('format %% with trailing', (i, f) => f('%% %s', 'a', 'b'));
add('format unknown spec', (i, f) => f('%x %s', 'a'));
add('format missing args', (i, f) => f('%s %s %d', 'only'));
add('format extra args', (i, f) => f('%s', 'a', 'b', 3, { c: 4 }));
add('format non-string first', (i, f) => f(1, 'a', { b: 2 }));
add('format object first', (i, f) => f({ a: 1 }, '%s', 'x'));
add('format trailing %', (i, f) => f('50%', 1));
add('format adjacent', (i, f) => f('%s%s%s', 'a', 'b', 'c'));
add('formatWithOptions colors', (i, f, env) => env.formatWithOptions({ colors: true }, '%O and', { a: 1, s: 'x' }));
add('formatWithOptions depth', (i, f, env) => env.formatWithOptions({ depth: 0 }, { a: { b: 1 } }, [[1]]));
add('format %s string with newline', (i, f) => f('%s!', 'a\nb'));
add('format %s nested array depth0', (i, f) => f('%s', [[[1]], { a: [] }]));
add('format %s map', (i, f) => f('%s', new Map([[1, { a: 1 }]])));
add('format %d large', (i, f) => f('%d', 12345678901234567890));

// ------------------------------------------------------------------ primitives
I('number', () => 42);
I('negative zero', () => -0);
I('NaN', () => NaN);
I('Infinity', () => -Infinity);
I('float', () => 0.1 + 0.2);
I('exponent', () => 1e21);
I('bigint', () => -123456789012345678901234567890n);
I('boolean', () => true);
I('undefined', () => undefined);
I('null', () => null);
I('symbol', () => Symbol('desc'));
I('symbol empty', () => Symbol());
I('symbol well-known', () => Symbol.iterator);
I('string simple', () => 'hello');
I('string single quote', () => "it's");
I('string both quotes', () => `it's "x"`);
I('string all quotes', () => 'it\'s "x" `y`');
I('string all quotes and ${', () => 'it\'s "x" `y` ${z}');
I('string escapes', () => 'a\nb\tc\bd\fe\rf\vg\0h\x1bi\x7fj\\k');
I('string C1 controls', () => '\x80\x9f\xa0é');
I('string lone surrogates', () => 'a\ud83db\udc00c😀');
I('string empty', () => '');
I('string long no newline', () => 'x'.repeat(200));
I('string long with newlines', () => 'first line\nsecond line that is quite long\nthird line that keeps going and going\n');
I('string newline short', () => 'a\nb');
I('string nested long', () => ({ key: 'line one is here\nline two is here too\nline three also here to make it long' }));
I('string maxStringLength', () => 'abcdefghij', { maxStringLength: 4 });
I('string maxStringLength 1', () => 'ab', { maxStringLength: 1 });
I('string maxStringLength 0', () => 'abc', { maxStringLength: 0 });
I('numericSeparator int', () => [1234567, -1234567, 123, 1000], { numericSeparator: true });
I('numericSeparator float', () => [1234.5678, 0.0001234, -98765.4321], { numericSeparator: true });
I('numericSeparator bigint', () => [123456789n, -1000n], { numericSeparator: true });
I('numericSeparator special', () => [NaN, Infinity, -0, 1e21, 1e-7], { numericSeparator: true });

// ------------------------------------------------------------------ plain objects
I('empty object', () => ({}));
I('simple object', () => ({ a: 1, b: 'two', c: true }));
I('nested object depth 2', () => ({ a: { b: { c: { d: 1 } } } }));
I('nested object depth 3 limit', () => ({ a: { b: { c: { d: {} } } } }));
I('nested empty at depth', () => ({ a: { b: { c: {}, d: [] } } }));
I('deep with depth Infinity', () => ({ a: { b: { c: { d: { e: 1 } } } } }), { depth: Infinity });
I('deep with depth null', () => ({ a: { b: { c: { d: 1 } } } }), { depth: null });
I('depth 0', () => ({ a: { b: 1 }, c: [1], d: new Map([[1, 2]]) }), { depth: 0 });
I('depth 0 top', () => [{ a: 1 }], { depth: 0 });
I('quoted keys', () => ({ 'a-b': 1, 'c d': 2, '1x': 3, _ok: 4, $d: 5, 'it\'s': 6, '': 7 }));
I('numeric keys', () => ({ 1: 'a', 2: 'b', x: 'c' }));
I('__proto__ key', () => JSON.parse('{"__proto__": 1, "a": 2}'));
I('symbol keys', () => ({ [Symbol('a')]: 1, [Symbol.iterator]: 2, [Symbol()]: 3, b: 4 }));
I('non-enumerable hidden', () => Object.defineProperty({ a: 1 }, 'b', { value: 2, enumerable: false }));
I('non-enumerable showHidden', () => Object.defineProperty({ a: 1 }, 'b-c', { value: 2, enumerable: false }), { showHidden: true });
I('non-enumerable symbol showHidden', () => Object.defineProperty({}, Symbol('h'), { value: 2, enumerable: false }), { showHidden: true });
I('long object breaks', () => ({ alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbb', gamma: 'cccccccccc', delta: 'dddddddddd', epsilon: 'eeeee' }));
I('object exactly fits', () => ({ aaaaaaaaaa: 'aaaaaaaaaaaaaaa', bbbbbbbbbb: 'bbbbbbbbbbbbbbb', ccccccc: 'ccccc' }));
I('object 4 levels compact', () => ({ a: 1, b: { c: { d: { e: 1 } } } }), { depth: 5 });
I('object sibling after deep', () => ({ x: { y: { z: { w: 1 } } }, q: { r: 1 } }), { depth: 5 });
I('mixed nesting', () => ({ first: [1, 2, 3], next: { detail: { core: true } } }));
I('array of objects', () => [{ a: 1, b: 2 }, { a: 3, b: 4 }, { a: 5, b: 6 }]);
I('many keys', () => Object.fromEntries(Array.from({ length: 30 }, (_, k) => ['key' + k, k])));
I('object with undefined value', () => ({ a: undefined, b: null }));
I('object toStringTag own enumerable', () => ({ [Symbol.toStringTag]: 'Tagged', a: 1 }));
I('object toStringTag inherited', () => { class Z { get [Symbol.toStringTag]() { return 'Zed'; } } return new Z(); });
I('object toStringTag non-enumerable', () => Object.defineProperty({ a: 1 }, Symbol.toStringTag, { value: 'T' }));

// ------------------------------------------------------------------ arrays
I('empty array', () => []);
I('small array', () => [1, 'two', null, undefined, true]);
I('nested arrays', () => [[1, [2, [3, [4]]]]]);
I('array 6 items', () => [1, 2, 3, 4, 5, 6]);
I('array 7 items', () => [1, 2, 3, 4, 5, 6, 7]);
I('array 26 numbers', () => Array.from({ length: 26 }, (_, k) => k));
I('array 100 numbers', () => Array.from({ length: 100 }, (_, k) => k * 3));
I('array 101 numbers', () => Array.from({ length: 101 }, (_, k) => k));
I('array 150 numbers', () => Array.from({ length: 150 }, (_, k) => k * k));
I('array strings grouped', () => Array.from({ length: 20 }, (_, k) => 'item' + k));
I('array mixed lengths', () => ['a', 'bbbbbbbbbbbbbbbbbbbb', 'c', 'dd', 'eee', 'ffff', 'g', 'h']);
I('array very different lengths', () => ['x', 'y', 'z', 'w', 'v', 'u', 'a'.repeat(60)]);
I('array negative numbers', () => [-1, 200, -3000, 4, 50000, -6, 7, 8, 9, 10]);
I('array bigints', () => [1n, 22n, 333n, 4444n, 55555n, 6n, 7n]);
I('array mixed numbers strings', () => [1, 2, 3, 4, 5, 6, 'seven']);
I('array of short arrays', () => Array.from({ length: 10 }, (_, k) => [k]));
I('array of objects long', () => Array.from({ length: 8 }, (_, k) => ({ id: k })));
I('sparse one hole', () => [1, , 3]);
I('sparse many holes', () => [, , , 4, , , 7]);
I('sparse trailing', () => { const a = [1]; a.length = 5; return a; });
I('sparse huge', () => { const a = []; a[1000000] = 1; return a; });
I('sparse maxArrayLength', () => [1, , 3, , 5, , 7], { maxArrayLength: 3 });
I('array extra props', () => Object.assign([1, 2, 3], { extra: 'yes', [Symbol('s')]: 1 }));
I('array only props', () => Object.assign([], { a: 1 }));
I('array maxArrayLength 2', () => [1, 2, 3, 4, 5], { maxArrayLength: 2 });
I('array maxArrayLength 0', () => [1, 2, 3], { maxArrayLength: 0 });
I('array maxArrayLength -1', () => [1, 2], { maxArrayLength: -1 });
I('array maxArrayLength null', () => Array.from({ length: 120 }, (_, k) => k % 10), { maxArrayLength: null });
I('array showHidden', () => [1, 2], { showHidden: true });
I('array subclass', () => { class MyArr extends Array {} return MyArr.from([1, 2]); });
I('array subclass empty', () => { class MyArr extends Array {} return new MyArr(); });
I('array null proto', () => Object.setPrototypeOf([1, 2], null));
I('array in object deep', () => ({ a: { b: { c: [1, 2] } } }));
I('array long strings', () => ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)]);
I('array 7 long strings', () => Array.from({ length: 7 }, (_, k) => String(k).repeat(20)));
I('array nested grouped', () => ({ list: Array.from({ length: 30 }, (_, k) => k) }));
I('array compact 1', () => Array.from({ length: 30 }, (_, k) => k), { compact: 1 });
I('array breakLength 40', () => Array.from({ length: 30 }, (_, k) => k), { breakLength: 40 });
I('array undefined and null grouped', () => [undefined, null, undefined, null, 1, 2, 3, 4]);
I('arguments object', () => (function () { return arguments; })(1, 'a'));
I('arguments empty', () => (function () { return arguments; })());

// ------------------------------------------------------------------ Map / Set / Weak
I('empty map', () => new Map());
I('map', () => new Map([['a', 1], [{ k: 1 }, [1, 2]]]));
I('map nested', () => ({ m: new Map([[1, new Map([[2, { x: { y: 1 } }]])]]) }));
I('map extra prop', () => Object.assign(new Map([[1, 2]]), { extra: true }));
I('map long', () => new Map(Array.from({ length: 10 }, (_, k) => ['key' + k, 'value' + k])));
I('map maxArrayLength', () => new Map([[1, 1], [2, 2], [3, 3]]), { maxArrayLength: 1 });
I('empty set', () => new Set());
I('set', () => new Set([1, 'a', { b: 2 }, [3]]));
I('set long', () => new Set(Array.from({ length: 30 }, (_, k) => k)));
I('set maxArrayLength', () => new Set([1, 2, 3]), { maxArrayLength: 2 });
I('set subclass', () => { class MySet extends Set {} return new MySet([1]); });
I('map subclass empty', () => { class MyMap extends Map {} return new MyMap(); });
I('map null proto', () => Object.setPrototypeOf(new Map([[1, 2]]), null));
I('set sorted', () => new Set(['c', 'a', 'b']), { sorted: true });
I('weakmap', () => new WeakMap([[{}, 1]]));
I('weakset', () => new WeakSet([{}]));
I('weakmap in object', () => ({ w: new WeakMap(), s: new WeakSet() }));

// ------------------------------------------------------------------ classes & prototypes
I('class instance empty', () => { class Foo {} return new Foo(); });
I('class instance props', () => { class Foo { constructor() { this.a = 1; this.b = [2]; } } return new Foo(); });
I('subclass instance', () => { class A {} class B extends A { constructor() { super(); this.x = 1; } } return new B(); });
I('null prototype empty', () => Object.create(null));
I('null prototype props', () => Object.assign(Object.create(null), { a: 1, b: { c: 2 } }));
I('null prototype nested deep', () => ({ a: { b: { c: Object.assign(Object.create(null), { d: 1 }) } } }));
I('null prototype with tag', () => Object.assign(Object.create(null), { [Symbol.toStringTag]: 'X' }));
I('object created from instance', () => { class Foo {} return Object.create(new Foo()); });
I('anonymous class instance', () => new (class {})());
I('class instance with tag', () => { class Foo { get [Symbol.toStringTag]() { return 'Bar'; } } return new Foo(); });
I('class instance deep', () => { class Foo { constructor() { this.v = 1; } } return { a: { b: { c: new Foo() } } }; });
I('constructor property override', () => ({ constructor: 'notafunction', a: 1 }));
I('object with constructor Object', () => Object.create({ constructor: Object }));
I('Object.prototype', () => Object.prototype);
I('class prototype', () => { class Foo { m() {} } return Foo.prototype; });

// ------------------------------------------------------------------ functions
I('function named', () => function named() {});
I('function anonymous', () => function () {});
I('arrow anonymous', () => () => {});
I('arrow named via const', () => { const arrow = () => {}; return arrow; });
I('async function', () => async function af() {});
I('async arrow', () => async () => {});
I('generator function', () => function* gen() {});
I('async generator function', () => async function* agen() {});
I('class', () => class Foo {});
I('class anonymous', () => class {});
I('class extends', () => { class A {} return class B extends A {}; });
I('class extends null', () => class N extends null {});
I('class with props', () => { class K {} K.prop = 1; return K; });
I('function with props', () => Object.assign(function f() {}, { a: 1, b: 'x' }));
I('function null proto', () => Object.setPrototypeOf(function np() {}, null));
I('function in object', () => ({ f() {}, g: () => {}, h: class {} }));
I('bound function', () => function orig() {}.bind(null));
I('builtin function', () => Math.max);
I('method named class', () => ({ class() {} }).class);
I('function with name property overwritten', () => Object.defineProperty(function a() {}, 'name', { value: 'renamed' }));

// ------------------------------------------------------------------ errors
add('error basic', (inspect) => inspect(new Error('boom')));
add('error type', (inspect) => inspect(new TypeError('bad type')));
add('error no message', (inspect) => inspect(new RangeError()));
add('error with props', (inspect) => inspect(Object.assign(new Error('e'), { code: 'E_CODE', extra: { n: 1 } })));
add('error in object', (inspect) => inspect({ err: new Error('inner') }));
add('error in array', (inspect) => inspect([new Error('a')]));
add('error no stack', (inspect) => { const e = new Error('nostack'); e.stack = undefined; return inspect(e); });
add('error empty stack string', (inspect) => { const e = new Error('x'); e.stack = ''; return inspect(e); });
add('error stack replaced', (inspect) => { const e = new Error('x'); e.stack = 'Custom stack text'; return inspect({ e }); });
add('error subclass', (inspect) => { class MyError extends Error {} return inspect(new MyError('mine')); });
add('error subclass with name', (inspect) => {
  class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }
  return inspect(new ValidationError('invalid'));
});
add('error name changed', (inspect) => { const e = new Error('msg'); e.name = 'Custom'; return inspect(e); });
add('error cause', (inspect) => inspect(new Error('outer', { cause: new Error('inner') })));
add('error cause primitive', (inspect) => inspect(new Error('outer', { cause: 'just a string' })));
add('aggregate error', (inspect) => inspect(new AggregateError([new Error('a'), 'b'], 'many')));
add('error null proto', (inspect) => { const e = new Error('np'); Object.setPrototypeOf(e, null); return inspect(e); });
add('error object-like', (inspect) => inspect(Object.create(Error.prototype)));
add('error nested deep', (inspect) => inspect({ a: { b: { c: new Error('deep') } } }));
add('error message not in stack', (inspect) => { const e = new Error('one'); e.message = 'two'; return inspect(e); });
add('error no-frames in object', (inspect) => { const e = new Error('bare'); e.stack = 'Error: bare'; return inspect({ e, n: 1 }); });
add('error thrown by format %s', (i, f) => { const e = new Error('fmt'); e.stack = 'Error: fmt'; return f('%s|%O', e, e); });

// ------------------------------------------------------------------ circular
I('circular self', () => { const o = { a: 1 }; o.self = o; return o; });
I('circular array', () => { const a = [1]; a.push(a); return a; });
I('circular two refs', () => { const a = { name: 'a' }; const b = { name: 'b', a }; a.b = b; a.self = a; return a; });
I('circular nested', () => { const o = { x: { y: {} } }; o.x.y.back = o.x; return o; });
I('circular map', () => { const m = new Map(); m.set('me', m); return m; });
I('circular multiple ids', () => {
  const a = {}; const b = {}; a.b = b; b.b = b; a.a = a; return a;
});
I('circular compact false', () => { const o = { a: 1 }; o.self = o; return o; }, { compact: false });
I('same object twice not circular', () => { const s = { v: 1 }; return { a: s, b: s }; });

// ------------------------------------------------------------------ typed arrays, buffers
I('Uint8Array', () => new Uint8Array([1, 2, 3]));
I('Uint8Array empty', () => new Uint8Array(0));
I('Float64Array', () => new Float64Array([1.5, -0, NaN]));
I('BigInt64Array', () => new BigInt64Array([1n, -2n]));
I('Int16Array long', () => new Int16Array(120));
I('Uint8Array grouped', () => Uint8Array.from({ length: 30 }, (_, k) => k * 7));
I('typed array extra prop', () => Object.assign(new Int8Array(2), { x: 1 }));
I('typed array showHidden', () => new Uint16Array([1, 2]), { showHidden: true });
I('typed array subclass', () => { class Bytes extends Uint8Array {} return new Bytes(2); });
I('ArrayBuffer', () => new Uint8Array([1, 2, 255, 16]).buffer);
I('ArrayBuffer empty', () => new ArrayBuffer(0));
I('ArrayBuffer long', () => new ArrayBuffer(120));
I('ArrayBuffer maxArrayLength', () => new ArrayBuffer(10), { maxArrayLength: 4 });
I('ArrayBuffer with prop', () => Object.assign(new ArrayBuffer(2), { tag: 'x' }));
I('SharedArrayBuffer', () => new SharedArrayBuffer(3));
I('DataView', () => new DataView(new ArrayBuffer(4), 1, 2));
add('Buffer small', (inspect, f, env) => inspect(env.makeBuffer([104, 105])));
add('Buffer empty', (inspect, f, env) => inspect(env.makeBuffer([])));
add('Buffer long', (inspect, f, env) => inspect(env.makeBuffer(Array.from({ length: 60 }, (_, k) => k))));
add('Buffer in object', (inspect, f, env) => inspect({ data: env.makeBuffer([1, 2, 3]) }));
add('Buffer with prop', (inspect, f, env) => inspect(Object.assign(env.makeBuffer([1]), { foo: 'bar' })));
add('Buffer via format', (inspect, f, env) => f('%o %O', env.makeBuffer([0xff]), env.makeBuffer([1])));

// ------------------------------------------------------------------ boxed primitives
I('boxed number', () => new Number(3));
I('boxed negative zero', () => new Number(-0));
I('boxed string', () => new String('abc'));
I('boxed string with prop', () => Object.assign(new String('ab'), { x: 1 }));
I('boxed string showHidden', () => new String('ab'), { showHidden: true });
I('boxed boolean', () => new Boolean(false));
I('boxed symbol', () => Object(Symbol('bx')));
I('boxed bigint', () => Object(7n));
I('boxed number subclass', () => { class N extends Number {} return new N(4); });
I('boxed null proto', () => Object.setPrototypeOf(new Number(3), null));
I('boxed long string', () => new String('x'.repeat(90)));

// ------------------------------------------------------------------ dates & regexps
I('date', () => new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)));
I('invalid date', () => new Date(NaN));
I('date with prop', () => Object.assign(new Date(0), { x: 1 }));
I('date subclass', () => { class D extends Date {} return new D(0); });
I('regexp', () => /a+b*[c]\//gimsuy);
I('regexp with prop', () => Object.assign(/x/, { y: 1 }));
I('regexp subclass', () => { class R extends RegExp {} return new R('z', 'g'); });
I('regexp in object', () => ({ r: /abc/ }));
I('date in array deep', () => [[[new Date(0)]]], { depth: 0 });

// ------------------------------------------------------------------ promises & proxies (hooks)
I('promise resolved', () => Promise.resolve(1));
I('promise pending', () => new Promise(() => {}));
I('promise rejected', () => { const p = Promise.reject(new Error('no')); p.catch(() => {}); return p; });
I('promise object value', () => Promise.resolve({ a: { b: { c: 1 } } }));
I('promise with prop', () => Object.assign(Promise.resolve(2), { x: 1 }));
I('proxy of object', () => new Proxy({ a: 1 }, {}));
I('proxy of array', () => new Proxy([1, 2], { get() { return 'trap'; } }));
I('proxy showProxy', () => new Proxy({ a: 1 }, { get() {} }), { showProxy: true });
I('proxy of function', () => new Proxy(function pf() {}, {}));
I('revoked proxy', () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; });

// ------------------------------------------------------------------ iterators
I('map iterator', () => new Map([[1, 'a'], [2, 'b']]).keys());
I('map entries', () => new Map([[1, 'a']]).entries());
I('set iterator', () => new Set([1, 2]).values());
I('generator object', () => (function* () {})());

// ------------------------------------------------------------------ getters / setters
I('getter setter', () => ({ get a() { return 1; }, set b(v) {}, get c() { return 1; }, set c(v) {} }));
I('getters true', () => ({ get a() { return 1; }, get b() { return { x: 1 }; }, get c() { return null; } }), { getters: true });
I('getters throws', () => ({ get a() { throw new Error('nope'); } }), { getters: true });
I('getters get only', () => ({ get a() { return 1; }, get b() { return 2; }, set b(v) {} }), { getters: 'get' });
I('getters set only', () => ({ get a() { return 1; }, get b() { return 2; }, set b(v) {} }), { getters: 'set' });
I('class getter not own', () => { class G { get v() { return 1; } } return new G(); });

// ------------------------------------------------------------------ custom inspect
add('custom string', (inspect) => inspect({ [inspect.custom]() { return 'CUSTOM'; } }));
add('custom object', (inspect) => inspect({ a: { [inspect.custom]() { return { replaced: [1, 2] }; } } }));
add('custom multiline nested', (inspect) => inspect({ a: { [inspect.custom]() { return 'l1\nl2'; } } }));
add('custom depth arg', (inspect) => inspect({ a: { b: { [inspect.custom](depth) { return `depth=${depth}`; } } } }));
add('custom options arg', (inspect) => inspect({ [inspect.custom](d, opts) { return Object.keys(opts).join(','); } }, { extraOpt: 1 }));
add('custom inspect arg', (inspect) => inspect({ [inspect.custom](d, o, insp) { return insp === inspect ? 'same' : 'diff'; } }));
add('custom returns this', (inspect) => inspect({ a: 1, [inspect.custom]() { return this; } }).replace(/\[[^\]]*\]\(\)/, 'X'));
add('customInspect false', (inspect) => inspect({ a: 1, [inspect.custom]() { return 'no'; } }, { customInspect: false }));
add('custom stylize', (inspect) => inspect({ [inspect.custom](d, o) { return o.stylize('s', 'string'); } }, { colors: true }));
add('custom on class', (inspect) => {
  class C { [inspect.custom]() { return 'C!'; } }
  return inspect([new C(), C.prototype]);
});
add('custom returns number', (inspect) => inspect({ x: { [inspect.custom]() { return 42; } } }));
add('inspect.custom symbol', (inspect) => String(inspect.custom === Symbol.for('nodejs.util.inspect.custom')));

// ------------------------------------------------------------------ options
I('compact false', () => ({ a: 1, b: [1, 2], c: { d: 'e' } }), { compact: false });
I('compact false empty', () => ({ a: {}, b: [] }), { compact: false });
I('compact true', () => ({ a: 1, b: [1, 2], c: { d: 'e' } }), { compact: true });
I('compact true long', () => ({ alpha: 'a'.repeat(30), beta: 'b'.repeat(30), gamma: { delta: 'd'.repeat(30) } }), { compact: true });
I('compact true long array', () => Array.from({ length: 40 }, (_, k) => 'e' + k), { compact: true });
I('compact 1', () => ({ a: { b: 1 }, c: 2 }), { compact: 1 });
I('compact 0', () => ({ a: 1 }), { compact: 0 });
I('breakLength Infinity', () => ({ alpha: 'a'.repeat(50), beta: 'b'.repeat(50), nested: { x: [1, 2, 3] } }), { breakLength: Infinity });
I('breakLength 20', () => ({ a: 'aaaa', b: 'bbbb', c: 'cccc' }), { breakLength: 20 });
I('sorted true', () => ({ c: 1, a: 2, b: { z: 1, y: 2 } }), { sorted: true });
I('sorted comparator', () => ({ a: 1, c: 2, b: 3 }), { sorted: (x, y) => (x < y ? 1 : x > y ? -1 : 0) });
I('sorted array props', () => Object.assign([3, 1, 2], { z: 1, y: 2 }), { sorted: true });
I('sorted map', () => new Map([['b', 1], ['a', 2]]), { sorted: true });
I('showHidden object', () => { class H { constructor() { this.x = 1; } } return new H(); }, { showHidden: true });
I('showHidden function', () => function hf(a, b) {}, { showHidden: true });
I('showHidden error', () => { const e = new Error('hid'); e.stack = 'Error: hid'; return e; }, { showHidden: true });
add('legacy args showHidden depth', (inspect) => inspect({ a: { b: { c: { d: [1] } } } }, false, 0));
add('legacy args depth null', (inspect) => inspect({ a: { b: { c: { d: [1] } } } }, false, null));
add('colors basic', (inspect) => inspect({ n: 1, s: 'x', b: true, u: undefined, nl: null, sym: Symbol('q'), big: 2n, d: new Date(0), r: /x/, f() {} }, { colors: true }));
add('colors array grouped', (inspect) => inspect(Array.from({ length: 12 }, (_, k) => k * 11), { colors: true }));
add('colors nested', (inspect) => inspect({ a: [new Map([[1, 'x']])], c: { d: { e: { f: 1 } } } }, { colors: true }));
add('colors circular', (inspect) => { const o = {}; o.o = o; return inspect(o, { colors: true }); });
add('colors getter', (inspect) => inspect({ get g() { return 1; } }, { colors: true, getters: true }));
add('defaultOptions read', (inspect) => inspect(inspect.defaultOptions));
add('styles read', (inspect) => inspect(inspect.styles));
add('colors keys', (inspect) => Object.keys(inspect.colors).join(','));
add('colors alias', (inspect) => inspect([inspect.colors.grey, inspect.colors.faint, inspect.colors.swapColors]));
add('defaultOptions change', (inspect) => {
  const old = inspect.defaultOptions.depth;
  inspect.defaultOptions = { depth: 0 };
  try { return inspect({ a: { b: 1 } }); } finally { inspect.defaultOptions = { depth: old }; }
});
add('defaultOptions invalid', (inspect) => [null, 5, 'x'].map((v) => { try { inspect.defaultOptions = v; return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }).join('\n'));

// ------------------------------------------------------------------ misc values
I('globalThis-free math', () => Math);
I('JSON object', () => JSON);
I('Reflect', () => Reflect);
I('Intl-free Atomics', () => Atomics);
I('object in array in map', () => new Map([['k', [{ a: [1, { b: 2 }] }]]]));
I('long nested structure', () => ({
  metadata: { name: 'example', namespace: 'default', labels: { app: 'demo', tier: 'backend' } },
  spec: { replicas: 3, template: { spec: { containers: [{ name: 'c', image: 'img:1' }] } } },
}));
I('kube-like deep', () => ({ kind: 'ConfigMap', data: { 'key.txt': 'value', other: 'x'.repeat(70) } }));
I('weakref', () => new WeakRef({}));
I('object with many types', () => ({ n: 1, s: 's', b: false, u: undefined, nl: null, a: [], o: {}, f() {}, sym: Symbol('x'), big: 1n }));
I('array of 7 mixed', () => [1, 'a', null, undefined, true, 2n, Symbol('s')]);
I('string keys needing quotes escape', () => ({ "it's": 1, 'new\nline': 2, 'tab\t': 3 }));
I('emoji string', () => '😀 smile ✓');
I('nested array break', () => [['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbb'], ['cccccccccccccccccccc', 'dddddddddddddddddddddddd']]);
I('indent inside map long strings', () => new Map([['k', 'line a\nline b is long enough to break for sure here ok\nline c']]));

// ------------------------------------------------------------------ stripVTControlCharacters / deep equal
add('strip VT basic', (i, f, env) => env.stripVTControlCharacters('\u001b[31mred\u001b[39m plain'));
add('strip VT OSC', (i, f, env) => env.stripVTControlCharacters('\u001b]8;;http://x\u0007link\u001b]8;;\u0007'));
add('strip VT of inspect colors', (i, f, env) => env.stripVTControlCharacters(i({ a: [1, 's'] }, { colors: true })));
add('strip VT throws', (i, f, env) => { try { env.stripVTControlCharacters(5); return 'ok'; } catch (e) { return `${e.name} ${e.code}`; } });
const deq = (name, a, b) => add('deepEqual ' + name, (i, f, env) => String(env.isDeepStrictEqual(a(), b())));
deq('objects', () => ({ a: [1, { b: 2 }] }), () => ({ a: [1, { b: 2 }] }));
deq('different', () => ({ a: 1 }), () => ({ a: '1' }));
deq('NaN', () => NaN, () => NaN);
deq('zeros', () => 0, () => -0);
deq('prototype', () => Object.create(null), () => ({}));
deq('maps', () => new Map([[{ k: 1 }, 1], ['a', [2]]]), () => new Map([['a', [2]], [{ k: 1 }, 1]]));
deq('sets', () => new Set([1, { a: 1 }]), () => new Set([{ a: 1 }, 1]));
deq('sets differ', () => new Set([1, 2]), () => new Set([1, 3]));
deq('dates', () => new Date(5), () => new Date(5));
deq('regexps', () => /a/g, () => /a/i);
deq('typed', () => new Uint8Array([1, 2]), () => new Uint8Array([1, 2]));
deq('sparse vs undefined', () => [1, , 3], () => [1, undefined, 3]);
deq('circular', () => { const o = { a: 1 }; o.o = o; return o; }, () => { const o = { a: 1 }; o.o = o; return o; });
deq('boxed', () => new Number(1), () => new Number(2));
deq('errors', () => new Error('a'), () => new Error('a'));
deq('fake errors', () => Object.defineProperty(Object.create(Error.prototype), 'message', { value: 'a' }), () => Object.defineProperty(Object.create(Error.prototype), 'message', { value: 'b' }));
deq('proxied errors', () => new Proxy(new Error('m', { cause: 1 }), {}), () => new Proxy(new Error('m', { cause: 2 }), {}));
deq('error causes differ', () => new Error('m', { cause: 1 }), () => new Error('m', { cause: 2 }));
deq('symbol keys', () => ({ [Symbol.for('s')]: 1 }), () => ({ [Symbol.for('s')]: 2 }));

// ------------------------------------------------------------------ second batch: edge cases
I('showHidden class with accessors', () => { class H { constructor() { this.x = 1; } get v() { return 2; } m() {} } return new H(); }, { showHidden: true });
I('showHidden nested typed array', () => ({ t: new Uint8Array(2) }), { showHidden: true });
I('showHidden weakmap', () => { const k = {}; const w = new WeakMap([[k, 1]]); return [w, k]; }, { showHidden: true });
I('showHidden weakset', () => { const k = { a: 1 }; return [new WeakSet([k]), k]; }, { showHidden: true });
I('showHidden map', () => new Map([[1, 2]]), { showHidden: true });
I('showHidden array nested', () => [[1]], { showHidden: true });
I('map beyond depth', () => ({ a: { b: { c: new Map([[1, 2]]), d: new Set([1]), e: [1], f: new Uint8Array(1) } } }));
I('class instance beyond depth with tag', () => { class Q { constructor() { this.q = 1; } get [Symbol.toStringTag]() { return 'Tg'; } } return { a: { b: { c: new Q() } } }; });
I('array getter element', () => Object.defineProperty([1, 2], 0, { get() { return 5; } }));
I('array getter element getters', () => Object.defineProperty([1, 2], 1, { get() { return 5; }, enumerable: true }), { getters: true });
I('object number key order', () => ({ b: 1, 10: 'x', 2: 'y', a: 2 }));
I('long strings in array', () => ['short', 'a fairly long string that will need to be split\nat the newline because it is long', 'end']);
I('long string with maxStringLength split', () => 'line one\nline two is longer\nline three is even longer than that', { maxStringLength: 30 });
I('string exactly 16 with newline', () => ['abcdefgh\nijklmno']);
I('string breakLength small', () => 'hello\nworld\nagain', { breakLength: 10 });
I('compact true nested', () => ({ a: { b: { c: { d: 'x'.repeat(40) } } }, arr: Array.from({ length: 10 }, (_, k) => k) }), { compact: true, depth: 5 });
I('compact true circular', () => { const o = { a: [1, 2] }; o.o = o; return o; }, { compact: true });
I('compact true long key value', () => ({ k: 'v'.repeat(100) }), { compact: true });
I('compact true array of long', () => ['x'.repeat(50), 'y'.repeat(50)], { compact: true });
I('compact 2 nested', () => ({ a: { b: { c: 1 } } }), { compact: 2 });
I('circular map key', () => { const m = new Map(); m.set(m, 1); return m; });
I('circular set', () => { const s = new Set(); s.add(s); return s; });
I('circular deep ref to root', () => { const root = { level1: { level2: {} } }; root.level1.level2.root = root; root.level1.level2.l1 = root.level1; return root; });
I('circular in array grouped', () => { const a = Array.from({ length: 8 }, (_, k) => k); a.push(a); return a; });
I('numbers grouped right-aligned decimals', () => [1.5, -22.25, 333, 4, 5.125, 66, 7, 8.5, -9]);
I('grouping with maxArrayLength', () => Array.from({ length: 30 }, (_, k) => k * 100), { maxArrayLength: 20 });
I('grouping objects inside', () => Array.from({ length: 8 }, (_, k) => (k % 2 ? { k } : k)));
I('grouping exactly 7 short strings', () => ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
I('grouping 16 words', () => 'the quick brown fox jumps over the lazy dog and then some more words here ok'.split(' '));
I('grouping nested indentation', () => ({ a: { b: Array.from({ length: 40 }, (_, k) => 'v' + k) } }));
I('error in map value', () => { const e = new Error('in map'); e.stack = 'Error: in map\n    at fake (file.js:1:1)'; return new Map([['e', e]]); });
add('aggregate error in object', (inspect) => { const e = new AggregateError([new RangeError('r')], 'agg'); return inspect({ e }); });
add('error name non-string', (inspect) => { const e = new Error('m'); e.name = 42; return inspect(e); });
add('error empty message', (inspect) => inspect(new Error('')));
add('error multiline message', (inspect) => inspect(new Error('line1\nline2')));
add('error custom stack no at', (inspect) => { const e = new Error('x'); e.stack = 'Something else entirely'; return inspect(e); });
add('error fake stack frames', (inspect) => { const e = new TypeError('t'); e.stack = 'TypeError: t\n    at a (x.js:1:1)\n    at b (y.js:2:2)'; e.extra = 1; return inspect({ e }); });
add('error subclass fake stack', (inspect) => { class FooError extends Error {} const e = new FooError('f'); e.stack = 'Error: f\n    at z (z.js:1:1)'; return inspect(e); });
add('error subclass named like constructor', (inspect) => { class BarError extends Error {} BarError.prototype.name = 'BarError'; const e = new BarError('b'); return inspect(e).split('\n')[0]; });
add('error cause nested in object', (inspect) => { const e = new Error('o', { cause: { code: 1 } }); e.stack = 'Error: o\n    at q (q.js:1:1)'; return inspect({ e }); });
add('error colors', (inspect) => { const e = new Error('c'); e.stack = 'Error: c\n    at x (node:internal/modules/cjs/loader:1:1)\n    at node:fs:2:2\n    at y (/app/node_modules/pkg/index.js:1:1)\n    at y2 (/app/node_modules/@sc/p2/a/b.js:1:1)\n    at z (/app/main.js:1:1)\n    at node:nope:1:1'; return inspect(e, { colors: true }); });
add('format %s class toPrimitive', (i, f) => { class TP { [Symbol.toPrimitive]() { return 'TP!'; } } return f('%s', new TP()); });
add('format %s Date-derived object', (i, f) => f('%s', Object.create(Date.prototype)));
add('error with symbol key', (inspect) => { const e = new Error('s'); e.stack = 'Error: s'; e[Symbol('k')] = 'v'; return inspect(e); });
add('error depth exceeded', (inspect) => { const e = new Error('d'); e.stack = 'Error: d'; e.info = { a: 1 }; return inspect({ a: { b: { c: e } } }); });
add('error tag', (inspect) => { class TagErr extends Error { get [Symbol.toStringTag]() { return 'TT'; } } const e = new TagErr('t'); e.stack = 'Error: t'; return inspect(e); });
I('date invalid with props', () => Object.assign(new Date(NaN), { a: 1 }));
I('date beyond depth with props', () => ({ a: { b: { c: Object.assign(new Date(0), { x: 1 }) } } }));
I('regexp beyond depth with props', () => ({ a: { b: { c: Object.assign(/r/, { x: 1 }) } } }));
I('function beyond depth', () => ({ a: { b: { c: function deepFn() {} } } }));
I('class static members', () => { class S { static a = 1; static m() {} } return S; });
I('class with toStringTag', () => { class CT { static get [Symbol.toStringTag]() { return 'Tagz'; } } return CT; });
I('async generator object', () => (async function* ag() {})());
I('object with null toStringTag value', () => ({ [Symbol.toStringTag]: null }));
I('boxed string in array', () => [new String('x'), new Number(1), new Boolean(true)]);
I('symbol description special', () => [Symbol('a\nb'), Symbol("it's")]);
I('keys with symbols description', () => ({ [Symbol('spaced key')]: 1 }));
I('nested arrays depth limit', () => [[[[[1]]]]]);
I('nested empty arrays', () => [[], [[]], {}]);
I('object with array of 100', () => ({ data: Array.from({ length: 100 }, () => 0) }));
I('set of objects long', () => new Set(Array.from({ length: 5 }, (_, k) => ({ id: k, name: 'name' + k }))));
I('map of arrays long', () => new Map(Array.from({ length: 4 }, (_, k) => [k, Array.from({ length: 10 }, (_, j) => j)])));
I('object breakLength boundary 76', () => ({ a: 'x'.repeat(62) }));
I('object breakLength boundary 77', () => ({ a: 'x'.repeat(63) }));
I('object breakLength boundary 78', () => ({ a: 'x'.repeat(64) }));
I('array breakLength boundary', () => ['x'.repeat(30), 'y'.repeat(31)]);
I('array breakLength boundary 2', () => ['x'.repeat(30), 'y'.repeat(32)]);
I('sparse with props', () => { const a = [, 1]; a.p = 2; return a; });
I('sparse all holes', () => new Array(5));
I('sparse many groups', () => { const a = []; a[2] = 1; a[5] = 2; a[9] = 3; a.length = 12; return a; });
I('sparse with maxArrayLength 1', () => [, , 1], { maxArrayLength: 1 });
I('typed array maxArrayLength', () => new Uint8Array(10), { maxArrayLength: 3 });
I('typed array numericSeparator', () => new Int32Array([1000000, -2000]), { numericSeparator: true });
I('float32 values', () => new Float32Array([0.1, 1 / 3, -0]));
I('typed array nested beyond depth', () => ({ a: { b: { c: new Uint8Array(3) } } }));
I('DataView showHidden', () => new DataView(new ArrayBuffer(2)), { showHidden: true });
I('ArrayBuffer in object', () => ({ buf: new ArrayBuffer(3) }));
I('promise in object', () => ({ p: Promise.resolve([1, 2]) }));
I('promise beyond depth', () => ({ a: { b: { c: Promise.resolve(1) } } }));
I('promise rejected undefined', () => { const p = Promise.reject(); p.catch(() => {}); return p; });
I('proxy nested', () => ({ px: new Proxy([1, 2, 3], {}) }));
I('proxy showProxy nested', () => ({ a: { b: new Proxy({}, {}) } }), { showProxy: true, depth: 0 });
I('proxy of class', () => new Proxy(class PC {}, {}));
I('map iterator after next', () => { const it = new Map([[1, 2], [3, 4]]).values(); it.next(); return it; });
I('set entries', () => new Set(['a']).entries());
I('getters with colors', () => ({ get a() { return 'x'; } }), { getters: true, colors: true });
I('setter only getters true', () => ({ set s(v) {} }), { getters: true });
I('getter returns array', () => ({ get list() { return [1, 2, 3]; } }), { getters: true });
I('getter symbol key', () => ({ get [Symbol('g')]() { return 1; } }));
I('non-enumerable getter showHidden', () => Object.defineProperty({}, 'hid', { get() { return 1; } }), { showHidden: true });
add('custom inspect nested indentation', (inspect) => inspect({ outer: { inner: { [inspect.custom]() { return 'a\nb\nc'; } } } }));
add('custom inspect uses inspect with options', (inspect) => inspect({ v: { [inspect.custom](depth, options, insp) { return insp({ wrapped: [1, 2] }, options); } } }));
add('custom inspect returns circular', (inspect) => { const o = { name: 'x' }; o.me = o; return inspect({ [inspect.custom]() { return o; } }); });
add('custom inspect on function', (inspect) => { const f = function () {}; f[inspect.custom] = () => 'FN'; return inspect([f]); });
add('custom inspect depth null', (inspect) => inspect({ [inspect.custom](d) { return String(d); } }, { depth: null }));
add('custom inspect depth negative', (inspect) => inspect({ a: { b: { c: { [inspect.custom](d) { return String(d); } } } } }, { depth: 1 }));
add('format %s with custom inspect', (i, f) => f('%s', { [i.custom]() { return 'viaCustom'; } }));
add('format %O with custom inspect', (i, f) => f('%O', { [i.custom]() { return 'viaCustom'; } }));
add('format %s boxed', (i, f) => f('%s %s', new String('boxed'), new Number(5)));
add('format %s array-like with toString', (i, f) => f('%s', [1, 2, 3]));
add('format %s class extends Array', (i, f) => { class A2 extends Array {} return f('%s', A2.from([1])); });
add('format %s symbol toPrimitive', (i, f) => f('%s', { [Symbol.toPrimitive]() { return 'prim'; } }));
add('format %d Date', (i, f) => f('%d', new Date(5)));
add('format %i with object', (i, f) => f('%i', { valueOf() { return 7; } }));
add('format %j toJSON', (i, f) => f('%j', { toJSON() { return { j: 1 }; } }));
add('format %j bigint throws', (i, f) => f('%j', 1n));
add('format only %', (i, f) => f('%', 1));
add('format percent at end', (i, f) => f('a%s%', 'b'));
add('format %%s', (i, f) => f('%%s', 'x'));
add('format numbers -0', (i, f) => f(-0, 0, '%d', -0));
add('format string args not inspected', (i, f) => f('a', 'b\nc', "d'e"));
add('format nested format spec in arg', (i, f) => f('%s', '%d', 5));
add('formatWithOptions non-object', (i, f, env) => { try { return env.formatWithOptions('x', 1); } catch (e) { return `${e.name} ${e.code}`; } });
add('formatWithOptions sorted', (i, f, env) => env.formatWithOptions({ sorted: true, compact: false }, { b: 1, a: 2 }));
I('string with only quotes', () => `'"\``);
I('string backslashes', () => 'C:\\path\\to\\file');
I('string unicode escapes', () => '\u2028\u2029\ufeff\u200b');
I('string with ${ and quotes', () => "'\"${x}");
I('keys unicode', () => ({ 'ключ': 1, 'ü': 2, 'a1': 3 }));
I('number-like keys', () => ({ '01': 1, '1.5': 2, '-1': 3, '1e3': 4 }));
I('huge object depth 0 with arrays', () => ({ a: [], b: {}, c: [1], d: { e: 1 } }), { depth: 0 });
I('array of maps depth', () => [new Map([[{ k: { d: 1 } }, new Set([[1]])]])]);
I('object with inherited enumerable', () => Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true } }));
I('object-like arguments with props', () => { const a = (function () { return arguments; })(1); a.x = 2; return a; });
I('Math.max and bound', () => [Math.max, Function.prototype, Object]);
I('Symbol class and JSON in array', () => [Symbol, JSON, Promise]);

// ------------------------------------------------------------------ third batch
I('depth -1 object', () => ({ a: 1 }), { depth: -1 });
I('depth -1 array', () => [1, 2], { depth: -1 });
I('depth -1 empty', () => ({}), { depth: -1 });
I('constructor prop not instance', () => { function Foo() {} return { constructor: Foo }; });
I('maxStringLength nested', () => ({ s: 'abcdefghijklmnop', arr: ['qrstuvwxyz'] }), { maxStringLength: 5 });
I('maxArrayLength nested map', () => ({ m: new Map([[1, [1, 2, 3]], [2, [4]]]) }), { maxArrayLength: 1 });
I('compact false nested arrays', () => [[1, 2], [3, [4, 5]]], { compact: false });
I('compact false breakLength small', () => ({ a: [1, 2, 3] }), { compact: false, breakLength: 5 });
I('colors long string split', () => ({ s: 'first line of text\nsecond line of text that is long\nthird line of text' }), { colors: true });
I('colors grouped strings', () => Array.from({ length: 10 }, (_, k) => 'w' + k), { colors: true });
I('colors showHidden accessor', () => { class K { get g() { return 1; } } return new K(); }, { colors: true, showHidden: true });
I('getters showHidden proto getter', () => { class K { constructor() { this.n = 2; } get dbl() { return this.n * 2; } } return new K(); }, { showHidden: true, getters: true });
I('inherited class chain showHidden', () => { class A { get a() { return 1; } } class B extends A { get b() { return 2; } } return new B(); }, { showHidden: true });
I('object with 26 short keys', () => Object.fromEntries('abcdefghijklmnopqrstuvwxyz'.split('').map((c, k) => [c, k])));
I('array of 26 single letters', () => 'abcdefghijklmnopqrstuvwxyz'.split(''));
I('array of 3-char numbers 60', () => Array.from({ length: 60 }, (_, k) => 100 + k));
I('array mixed widths numbers', () => [1, 22, 333, 4444, 55555, 666666, 7777777, 1, 2, 3, 4, 5]);
I('nested objects in array 3 levels', () => [{ a: [{ b: [{ c: 1 }] }] }]);
I('object indentation of grouped array', () => ({ level1: { level2: Array.from({ length: 25 }, (_, k) => k * 1000) } }));
I('set of long strings', () => new Set(['a'.repeat(40), 'b'.repeat(40)]));
I('map with object keys breaking', () => new Map([[{ key: 'k'.repeat(30) }, { value: 'v'.repeat(30) }]]));
I('empty string keys and values', () => ({ '': '' }));
I('symbol with empty description key', () => ({ [Symbol('')]: 1 }));
add('format %o function', (i, f) => f('%o', function foo(a, b) { return a + b; }));
add('format %o array', (i, f) => f('%o', [1, [2, [3, [4, [5, [6]]]]]]));
add('format %O class', (i, f) => { class Pt { constructor() { this.x = 1; this.y = 2; } } return f('%O', new Pt()); });
add('format multiple objects', (i, f) => f({ a: 1 }, [2], new Map(), 'str', 5, null));
I('boxed string multiline', () => [new String('line one\nline two which is a bit longer\nthree and more and more')]);
I('boxed string multiline narrow', () => [new String('line one\nline two which is a bit longer\nthree')], { breakLength: 20 });
I('boxed string multiline compact true', () => ({ s: new String('line one\nline two which is a bit longer\nthree') }), { compact: true, breakLength: 40 });
I('boxed string with props colors', () => Object.assign(new String('s'), { a: 1 }), { colors: true });
I('regexp with props colors', () => Object.assign(/x/g, { a: 1 }), { colors: true });
I('date with props colors', () => Object.assign(new Date(0), { a: 1 }), { colors: true });
I('grouped entries containing newlines', () => [1, 2, 3, 4, 5, 6, { e: Object.assign(new Error('x'), { stack: 'Error: x\n    at f (f.js:1:1)' }) }]);
I('showHidden weakmap several', () => { const k1 = { n: 1 }; const k2 = { n: 2 }; const k3 = [3]; return [new WeakMap([[k1, 'b'], [k2, 'a'], [k3, 'c']]), k1, k2, k3]; }, { showHidden: true });
I('showHidden weakset several', () => { const ks = [{ z: 1 }, { a: 2 }, { m: 3 }]; return [new WeakSet(ks), ks]; }, { showHidden: true });
I('showHidden weakset maxArrayLength 0', () => { const ks = [{ z: 1 }, { a: 2 }]; return [new WeakSet(ks), ks]; }, { showHidden: true, maxArrayLength: 0 });
I('showHidden weakset sorted', () => { const ks = [{ z: 1 }, { a: 2 }]; return [new WeakSet(ks), ks]; }, { showHidden: true, sorted: true });
add('format %s proxy', (i, f) => f('%s', new Proxy({ a: 1 }, { get: (t, k) => (k === 'toString' ? () => 'trapped' : t[k]) })));
add('format %s revoked proxy', (i, f) => { const r = Proxy.revocable({}, {}); r.revoke(); return f('%s', r.proxy); });

// ------------------------------------------------------------------ fourth batch: odd corners
I('generator function with props', () => Object.assign(function* g() {}, { a: 1 }));
I('async arrow with props', () => Object.assign(async () => {}, { b: [1] }));
I('function numeric name', () => Object.defineProperty(function () {}, 'name', { value: 42 }));
I('method with symbol name', () => { const s = Symbol('m'); return { [s]() {} }[s]; });
add('error name set in constructor', (inspect) => { class X extends Error { constructor() { super('m'); this.name = 'XError'; } } const e = new X(); e.stack = e.stack.split('\n')[0]; return inspect(e); });
add('error name undefined', (inspect) => { const e = new Error('m'); e.name = undefined; e.stack = 'Error: m'; return inspect(e); });
add('error name empty', (inspect) => { const e = new Error('m'); e.name = ''; e.stack = 'Error: m\n    at x (y.js:1:1)'; return inspect(e); });
add('error stack number', (inspect) => { const e = new Error('m'); e.stack = 42; return inspect(e); });
add('error stack object', (inspect) => { const e = new Error('m'); e.stack = { a: 1 }; return inspect(e); });
add('error null proto with frames', (inspect) => { const e = new TypeError('x'); Object.setPrototypeOf(e, null); e.stack = 'TypeError: x\n    at q (q.js:1:1)'; return inspect(e); });
add('error null proto no frames', (inspect) => { const e = new RangeError('x'); Object.setPrototypeOf(e, null); e.stack = 'RangeError: x'; return inspect(e); });
add('error subclass of TypeError no frames', (inspect) => { class E2 extends TypeError {} const e = new E2('zz'); e.stack = 'TypeError: zz'; return inspect(e); });
I('showHidden getters on prototype', () => { class A { constructor() { this.v = 3; } get sq() { return this.v * this.v; } set sq(x) {} } return new A(); }, { showHidden: true, getters: true });
I('showHidden four prototype levels', () => { class A { get a() { return 1; } } class B extends A { get b() { return 2; } } class C extends B { get c() { return 3; } } class D extends C { get d() { return 4; } } return new D(); }, { showHidden: true });
I('showHidden prototype data props', () => { function F() {} F.prototype.x = 5; F.prototype.m = function () {}; return new F(); }, { showHidden: true });
I('showHidden Object.create with accessors', () => Object.create({ inherited: 1, get g() { return 2; } }), { showHidden: true });
I('showHidden array subclass accessor', () => { class Lst extends Array { get first() { return this[0]; } } return Lst.from([1, 2]); }, { showHidden: true });
I('depth 0 empty containers', () => ({ a: {}, b: [], c: new Map(), d: new Set(), e: Object.create(null) }), { depth: 0 });
I('depth exceeded null proto tagged', () => ({ a: { b: { c: Object.assign(Object.create(null), { [Symbol.toStringTag]: 'Q', x: 1 }) } } }));
I('map with deep keys', () => new Map([[{ a: { b: { c: { d: 1 } } } }, 1]]));
I('iterator beyond depth', () => ({ a: { b: { c: new Map([[1, 2]]).entries() } } }));
I('promise value beyond depth', () => ({ a: { b: { c: Promise.resolve({ x: 1 }) } } }));
I('boxed symbol no description', () => Object(Symbol()));
I('Float32Array zeros', () => new Float32Array([-0, 0]));
I('BigInt64Array numericSeparator', () => new BigInt64Array([123456789n]), { numericSeparator: true });
I('symbol keys needing escapes', () => ({ [Symbol('a\nb')]: 1, [Symbol("q'q")]: 2 }));
I('symbol values not escaped', () => [Symbol('a\nb'), Symbol("q'q")]);
I('hidden accessor pair with getters', () => Object.defineProperty({}, 'gs', { get() { return 1; }, set(v) {} }), { showHidden: true, getters: true });
I('array max length', () => { const a = [1, 2]; a.length = 2 ** 32 - 1; return a; });
I('class extending mixin call', () => { const mix = (B) => class extends B {}; return class M extends mix(Object) {}; });
I('anonymous class extends', () => { class Base {} return class extends Base {}; });
I('class with comment in header', () => class /* c */ Commented {});
I('boxed values in set', () => new Set([new String('a'), Object(1n)]));
I('circular through map value', () => { const o = {}; o.m = new Map([['self', o]]); return o; });
I('mutual references in array', () => { const a = { n: 'a' }; const b = { n: 'b', a }; a.b = b; return [a, b]; });
I('object with length key', () => ({ length: 3, 0: 'a' }));
I('compact true long key', () => ({ ['k'.repeat(100)]: 'v' }), { compact: true });
I('compact true nested arrays', () => [[1, 2, [3, 4, [5, 6, [7]]]], 'x'.repeat(60)], { compact: true });
I('compact true deep object', () => ({ a: { b: { c: { d: { e: 'x'.repeat(70) } } } } }), { compact: true, depth: 10 });
I('date null proto', () => Object.setPrototypeOf(new Date(0), null));
I('regexp null proto', () => Object.setPrototypeOf(/a/g, null));
I('set null proto empty', () => Object.setPrototypeOf(new Set(), null));
I('promise null proto', () => Object.setPrototypeOf(Promise.resolve(2), null));
I('typed array null proto', () => Object.setPrototypeOf(new Uint8Array(2), null));
I('ArrayBuffer null proto', () => Object.setPrototypeOf(new ArrayBuffer(2), null));
I('async function null proto', () => Object.setPrototypeOf(async function af() {}, null));
I('generator method null proto', () => Object.setPrototypeOf({ *m() {} }.m, null));
I('async generator null proto', () => Object.setPrototypeOf(async function* ag() {}, null));
I('async arrow null proto', () => Object.setPrototypeOf(async (x) => x, null));

// ------------------------------------------------------------------ argument validation messages
const BAD_ARGS = () => ['x', 'a'.repeat(40), 5, 5n, Symbol('s'), true, function named() {}, () => {}, null, undefined];
add('formatWithOptions bad options messages', (i, f, env) => BAD_ARGS().map((v) => { try { return env.formatWithOptions(v, 1); } catch (e) { return `${e.code}: ${e.message}`; } }).join('\n'));
add('stripVT bad argument messages', (i, f, env) => [...BAD_ARGS(), [], {}, Object.create(null)].map((v) => { try { return env.stripVTControlCharacters(v); } catch (e) { return `${e.code}: ${e.message}`; } }).join('\n'));
I('proxy of array starting with null (Node quirk)', () => ({ p: new Proxy([null, 1], {}) }));
I('proxy of array starting with null showProxy', () => new Proxy([null, 1], {}), { showProxy: true });

module.exports = cases;
