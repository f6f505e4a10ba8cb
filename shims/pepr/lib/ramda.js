"use strict";
// The subset of Ramda (exported by Pepr as `R`) that Pepr modules commonly use, written here.
// Every other Ramda 0.32 export name exists and throws a clear "not implemented" error when called.
// Functions are curried (with `R.__` placeholders) like Ramda's.

const __ = { "@@functional/placeholder": true };
const isPh = a => a === __;

function curryN(n, fn) {
  const collect = got =>
    function curried(...args) {
      const all = got.slice();
      let ai = 0;
      for (let i = 0; i < all.length && ai < args.length; i++) {
        if (isPh(all[i])) all[i] = args[ai++];
      }
      while (ai < args.length) all.push(args[ai++]);
      let filled = 0;
      for (let i = 0; i < all.length && i < n; i++) if (!isPh(all[i])) filled++;
      if (filled >= n && all.length >= n) return fn.apply(this, all);
      return arity(Math.max(0, n - filled), collect(all));
    };
  return arity(n, collect([]));
}
function arity(n, fn) {
  Object.defineProperty(fn, "length", { value: n, configurable: true });
  return fn;
}
const curry = fn => curryN(fn.length, fn);

const typeOf = v =>
  v === null ? "Null" : v === undefined ? "Undefined" : Object.prototype.toString.call(v).slice(8, -1);
const has = (k, o) => o != null && Object.prototype.hasOwnProperty.call(o, k);
const isPlainObject = v => Object.prototype.toString.call(v) === "[object Object]";

function cloneDeep(value, seen) {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return value;
  seen = seen || new Map();
  const cached = seen.get(value);
  if (cached !== undefined) return cached;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    seen.set(value, out);
    for (let i = 0; i < value.length; i++) if (i in value) out[i] = cloneDeep(value[i], seen);
    // non-index own keys, as Ramda's for-in copy would take them
    const keys = Object.keys(value);
    if (keys.length !== value.length) {
      for (const key of keys) if (!(String(Number(key)) === key && Number(key) < value.length)) out[key] = cloneDeep(value[key], seen);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null || typeOf(value) === "Object") {
    const out = proto === Object.prototype ? {} : Object.create(proto);
    seen.set(value, out);
    const keys = Object.keys(value);
    for (let i = 0; i < keys.length; i++) out[keys[i]] = cloneDeep(value[keys[i]], seen);
    return out;
  }
  switch (typeOf(value)) {
    case "Date":
      return new Date(value.valueOf());
    case "RegExp":
      return new RegExp(value.source, value.flags);
    default:
      if (ArrayBuffer.isView(value) && typeof value.slice === "function") return value.slice();
      return value;
  }
}
const clone = v => (v != null && typeof v.clone === "function" ? v.clone() : cloneDeep(v));

function equalsImpl(a, b, stackA, stackB) {
  if (Object.is(a, b)) return true;
  const ta = typeOf(a);
  if (ta !== typeOf(b)) return false;
  if (a == null || b == null) return false;
  if (typeof a.equals === "function" && typeof b.equals === "function")
    return a.equals(b) && b.equals(a);
  switch (ta) {
    case "Boolean":
    case "Number":
    case "String":
      if (!(typeof a === typeof b && Object.is(a.valueOf(), b.valueOf()))) return false;
      if (typeof a !== "object") return false;
      break;
    case "Date":
      if (!Object.is(a.valueOf(), b.valueOf())) return false;
      break;
    case "RegExp":
      return a.source === b.source && a.flags === b.flags;
    case "Function":
      return false;
  }
  const idx = stackA.indexOf(a);
  if (idx >= 0) return stackB[idx] === b;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  if (ta === "Map" || ta === "Set") {
    const ea = Array.from(a.entries());
    const eb = Array.from(b.entries());
    if (ea.length !== eb.length) return false;
    return equalsImpl(ea, eb, stackA.concat([a]), stackB.concat([b]));
  }
  const sa = stackA.concat([a]);
  const sb = stackB.concat([b]);
  for (const k of ka) {
    if (!has(k, b) || !equalsImpl(b[k], a[k], sb, sa)) return false;
  }
  return true;
}
const equals = curryN(2, (a, b) => equalsImpl(a, b, [], []));

