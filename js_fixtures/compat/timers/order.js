// probe: timeouts, immediates, nextTick and promise callbacks run in Node's order
// api: timers.setTimeout
const log = [];
setTimeout(() => log.push('timeout 50'), 50);
setTimeout(() => {
  log.push('timeout 0');
  setImmediate(() => log.push('immediate'));
  setTimeout(() => log.push('timeout 0 in timeout'), 0);
  process.nextTick(() => log.push('tick in timeout'));
  Promise.resolve().then(() => log.push('promise in timeout'));
}, 0);
process.nextTick(() => log.push('tick'));
Promise.resolve().then(() => log.push('promise'));
queueMicrotask(() => log.push('microtask'));
setTimeout(() => console.log(log.join('\n')), 100);
