// Node's URLSearchParams, written here so that it behaves as Node 20's does where the WHATWG
// reference implementation (npm whatwg-url) differs: Node's coded errors (ERR_INVALID_THIS,
// ERR_MISSING_ARGS, ERR_ARG_NOT_ITERABLE, ERR_INVALID_TUPLE), `null`/`undefined` meaning "no
// input", enumerable methods, util.inspect output for the object and its iterators, and a
// `searchParams` that stays in step with its URL both ways.
'use strict';
const { coded, invalidArgType } = require('hostrt:web/errors');

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
// Private state: { pairs: [[name, value], ...], url: the URL it belongs to or null, seen: the
// URL's search string the pairs were last read from }.
const states = new WeakMap();
const iterStates = new WeakMap();

function invalidThis(type) {
  return coded(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${type}`);
}
function missing(...names) {
  const list = names.length === 1 ? `"${names[0]}" argument`
    : `"${names.slice(0, -1).join('", "')}" and "${names[names.length - 1]}" arguments`;
  return coded(TypeError, 'ERR_MISSING_ARGS', `The ${list} must be specified`);
}
function tupleError() {
  return coded(TypeError, 'ERR_INVALID_TUPLE', 'Each query pair must be an iterable [name, value] tuple');
}
// WebIDL USVString: String() semantics (a Symbol throws), lone surrogates become U+FFFD.
function usv(value) {
  return `${value}`.toWellFormed();
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
function hexValue(byte) {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}
// application/x-www-form-urlencoded: '+' is a space, %XX a byte, the bytes UTF-8 (U+FFFD for bad).
function decodeComponent(text) {
  const bytes = encoder.encode(text.replace(/\+/g, ' '));
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x25 && i + 2 < bytes.length && hexValue(bytes[i + 1]) >= 0 && hexValue(bytes[i + 2]) >= 0) {
      out[n++] = hexValue(bytes[i + 1]) * 16 + hexValue(bytes[i + 2]);
      i += 2;
    } else {
      out[n++] = bytes[i];
    }
  }
  return decoder.decode(out.subarray(0, n));
}
function parse(query) {
  const pairs = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    pairs.push([decodeComponent(name), decodeComponent(value)]);
  }
  return pairs;
}
const HEX = '0123456789ABCDEF';
function encodeComponent(text) {
  let out = '';
  for (const byte of encoder.encode(text)) {
    if ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) ||
        byte === 0x2a || byte === 0x2d || byte === 0x2e || byte === 0x5f) {
      out += String.fromCharCode(byte);
    } else if (byte === 0x20) {
      out += '+';
    } else {
      out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
    }
  }
  return out;
}
function serialize(pairs) {
  return pairs.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(v)}`).join('&');
}

// The state of `self`, read again from its URL when the URL's query changed since.
function stateOf(self, type = 'URLSearchParams') {
  const state = (self !== null && typeof self === 'object') ? states.get(self) : undefined;
  if (state === undefined) throw invalidThis(type);
  if (state.url !== null) {
    const search = state.url.search;
    if (search !== state.seen) {
      state.pairs = parse(search.startsWith('?') ? search.slice(1) : search);
      state.seen = search;
    }
  }
  return state;
}
// After a change: the URL's query becomes the serialization (no query when there are no pairs).
function update(state) {
  if (state.url === null) return;
  state.url.search = serialize(state.pairs);
  state.seen = state.url.search;
}

function fromInit(init) {
  if (init === undefined || init === null) return [];
  if (typeof init === 'object' || typeof init === 'function') {
    const method = init[Symbol.iterator];
    if (method === URLSearchParams.prototype[Symbol.iterator] && states.has(init)) {
      return stateOf(init).pairs.map(([k, v]) => [k, v]);
    }
    if (method !== undefined && method !== null) {
      if (typeof method !== 'function') {
        throw coded(TypeError, 'ERR_ARG_NOT_ITERABLE', 'Query pairs must be iterable');
      }
      const pairs = [];
      for (const pair of init) {
        if (pair === null || (typeof pair !== 'object' && typeof pair !== 'function') ||
            typeof pair[Symbol.iterator] !== 'function') {
          throw tupleError();
        }
        const items = [];
        for (const item of pair) items.push(usv(item));
        if (items.length !== 2) throw tupleError();
        pairs.push(items);
      }
      return pairs;
    }
    // A record: own enumerable keys; two keys equal as USVStrings keep the first place, last value.
    const pairs = [];
    const at = new Map();
    for (const key of Reflect.ownKeys(init)) {
      const desc = Reflect.getOwnPropertyDescriptor(init, key);
      if (desc === undefined || !desc.enumerable) continue;
      const name = usv(key);
      const value = usv(init[key]);
      if (at.has(name)) pairs[at.get(name)][1] = value;
      else { at.set(name, pairs.length); pairs.push([name, value]); }
    }
    return pairs;
  }
  const text = usv(init);
  return parse(text.startsWith('?') ? text.slice(1) : text);
}

class URLSearchParams {
  constructor(init = undefined) {
    states.set(this, { pairs: fromInit(init), url: null, seen: '' });
  }

  get size() {
    return stateOf(this).pairs.length;
  }

  append(name, value) {
    const state = stateOf(this);
    if (arguments.length < 2) throw missing('name', 'value');
    state.pairs.push([usv(name), usv(value)]);
    update(state);
  }

  delete(name, value = undefined) {
    const state = stateOf(this);
    if (arguments.length < 1) throw missing('name');
    const n = usv(name);
    const v = value === undefined ? undefined : usv(value);
    state.pairs = state.pairs.filter(([k, val]) => !(k === n && (v === undefined || val === v)));
    update(state);
  }

