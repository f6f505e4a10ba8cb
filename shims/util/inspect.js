'use strict';
// util.inspect / util.format for hostrt, written to match Node v20 output byte for byte.
//
// Design:
// - Plain ES2023 CommonJS, no Node built-ins: the same files run under `node` (for differential
//   tests) and inside a bare V8 isolate (mini-racer). Nothing here is Node's code: behaviour
//   was taken from Node's docs and by diffing against `node` (tests/js/inspect_corpus.js).
// - Things plain JS cannot see come from optional hooks the embedder may install:
//     inspect._promiseState(p)     -> {state: 'pending'|'fulfilled'|'rejected', value} | undefined
//     inspect._proxyDetails(v)     -> undefined (not a proxy) | null (revoked) | {target, handler}
//     inspect._previewEntries(it)  -> undefined | {entries: [...], isKeyValue: bool}
//                                     (Map/Set iterators; WeakMap/WeakSet with showHidden)
//     inspect._constructorName(o)  -> string (V8's class name, for `[Foo: null prototype] {}`)
//     inspect._cwd()               -> string (greyed in coloured stack traces)
//   Without them we degrade gracefully: `Promise { <unknown> }`, iterators print as
//   `Object [Map Iterator] {}`, weak collections as `<items unknown>`. When V8 runs with
//   --allow-natives-syntax (hostrt does) the proxy hook is filled in from V8 natives.
// - Module map: inspect.js (dispatch on value kind, properties, circular refs),
//   inspect_layout.js (single-line vs multi-line, array columns), inspect_primitives.js
//   (strings, numbers, widths), inspect_types.js (brand checks), inspect_names.js (prefixes,
//   function/class bases), inspect_errors.js (stacks), inspect_colors.js, inspect_format.js
//   (util.format), deep_equal.js (util.isDeepStrictEqual).

const T = require('./inspect_types.js');
const P = require('./inspect_primitives.js');
const L = require('./inspect_layout.js');
const { colors, styles, stylizeWithColor, stylizeNoColor } = require('./inspect_colors.js');
const { BUILTIN_NAMES, prefixFor, functionBase } = require('./inspect_names.js');
const { formatError } = require('./inspect_errors.js');

const { formatPrimitive, formatNumber, formatBigInt, quoteString } = P;
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isEnumerable = (o, k) => Object.prototype.propertyIsEnumerable.call(o, k);

// Kinds of entries a formatter produces (affects `key: value` rendering and layout).
const OBJECT = 0; // plain `key: value` entries
const ARRAY_ITEM = 1; // bare values (array elements)
const ARRAY_EXTRA = 2; // array-like container: groupable, extra keys shown as `key: value`

const customSymbol = Symbol.for('nodejs.util.inspect.custom');

const defaultOptions = {
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
};

// ---------------------------------------------------------------------------------------------
// Entry points

function makeContext(opts) {
  const ctx = {
    indentationLvl: 0,
    seen: [],
    currentDepth: 0,
    circular: undefined,
    stylize: stylizeNoColor,
    userOptions: undefined,
  };
  Object.assign(ctx, inspect.defaultOptions);
  if (opts !== undefined) {
    for (const key of Object.keys(opts)) {
      if (hasOwn(defaultOptions, key) || key === 'stylize') ctx[key] = opts[key];
      else if (ctx.userOptions === undefined) ctx.userOptions = opts; // passed on to custom inspectors
    }
  }
  if (ctx.colors) ctx.stylize = stylizeWithColor;
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  return ctx;
}

function inspect(value, opts) {
  let options = opts;
  // Legacy signature: inspect(value, showHidden, depth, colors).
  if (typeof opts !== 'object' || opts === null) {
    options = {};
    if (typeof opts === 'boolean') options.showHidden = opts;
    if (arguments.length > 2 && arguments[2] !== undefined) options.depth = arguments[2];
    if (arguments.length > 3 && arguments[3] !== undefined) options.colors = arguments[3];
  }
  const ctx = makeContext(options);
  return formatValue(ctx, value, 0);
}

// ---------------------------------------------------------------------------------------------
// Values

function depthExceeded(ctx, level) {
  return ctx.depth !== null && level > ctx.depth;
}

