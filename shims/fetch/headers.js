// Headers (WHATWG Fetch, as Node 20's undici behaves): case-insensitive names, values combined
// with ", ", set-cookie kept as separate values (getSetCookie), iteration sorted by lower-case
// name, and guards ("immutable" for Response.error(), fetch results; "none" otherwise).
'use strict';
const { inspect } = require('util');

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// HTTP whitespace stripped from both ends of a value (tab, LF, CR, space).
const EDGE_WS = /^[\t\n\r ]+|[\t\n\r ]+$/g;
const kList = Symbol('headers list');
const kGuard = Symbol('guard');

/** WebIDL's argument-count error, worded as undici words it. */
function argCount(label, min, got) {
  return new TypeError(`${label}: ${min} argument${min === 1 ? '' : 's'} required, but${got ? ' only' : ''} ${got} found.`);
}

function normalizeValue(value) {
  return String(value).replace(EDGE_WS, '');
}

function checkName(method, name) {
  if (!TOKEN.test(name)) throw new TypeError(`Headers.${method}: "${name}" is an invalid header name.`);
}

function checkValue(method, value) {
  if (/[\0\r\n]/.test(value)) throw new TypeError(`Headers.${method}: "${value}" is an invalid header value.`);
}

function byteString(value) {
  const s = String(value);
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 255) {
      throw new TypeError(`Cannot convert argument to a ByteString because the character at index ${i} has a value of ${s.charCodeAt(i)} which is greater than 255.`);
    }
  }
  return s;
}

class Headers {
  constructor(init = undefined) {
    // lower-case name -> {name (first spelling), values: string[]}
    this[kList] = new Map();
    this[kGuard] = 'none';
    Object.defineProperty(this, kList, { enumerable: false });
    Object.defineProperty(this, kGuard, { enumerable: false, writable: true });
    if (init === undefined) return;
    fill(this, init);
  }

  append(name, value) {
    if (arguments.length < 2) throw argCount('Headers.append', 2, arguments.length);
    name = byteString(name);
    value = normalizeValue(byteString(value));
    checkName('append', name);
    checkValue('append', value);
    checkGuard(this);
    const key = name.toLowerCase();
    const entry = this[kList].get(key);
    if (entry) entry.values.push(value);
    else this[kList].set(key, { name, values: [value] });
  }

  delete(name) {
    if (arguments.length < 1) throw argCount('Headers.delete', 1, 0);
    name = byteString(name);
    checkName('delete', name);
    checkGuard(this);
    this[kList].delete(name.toLowerCase());
  }

  get(name) {
    if (arguments.length < 1) throw argCount('Headers.get', 1, 0);
    name = byteString(name);
    checkName('get', name);
    const entry = this[kList].get(name.toLowerCase());
    return entry ? entry.values.join(', ') : null;
  }

  getSetCookie() {
    const entry = this[kList].get('set-cookie');
    return entry ? [...entry.values] : [];
  }

  has(name) {
    if (arguments.length < 1) throw argCount('Headers.has', 1, 0);
    name = byteString(name);
    checkName('has', name);
    return this[kList].has(name.toLowerCase());
  }

  set(name, value) {
    if (arguments.length < 2) throw argCount('Headers.set', 2, arguments.length);
    name = byteString(name);
    value = normalizeValue(byteString(value));
    checkName('set', name);
    checkValue('set', value);
    checkGuard(this);
    this[kList].set(name.toLowerCase(), { name, values: [value] });
  }

  forEach(callback, thisArg = undefined) {
    if (typeof callback !== 'function') {
      throw new TypeError("Headers.forEach: Argument 1 could not be converted to: Function.");
    }
    for (const [name, value] of this) callback.call(thisArg, value, name, this);
  }

  keys() { return makeIterator(this, 'key'); }
  values() { return makeIterator(this, 'value'); }
  entries() { return makeIterator(this, 'key+value'); }

  [inspect.custom](depth, options) {
    // As Node shows it: first spelling of each name, in insertion order, values joined.
    const obj = {};
    for (const { name, values } of this[kList].values()) obj[name] = values.join(', ');
    return `Headers ${inspect(obj, options)}`;
  }
}
Headers.prototype[Symbol.iterator] = Headers.prototype.entries;
for (const key of ['append', 'delete', 'get', 'getSetCookie', 'has', 'set', 'forEach', 'keys',
  'values', 'entries']) {
  Object.defineProperty(Headers.prototype, key, { enumerable: true });
}
Object.defineProperty(Headers.prototype, Symbol.iterator, { enumerable: false });
Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: 'Headers', configurable: true });

function checkGuard(headers) {
  if (headers[kGuard] === 'immutable') throw new TypeError('immutable');
}

/** The sorted (name, value) list the iterators walk; set-cookie values stay separate. */
function sortedPairs(headers) {
  const out = [];
  const keys = [...headers[kList].keys()].sort();
  for (const key of keys) {
    const { values } = headers[kList].get(key);
    if (key === 'set-cookie') for (const v of values) out.push([key, v]);
    else out.push([key, values.join(', ')]);
  }
  return out;
}

const IteratorProto = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), {
  next: {
    value: function next() {
      const state = this[kList];
      // The list is re-read every step so changes during iteration are seen, as in undici.
      const pairs = sortedPairs(state.target);
      if (state.index >= pairs.length) return { value: undefined, done: true };
      const [k, v] = pairs[state.index++];
      const value = state.kind === 'key' ? k : state.kind === 'value' ? v : [k, v];
      return { value, done: false };
    },
    writable: true, enumerable: true, configurable: true,
  },
  [Symbol.toStringTag]: { value: 'Headers Iterator', configurable: true },
});

function makeIterator(target, kind) {
  const it = Object.create(IteratorProto);
  Object.defineProperty(it, kList, { value: { target, kind, index: 0 } });
  return it;
}

function fill(headers, init) {
  if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
    throw new TypeError('Headers constructor: Argument 1 could not be converted to one of: sequence<sequence<ByteString>>, record<ByteString, ByteString>.');
  }
  if (init instanceof Headers) {
    for (const [k, { name, values }] of init[kList]) headers[kList].set(k, { name, values: [...values] });
    return;
  }
  const iter = init[Symbol.iterator];
  if (iter !== undefined && iter !== null) {
    if (typeof iter !== 'function') throw new TypeError('Headers constructor: Query is not iterable.');
    for (const pair of init) {
      const arr = typeof pair === 'string' ? null : [...pair];
      if (arr === null || arr.length !== 2) {
        throw new TypeError('Headers constructor: expected name/value pair to be length 2, found ' +
          (arr === null ? 'undefined' : arr.length) + '.');
      }
      headers.append(arr[0], arr[1]);
    }
    return;
  }
  for (const key of Reflect.ownKeys(init)) {
    const desc = Reflect.getOwnPropertyDescriptor(init, key);
    if (desc === undefined || !desc.enumerable) continue;
    if (typeof key === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
    headers.append(key, init[key]);
  }
}

function setGuard(headers, guard) { headers[kGuard] = guard; }

module.exports = { argCount, Headers, setGuard, fill };