function mergeWithKey(fn, l, r) {
  const out = {};
  for (const k in l) if (has(k, l)) out[k] = has(k, r) ? fn(k, l[k], r[k]) : l[k];
  for (const k in r) if (has(k, r) && !has(k, out)) out[k] = r[k];
  return out;
}
function mergeDeepWithKey(fn, l, r) {
  return mergeWithKey(
    (k, lv, rv) =>
      isPlainObject(lv) && isPlainObject(rv) ? mergeDeepWithKey(fn, lv, rv) : fn(k, lv, rv),
    l,
    r,
  );
}

const pathGet = (p, obj) => {
  let v = obj;
  for (const k of p) {
    if (v == null) return undefined;
    v = typeof k === "number" && Array.isArray(v) ? v[k < 0 ? v.length + k : k] : v[k];
  }
  return v;
};

function assocPathImpl(p, val, obj) {
  if (p.length === 0) return val;
  const idx = p[0];
  if (p.length > 1) {
    const next = obj != null && has(idx, obj) && typeof obj[idx] === "object" && obj[idx] !== null
      ? obj[idx]
      : Number.isInteger(p[1]) ? [] : {};
    val = assocPathImpl(p.slice(1), val, next);
  }
  if (Number.isInteger(idx) && Array.isArray(obj)) {
    const arr = obj.slice();
    arr[idx] = val;
    return arr;
  }
  const out = {};
  for (const k in obj) out[k] = obj[k];
  out[idx] = val;
  return out;
}
function dissocPathImpl(p, obj) {
  if (p.length === 0 || obj == null) return obj;
  const [head, ...tail] = p;
  if (tail.length === 0) {
    if (Array.isArray(obj) && Number.isInteger(head)) {
      const arr = obj.slice();
      arr.splice(head, 1);
      return arr;
    }
    const out = {};
    for (const k in obj) if (k !== String(head)) out[k] = obj[k];
    return out;
  }
  if (obj[head] == null) return obj;
  return assocPathImpl([head], dissocPathImpl(tail, obj[head]), obj);
}

const isEmptyImpl = x => {
  if (x == null) return false;
  if (Array.isArray(x) || typeof x === "string") return x.length === 0;
  if (ArrayBuffer.isView(x)) return x.length === 0;
  if (x instanceof Map || x instanceof Set) return x.size === 0;
  if (isPlainObject(x)) return Object.keys(x).length === 0;
  if (typeOf(x) === "Arguments") return x.length === 0;
  return false;
};

const uniqImpl = list => {
  const out = [];
  for (const x of list) if (!out.some(y => equals(x, y))) out.push(x);
  return out;
};

