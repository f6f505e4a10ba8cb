'use strict';
// util.isDeepStrictEqual for the hostrt util shim: the "strict" comparison mode of
// assert.deepStrictEqual as documented in Node's assert docs (same prototypes, same type tags,
// Object.is for primitives, own enumerable string + symbol keys, unordered Map/Set contents,
// cycle-safe). Plain ES2023; uses the brand checks in inspect_types.js.

const T = require('./inspect_types.js');

const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isEnumerable = (o, k) => Object.prototype.propertyIsEnumerable.call(o, k);

function enumerableKeys(o) {
  const keys = Object.keys(o);
  for (const s of Object.getOwnPropertySymbols(o)) if (isEnumerable(o, s)) keys.push(s);
  return keys;
}

function isDeepStrictEqual(a, b) {
  return equal(a, b, new Map());
}

function equal(a, b, memo) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return false; // functions and primitives compare by identity (Object.is above)
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (T.toStr(a) !== T.toStr(b)) return false;

  // Cycle guard: assume equal while a pair is being compared.
  let seen = memo.get(a);
  if (seen !== undefined && seen.has(b)) return true;
  if (seen === undefined) { seen = new Set(); memo.set(a, seen); }
  seen.add(b);

  if (!sameInternals(a, b, memo)) return false;

  const keysA = Array.isArray(a) || T.typedArrayName(a) ? enumerableKeys(a).filter((k) => !T.isArrayIndex(k)) : enumerableKeys(a);
  const keysB = Array.isArray(b) || T.typedArrayName(b) ? enumerableKeys(b).filter((k) => !T.isArrayIndex(k)) : enumerableKeys(b);
  if (keysA.length !== keysB.length) return false;
  for (const k of keysA) {
    if (!hasOwn(b, k) || !isEnumerable(b, k)) return false;
    if (!equal(a[k], b[k], memo)) return false;
  }
  return true;
}

function sameInternals(a, b, memo) {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const ha = hasOwn(a, i);
      if (ha !== hasOwn(b, i)) return false;
      if (ha && !equal(a[i], b[i], memo)) return false;
    }
    return true;
  }
  if (T.isDate(a)) return T.isDate(b) && Object.is(a.getTime(), b.getTime());
  if (T.isRegExp(a)) {
    return T.isRegExp(b) && a.source === b.source && a.flags === b.flags && a.lastIndex === b.lastIndex;
  }
  if (T.toStr(a) === '[object Error]') {
    // Native errors only (not proxies of them, nor Object.create(Error.prototype)): name,
    // message, cause and errors are compared even when not enumerable.
    if (!T.isError(b) || a.message !== b.message || a.name !== b.name) return false;
    for (const key of ['cause', 'errors']) {
      const inA = hasOwn(a, key);
      if (inA !== hasOwn(b, key)) return false;
      if (inA && !isEnumerable(a, key) && !equal(a[key], b[key], memo)) return false;
    }
  }
  const ta = T.typedArrayName(a);
  if (ta !== undefined) {
    if (T.typedArrayName(b) !== ta || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (T.isArrayBuffer(a) || T.isSharedArrayBuffer(a)) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a);
    const y = new Uint8Array(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (T.isDataView(a)) {
    if (!T.isDataView(b) || a.byteLength !== b.byteLength) return false;
    for (let i = 0; i < a.byteLength; i++) if (a.getUint8(i) !== b.getUint8(i)) return false;
    return true;
  }
  for (const [check, unbox] of [
    [T.isNumberObject, Number.prototype.valueOf], [T.isStringObject, String.prototype.valueOf],
    [T.isBooleanObject, Boolean.prototype.valueOf], [T.isBigIntObject, BigInt.prototype.valueOf],
    [T.isSymbolObject, Symbol.prototype.valueOf],
  ]) {
    if (check(a)) return check(b) && Object.is(unbox.call(a), unbox.call(b));
  }
  if (T.isSet(a)) return T.isSet(b) && sameSet(a, b, memo);
  if (T.isMap(a)) return T.isMap(b) && sameMap(a, b, memo);
  if (T.isWeakMap(a) || T.isWeakSet(a)) return false; // only identical weak collections are equal
  return true;
}

function sameSet(a, b, memo) {
  if (a.size !== b.size) return false;
  const pending = [];
  for (const v of a) {
    if (typeof v === 'object' && v !== null) pending.push(v);
    else if (!b.has(v)) return false;
  }
  if (pending.length === 0) return true;
  const candidates = [...b].filter((v) => typeof v === 'object' && v !== null);
  for (const v of pending) {
    const i = candidates.findIndex((c) => equal(v, c, memo));
    if (i === -1) return false;
    candidates.splice(i, 1);
  }
  return true;
}

function sameMap(a, b, memo) {
  if (a.size !== b.size) return false;
  const pending = [];
  for (const [k, v] of a) {
    if (typeof k === 'object' && k !== null) pending.push([k, v]);
    else if (!b.has(k) || !equal(v, b.get(k), memo)) return false;
  }
  if (pending.length === 0) return true;
  const candidates = [...b].filter(([k]) => typeof k === 'object' && k !== null);
  for (const [k, v] of pending) {
    const i = candidates.findIndex(([ck, cv]) => equal(k, ck, memo) && equal(v, cv, memo));
    if (i === -1) return false;
    candidates.splice(i, 1);
  }
  return true;
}

module.exports = { isDeepStrictEqual };