  get(name) {
    const state = stateOf(this);
    if (arguments.length < 1) throw missing('name');
    const n = usv(name);
    const found = state.pairs.find(([k]) => k === n);
    return found === undefined ? null : found[1];
  }

  getAll(name) {
    const state = stateOf(this);
    if (arguments.length < 1) throw missing('name');
    const n = usv(name);
    return state.pairs.filter(([k]) => k === n).map(([, v]) => v);
  }

  has(name, value = undefined) {
    const state = stateOf(this);
    if (arguments.length < 1) throw missing('name');
    const n = usv(name);
    const v = value === undefined ? undefined : usv(value);
    return state.pairs.some(([k, val]) => k === n && (v === undefined || val === v));
  }

  set(name, value) {
    const state = stateOf(this);
    if (arguments.length < 2) throw missing('name', 'value');
    const n = usv(name);
    const v = usv(value);
    const first = state.pairs.findIndex(([k]) => k === n);
    if (first < 0) {
      state.pairs.push([n, v]);
    } else {
      state.pairs = state.pairs.filter(([k], i) => i <= first || k !== n);
      state.pairs[first] = [n, v];
    }
    update(state);
  }

  // Stable, by the names' UTF-16 code units (as the URL Standard says).
  sort() {
    const state = stateOf(this);
    state.pairs = state.pairs
      .map((pair, i) => [pair, i])
      .sort((a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]))
      .map(([pair]) => pair);
    update(state);
  }

  entries() {
    stateOf(this);
    return makeIterator(this, 'key+value');
  }

  forEach(callback, thisArg = undefined) {
    stateOf(this);
    if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
    // Live: pairs added by the callback are visited too.
    for (let i = 0; i < stateOf(this).pairs.length; i++) {
      const [k, v] = stateOf(this).pairs[i];
      callback.call(thisArg, v, k, this);
    }
  }

  keys() {
    stateOf(this);
    return makeIterator(this, 'key');
  }

  values() {
    stateOf(this);
    return makeIterator(this, 'value');
  }

  toString() {
    return serialize(stateOf(this).pairs);
  }

  [inspectCustom](depth, options, inspect) {
    const state = stateOf(this);
    if (typeof depth === 'number' && depth < 0) return options.stylize('[Object]', 'special');
    const show = typeof inspect === 'function' ? inspect : require('util').inspect;
    const inner = { ...options };
    if (depth !== null) inner.depth = depth - 1;
    const items = state.pairs.map(([k, v]) => `${show(k, inner)} => ${show(v, inner)}`);
    const name = this.constructor.name;
    if (items.length === 0) return `${name} {}`;
    // eslint-disable-next-line no-control-regex
    const width = items.reduce((sum, s) => sum + s.replace(/\u001b\[\d+m/g, '').length + 2, -2);
    if (width > options.breakLength) return `${name} {\n  ${items.join(',\n  ')} }`;
    return `${name} { ${items.join(', ')} }`;
  }
}

const enumerable = { enumerable: true };
Object.defineProperties(URLSearchParams.prototype, {
  append: enumerable, delete: enumerable, get: enumerable, getAll: enumerable, has: enumerable,
  set: enumerable, size: enumerable, sort: enumerable, entries: enumerable, forEach: enumerable,
  keys: enumerable, values: enumerable, toString: enumerable,
  [Symbol.toStringTag]: { value: 'URLSearchParams', configurable: true },
  [Symbol.iterator]: { value: URLSearchParams.prototype.entries, configurable: true, writable: true },
});

// The iterators: `URLSearchParams Iterator` objects over the live list.
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const SearchParamsIterator = Object.create(IteratorPrototype);
function makeIterator(target, kind) {
  const it = Object.create(SearchParamsIterator);
  iterStates.set(it, { target, kind, index: 0 });
  return it;
}
function iterState(self) {
  const state = (self !== null && typeof self === 'object') ? iterStates.get(self) : undefined;
  if (state === undefined) throw invalidThis('URLSearchParamsIterator');
  return state;
}
function pick(kind, [k, v]) {
  return kind === 'key' ? k : kind === 'value' ? v : [k, v];
}
Object.defineProperties(SearchParamsIterator, {
  next: {
    value: function next() {
      const it = iterState(this);
      const pairs = stateOf(it.target).pairs;
      if (it.index >= pairs.length) return { value: undefined, done: true };
      return { value: pick(it.kind, pairs[it.index++]), done: false };
    },
    writable: true, enumerable: true, configurable: true,
  },
  [inspectCustom]: {
    value: function inspectIterator(depth, options, inspect) {
      const it = iterState(this);
      if (typeof depth === 'number' && depth < 0) return options.stylize('[Object]', 'special');
      const show = typeof inspect === 'function' ? inspect : require('util').inspect;
      const inner = { ...options };
      if (depth !== null) inner.depth = depth - 1;
      const rest = stateOf(it.target).pairs.slice(it.index).map((pair) => pick(it.kind, pair));
      const items = rest.map((item) => show(item, inner));
      const body = show(rest, inner).includes('\n') ? `\n  ${items.join(',\n  ')}` : ` ${items.join(', ')}`;
      return `${this[Symbol.toStringTag]} {${body} }`;
    },
    writable: true, configurable: true,
  },
  [Symbol.toStringTag]: { value: 'URLSearchParams Iterator', configurable: true },
});

/** The URLSearchParams a URL hands out as `url.searchParams`: linked to it both ways. */
function forURL(url) {
  const params = new URLSearchParams();
  const state = states.get(params);
  state.url = url;
  state.seen = null;
  return params;
}

module.exports = { URLSearchParams, forURL };
