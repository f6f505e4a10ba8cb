'use strict';
// Brand checks for the util.inspect shim without Node's util.types: each check calls a
// built-in getter/method that throws (or answers undefined) unless the receiver carries the
// right internal slot. That is spoof-proof against Symbol.toStringTag and works across realms,
// using only ES2023 built-ins, so it runs in a bare V8 isolate too.

const uncurry = (fn) => (self, ...args) => Reflect.apply(fn, self, args);
const getter = (proto, name) => {
  const d = proto && Object.getOwnPropertyDescriptor(proto, name);
  return d && d.get ? uncurry(d.get) : undefined;
};

// A failed check throws a TypeError; with stackTraceLimit 0 V8 skips the (costly) stack
// capture, which otherwise dominates inspecting large object graphs.
function branded(check) {
  return (value) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      check(value);
      return true;
    } catch {
      return false;
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}

const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag = getter(TypedArrayProto, Symbol.toStringTag);
const typedArrayLength = getter(TypedArrayProto, 'length'); // immune to prototype swaps
const mapSize = getter(Map.prototype, 'size');
const setSize = getter(Set.prototype, 'size');
const abByteLength = getter(ArrayBuffer.prototype, 'byteLength');
const sabByteLength = typeof SharedArrayBuffer === 'function' ?
  getter(SharedArrayBuffer.prototype, 'byteLength') : undefined;
const dvByteLength = getter(DataView.prototype, 'byteLength');
const regexpSource = getter(RegExp.prototype, 'source');
const toStr = uncurry(Object.prototype.toString);

const isMap = branded(mapSize);
const isSet = branded(setSize);
const isWeakMap = branded((v) => WeakMap.prototype.has.call(v, {}));
const isWeakSet = branded((v) => WeakSet.prototype.has.call(v, {}));
const isWeakRef = typeof WeakRef === 'function' ? branded((v) => WeakRef.prototype.deref.call(v)) : () => false;
const isArrayBuffer = branded(abByteLength);
const isSharedArrayBuffer = sabByteLength ? branded(sabByteLength) : () => false;
const isDataView = branded(dvByteLength);
const isDate = branded((v) => Date.prototype.getTime.call(v));
const isRegExp = (v) => v !== RegExp.prototype && branded(regexpSource)(v);
const isNumberObject = (v) => typeof v === 'object' && branded((x) => Number.prototype.valueOf.call(x))(v);
const isStringObject = (v) => typeof v === 'object' && branded((x) => String.prototype.valueOf.call(x))(v);
const isBooleanObject = (v) => typeof v === 'object' && branded((x) => Boolean.prototype.valueOf.call(x))(v);
const isBigIntObject = (v) => typeof v === 'object' && branded((x) => BigInt.prototype.valueOf.call(x))(v);
const isSymbolObject = (v) => typeof v === 'object' && branded((x) => Symbol.prototype.valueOf.call(x))(v);

// Returns the typed array's kind ('Uint8Array', ...) or undefined.
function typedArrayName(v) {
  if (v === null || typeof v !== 'object') return undefined;
  return typedArrayTag(v);
}

// Node counts both native errors and anything inheriting from Error.prototype as errors.
function isError(v) {
  if (v === null || typeof v !== 'object') return false;
  if (v instanceof Error) return true;
  // Cross-realm native errors: only trust the builtin tag when no toStringTag is in play.
  try { return v[Symbol.toStringTag] === undefined && toStr(v) === '[object Error]'; } catch { return false; }
}

function isArguments(v) {
  try { return v[Symbol.toStringTag] === undefined && toStr(v) === '[object Arguments]'; } catch { return false; }
}

// Function kinds: the intrinsic prototypes carry these tags; user code rarely fakes them. When
// the prototype chain was cut (null prototype) the source text is the remaining clue.
function functionKind(fn) {
  let proto;
  try { proto = Object.getPrototypeOf(fn); } catch { return 'Function'; }
  for (let p = proto; p !== null; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, Symbol.toStringTag);
    if (d && typeof d.value === 'string' && /^(Async)?(Generator)?Function$/.test(d.value)) return d.value;
    if (p === Function.prototype) return 'Function';
  }
  let src = '';
  try { src = Function.prototype.toString.call(fn); } catch { /* keep '' */ }
  const isAsync = /^async[\s(*]/.test(src);
  const isGenerator = /^(?:async\s*)?(?:function\s*\*|\*)/.test(src);
  return `${isAsync ? 'Async' : ''}${isGenerator ? 'Generator' : ''}Function`;
}

// One-shot classification used by inspect. Brand checks throw on failure and exceptions are
// slow, so: an object with no Symbol.toStringTag on its chain (plain objects, class instances,
// Dates, RegExps, boxed Number/String/Boolean) is classified from Object.prototype.toString's
// builtin tag without throwing; only tagged, null-prototype or foreign objects go through the
// brand checks, trying the kind their tag names first. (A Map whose prototype was swapped for a
// tagless one is therefore seen as a plain object.)
const TAGGED_CHECKS = [
  ['Set', isSet], ['Map', isMap], ['ArrayBuffer', isArrayBuffer],
  ['SharedArrayBuffer', isSharedArrayBuffer], ['DataView', isDataView], ['WeakSet', isWeakSet],
  ['WeakMap', isWeakMap], ['BigInt', isBigIntObject], ['Symbol', isSymbolObject],
  ['RegExp', isRegExp], ['Date', isDate], ['Number', isNumberObject], ['String', isStringObject],
  ['Boolean', isBooleanObject],
];
const BUILTIN_TAG_KIND = {
  '[object RegExp]': 'RegExp', '[object Date]': 'Date', '[object Number]': 'Number',
  '[object String]': 'String', '[object Boolean]': 'Boolean',
};

function classify(value, rawTag) {
  if (rawTag === undefined && value instanceof Object) {
    return BUILTIN_TAG_KIND[toStr(value)] || '';
  }
  if (typeof rawTag === 'string') {
    const hinted = TAGGED_CHECKS.find(([kind]) => kind === rawTag);
    if (hinted !== undefined && hinted[1](value)) return hinted[0];
  }
  for (const [kind, check] of TAGGED_CHECKS) if (check(value)) return kind;
  return '';
}

// Canonical array index strings ("0".."4294967294").
function isArrayIndex(key) {
  if (typeof key !== 'string') return false;
  if (key === '0') return true;
  if (!/^[1-9][0-9]{0,9}$/.test(key)) return false;
  return Number(key) < 4294967295;
}

module.exports = {
  isMap, isSet, isWeakMap, isWeakSet, isWeakRef, isArrayBuffer, isSharedArrayBuffer, isDataView,
  isDate, isRegExp, isNumberObject, isStringObject, isBooleanObject, isBigIntObject,
  isSymbolObject, typedArrayName, isError, isArguments, functionKind, isArrayIndex, mapSize,
  setSize, toStr, typedArrayLength, classify,
};
