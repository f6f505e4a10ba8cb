// Differential probe: run by real Node and by hostrt; stdout must be identical.
// Seeded random values and mutations; the AssertionError messages must match Node's.
const assert = require('assert');
let seed = 12345;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(rand() * a.length)];
function value(depth) {
  const r = rand();
  if (depth > 3 || r < 0.35) return pick([0, 1, -1, 42, 'a', 'str', '', true, false, null, undefined, 'long string value here', 3.5]);
  if (r < 0.65) return Array.from({ length: Math.floor(rand() * 9) }, () => value(depth + 1));
  const o = {};
  for (let i = 0; i < Math.floor(rand() * 7); i++) o[pick(['a', 'b', 'c', 'key', 'x', 'y', 'zz', 'name'])] = value(depth + 1);
  return o;
}
function mutate(v, depth = 0) {
  if (Array.isArray(v)) {
    const c = v.slice();
    const r = rand();
    if (c.length && r < 0.4) { const i = Math.floor(rand() * c.length); c[i] = mutate(c[i], depth + 1); }
    else if (r < 0.6) c.push(value(3));
    else if (c.length && r < 0.8) c.splice(Math.floor(rand() * c.length), 1);
    else c.unshift(value(3));
    return c;
  }
  if (v && typeof v === 'object') {
    const c = { ...v };
    const keys = Object.keys(c);
    const r = rand();
    if (keys.length && r < 0.5) { const k = pick(keys); c[k] = mutate(c[k], depth + 1); }
    else if (keys.length && r < 0.7) delete c[pick(keys)];
    else c[pick(['q', 'a', 'new'])] = value(3);
    return c;
  }
  return value(3);
}
for (let i = 0; i < 300; i++) {
  const a = value(0);
  const b = rand() < 0.1 ? a : mutate(a);
  for (const op of ['deepStrictEqual', 'strictEqual', 'deepEqual', 'notDeepStrictEqual', 'notStrictEqual']) {
    try { assert[op](a, b); } catch (e) { console.log(i, op, JSON.stringify(e.message)); }
  }
}