const R = {
  __,
  F: () => false,
  T: () => true,
  add: curryN(2, (a, b) => Number(a) + Number(b)),
  all: curryN(2, (fn, list) => list.every(x => fn(x))),
  allPass: preds =>
    curryN(Math.max(0, ...preds.map(p => p.length)), function (...args) {
      return preds.every(p => p.apply(this, args));
    }),
  always: v => () => v,
  and: curryN(2, (a, b) => a && b),
  any: curryN(2, (fn, list) => list.some(x => fn(x))),
  anyPass: preds =>
    curryN(Math.max(0, ...preds.map(p => p.length)), function (...args) {
      return preds.some(p => p.apply(this, args));
    }),
  append: curryN(2, (el, list) => list.concat([el])),
  assoc: curryN(3, (prop, val, obj) => assocPathImpl([prop], val, obj)),
  assocPath: curryN(3, assocPathImpl),
  both: curryN(2, (f, g) => (...a) => f(...a) && g(...a)),
  clone,
  complement: fn => arity(fn.length, (...a) => !fn(...a)),
  compose: (...fns) => R.pipe(...fns.slice().reverse()),
  concat: curryN(2, (a, b) => (typeof a === "string" ? a + b : a.concat(b))),
  cond: pairs => (...a) => {
    for (const [p, f] of pairs) if (p(...a)) return f(...a);
    return undefined;
  },
  count: curryN(2, (fn, list) => list.filter(x => fn(x)).length),
  curry,
  curryN: curryN,
  dec: n => n - 1,
  defaultTo: curryN(2, (d, v) => (v == null || Number.isNaN(v) ? d : v)),
  difference: curryN(2, (a, b) => uniqImpl(a.filter(x => !b.some(y => equals(x, y))))),
  dissoc: curryN(2, (prop, obj) => dissocPathImpl([prop], obj)),
  dissocPath: curryN(2, dissocPathImpl),
  drop: curryN(2, (n, xs) => xs.slice(Math.max(0, n))),
  either: curryN(2, (f, g) => (...a) => f(...a) || g(...a)),
  endsWith: curryN(2, (suffix, s) => (typeof s === "string" ? s.endsWith(suffix) : equals(s.slice(-suffix.length), suffix))),
  equals,
  filter: curryN(2, (fn, xs) =>
    Array.isArray(xs)
      ? xs.filter(x => fn(x))
      : Object.keys(xs).reduce((acc, k) => (fn(xs[k]) ? ((acc[k] = xs[k]), acc) : acc), {}),
  ),
  find: curryN(2, (fn, xs) => xs.find(x => fn(x))),
  findIndex: curryN(2, (fn, xs) => xs.findIndex(x => fn(x))),
  flatten: xs => xs.flat(Infinity),
  flip: fn => curryN(Math.max(2, fn.length), (a, b, ...rest) => fn(b, a, ...rest)),
  forEach: curryN(2, (fn, xs) => (xs.forEach(x => fn(x)), xs)),
  forEachObjIndexed: curryN(2, (fn, obj) => (Object.keys(obj).forEach(k => fn(obj[k], k, obj)), obj)),
  fromPairs: pairs => pairs.reduce((acc, [k, v]) => ((acc[k] = v), acc), {}),
  groupBy: curryN(2, (fn, xs) =>
    xs.reduce((acc, x) => {
      const k = fn(x);
      (acc[k] = acc[k] || []).push(x);
      return acc;
    }, {}),
  ),
  gt: curryN(2, (a, b) => a > b),
  gte: curryN(2, (a, b) => a >= b),
  has: curryN(2, (k, o) => has(k, o)),
  hasPath: curryN(2, (p, obj) => {
    let v = obj;
    for (const k of p) {
      if (v == null || !has(k, v)) return false;
      v = v[k];
    }
    return p.length > 0;
  }),
  head: xs => (typeof xs === "string" ? xs.charAt(0) : xs[0]),
  identical: curryN(2, Object.is),
  identity: x => x,
  ifElse: curryN(3, (p, f, g) => (...a) => (p(...a) ? f(...a) : g(...a))),
  inc: n => n + 1,
  includes: curryN(2, (x, list) =>
    typeof list === "string" ? list.indexOf(x) >= 0 : list.some(y => equals(x, y)),
  ),
  indexBy: curryN(2, (fn, xs) => xs.reduce((acc, x) => ((acc[fn(x)] = x), acc), {})),
  intersection: curryN(2, (a, b) => uniqImpl(a.filter(x => b.some(y => equals(x, y))))),
  is: curryN(2, (Ctor, v) => (v != null && v.constructor === Ctor) || v instanceof Ctor),
  isEmpty: isEmptyImpl,
  isNil: x => x == null,
  isNotEmpty: x => !isEmptyImpl(x),
  isNotNil: x => x != null,
  join: curryN(2, (sep, xs) => xs.join(sep)),
  keys: obj => Object.keys(Object(obj)),
  last: xs => (typeof xs === "string" ? xs.charAt(xs.length - 1) : xs[xs.length - 1]),
  length: xs => (xs != null && typeof xs.length === "number" ? xs.length : NaN),
  lt: curryN(2, (a, b) => a < b),
  lte: curryN(2, (a, b) => a <= b),
  map: curryN(2, (fn, xs) =>
    Array.isArray(xs)
      ? xs.map(x => fn(x))
      : typeof xs === "function"
        ? (...a) => fn(xs(...a))
        : Object.keys(xs).reduce((acc, k) => ((acc[k] = fn(xs[k])), acc), {}),
  ),
  mapObjIndexed: curryN(2, (fn, obj) =>
    Object.keys(obj).reduce((acc, k) => ((acc[k] = fn(obj[k], k, obj)), acc), {}),
  ),
  max: curryN(2, (a, b) => (b > a ? b : a)),
  mergeAll: list => Object.assign({}, ...list),
  mergeDeepLeft: curryN(2, (l, r) => mergeDeepWithKey((k, a) => a, l, r)),
  mergeDeepRight: curryN(2, (l, r) => mergeDeepWithKey((k, a, b) => b, l, r)),
  mergeDeepWith: curryN(3, (fn, l, r) => mergeDeepWithKey((k, a, b) => fn(a, b), l, r)),
  mergeDeepWithKey: curryN(3, mergeDeepWithKey),
  mergeLeft: curryN(2, (l, r) => Object.assign({}, r, l)),
  mergeRight: curryN(2, (l, r) => Object.assign({}, l, r)),
  mergeWith: curryN(3, (fn, l, r) => mergeWithKey((k, a, b) => fn(a, b), l, r)),
  mergeWithKey: curryN(3, mergeWithKey),
  min: curryN(2, (a, b) => (b < a ? b : a)),
  none: curryN(2, (fn, xs) => !xs.some(x => fn(x))),
  not: x => !x,
  nth: curryN(2, (n, xs) => {
    const i = n < 0 ? xs.length + n : n;
    return typeof xs === "string" ? xs.charAt(i) : xs[i];
  }),
  nthArg: n =>
    curryN(n < 0 ? 1 : n + 1, (...a) => a[n < 0 ? a.length + n : n]),
  objOf: curryN(2, (k, v) => ({ [k]: v })),
  of: x => [x],
  omit: curryN(2, (names, obj) => {
    const out = {};
    for (const k in obj) if (!names.includes(k)) out[k] = obj[k];
    return out;
  }),
  or: curryN(2, (a, b) => a || b),
  partition: curryN(2, (fn, xs) => [xs.filter(x => fn(x)), xs.filter(x => !fn(x))]),
  path: curryN(2, pathGet),
  pathEq: curryN(3, (val, p, obj) => equals(pathGet(p, obj), val)),
  pathOr: curryN(3, (d, p, obj) => {
    const v = pathGet(p, obj);
    return v == null || Number.isNaN(v) ? d : v;
  }),
  pathSatisfies: curryN(3, (fn, p, obj) => !!fn(pathGet(p, obj))),
  paths: curryN(2, (ps, obj) => ps.map(p => pathGet(p, obj))),
  pick: curryN(2, (names, obj) => {
    const out = {};
    for (const k of names) if (k in Object(obj)) out[k] = obj[k];
    return out;
  }),
  pickAll: curryN(2, (names, obj) => names.reduce((acc, k) => ((acc[k] = obj[k]), acc), {})),
  pickBy: curryN(2, (fn, obj) => {
    const out = {};
    for (const k in obj) if (fn(obj[k], k, obj)) out[k] = obj[k];
    return out;
  }),
  pipe: (...fns) => {
    if (fns.length === 0) throw new Error("pipe requires at least one argument");
    return arity(fns[0].length, function (...a) {
      let v = fns[0].apply(this, a);
      for (let i = 1; i < fns.length; i++) v = fns[i].call(this, v);
      return v;
    });
  },
  pluck: curryN(2, (p, xs) => xs.map(x => (x == null ? undefined : x[p]))),
  prepend: curryN(2, (el, list) => [el].concat(list)),
  prop: curryN(2, (p, obj) => (obj == null ? undefined : obj[p])),
  propEq: curryN(3, (val, name, obj) => obj != null && equals(val, obj[name])),
  propOr: curryN(3, (d, p, obj) => {
    const v = obj == null ? undefined : obj[p];
    return v == null || Number.isNaN(v) ? d : v;
  }),
  props: curryN(2, (ps, obj) => ps.map(p => obj[p])),
  range: curryN(2, (a, b) => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i)),
  reduce: curryN(3, (fn, acc, xs) => xs.reduce((a, x) => fn(a, x), acc)),
  reject: curryN(2, (fn, xs) => R.filter(x => !fn(x), xs)),
  remove: curryN(3, (start, count, xs) => {
    const out = xs.slice();
    out.splice(start, count);
    return out;
  }),
  replace: curryN(3, (pattern, repl, s) => s.replace(pattern, repl)),
  reverse: xs => (typeof xs === "string" ? xs.split("").reverse().join("") : xs.slice().reverse()),
  slice: curryN(3, (a, b, xs) => xs.slice(a, b)),
  sort: curryN(2, (cmp, xs) => xs.slice().sort(cmp)),
  sortBy: curryN(2, (fn, xs) =>
    xs.slice().sort((a, b) => {
      const x = fn(a);
      const y = fn(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }),
  ),
  split: curryN(2, (sep, s) => s.split(sep)),
  startsWith: curryN(2, (prefix, s) => (typeof s === "string" ? s.startsWith(prefix) : equals(s.slice(0, prefix.length), prefix))),
  subtract: curryN(2, (a, b) => a - b),
  sum: xs => xs.reduce((a, b) => a + b, 0),
  tail: xs => xs.slice(1),
  take: curryN(2, (n, xs) => xs.slice(0, n < 0 ? Infinity : n)),
  tap: curryN(2, (fn, x) => (fn(x), x)),
  test: curryN(2, (re, s) => {
    re.lastIndex = 0;
    return re.test(s);
  }),
  times: curryN(2, (fn, n) => Array.from({ length: n }, (_, i) => fn(i))),
  toLower: s => s.toLowerCase(),
  toPairs: obj => Object.keys(obj).map(k => [k, obj[k]]),
  toUpper: s => s.toUpperCase(),
  trim: s => s.trim(),
  tryCatch: curryN(2, (f, g) => (...a) => {
    try {
      return f(...a);
    } catch (e) {
      return g(e, ...a);
    }
  }),
  type: typeOf,
  unary: fn => x => fn(x),
  union: curryN(2, (a, b) => uniqImpl(a.concat(b))),
  uniq: uniqImpl,
  unless: curryN(3, (p, f, x) => (p(x) ? x : f(x))),
  update: curryN(3, (i, v, xs) => {
    const out = xs.slice();
    out[i < 0 ? xs.length + i : i] = v;
    return out;
  }),
  values: obj => Object.keys(obj).map(k => obj[k]),
  when: curryN(3, (p, f, x) => (p(x) ? f(x) : x)),
  where: curryN(2, (spec, obj) => Object.keys(spec).every(k => has(k, obj) && spec[k](obj[k]))),
  whereEq: curryN(2, (spec, obj) => Object.keys(spec).every(k => has(k, obj) && equals(spec[k], obj[k]))),
  without: curryN(2, (xs, list) => list.filter(x => !xs.some(y => equals(x, y)))),
  xor: curryN(2, (a, b) => Boolean(a) !== Boolean(b)),
  zip: curryN(2, (a, b) => a.slice(0, Math.min(a.length, b.length)).map((x, i) => [x, b[i]])),
  zipObj: curryN(2, (ks, vs) => ks.slice(0, Math.min(ks.length, vs.length)).reduce((acc, k, i) => ((acc[k] = vs[i]), acc), {})),
};

