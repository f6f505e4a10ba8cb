'use strict';
// Passes in Node: timers and nextTick run, each callback exactly as often as declared.
const common = require('../common');

let order = '';
setTimeout(common.mustCall(() => {
  order += 't';
  if (order !== 'nt') throw new Error(`bad order ${order}`);
}), 1);
process.nextTick(common.mustCall(() => { order += 'n'; }));
const iv = setInterval(common.mustCallAtLeast(() => clearInterval(iv), 1), 1);
const never = setTimeout(common.mustNotCall('cleared timer fired'), 1);
clearTimeout(never);
