// probe: process fields: argv shape, env, platform, nextTick args, hrtime, memoryUsage shape
// api: process.env
console.log(process.argv.length >= 2, typeof process.argv[0]);
process.env.COMPAT_PROBE = 'x';
console.log(process.env.COMPAT_PROBE, typeof process.env.PATH);
console.log(process.platform, typeof process.pid, typeof process.version);
process.nextTick((a, b) => console.log('nextTick args', a, b), 1, 2);
const t = process.hrtime();
console.log(Array.isArray(t), typeof process.hrtime.bigint());
console.log(Object.keys(process.memoryUsage()).sort().join(','));
console.log(typeof process.uptime(), process.cwd() === require('path').resolve('.'));