// More of Ramda, in plain form.
const lens = (getter, setter) => toFunctorFn => target => {
  const f = toFunctorFn(getter(target));
  return f.map(focus => setter(focus, target));
};
const Identity = x => ({ value: x, map: f => Identity(f(x)) });
const Const = x => ({ value: x, map: () => Const(x) });
Object.assign(R, {
  adjust: curryN(3, (idx, fn, list) => {
    const i = idx < 0 ? list.length + idx : idx;
    if (i < 0 || i >= list.length) return list.slice();
    const out = list.slice();
    out[i] = fn(list[i]);
    return out;
  }),
  applySpec: spec => (...args) => {
    const build = s =>
      Object.keys(s).reduce((acc, k) => {
        acc[k] = typeof s[k] === "function" ? s[k](...args) : build(s[k]);
        return acc;
      }, Array.isArray(s) ? [] : {});
    return build(spec);
  },
  chain: curryN(2, (fn, xs) => (typeof xs === "function" ? x => fn(xs(x))(x) : xs.flatMap(x => fn(x)))),
  converge: curryN(2, (after, fns) => (...a) => after(...fns.map(f => f(...a)))),
  countBy: curryN(2, (fn, xs) => xs.reduce((acc, x) => ((acc[fn(x)] = (acc[fn(x)] || 0) + 1), acc), {})),
  divide: curryN(2, (a, b) => a / b),
  dropLast: curryN(2, (n, xs) => xs.slice(0, n > 0 ? Math.max(0, xs.length - n) : xs.length)),
  dropWhile: curryN(2, (fn, xs) => {
    let i = 0;
    while (i < xs.length && fn(xs[i])) i++;
    return xs.slice(i);
  }),
  empty: x =>
    Array.isArray(x) ? [] : typeof x === "string" ? "" : isPlainObject(x) ? {} : x != null && typeof x.empty === "function" ? x.empty() : undefined,
  eqProps: curryN(3, (p, a, b) => equals(a[p], b[p])),
  evolve: curryN(2, function evolve(transforms, obj) {
    if (obj == null || typeof obj !== "object") return obj;
    const out = Array.isArray(obj) ? [] : {};
    for (const k in obj) {
      const t = transforms[k];
      out[k] = typeof t === "function" ? t(obj[k]) : t && typeof t === "object" ? evolve(t, obj[k]) : obj[k];
    }
    return out;
  }),
  findLast: curryN(2, (fn, xs) => {
    for (let i = xs.length - 1; i >= 0; i--) if (fn(xs[i])) return xs[i];
    return undefined;
  }),
  findLastIndex: curryN(2, (fn, xs) => {
    for (let i = xs.length - 1; i >= 0; i--) if (fn(xs[i])) return i;
    return -1;
  }),
  indexOf: curryN(2, (x, xs) => xs.findIndex(y => equals(x, y))),
  init: xs => xs.slice(0, -1),
  insert: curryN(3, (i, x, xs) => {
    const out = xs.slice();
    out.splice(i, 0, x);
    return out;
  }),
  insertAll: curryN(3, (i, ys, xs) => {
    const out = xs.slice();
    out.splice(i, 0, ...ys);
    return out;
  }),
  invertObj: obj => Object.keys(obj).reduce((acc, k) => ((acc[obj[k]] = k), acc), {}),
  juxt: fns => (...a) => fns.map(f => f(...a)),
  keysIn: obj => {
    const out = [];
    for (const k in obj) out.push(k);
    return out;
  },
  lastIndexOf: curryN(2, (x, xs) => {
    for (let i = xs.length - 1; i >= 0; i--) if (equals(x, xs[i])) return i;
    return -1;
  }),
  lens: curryN(2, lens),
  lensIndex: n => lens(xs => xs[n], (v, xs) => R.update(n, v, xs)),
  lensPath: p => lens(obj => pathGet(p, obj), (v, obj) => assocPathImpl(p, v, obj)),
  lensProp: k => lens(obj => (obj == null ? undefined : obj[k]), (v, obj) => assocPathImpl([k], v, obj)),
  mathMod: curryN(2, (m, p) => ((m % p) + p) % p),
  mean: xs => xs.reduce((a, b) => a + b, 0) / xs.length,
  median: xs => {
    if (xs.length === 0) return NaN;
    const s = xs.slice().sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  },
  modulo: curryN(2, (a, b) => a % b),
  multiply: curryN(2, (a, b) => a * b),
  negate: n => -n,
  once: fn => {
    let called = false;
    let result;
    return arity(fn.length, (...a) => {
      if (!called) {
        called = true;
        result = fn(...a);
      }
      return result;
    });
  },
  over: curryN(3, (l, f, x) => l(y => Identity(f(y)))(x).value),
  product: xs => xs.reduce((a, b) => a * b, 1),
  propSatisfies: curryN(3, (fn, name, obj) => !!fn(obj == null ? undefined : obj[name])),
  reduceRight: curryN(3, (fn, acc, xs) => xs.reduceRight((a, x) => fn(x, a), acc)),
  set: curryN(3, (l, v, x) => R.over(l, () => v, x)),
  splitAt: curryN(2, (i, xs) => [xs.slice(0, i), xs.slice(i)]),
  splitEvery: curryN(2, (n, xs) => {
    const out = [];
    for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
    return out;
  }),
  takeLast: curryN(2, (n, xs) => (n >= 0 ? xs.slice(Math.max(0, xs.length - n)) : xs.slice())),
  takeWhile: curryN(2, (fn, xs) => {
    let i = 0;
    while (i < xs.length && fn(xs[i])) i++;
    return xs.slice(0, i);
  }),
  toPairsIn: obj => {
    const out = [];
    for (const k in obj) out.push([k, obj[k]]);
    return out;
  },
  uniqBy: curryN(2, (fn, xs) => {
    const seen = [];
    const out = [];
    for (const x of xs) {
      const k = fn(x);
      if (!seen.some(y => equals(k, y))) {
        seen.push(k);
        out.push(x);
      }
    }
    return out;
  }),
  unnest: xs => xs.flat(1),
  valuesIn: obj => {
    const out = [];
    for (const k in obj) out.push(obj[k]);
    return out;
  },
  view: curryN(2, (l, x) => l(Const)(x).value),
  zipWith: curryN(3, (fn, a, b) => a.slice(0, Math.min(a.length, b.length)).map((x, i) => fn(x, b[i]))),
});

