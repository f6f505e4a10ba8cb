// Record the top-level export names of Node's built-in modules, as real Node reports them, into
// hostrt/data/node_exports.json. hostrt's declared stubs are built from this list so that a stub
// module has exactly Node's names (functions become throwing stubs, data is copied).
//
//   node tools/gen_node_exports.js > hostrt/data/node_exports.json
'use strict';
const { builtinModules } = require('module');

process.removeAllListeners('warning');  // wasi/punycode/etc. warn on load; the names are what we want
process.on('warning', () => {});

function isData(v, depth = 0) {
  if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) {
    return typeof v !== 'number' || Number.isFinite(v);
  }
  if (depth > 4 || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  if (Array.isArray(v)) return v.every((x) => isData(x, depth + 1));
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v).every((x) => isData(x, depth + 1));
}

function describe(v, depth) {
  if (typeof v === 'function') {
    const src = Function.prototype.toString.call(v);
    const isClass = /^class[\s{]/.test(src) ||
      (v.prototype !== undefined && Object.getOwnPropertyNames(v.prototype).length > 1);
    return { kind: isClass ? 'class' : 'function' };
  }
  if (v === undefined) return { kind: 'undefined' };
  if (typeof v === 'symbol') return { kind: 'symbol', description: v.description };
  if (typeof v === 'bigint') return { kind: 'bigint', value: String(v) };
  if (isData(v)) return { kind: 'data', value: v };
  if (typeof v === 'number') return { kind: 'number', value: String(v) };  // NaN/Infinity
  if (depth < 2 && typeof v === 'object') {
    const members = {};
    for (const k of Object.keys(v)) {
      let x;
      try { x = v[k]; } catch { continue; }
      members[k] = describe(x, depth + 1);
    }
    return { kind: 'object', members };
  }
  return { kind: 'opaque' };
}

// Values that are this machine's, not Node's: keep the name, not the value.
const OPAQUE = new Set(['tls.rootCertificates', 'module.globalPaths', 'repl.builtinModules']);
const SKIP = new Set(['process']);  // holds the generating machine's environment

const out = {
  generatedBy: `node tools/gen_node_exports.js on ${process.version}`,
  // Globals Node defines as enumerable (Object.keys(globalThis) in a script, before any user code).
  enumerableGlobals: Object.keys(globalThis).sort(),
  modules: {},
};
const names = builtinModules.filter((n) => !n.startsWith('_') && !SKIP.has(n)).sort();
// Load everything first: some exports appear only once another module has loaded (e.g.
// constants.defaultCipherList after tls), and a bundle usually loads many modules.
// (crypto first: `constants` copies crypto.constants when it loads, defaultCipherList included.)
for (const name of ['crypto', ...names]) {
  try { require(name); } catch { /* not loadable here: skipped below */ }
}
for (const name of names) {
  let mod;
  try { mod = require(name); } catch (e) { continue; }
  const exports = {};
  for (const key of Object.keys(mod).sort()) {
    let v;
    try { v = mod[key]; } catch { continue; }
    // Private (`_x`) members and machine-specific data (root certificates, caches) are only named.
    const hidden = (key.startsWith('_') && typeof v !== 'function') || OPAQUE.has(`${name}.${key}`);
    exports[key] = hidden ? { kind: 'opaque' } : describe(v, 0);
  }
  out.modules[name] = { type: typeof mod, exports };
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
