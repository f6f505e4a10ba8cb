'use strict';
require('../common');
const assert = require('assert');
const types = require('util/types');

assert.strictEqual(require('util').types, types);
const checks = [
  ['isDate', new Date(), {}], ['isRegExp', /x/, { source: 'x' }], ['isMap', new Map(), new Set()],
  ['isSet', new Set(), new Map()], ['isWeakMap', new WeakMap(), new Map()], ['isWeakSet', new WeakSet(), new Set()],
  ['isPromise', Promise.resolve(), { then() {} }], ['isMapIterator', new Map().keys(), [].keys()],
  ['isSetIterator', new Set().values(), new Map().values()], ['isArrayBuffer', new ArrayBuffer(1), new Uint8Array(1)],
  ['isAnyArrayBuffer', new ArrayBuffer(1), {}], ['isDataView', new DataView(new ArrayBuffer(1)), new Uint8Array(1)],
  ['isTypedArray', new Float32Array(1), new DataView(new ArrayBuffer(1))],
  ['isArrayBufferView', new DataView(new ArrayBuffer(1)), new ArrayBuffer(1)],
  ['isUint8Array', Buffer.alloc(1), new Int8Array(1)], ['isBigInt64Array', new BigInt64Array(1), new Float64Array(1)],
  ['isNativeError', new TypeError(), { name: 'Error', message: '' }],
  // hostrt lowers async functions in code it compiles (unhandled-rejection tracking, see README),
  // so the native async function under test comes from eval'd code, which is never lowered.
  ['isAsyncFunction', (0, eval)('(async () => {})'), () => {}], ['isGeneratorFunction', function* g() {}, function f() {}],
  ['isGeneratorObject', (function* g() {})(), {}], ['isArgumentsObject', (function () { return arguments; })(), []],
  ['isBoxedPrimitive', Object(1), 1], ['isNumberObject', Object(1), 1], ['isStringObject', Object('s'), 's'],
  ['isBooleanObject', Object(true), true], ['isSymbolObject', Object(Symbol('s')), Symbol('s')],
  ['isBigIntObject', Object(1n), 1n], ['isProxy', new Proxy({}, {}), {}],
];
for (const [name, yes, no] of checks) {
  assert.strictEqual(types[name](yes), true, `${name}(yes)`);
  assert.strictEqual(types[name](no), false, `${name}(no)`);
}
assert.strictEqual(types.isExternal({}), false);
assert.strictEqual(types.isModuleNamespaceObject({}), false);
// Brand checks are not fooled by Symbol.toStringTag.
assert.strictEqual(types.isMap({ [Symbol.toStringTag]: 'Map' }), false);
assert.strictEqual(types.isDate(Object.create(Date.prototype)), false);
