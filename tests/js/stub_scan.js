// Walk every API hostrt's shims provide (each module's exports, their classes' prototype methods,
// process and process.report) and print, as one JSON line, the functions whose own source throws
// hostrt's unsupported error ("unsupported") and those whose whole body is a fixed literal
// ("literal": a possible placeholder). Usage: stub_scan.js '["fs","zlib",...]'
'use strict';
const MODULES = JSON.parse(process.argv[2] || '[]');
const UNSUPPORTED = /ERR_HOSTRT_UNSUPPORTED|is not supported by hostrt|\bthrow\s+unsupported\w*\(/;
const LITERAL = /^[^{]*\{\s*(?:return\s+(?:-?\d[\w.]*|'[^']*'|"[^"]*"|\[\]|\{\}|true|false|null|undefined)\s*;?\s*)?\}$/s;
const SKIP = new Set(['prototype', 'constructor', 'caller', 'callee', 'arguments', 'length', 'name']);
const found = {};

function source(fn) {
  try {
    const src = Function.prototype.toString.call(fn);
    return src.includes('[native code]') ? null : src;
  } catch {
    return null;
  }
}
function look(api, fn, { literal = true } = {}) {
  const src = source(fn);
  // A class's source holds all its methods: its methods are looked at one by one instead.
  if (src === null || /^class\b/.test(src)) return;
  if (UNSUPPORTED.test(src)) found[api] = 'unsupported';
  else if (literal && LITERAL.test(src)) found[api] = 'literal';
}
function members(prefix, obj) {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return;
  for (const key of Object.getOwnPropertyNames(obj)) {
    if (key.startsWith('_') || SKIP.has(key)) continue;
    const d = Object.getOwnPropertyDescriptor(obj, key);
    if (d === undefined || typeof d.value !== 'function') continue;
    look(`${prefix}.${key}`, d.value);
    const proto = d.value.prototype;
    if (proto === null || typeof proto !== 'object') continue;
    for (const m of Object.getOwnPropertyNames(proto)) {
      const pd = Object.getOwnPropertyDescriptor(proto, m);
      // Methods need an instance to be called: only their unsupported throws are looked at.
      if (m !== 'constructor' && pd !== undefined && typeof pd.value === 'function') {
        look(`${prefix}.${key}.${m}`, pd.value, { literal: false });
      }
    }
  }
}
for (const name of MODULES) {
  let mod;
  try { mod = require(name); } catch { continue; }
  look(name, mod);
  members(name, mod);
}
members('process', process);
members('process.report', process.report);
console.log(JSON.stringify(found));
