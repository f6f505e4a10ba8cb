// probe: timers/promises setTimeout resolves with its value; setImmediate too
// api: timers/promises.setTimeout
const tp = require('timers/promises');
(async () => {
  console.log(await tp.setTimeout(5, 'late value'));
  console.log(await tp.setImmediate('soon value'));
})();