function formatValue(ctx, value, level, insideTypedArray) {
  if (typeof value !== 'object' && typeof value !== 'function') return formatPrimitive(ctx, value);
  if (value === null) return ctx.stylize('null', 'null');

  const receiver = value;
  let isProxy = false;
  if (typeof inspect._proxyDetails === 'function') {
    const details = inspect._proxyDetails(value);
    if (details === null) return ctx.stylize('<Revoked Proxy>', 'special');
    if (details !== undefined) {
      if (details.target === null) return ctx.stylize('<Revoked Proxy>', 'special');
      if (ctx.showProxy) return formatProxy(ctx, details, level);
      // Node 20 quirk, kept for byte-identity: a proxy whose target has `[0] === null` (e.g. a
      // proxied `[null, ...]`) is reported as revoked when showProxy is off.
      if (details.target[0] === null) return ctx.stylize('<Revoked Proxy>', 'special');
      value = details.target; // inspect the target so no trap fires
      isProxy = true;
    }
  }

  if (ctx.customInspect) {
    let custom;
    try { custom = value[customSymbol]; } catch { custom = undefined; }
    if (typeof custom === 'function' && custom !== inspect && !isOwnPrototype(value)) {
      const depth = ctx.depth === null ? null : ctx.depth - level;
      const result = custom.call(receiver, depth, optionsForCustom(ctx, isProxy), inspect);
      if (result !== receiver) {
        if (typeof result !== 'string') return formatValue(ctx, result, level);
        return result.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
      }
    }
  }

  if (ctx.seen.includes(value)) {
    if (ctx.circular === undefined) ctx.circular = new Map();
    let id = ctx.circular.get(value);
    if (id === undefined) {
      id = ctx.circular.size + 1;
      ctx.circular.set(value, id);
    }
    return ctx.stylize(`[Circular *${id}]`, 'special');
  }
  return formatObject(ctx, value, level, insideTypedArray);
}

// A class prototype (`Foo.prototype`) carrying a custom inspector must not call it on itself.
function isOwnPrototype(value) {
  try {
    const ctor = value.constructor;
    return ctor !== undefined && ctor !== null && ctor.prototype === value;
  } catch {
    return false;
  }
}

function optionsForCustom(ctx, isProxy) {
  const out = { stylize: ctx.stylize };
  for (const key of Object.keys(defaultOptions)) out[key] = ctx[key];
  if (ctx.userOptions !== undefined) Object.assign(out, ctx.userOptions);
  if (isProxy) delete out.stylize;
  return out;
}

function formatProxy(ctx, details, level) {
  if (depthExceeded(ctx, level)) return ctx.stylize('Proxy [Array]', 'special');
  level += 1;
  ctx.indentationLvl += 2;
  const parts = [formatValue(ctx, details.target, level), formatValue(ctx, details.handler, level)];
  ctx.indentationLvl -= 2;
  return L.combine(ctx, parts, '', ['Proxy [', ']'], ARRAY_EXTRA, level);
}

// ---------------------------------------------------------------------------------------------
// Constructor names and prefixes

// V8's own class name for an object (used only when the prototype chain names nothing).
function internalName(value) {
  if (typeof inspect._constructorName === 'function') {
    try {
      const name = inspect._constructorName(value);
      if (typeof name === 'string') return name;
    } catch { /* fall through */ }
  }
  // Approximation of V8: a string Symbol.toStringTag data property anywhere on the chain.
  for (let o = value; o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, Symbol.toStringTag);
    if (d !== undefined && typeof d.value === 'string') return d.value;
  }
  return 'Object';
}

// The name of the nearest constructor on the prototype chain, `null` for a null-prototype
// chain without one, or `Name <proto>` for a chain whose constructor cannot be found.
function constructorNameOf(ctx, value, level, protoProps) {
  let firstProto;
  for (let obj = value; obj !== null && obj !== undefined;) {
    const d = Object.getOwnPropertyDescriptor(obj, 'constructor');
    if (d !== undefined && typeof d.value === 'function' && d.value.name !== '' &&
        isInstance(value, d.value)) {
      if (protoProps !== undefined && (firstProto !== obj || !BUILTIN_NAMES.has(d.value.name))) {
        collectPrototypeProps(ctx, value, firstProto || value, level, protoProps);
      }
      return String(d.value.name);
    }
    obj = Object.getPrototypeOf(obj);
    if (firstProto === undefined) firstProto = obj;
  }
  if (firstProto === null) return null;
  const name = internalName(value);
  if (depthExceeded(ctx, level)) return `${name} <Complex prototype>`;
  const protoText = inspect(firstProto, { ...ctx, customInspect: false, depth: -1 });
  return `${name} <${protoText}>`;
}

