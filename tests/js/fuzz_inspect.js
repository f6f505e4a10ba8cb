'use strict';
// Random differential testing of util.inspect/format: builds random nested values and
// options with a seeded PRNG and compares Node's output with the shim's.
//
//   node tests/js/fuzz_inspect.js [iterations=2000] [seed=1]

require('./node_hooks.js').reexecWithInternals(__filename);

const util = require('util');
const ours = require('../../shims/util/inspect.js');

require('./node_hooks.js').installHooks(ours.inspect);

const iterations = Number(process.argv[2] || 2000);
let seed = Number(process.argv[3] || 1);
function rand() { // mulberry32
  seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(rand() * a.length)];
const int = (n) => Math.floor(rand() * n);

const words = ['a', 'bb', 'key', 'value', 'x y', "it's", 'say "hi"', 'mixed \'"`', 'multi\nline', 'tab\there',
  'long '.repeat(10), 'ünï', '😀', '', '1', '__proto__', 'a-b', 'line one\nline two which is a bit longer\nthree'];

class Foo { constructor() { this.f = 1; } }
class Bar extends Foo { get g() { return 2; } }

function prim() {
  switch (int(12)) {
    case 0: return int(1000) - 500;
    case 1: return rand() * 1e6 - 5e5;
    case 2: return pick([NaN, Infinity, -Infinity, -0, 0, 1e21, 1e-7, 123456789]);
    case 3: return BigInt(int(1e9)) * pick([1n, -1n, 1000000000n]);
    case 4: return pick([true, false, null, undefined]);
    case 5: return Symbol(pick(words));
    default: return pick(words).repeat(1 + int(rand() < 0.1 ? 20 : 2));
  }
}

function value(depth) {
  if (depth <= 0 || rand() < 0.3) return prim();
  const n = int(rand() < 0.2 ? 40 : 8);
  switch (int(13)) {
    case 0: case 1: {
      const a = Array.from({ length: n }, () => value(depth - 1));
      if (rand() < 0.1) delete a[int(n)];
      if (rand() < 0.1) a.extra = value(depth - 1);
      return a;
    }
    case 2: return Array.from({ length: n }, () => int(rand() < 0.5 ? 100 : 100000) - (rand() < 0.3 ? 500 : 0));
    case 3: return new Map(Array.from({ length: int(5) }, () => [value(depth - 1), value(depth - 1)]));
    case 4: return new Set(Array.from({ length: int(6) }, () => value(depth - 1)));
    case 5: {
      const o = rand() < 0.2 ? Object.create(null) : rand() < 0.2 ? new Foo() : rand() < 0.1 ? new Bar() : {};
      for (let i = 0; i < n; i++) {
        Object.defineProperty(o, pick(words) + (rand() < 0.5 ? i : ''),
          { value: value(depth - 1), enumerable: true, writable: true, configurable: true });
      }
      if (rand() < 0.1) o[Symbol('s')] = value(depth - 1);
      if (rand() < 0.1) Object.defineProperty(o, 'hidden', { value: value(depth - 1), enumerable: false });
      if (rand() < 0.1) Object.defineProperty(o, 'acc', { get() { return 1; }, enumerable: true });
      return o;
    }
    case 6: return pick([new Uint8Array(n), new Float64Array(Array.from({ length: n }, () => rand())), new ArrayBuffer(n)]);
    case 7: { const e = new (pick([Error, TypeError, RangeError]))(pick(words)); e.stack = `${e.name}: ${e.message}\n    at f (file.js:1:2)`; if (rand() < 0.3) e.code = 'E_X'; return e; }
    case 8: return pick([new Date(int(2e12)), /re+g/gi, function named() {}, () => {}, class K {}, new Number(int(9)), new String(pick(words))]);
    case 9: { // exotic objects carrying extra keys
      const base = pick([() => new Date(0), () => /x/y, () => function withProps() {}, () => new Boolean(true),
        () => new Uint16Array(int(5)), () => [1, , 3], () => new Map([[1, 2]]), () => new Set([1]),
        () => Object(Symbol('boxed')), () => new ArrayBuffer(int(4)), () => (function () { return arguments; })(1, 2)])();
      for (let i = 0; i < int(3); i++) {
        Object.defineProperty(base, pick(words) + '_', { value: value(depth - 1), enumerable: true, configurable: true });
      }
      return base;
    }
    case 11: { // values that need engine hooks or call back into user code
      const inner = value(depth - 1);
      return pick([
        () => new Proxy(typeof inner === 'object' && inner !== null ? inner : { inner }, {}),
        () => Promise.resolve(inner),
        () => new Promise(() => {}),
        () => { const p = Promise.reject(inner); p.catch(() => {}); return p; },
        () => { const asText = rand() < 0.5; return { [Symbol.for('nodejs.util.inspect.custom')]: (d, o, insp) => (asText ? `custom(${d})` : insp(inner, o)) }; },
        () => new Map([[1, inner], [2, 'x']]).entries(),
        () => new Set([inner, 1]).values(),
        () => { class Acc { constructor() { this.v = inner; } get twice() { return [this.v, this.v]; } } return new Acc(); },
        () => '\u001b[31mred\u001b[39m text',
        () => { const a = []; a[int(3000)] = inner; return a; },
      ])();
    }
    case 10: { // errors with causes, aggregates and real or fake frames
      const inner = rand() < 0.5 ? value(depth - 1) : new Error('inner cause');
      const e = rand() < 0.3 ? new AggregateError([new Error('a'), value(depth - 1)], 'agg') : new Error(pick(words), { cause: inner });
      if (rand() < 0.5) e.stack = `${e.name}: ${e.message}\n    at g (g.js:1:1)\n    at h (h.js:2:2)`;
      if (rand() < 0.2) e.name = pick(['CustomError', 'Thing', 42]);
      return e;
    }
    default: {
      const o = { a: value(depth - 1), b: value(depth - 1) };
      if (rand() < 0.2) o.self = o;
      return o;
    }
  }
}

