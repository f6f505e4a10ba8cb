// probe: performance.now monotonic, mark/measure, timeOrigin
// api: perf_hooks.performance
const a = performance.now();
const b = performance.now();
console.log(typeof a, b >= a, typeof performance.timeOrigin);
performance.mark('m1');
performance.mark('m2');
const m = performance.measure('m', 'm1', 'm2');
console.log(m.name, m.entryType, performance.getEntriesByName('m1').length);
console.log(require('perf_hooks').performance === performance);
