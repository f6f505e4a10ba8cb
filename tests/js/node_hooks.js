'use strict';
// Test-only wiring of the util shim's engine hooks (see shims/util/inspect.js) to Node's
// internal `util` binding, standing in for what the hostrt engine provides from V8. Needs
// --expose-internals, hence reexecWithInternals().

const util = require('util');

function reexecWithInternals(file) {
  if (process.execArgv.includes('--expose-internals')) return;
  const { spawnSync } = require('child_process');
  const r = spawnSync(process.execPath, ['--expose-internals', file, ...process.argv.slice(2)],
    { stdio: 'inherit' });
  process.exit(r.status === null ? 1 : r.status);
}

function installHooks(inspect) {
  let binding;
  try {
    // eslint-disable-next-line node/no-missing-require
    binding = require('internal/test/binding').internalBinding('util');
  } catch {
    return false;
  }
  const STATES = ['pending', 'fulfilled', 'rejected'];
  inspect._promiseState = (p) => {
    if (!util.types.isPromise(p)) return undefined;
    const [state, value] = binding.getPromiseDetails(p);
    return { state: STATES[state], value };
  };
  inspect._proxyDetails = (v) => {
    if (!util.types.isProxy(v)) return undefined;
    const d = binding.getProxyDetails(v, true);
    if (d === undefined || d === null || d[0] === null) return null;
    return { target: d[0], handler: d[1] };
  };
  inspect._previewEntries = (v) => {
    if (!util.types.isMapIterator(v) && !util.types.isSetIterator(v) &&
        !util.types.isWeakMap(v) && !util.types.isWeakSet(v)) return undefined;
    const r = binding.previewEntries(v, true);
    if (Array.isArray(r) && r.length === 2 && typeof r[1] === 'boolean') {
      return { entries: r[0], isKeyValue: r[1] };
    }
    return { entries: r, isKeyValue: util.types.isWeakMap(v) };
  };
  inspect._constructorName = (o) => binding.getConstructorName(o);
  inspect._cwd = () => process.cwd();
  return true;
}

module.exports = { installHooks, reexecWithInternals };
