// Node's `os`: facts the Python half read at start-up. freemem/loadavg are that snapshot;
// uptime advances with the host clock.
'use strict';
const bridge = require('hostrt:bridge');
const { makeStub } = require('hostrt:stubs/make');

const info = bridge.config('os');
const data = bridge.config('node_data');
const startMs = process._monotonicMs();
const copy = (v) => JSON.parse(JSON.stringify(v));

module.exports = {
  arch: () => info.arch,
  availableParallelism: () => info.availableParallelism,
  cpus: () => copy(info.cpus),
  endianness: () => info.endianness,
  freemem: () => info.freemem,
  getPriority: makeStub('os.getPriority', 'process priorities are not reachable synchronously from the embedding'),
  homedir: () => info.homedir,
  hostname: () => info.hostname,
  loadavg: () => info.loadavg.slice(),
  networkInterfaces: () => ({}),
  platform: () => info.platform,
  release: () => info.release,
  setPriority: makeStub('os.setPriority', 'process priorities are not reachable synchronously from the embedding'),
  // As Node on POSIX: TMPDIR, TMP, TEMP (read now, from process.env), else /tmp; no trailing slash.
  tmpdir() {
    const env = process.env;
    let dir = env.TMPDIR || env.TMP || env.TEMP || '/tmp';
    if (dir.length > 1 && dir.endsWith('/')) dir = dir.slice(0, -1);
    return dir;
  },
  totalmem: () => info.totalmem,
  type: () => info.type,
  userInfo(options = undefined) {
    const u = copy(info.userInfo);
    if (options && options.encoding === 'buffer') {
      const { Buffer } = require('buffer');
      for (const k of ['username', 'homedir', 'shell']) if (u[k] !== null) u[k] = Buffer.from(u[k]);
    }
    return u;
  },
  uptime: () => Math.floor(info.uptime + (process._monotonicMs() - startMs) / 1000),
  version: () => info.version,
  machine: () => info.machine,
};
// As Node's: constants cannot be replaced, EOL and devNull are read-only (redefinable).
Object.defineProperties(module.exports, {
  constants: { configurable: false, enumerable: true, value: data['os.constants'] },
  EOL: { configurable: true, enumerable: true, writable: false, value: '\n' },
  devNull: { configurable: true, enumerable: true, writable: false, value: '/dev/null' },
});
for (const [name, fn] of Object.entries(module.exports)) {
  if (typeof fn === 'function' && fn.name !== name) Object.defineProperty(fn, 'name', { value: name });
}