// Non-method properties of up to three user-defined prototype levels (showHidden only), in
// the order Node lists them; keys shadowed by the object or a nearer prototype are skipped.
function collectPrototypeProps(ctx, main, proto, level, out) {
  const seenKeys = new Set();
  let obj = proto;
  for (let depth = 0; depth < 3; depth++) {
    if (depth !== 0 || main === obj) {
      obj = Object.getPrototypeOf(obj);
      if (obj === null) return;
      const d = Object.getOwnPropertyDescriptor(obj, 'constructor');
      if (d !== undefined && typeof d.value === 'function' && BUILTIN_NAMES.has(d.value.name)) return;
    }
    const keys = Reflect.ownKeys(obj);
    ctx.seen.push(main);
    for (const key of keys) {
      if (key === 'constructor' || hasOwn(main, key) || (depth !== 0 && seenKeys.has(key))) continue;
      const desc = Object.getOwnPropertyDescriptor(obj, key);
      if (typeof desc.value === 'function') continue;
      const text = formatProperty(ctx, obj, level, key, OBJECT, desc, main);
      out.push(ctx.colors ? `\u001b[2m${text}\u001b[22m` : text);
    }
    ctx.seen.pop();
    for (const key of keys) seenKeys.add(key);
  }
}

function isInstance(value, ctor) {
  try { return value instanceof ctor; } catch { return false; }
}

// ---------------------------------------------------------------------------------------------
// Keys

function ownKeys(value, showHidden) {
  const symbols = Object.getOwnPropertySymbols(value);
  let keys;
  if (showHidden) {
    keys = Object.getOwnPropertyNames(value);
    if (symbols.length !== 0) keys.push(...symbols);
  } else {
    keys = Object.keys(value);
    for (const s of symbols) if (isEnumerable(value, s)) keys.push(s);
  }
  return keys;
}

function nonIndexKeys(value, showHidden) {
  return ownKeys(value, showHidden).filter((k) => !T.isArrayIndex(k));
}

// ---------------------------------------------------------------------------------------------
// Objects