// Every other Ramda 0.32 export: present, and throws a clear error when used.
const ALL_NAMES =
  "F T __ add addIndex addIndexRight adjust all allPass always and any anyPass ap aperture append apply applySpec applyTo ascend ascendNatural assoc assocPath binary bind both call chain clamp clone collectBy comparator complement compose composeWith concat cond construct constructN converge count countBy curry curryN dec defaultTo descend descendNatural difference differenceWith dissoc dissocPath divide drop dropLast dropLastWhile dropRepeats dropRepeatsBy dropRepeatsWith dropWhile either empty endsWith eqBy eqProps equals evolve filter find findIndex findLast findLastIndex flatten flip flow forEach forEachObjIndexed fromPairs groupBy groupWith gt gte has hasIn hasPath head identical identity ifElse inc includes indexBy indexOf init innerJoin insert insertAll intersection intersperse into invert invertObj invoker is isEmpty isNil isNotEmpty isNotNil join juxt keys keysIn last lastIndexOf length lens lensIndex lensPath lensProp lift liftN lt lte map mapAccum mapAccumRight mapKeys mapObjIndexed match mathMod max maxBy mean median memoizeWith mergeAll mergeDeepLeft mergeDeepRight mergeDeepWith mergeDeepWithKey mergeLeft mergeRight mergeWith mergeWithKey min minBy modify modifyPath modulo move multiply nAry partialObject negate none not nth nthArg o objOf of omit on once or otherwise over pair partial partialRight partition path paths pathEq pathOr pathSatisfies pick pickAll pickBy pipe pipeWith pluck prepend product project promap prop propEq propIs propOr propSatisfies props range rebuild reduce reduceBy reduceRight reduceWhile reduced reject remove renameKeys repeat replace reverse scan sequence set slice sort sortBy sortWith split splitAt splitEvery splitWhen splitWhenever startsWith subtract sum swap symmetricDifference symmetricDifferenceWith tail take takeLast takeLastWhile takeWhile tap test andThen times toLower toPairs toPairsIn toString toUpper transduce transpose traverse trim tryCatch type unapply unary uncurryN unfold union unionWith uniq uniqBy uniqWith unless unnest until unwind update useWith values valuesIn view when where whereAny whereEq without xor xprod zip zipObj zipWith thunkify".split(
    " ",
  );
const MISSING = [];
for (const name of ALL_NAMES) {
  if (!(name in R)) {
    MISSING.push(name);
    R[name] = function notImplemented() {
      throw new Error(`pepr (hostrt): R.${name} (Ramda) is not implemented in this runtime`);
    };
  }
}
// toString must stay usable as an object method name; expose the Ramda one under its name anyway.
R.toString = function toStringNotImplemented() {
  if (arguments.length === 0) return "[object Ramda]";
  throw new Error("pepr (hostrt): R.toString (Ramda) is not implemented in this runtime");
};

Object.defineProperty(R, "__hostrtMissing", { value: MISSING, enumerable: false });

module.exports = R;
