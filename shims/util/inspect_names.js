'use strict';
// Naming helpers for the util.inspect shim: the `Foo(2) [Tag] ` prefixes, and the bases of
// functions and classes (`[Function: f]`, `[AsyncFunction: g]`, `[class A extends B]`).
// Classes are recognised from their source text, the only signal plain JS offers.

const T = require('./inspect_types.js');

const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

// Constructors Node treats as built-in (for %s's toString check and showHidden prototype walks).
const BUILTIN_NAMES = new Set([
  'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'Date', 'Promise',
  'RegExp', 'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError',
  'TypeError', 'URIError', 'ArrayBuffer', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array',
  'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray',
  'BigUint64Array', 'BigInt64Array', 'DataView', 'Map', 'BigInt', 'Set', 'WeakMap', 'WeakSet',
  'Proxy', 'Reflect', 'SharedArrayBuffer', 'WeakRef', 'FinalizationRegistry',
]);

function prefixFor(ctor, tag, fallback, size = '') {
  if (ctor === null) {
    if (tag !== '' && fallback !== tag) return `[${fallback}${size}: null prototype] [${tag}] `;
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && ctor !== tag) return `${ctor}${size} [${tag}] `;
  return `${ctor}${size} `;
}

function isClassSource(fn) {
  let src;
  try { src = Function.prototype.toString.call(fn); } catch { return false; }
  if (!src.startsWith('class') || !src.endsWith('}')) return false;
  const rest = src.slice(5, -1);
  const brace = rest.indexOf('{');
  if (brace === -1) return false;
  const head = rest.slice(0, brace);
  if (!head.includes('(')) return true;
  // `class A extends mixin(B) {` is a class; `class(){}` (a method named class) is not.
  const stripped = rest.replace(/(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g, '');
  return /^(\s+[^(]*?)\s*{/.test(stripped);
}

function functionBase(fn, ctor, tag) {
  if (isClassSource(fn)) return classBase(fn, ctor, tag);
  const type = T.functionKind(fn);
  let base = `[${type}`;
  if (ctor === null) base += ' (null prototype)';
  base += fn.name === '' ? ' (anonymous)' : `: ${fn.name}`;
  base += ']';
  if (ctor !== type && ctor !== null) base += ` ${ctor}`;
  if (tag !== '' && ctor !== tag) base += ` [${tag}]`;
  return base;
}

function classBase(fn, ctor, tag) {
  const name = (hasOwn(fn, 'name') && fn.name) || '(anonymous)';
  let base = `class ${name}`;
  if (ctor !== 'Function' && ctor !== null) base += ` [${ctor}]`;
  if (tag !== '' && ctor !== tag) base += ` [${tag}]`;
  if (ctor !== null) {
    const superName = Object.getPrototypeOf(fn).name;
    if (superName) base += ` extends ${superName}`;
  } else {
    base += ' extends [null prototype]';
  }
  return `[${base}]`;
}

module.exports = { BUILTIN_NAMES, prefixFor, functionBase, classBase, isClassSource };
