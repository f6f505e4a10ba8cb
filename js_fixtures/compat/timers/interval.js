// probe: setInterval repeats until cleared; clearTimeout cancels; Timeout has ref/unref/hasRef
// api: timers.setInterval
let n = 0;
const t = setInterval(() => {
  n += 1;
  if (n === 3) { clearInterval(t); console.log('interval ran', n, 'times'); }
}, 1);
const c = setTimeout(() => console.log('cancelled timer ran'), 1);
clearTimeout(c);
const u = setTimeout(() => {}, 1);
console.log(typeof u.ref, typeof u.unref, u.hasRef());
u.unref();
console.log('after unref', u.hasRef());