function formatObject(ctx, value, level, insideTypedArray) {
  let keys;
  // With showHidden, accessors from user-defined prototypes are listed too (not methods).
  let protoProps = ctx.showHidden && !depthExceeded(ctx, level) ? [] : undefined;
  const ctor = constructorNameOf(ctx, value, level, protoProps);
  if (protoProps !== undefined && protoProps.length === 0) protoProps = undefined;
  let tag = value[Symbol.toStringTag];
  const typedName = T.typedArrayName(value);
  const kind = typedName !== undefined ? 'TypedArray' : T.classify(value, tag);
  // A tag that is already printed as an own key is not repeated in the prefix.
  if (typeof tag !== 'string' ||
      (tag !== '' && (ctx.showHidden ? hasOwn : isEnumerable)(value, Symbol.toStringTag))) {
    tag = '';
  }

  let base = '';
  let formatter = noEntries;
  let braces;
  let entryKind = OBJECT;

  if (Array.isArray(value)) {
    keys = nonIndexKeys(value, ctx.showHidden);
    const prefix = (ctor !== 'Array' || tag !== '') ? prefixFor(ctor, tag, 'Array', `(${value.length})`) : '';
    braces = [`${prefix}[`, ']'];
    if (value.length === 0 && keys.length === 0 && protoProps === undefined) return `${braces[0]}]`;
    entryKind = ARRAY_EXTRA;
    formatter = formatArray;
  } else if (kind === 'Set') {
    const size = T.setSize(value);
    const prefix = prefixFor(ctor, tag, 'Set', `(${size})`);
    keys = ownKeys(value, ctx.showHidden);
    formatter = formatSet;
    if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`;
    braces = [`${prefix}{`, '}'];
  } else if (kind === 'Map') {
    const size = T.mapSize(value);
    const prefix = prefixFor(ctor, tag, 'Map', `(${size})`);
    keys = ownKeys(value, ctx.showHidden);
    formatter = formatMap;
    if (size === 0 && keys.length === 0 && protoProps === undefined) return `${prefix}{}`;
    braces = [`${prefix}{`, '}'];
  } else if (kind === 'TypedArray') {
    keys = nonIndexKeys(value, ctx.showHidden);
    const length = T.typedArrayLength(value);
    // hostrt's Buffer is a Uint8Array subclass named Buffer: print it like Node's Buffer.
    if (ctor === 'Buffer' && value instanceof Uint8Array) return formatBuffer(ctx, value, keys, level);
    const prefix = prefixFor(ctor, tag, typedName, `(${length})`);
    braces = [`${prefix}[`, ']'];
    if (length === 0 && keys.length === 0 && protoProps === undefined && !ctx.showHidden) return `${braces[0]}]`;
    formatter = formatTypedArray;
    entryKind = ARRAY_EXTRA;
  } else if (isIteratorWithPreview(value)) {
    const preview = inspect._previewEntries(value);
    keys = ownKeys(value, ctx.showHidden);
    // `[Map Iterator] { 'a' }`, or `[Map Entries] { [ 'a', 1 ] }` for entries().
    const label = preview.isKeyValue ? tag.replace(/ Iterator$/, ' Entries') : tag;
    braces = [`[${label}] {`, '}'];
    formatter = (c, v, lvl) => formatIteratorPreview(c, preview, lvl);
  } else {
    keys = ownKeys(value, ctx.showHidden);
    braces = ['{', '}'];
    if (typeof value === 'function') {
      base = functionBase(value, ctor, tag);
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, 'special');
    } else if (ctor === 'Object') {
      if (T.isArguments(value)) braces[0] = '[Arguments] {';
      else if (tag !== '') braces[0] = `${prefixFor(ctor, tag, 'Object')}{`;
      if (keys.length === 0 && protoProps === undefined) return `${braces[0]}}`;
    } else if (kind === 'RegExp') {
      // Bases are coloured only when printed alone, never when followed by `{ keys }`.
      // new RegExp(re) reads the internal source/flags, so it works without a prototype.
      base = RegExp.prototype.toString.call(ctor !== null ? value : new RegExp(value));
      const prefix = prefixFor(ctor, tag, 'RegExp');
      if (prefix !== 'RegExp ') base = `${prefix}${base}`;
      if ((keys.length === 0 && protoProps === undefined) || depthExceeded(ctx, level)) {
        return ctx.stylize(base, 'regexp');
      }
    } else if (kind === 'Date') {
      const time = Date.prototype.getTime.call(value);
      base = Number.isNaN(time) ? 'Invalid Date' : Date.prototype.toISOString.call(value);
      const prefix = prefixFor(ctor, tag, 'Date');
      if (prefix !== 'Date ') base = `${prefix}${base}`;
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, 'date');
    } else if (T.isError(value)) {
      base = formatError(ctx, value, ctor, tag, keys, inspect._cwd);
      if (keys.length === 0 && protoProps === undefined) return base;
    } else if (kind === 'ArrayBuffer' || kind === 'SharedArrayBuffer') {
      const prefix = prefixFor(ctor, tag, kind);
      if (insideTypedArray) {
        if (keys.length === 0 && protoProps === undefined) {
          return `${prefix}{ byteLength: ${formatNumber(ctx.stylize, value.byteLength, false)} }`;
        }
      } else {
        formatter = formatArrayBuffer;
      }
      braces[0] = `${prefix}{`;
      keys.unshift('byteLength');
    } else if (kind === 'DataView') {
      braces[0] = `${prefixFor(ctor, tag, 'DataView')}{`;
      keys.unshift('byteLength', 'byteOffset', 'buffer');
    } else if (isPromise(value)) {
      braces[0] = `${prefixFor(ctor, tag, 'Promise')}{`;
      formatter = formatPromise;
    } else if (kind === 'WeakSet') {
      braces[0] = `${prefixFor(ctor, tag, 'WeakSet')}{`;
      formatter = ctx.showHidden ? formatWeakSet : formatWeakUnknown;
    } else if (kind === 'WeakMap') {
      braces[0] = `${prefixFor(ctor, tag, 'WeakMap')}{`;
      formatter = ctx.showHidden ? formatWeakMap : formatWeakUnknown;
    } else if (BOXED.has(kind)) {
      if (kind === 'String') keys = keys.filter((k) => !T.isArrayIndex(k) && !(ctx.showHidden && k === 'length'));
      const boxed = boxedBase(ctx, value, kind, ctor, tag);
      base = boxed.text;
      if (ctx.showHidden && kind === 'String') keys.unshift('length');
      if (keys.length === 0 && protoProps === undefined) return ctx.stylize(base, boxed.style);
    } else {
      if (keys.length === 0 && protoProps === undefined) return `${nameWithTag(value, ctor, tag)}{}`;
      braces[0] = `${nameWithTag(value, ctor, tag)}{`;
    }
  }

  if (depthExceeded(ctx, level)) {
    let name = nameWithTag(value, ctor, tag).slice(0, -1);
    if (ctor !== null) name = `[${name}]`;
    return ctx.stylize(name, 'special');
  }

  level += 1;
  ctx.seen.push(value);
  ctx.currentDepth = level;
  let output;
  try {
    output = formatter(ctx, value, level);
    for (const key of keys) output.push(formatProperty(ctx, value, level, key, entryKind));
    if (protoProps !== undefined) output.push(...protoProps);
  } finally {
    ctx.seen.pop();
  }

  if (ctx.circular !== undefined) {
    const id = ctx.circular.get(value);
    if (id !== undefined) {
      const ref = ctx.stylize(`<ref *${id}>`, 'special');
      if (ctx.compact !== true) base = base === '' ? ref : `${ref} ${base}`;
      else braces[0] = `${ref} ${braces[0]}`;
    }
  }

  if (ctx.sorted) {
    const compare = ctx.sorted === true ? undefined : ctx.sorted;
    if (entryKind === OBJECT) output.sort(compare);
    else if (keys.length > 1) {
      const tail = output.slice(output.length - keys.length).sort(compare);
      output.splice(output.length - keys.length, keys.length, ...tail);
    }
  }

  return L.combine(ctx, output, base, braces, entryKind, level, value);
}

function nameWithTag(value, ctor, tag) {
  return prefixFor(ctor, tag, ctor === null ? nullProtoFallback(value, tag) : 'Object');
}

// For a null-prototype plain object Node names it after V8's internal class name
// (`[Foo: null prototype] {}`), unless that name is just the visible tag.
function nullProtoFallback(value, tag) {
  const name = internalName(value);
  return name === tag ? 'Object' : name;
}

function isPromise(value) {
  if (typeof inspect._promiseState === 'function') {
    try { if (inspect._promiseState(value) !== undefined) return true; } catch { /* not one */ }
  }
  return value instanceof Promise;
}

function isIteratorWithPreview(value) {
  if (typeof inspect._previewEntries !== 'function') return false;
  const tag = value[Symbol.toStringTag];
  if (tag !== 'Map Iterator' && tag !== 'Set Iterator') return false;
  try { return inspect._previewEntries(value) !== undefined; } catch { return false; }
}

// ---------------------------------------------------------------------------------------------
// Bases for functions, boxed primitives, errors

// `[Number: 3]`, `[String (MyString): 'x']`; the wrapped value itself is never coloured and
// long boxed strings split like plain ones. Returns the text and its style name.
const BOXED = new Set(['Number', 'String', 'Boolean', 'BigInt', 'Symbol']);
const UNBOX = {
  Number: Number.prototype.valueOf, String: String.prototype.valueOf,
  Boolean: Boolean.prototype.valueOf, BigInt: BigInt.prototype.valueOf,
  Symbol: Symbol.prototype.valueOf,
};

function boxedBase(ctx, value, type, ctor, tag) {
  const plain = { ...ctx, stylize: stylizeNoColor };
  const prim = UNBOX[type].call(value);
  let text = `[${type}`;
  if (type !== ctor) text += ctor === null ? ' (null prototype)' : ` (${ctor})`;
  text += `: ${formatPrimitive(plain, prim)}]`;
  if (tag !== '' && tag !== ctor) text += ` [${tag}]`;
  return { text, style: type === 'String' ? 'string' : type.toLowerCase() };
}

// ---------------------------------------------------------------------------------------------
// Entry formatters (each returns an array of strings)

function noEntries() {
  return [];
}

function moreItems(n) {
  return `... ${n} more item${n > 1 ? 's' : ''}`;
}

function formatArray(ctx, value, level) {
  const length = value.length;
  const limit = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const output = [];
  let index = 0;
  // Walk own indices in order; runs of holes become `<n empty items>`, and each run counts
  // as one entry against maxArrayLength.
  while (index < length && output.length < limit) {
    if (hasOwn(value, index)) {
      output.push(formatProperty(ctx, value, level, index, ARRAY_ITEM));
      index++;
      continue;
    }
    let next = index + 1;
    const scanEnd = Math.min(length, index + 1000);
    while (next < scanEnd && !hasOwn(value, next)) next++;
    if (next === scanEnd && next < length) next = nextOwnIndex(value, next, length); // very sparse
    const holes = next - index;
    output.push(ctx.stylize(`<${holes} empty item${holes > 1 ? 's' : ''}>`, 'undefined'));
    index = next;
  }
  const remaining = length - index;
  if (remaining > 0) output.push(moreItems(remaining));
  return output;
}

function nextOwnIndex(value, from, length) {
  let best = length;
  for (const k of Object.keys(value)) {
    if (!T.isArrayIndex(k)) continue;
    const n = Number(k);
    if (n >= from && n < best) best = n;
  }
  return best;
}

function formatTypedArray(ctx, value, level) {
  const length = T.typedArrayLength(value);
  const limit = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const output = [];
  for (let i = 0; i < limit; i++) {
    const item = value[i];
    output.push(typeof item === 'bigint' ?
      formatBigInt(ctx.stylize, item, ctx.numericSeparator) :
      formatNumber(ctx.stylize, item, ctx.numericSeparator));
  }
  if (length > limit) output.push(moreItems(length - limit));
  if (ctx.showHidden) {
    ctx.indentationLvl += 2;
    for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
      output.push(`[${key}]: ${formatValue(ctx, value[key], level, true)}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
}

function hexBytes(bytes, limit) {
  let out = '';
  for (let i = 0; i < limit; i++) out += (i === 0 ? '' : ' ') + bytes[i].toString(16).padStart(2, '0');
  return out;
}

function formatArrayBuffer(ctx, value) {
  let bytes;
  try {
    bytes = new Uint8Array(value);
  } catch {
    return [ctx.stylize('(detached)', 'special')];
  }
  let text = hexBytes(bytes, Math.min(Math.max(0, ctx.maxArrayLength), bytes.length));
  const remaining = bytes.length - ctx.maxArrayLength;
  if (remaining > 0) text += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  return [`${ctx.stylize('[Uint8Contents]', 'special')}: <${text}>`];
}

// `<Buffer 68 69>`: Node's Buffer inspector (buffer.INSPECT_MAX_BYTES, 50 by default; extra keys
// appended). A Buffer exists, so node:buffer is loaded already.
function formatBuffer(ctx, value, keys, level) {
  const max = require('buffer').INSPECT_MAX_BYTES;
  let text = hexBytes(value, Math.trunc(Math.min(max, value.length)));
  const remaining = value.length - max;
  if (remaining > 0) text += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  if (keys.length !== 0) {
    const extras = keys.map((k) => formatProperty(ctx, value, level + 1, k, OBJECT));
    text += `${text === '' ? '' : ', '}${extras.join(', ')}`;
  }
  return `<Buffer ${text}>`;
}

function formatSet(ctx, value, level) {
  const size = T.setSize(value);
  const limit = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output = [];
  ctx.indentationLvl += 2;
  for (const item of Set.prototype.values.call(value)) {
    if (output.length >= limit) break;
    output.push(formatValue(ctx, item, level));
  }
  if (size > limit) output.push(moreItems(size - limit));
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(ctx, value, level) {
  const size = T.mapSize(value);
  const limit = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const output = [];
  ctx.indentationLvl += 2;
  for (const [k, v] of Map.prototype.entries.call(value)) {
    if (output.length >= limit) break;
    output.push(`${formatValue(ctx, k, level)} => ${formatValue(ctx, v, level)}`);
  }
  if (size > limit) output.push(moreItems(size - limit));
  ctx.indentationLvl -= 2;
  return output;
}

function formatIteratorPreview(ctx, preview, level) {
  const { entries, isKeyValue } = preview;
  const output = [];
  ctx.indentationLvl += 2;
  if (isKeyValue) {
    const pairs = entries.length / 2;
    const limit = Math.min(Math.max(0, ctx.maxArrayLength), pairs);
    for (let i = 0; i < limit; i++) {
      const pair = [formatValue(ctx, entries[2 * i], level), formatValue(ctx, entries[2 * i + 1], level)];
      output.push(L.combine(ctx, pair, '', ['[', ']'], ARRAY_EXTRA, level));
    }
    if (pairs > limit) output.push(moreItems(pairs - limit));
  } else {
    const limit = Math.min(Math.max(0, ctx.maxArrayLength), entries.length);
    for (let i = 0; i < limit; i++) output.push(formatValue(ctx, entries[i], level));
    if (entries.length > limit) output.push(moreItems(entries.length - limit));
  }
  ctx.indentationLvl -= 2;
  return output;
}

function formatWeakUnknown(ctx) {
  return [ctx.stylize('<items unknown>', 'special')];
}

function formatWeakSet(ctx, value, level) {
  return formatWeakFromPreview(ctx, value, level, false);
}

function formatWeakMap(ctx, value, level) {
  return formatWeakFromPreview(ctx, value, level, true);
}

// Weak collections can only be listed through the embedder's preview hook. Their order is
// arbitrary, so entries are sorted (unless `sorted` will sort them anyway).
function formatWeakFromPreview(ctx, value, level, isMap) {
  if (typeof inspect._previewEntries !== 'function') return formatWeakUnknown(ctx);
  const preview = inspect._previewEntries(value);
  if (preview === undefined) return formatWeakUnknown(ctx);
  const entries = preview.entries;
  const count = isMap ? entries.length / 2 : entries.length;
  const limit = Math.min(Math.max(0, ctx.maxArrayLength), count);
  const output = [];
  ctx.indentationLvl += 2;
  for (let i = 0; i < limit; i++) {
    output.push(isMap ?
      `${formatValue(ctx, entries[2 * i], level)} => ${formatValue(ctx, entries[2 * i + 1], level)}` :
      formatValue(ctx, entries[i], level));
  }
  ctx.indentationLvl -= 2;
  if (!ctx.sorted) output.sort();
  if (count > limit) output.push(moreItems(count - limit));
  return output;
}

function formatPromise(ctx, value, level) {
  let info;
  if (typeof inspect._promiseState === 'function') {
    try { info = inspect._promiseState(value); } catch { info = undefined; }
  }
  if (info === undefined) return [ctx.stylize('<unknown>', 'special')];
  if (info.state === 'pending') return [ctx.stylize('<pending>', 'special')];
  ctx.indentationLvl += 2;
  const text = formatValue(ctx, info.value, level);
  ctx.indentationLvl -= 2;
  return [info.state === 'rejected' ? `${ctx.stylize('<rejected>', 'special')} ${text}` : text];
}

// ---------------------------------------------------------------------------------------------
// Properties

const IDENTIFIER = /^[a-zA-Z_][a-zA-Z_0-9]*$/;

function getterWanted(ctx, desc) {
  const g = ctx.getters;
  return g === true || (g === 'get' && desc.set === undefined) || (g === 'set' && desc.set !== undefined);
}

// `desc`/`receiver` are given for prototype properties: getters then run against the instance.
function formatProperty(ctx, value, level, key, kind, desc, receiver = value) {
  if (desc === undefined) desc = Object.getOwnPropertyDescriptor(value, key);
  if (desc === undefined) desc = { value: value[key], enumerable: true };
  // Newer V8 makes an error's own `stack` an accessor pair; Node 20 (V8 11) shows the value.
  if (key === 'stack' && desc.get !== undefined && desc.set !== undefined && T.isError(value)) {
    desc = { value: value.stack, enumerable: desc.enumerable };
  }
  let text;
  let sep = ' ';
  if (desc.value !== undefined) {
    const shift = (ctx.compact !== true || kind !== OBJECT) ? 2 : 3;
    ctx.indentationLvl += shift;
    text = formatValue(ctx, desc.value, level);
    if (shift === 3 && ctx.breakLength < P.getStringWidth(text, ctx.colors)) {
      sep = `\n${' '.repeat(ctx.indentationLvl)}`;
    }
    ctx.indentationLvl -= shift;
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
    const s = ctx.stylize;
    if (ctx.getters && getterWanted(ctx, desc)) {
      try {
        const got = desc.get.call(receiver);
        ctx.indentationLvl += 2;
        if (got === null) text = `${s(`[${label}:`, 'special')} ${s('null', 'null')}${s(']', 'special')}`;
        else if (typeof got === 'object') text = `${s(`[${label}]`, 'special')} ${formatValue(ctx, got, level)}`;
        else text = `${s(`[${label}:`, 'special')} ${formatPrimitive(ctx, got)}${s(']', 'special')}`;
        ctx.indentationLvl -= 2;
      } catch (err) {
        const msg = `<Inspection threw (${err && err.message})>`;
        text = `${s(`[${label}:`, 'special')} ${msg}${s(']', 'special')}`;
      }
    } else {
      text = s(`[${label}]`, 'special');
    }
  } else if (desc.set !== undefined) {
    text = ctx.stylize('[Setter]', 'special');
  } else {
    text = ctx.stylize('undefined', 'undefined');
  }
  if (kind === ARRAY_ITEM) return text;

  let name;
  if (typeof key === 'symbol') {
    name = `[${ctx.stylize(P.escapeString(key.toString()), 'symbol')}]`; // keys are escaped, values not
  } else if (key === '__proto__') {
    name = "['__proto__']";
  } else if (desc.enumerable === false) {
    name = `[${P.escapeString(key)}]`; // hidden keys: escaped but never quoted
  } else if (IDENTIFIER.test(key)) {
    name = ctx.stylize(key, 'name');
  } else {
    name = ctx.stylize(quoteString(key), 'string');
  }
  return `${name}:${sep}${text}`;
}

// ---------------------------------------------------------------------------------------------
// Exports

// hostrt starts V8 with --allow-natives-syntax; then proxies can be seen through natives.
// Elsewhere (plain Node, other embeddings) the `%` syntax fails to parse and we skip this.
function nativeProxyDetails() {
  try {
    // eslint-disable-next-line no-new-func
    const isProxy = new Function('v', 'return %IsJSProxy(v)');
    const target = new Function('v', 'return %JSProxyGetTarget(v)');
    const handler = new Function('v', 'return %JSProxyGetHandler(v)');
    return (v) => {
      if (!isProxy(v)) return undefined;
      const t = target(v);
      return t === null ? null : { target: t, handler: handler(v) };
    };
  } catch {
    return undefined;
  }
}
inspect._proxyDetails = nativeProxyDetails();
// hostrt's process shim makes the global Promise record its state (shims/process/rejections.js).
if (typeof Promise[Symbol.for('hostrt.promiseState')] === 'function') {
  inspect._promiseState = Promise[Symbol.for('hostrt.promiseState')];
}

Object.defineProperty(inspect, 'custom', { value: customSymbol, enumerable: false, writable: false });
Object.defineProperty(inspect, 'defaultOptions', {
  get() { return currentDefaults; },
  set(options) {
    if (options === null || typeof options !== 'object') {
      const err = new TypeError(`The "options" argument must be of type object.${P.describeReceived(options, inspect)}`);
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    Object.assign(currentDefaults, options);
  },
  enumerable: true,
});
const currentDefaults = { ...defaultOptions };
inspect.colors = colors;
inspect.styles = styles;

function stripVTControlCharacters(str) {
  if (typeof str !== 'string') {
    const err = new TypeError(`The "str" argument must be of type string.${P.describeReceived(str, inspect)}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  return P.stripAnsi(str);
}

const formatting = require('./inspect_format.js')(inspect, { stylizeNoColor, BUILTIN_NAMES });

module.exports = {
  inspect,
  format: formatting.format,
  formatWithOptions: formatting.formatWithOptions,
  stripVTControlCharacters,
  isDeepStrictEqual: require('./deep_equal.js').isDeepStrictEqual,
  getStringWidth: P.getStringWidth,
};
