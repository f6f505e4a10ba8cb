'use strict';
// node:util/types for a bare V8. Node answers these from V8's internal type checks; here most are
// brand checks (a built-in getter or method that only works on objects with the right internal
// slot), which are exact. The rest use Object.prototype.toString, which
// a Symbol.toStringTag property can fool: isPromise, isMapIterator, isSetIterator,
// isGeneratorObject, isModuleNamespaceObject, isAsyncFunction/isGeneratorFunction. isProxy uses
// V8's %IsJSProxy (hostrt starts V8 with --allow-natives-syntax); isExternal is always false.

// Brand checks: a built-in getter or method that throws unless the receiver has the internal slot.
const uncurry = (fn) => (self, ...args) => Reflect.apply(fn, self, args);
const getter = (proto, name) => uncurry(Object.getOwnPropertyDescriptor(proto, name).get);
function branded(check) {
  return (value) => {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
    try {
      check(value);
      return true;
    } catch {
      return false;
    }
  };
}
const typedArrayTag = getter(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag);
const boxed = (proto) => (v) => typeof v === 'object' && branded((x) => proto.valueOf.call(x))(v);
const T = {
  isDate: branded((v) => Date.prototype.getTime.call(v)),
  isRegExp: (v) => v !== RegExp.prototype && branded(getter(RegExp.prototype, 'source'))(v),
  isMap: branded(getter(Map.prototype, 'size')),
  isSet: branded(getter(Set.prototype, 'size')),
  isWeakMap: branded((v) => WeakMap.prototype.has.call(v, {})),
  isWeakSet: branded((v) => WeakSet.prototype.has.call(v, {})),
  isArrayBuffer: branded(getter(ArrayBuffer.prototype, 'byteLength')),
  isSharedArrayBuffer: typeof SharedArrayBuffer === 'function'
    ? branded(getter(SharedArrayBuffer.prototype, 'byteLength')) : () => false,
  isDataView: branded(getter(DataView.prototype, 'byteLength')),
  isNumberObject: boxed(Number.prototype),
  isStringObject: boxed(String.prototype),
  isBooleanObject: boxed(Boolean.prototype),
  isBigIntObject: boxed(BigInt.prototype),
  isSymbolObject: boxed(Symbol.prototype),
  typedArrayName: (v) => (v !== null && typeof v === 'object' ? typedArrayTag(v) : undefined),
  isArguments: (v) => {
    try {
      return v !== null && typeof v === 'object' && v[Symbol.toStringTag] === undefined &&
        Object.prototype.toString.call(v) === '[object Arguments]';
    } catch {
      return false;
    }
  },
  // The intrinsic function prototypes carry these tags.
  functionKind: (fn) => {
    for (let p = Object.getPrototypeOf(fn); p !== null && p !== Function.prototype; p = Object.getPrototypeOf(p)) {
      const d = Object.getOwnPropertyDescriptor(p, Symbol.toStringTag);
      if (d && typeof d.value === 'string') return d.value;
    }
    return 'Function';
  },
};
const toStr = (v) => Object.prototype.toString.call(v);
const isObjectLike = (v) => v !== null && (typeof v === 'object' || typeof v === 'function');
const tagIs = (tag) => (v) => isObjectLike(v) && toStr(v) === `[object ${tag}]`;

let proxyCheck;
function isProxy(value) {
  if (proxyCheck === undefined) {
    try {
      proxyCheck = new Function('v', 'return %IsJSProxy(v);');
    } catch {
      proxyCheck = () => false;  // natives syntax unavailable: cannot tell
    }
  }
  return isObjectLike(value) && proxyCheck(value);
}

function isPromise(value) {
  return isObjectLike(value) && (value instanceof Promise || toStr(value) === '[object Promise]');
}
function isAsyncFunction(value) {
  if (typeof value !== 'function') return false;
  const kind = T.functionKind(value);
  return kind === 'AsyncFunction' || kind === 'AsyncGeneratorFunction';
}
function isGeneratorFunction(value) {
  if (typeof value !== 'function') return false;
  const kind = T.functionKind(value);
  return kind === 'GeneratorFunction' || kind === 'AsyncGeneratorFunction';
}
function isGeneratorObject(value) {
  if (!isObjectLike(value)) return false;
  const tag = toStr(value);
  return tag === '[object Generator]' || tag === '[object AsyncGenerator]';
}
function isNativeError(value) {
  return isObjectLike(value) && value instanceof Error;
}
function isBoxedPrimitive(value) {
  return T.isNumberObject(value) || T.isStringObject(value) || T.isBooleanObject(value) ||
    T.isBigIntObject(value) || T.isSymbolObject(value);
}
function isArrayBufferView(value) { return ArrayBuffer.isView(value); }
function isTypedArray(value) { return T.typedArrayName(value) !== undefined; }
const typedIs = (name) => (value) => T.typedArrayName(value) === name;
function isAnyArrayBuffer(value) { return T.isArrayBuffer(value) || T.isSharedArrayBuffer(value); }

function isCryptoKey(value) {
  return typeof globalThis.CryptoKey === 'function' && value instanceof globalThis.CryptoKey;
}
function isKeyObject(value) {
  if (!isObjectLike(value)) return false;
  const name = value.constructor?.name;
  if (!/^(Secret|Public|Private)?KeyObject$/.test(name || '')) return false;
  try {
    return value instanceof require('crypto').KeyObject;
  } catch {
    return false;
  }
}

module.exports = {
  isExternal: () => false,
  isDate: T.isDate,
  isArgumentsObject: T.isArguments,
  isBigIntObject: T.isBigIntObject,
  isBooleanObject: T.isBooleanObject,
  isNumberObject: T.isNumberObject,
  isStringObject: T.isStringObject,
  isSymbolObject: T.isSymbolObject,
  isNativeError,
  isRegExp: T.isRegExp,
  isAsyncFunction,
  isGeneratorFunction,
  isGeneratorObject,
  isPromise,
  isMap: T.isMap,
  isSet: T.isSet,
  isMapIterator: tagIs('Map Iterator'),
  isSetIterator: tagIs('Set Iterator'),
  isWeakMap: T.isWeakMap,
  isWeakSet: T.isWeakSet,
  isArrayBuffer: T.isArrayBuffer,
  isDataView: T.isDataView,
  isSharedArrayBuffer: T.isSharedArrayBuffer,
  isProxy,
  isModuleNamespaceObject: tagIs('Module'),
  isAnyArrayBuffer,
  isBoxedPrimitive,
  isArrayBufferView,
  isTypedArray,
  isUint8Array: typedIs('Uint8Array'),
  isUint8ClampedArray: typedIs('Uint8ClampedArray'),
  isUint16Array: typedIs('Uint16Array'),
  isUint32Array: typedIs('Uint32Array'),
  isInt8Array: typedIs('Int8Array'),
  isInt16Array: typedIs('Int16Array'),
  isInt32Array: typedIs('Int32Array'),
  isFloat32Array: typedIs('Float32Array'),
  isFloat64Array: typedIs('Float64Array'),
  isBigInt64Array: typedIs('BigInt64Array'),
  isBigUint64Array: typedIs('BigUint64Array'),
  isKeyObject,
  isCryptoKey,
};