function options() {
  const o = {};
  if (rand() < 0.3) o.depth = pick([0, 1, 3, null, Infinity]);
  if (rand() < 0.3) o.compact = pick([false, true, 1, 2, 5]);
  if (rand() < 0.3) o.breakLength = pick([20, 40, 60, 100, 200, Infinity]);
  if (rand() < 0.15) o.sorted = true;
  if (rand() < 0.15) o.showHidden = true;
  if (rand() < 0.15) o.maxArrayLength = pick([0, 2, 5, 50]);
  if (rand() < 0.15) o.maxStringLength = pick([0, 3, 20]);
  if (rand() < 0.15) o.numericSeparator = true;
  if (rand() < 0.15) o.colors = true;
  if (rand() < 0.15) o.getters = pick([true, 'get', 'set']);
  if (rand() < 0.1) o.customInspect = false;
  if (rand() < 0.1) o.showProxy = true;
  return o;
}

// Small in-place change somewhere inside an object graph (for isDeepStrictEqual).
function mutate(v, budget) {
  if (budget === 0 || v === null || typeof v !== 'object') return;
  try {
    if (v instanceof Map) { const k = [...v.keys()][0]; if (k !== undefined && rand() < 0.5) v.set(k, prim()); else v.set(prim(), 1); return; }
    if (v instanceof Set) { v.add(prim()); return; }
    const keys = Object.keys(v);
    if (keys.length === 0 || rand() < 0.2) { v[pick(['new', '0', 'x'])] = prim(); return; }
    const k = pick(keys);
    if (rand() < 0.5) mutate(v[k], budget - 1); else v[k] = prim();
  } catch { /* frozen or exotic: leave as is */ }
}

// Only the differing region (with two lines of context) of two outputs.
function lineDiff(a, b) {
  const x = a.split('\n');
  const y = b.split('\n');
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length - 1;
  let endY = y.length - 1;
  while (endX > start && endY > start && x[endX] === y[endY]) { endX--; endY--; }
  const from = Math.max(0, start - 2);
  return `--- node (from line ${from + 1})\n${x.slice(from, endX + 3).join('\n')}\n--- shim\n${y.slice(from, endY + 3).join('\n')}`;
}

let bad = 0;
let trues = 0;
for (let i = 0; i < iterations; i++) {
  const startSeed = seed;
  const v = value(4);
  const opts = options();
  let expected;
  let actual;
  try { expected = util.inspect(v, opts); } catch (e) { expected = `THREW ${e.message}`; }
  try { actual = ours.inspect(v, opts); } catch (e) { actual = `THREW ${e.stack}`; }
  if (expected !== actual) {
    bad++;
    if (bad <= 5) console.log(`\n✗ iteration ${i} (seed state ${startSeed}) options ${util.inspect(opts)}\n${lineDiff(expected, actual)}`);
  }
  // isDeepStrictEqual: a structural twin (same seed) or an unrelated value.
  const twinSeed = seed;
  const left = value(3);
  if (rand() < 0.7) seed = twinSeed;
  const right = value(3);
  if (rand() < 0.4) mutate(right, 4);
  const de = util.isDeepStrictEqual(left, right);
  if (de) trues++;
  const da = ours.isDeepStrictEqual(left, right);
  if (de !== da) {
    bad++;
    if (bad <= 5) console.log(`\n✗ isDeepStrictEqual iteration ${i}: node ${de}, shim ${da}\n${util.inspect(left)}\n${util.inspect(right)}`);
  }
  const args = [pick(['%s %d', '%o', '%j %i', 'plain', '%s:%f%%', '%O %c.']), v, prim()];
  let fe;
  let fa;
  try { fe = util.format(...args); } catch (e) { fe = `THREW ${e.message}`; }
  try { fa = ours.format(...args); } catch (e) { fa = `THREW ${e.message}`; }
  if (fe !== fa) {
    bad++;
    if (bad <= 5) console.log(`\n✗ format iteration ${i}\n--- node\n${fe}\n--- shim\n${fa}`);
  }
}
console.log(`\n${bad} mismatches in ${iterations * 3} comparisons (${trues} deep-equal pairs)`);
process.exit(bad ? 1 : 0);
