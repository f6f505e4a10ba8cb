const path = require('path'); const p = require('perf_hooks');
console.log(JSON.stringify(['\\\\?\\foo', '\\\\?\\C:\\x', 'C:\\foo', '\\\\server\\share\\x', '\\\\.\\pipe\\x', ''].map((x) => [x, path.win32.toNamespacedPath(x)])));
for (const c of ['PerformanceMark', 'PerformanceMeasure']) console.log(c, JSON.stringify(Object.getOwnPropertyDescriptor(p[c].prototype, Symbol.toStringTag)));
console.log(Object.prototype.toString.call(performance.mark('m')));
