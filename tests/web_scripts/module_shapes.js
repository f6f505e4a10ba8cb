// Class shapes of the implemented modules' classes, and the kinds of their exports.
const shape = (label, C) => {
  const statics = Object.getOwnPropertyNames(C).filter((k) => !['length', 'name', 'prototype', 'arguments', 'caller'].includes(k)).sort();
  // Node-internal underscore members are not part of the API.
  const members = Object.getOwnPropertyNames(C.prototype).filter((k) => !k.startsWith('_')).sort();
  console.log(label, C.name, JSON.stringify(members), JSON.stringify(statics));
};
const ah = require('async_hooks');
shape('AsyncLocalStorage', ah.AsyncLocalStorage);
shape('AsyncResource', ah.AsyncResource);
const dc = require('diagnostics_channel');
shape('Channel', dc.Channel);
console.log('tracingChannel', JSON.stringify(Object.keys(dc.tracingChannel('x')).sort()));
const ph = require('perf_hooks');
for (const k of ['PerformanceEntry', 'PerformanceMark', 'PerformanceMeasure']) shape(k, ph[k]);
for (const m of ['os', 'zlib', 'url', 'async_hooks', 'diagnostics_channel', 'perf_hooks', 'punycode', 'stream/web']) {
  const mod = require(m);
  console.log(m, JSON.stringify(Object.keys(mod).sort().map((k) => [k, typeof mod[k]])));
}
const tc = dc.tracingChannel('y');
console.log(['start', 'end', 'asyncStart', 'asyncEnd', 'error'].map((e) => tc[e] instanceof dc.Channel && tc[e].name).join());
