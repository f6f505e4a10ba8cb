// A declared stub module, instantiated once per module name (`stub.js?net`). It carries real
// Node's export names: data is copied, functions and classes throw ERR_HOSTRT_UNSUPPORTED naming
// the API and why the embedding cannot provide it. IMPL holds the few members done for real.
'use strict';
const bridge = require('hostrt:bridge');

const name = module.id.slice(module.id.indexOf('?') + 1);
const spec = bridge.config('stubs')[name];

const { build } = require('hostrt:stubs/make');

// --- the members that are cheap and honest to implement ----------------------------------------
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
function isIPv4(s) { return typeof s === 'string' && IPV4.test(s); }
function isIPv6(s) {
  if (typeof s !== 'string') return false;
  let addr = s;
  const zone = addr.indexOf('%');
  if (zone >= 0) {
    if (zone === addr.length - 1) return false;
    addr = addr.slice(0, zone);
  }
  let groups = 8;
  const lastColon = addr.lastIndexOf(':');
  if (addr.includes('.')) {
    if (!isIPv4(addr.slice(lastColon + 1))) return false;
    addr = addr.slice(0, lastColon + 1) + '0:0';
  }
  const parts = addr.split('::');
  if (parts.length > 2) return false;
  const hex = /^[0-9a-fA-F]{1,4}$/;
  const split = (p) => (p === '' ? [] : p.split(':'));
  const head = split(parts[0]);
  const tail = parts.length === 2 ? split(parts[1]) : [];
  if (![...head, ...tail].every((g) => hex.test(g))) return false;
  const n = head.length + tail.length;
  return parts.length === 2 ? n < groups : n === groups;
}

const settings = require('hostrt:stubs/settings');
const IMPL = {
  net: {
    isIPv4,
    isIPv6,
    isIP(s) { return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0; },
    ...settings.net,
  },
  dns: settings.dns,
  'dns/promises': settings['dns/promises'],
  tty: {
    isatty(fd) {
      if (fd === 1) return Boolean(process.stdout.isTTY);
      if (fd === 2) return Boolean(process.stderr.isTTY);
      return false;
    },
  },
  worker_threads: {
    get MessageChannel() { return require('hostrt:web/messaging').MessageChannel; },
    get MessagePort() { return require('hostrt:web/messaging').MessagePort; },
    get BroadcastChannel() { return require('hostrt:web/messaging').BroadcastChannel; },
    get receiveMessageOnPort() { return require('hostrt:web/messaging').receiveMessageOnPort; },
  },
  child_process: {
    // Node's spawnSync reports a child that could not start in its result (`error`, status
    // null) instead of throwing; here no child can start, so every call answers that way.
    spawnSync(file, args, options) {
      if (typeof file !== 'string') {
        throw require('hostrt:errors').invalidArgType('file', 'of type string', file);
      }
      const argv = Array.isArray(args) ? args.map(String) : [];
      const error = require('hostrt:errors').codeError(Error, 'ERR_HOSTRT_UNSUPPORTED',
        `child_process.spawnSync is not supported by hostrt: ${spec.reason}`);
      Object.assign(error, { syscall: `spawnSync ${file}`, path: file, spawnargs: argv });
      void options;
      return { error, status: null, signal: null, output: null, pid: 0, stdout: null, stderr: null };
    },
  },
  module: {
    builtinModules: globalThis.__hostrt_modules.builtinModules().filter((n) => !n.startsWith('node:')),
    isBuiltin(id) { return globalThis.__hostrt_modules.isBuiltin(String(id)); },
    createRequire(filename) { return globalThis.__hostrt_modules.createRequire(filename); },
  },
};

for (const [key, desc] of Object.entries(spec.exports)) {
  const impl = IMPL[name];
  module.exports[key] = impl !== undefined && Object.prototype.hasOwnProperty.call(impl, key)
    ? impl[key] : build(`${name}.${key}`, desc, spec.reason);
}
