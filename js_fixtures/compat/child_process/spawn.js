// probe: spawnSync and execFile of a system command
// api: child_process.spawnSync
const cp = require('child_process');
const r = cp.spawnSync('echo', ['hi']);
console.log(r.status, String(r.stdout));
cp.execFile('echo', ['async'], (err, out) => console.log(err, out.trim()));
