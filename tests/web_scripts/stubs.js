// Loadable declared stubs: names match Node's; calling one throws ERR_HOSTRT_UNSUPPORTED in hostrt.
const mods = ['net', 'tls', 'http', 'https', 'http2', 'dns', 'dns/promises', 'worker_threads', 'child_process', 'fs', 'fs/promises', 'dgram', 'cluster', 'vm', 'v8', 'inspector', 'readline', 'readline/promises', 'repl', 'tty', 'module', 'trace_events', 'wasi', 'domain', 'constants', 'perf_hooks', 'punycode', 'diagnostics_channel', 'async_hooks', 'zlib', 'os', 'url'];
for (const m of mods) console.log(m, JSON.stringify(Object.keys(require('node:' + m)).sort()));
const net = require('net');
console.log(JSON.stringify(['1.2.3.4', '::1', 'fe80::1%eth0', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1::2::3', '256.1.1.1', 'x'].map(net.isIP)));
console.log(JSON.stringify([require('http').STATUS_CODES[418], require('http').METHODS.length, require('fs').constants.O_CREAT, require('worker_threads').isMainThread, require('module').isBuiltin('node:net'), require('module').isBuiltin('nope'), require('tty').isatty(0)]));
