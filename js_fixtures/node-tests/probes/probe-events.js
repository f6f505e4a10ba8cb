// Differential probe: run by real Node and by hostrt; stdout must be identical.
const EE = require('events');
const { once, on, errorMonitor, getEventListeners } = EE;
const e = new EE();
e.on('newListener', (t) => console.log('newListener', String(t)));
e.on('x', function (a) { console.log('x', a, this === e); });
e.prependOnceListener('x', (a) => console.log('first', a));
console.log(e.emit('x', 1), e.emit('x', 2), e.emit('nothing'), e.listenerCount('x'), e.eventNames().map(String).join());
try { e.emit('error', 'boom'); } catch (x) { console.log(x.code, x.message, x.context); }
try { e.emit('error', new Error('real')); } catch (x) { console.log(x.message); }
e.on(errorMonitor, (err) => console.log('monitor', err.message));
e.on('error', (err) => console.log('handled', err.message));
e.emit('error', new Error('m'));
try { e.on('y', 1); } catch (x) { console.log(x.code, x.message); }
try { e.setMaxListeners(-1); } catch (x) { console.log(x.code, x.message); }
console.log(getEventListeners(e, 'x').length, EE.defaultMaxListeners, EE.listenerCount(e, 'x'));
const c = new EE({ captureRejections: true });
c.on('ev', async () => { throw new Error('rejected'); });
c.on('error', (err) => console.log('captured', err.message));
c.emit('ev');
(async () => {
  setTimeout(() => e.emit('later', 1, 2), 1);
  console.log('once', JSON.stringify(await once(e, 'later')));
  const it = on(e, 'tick');
  setTimeout(() => { e.emit('tick', 'a'); e.emit('tick', 'b'); }, 1);
  let n = 0;
  for await (const v of it) { console.log('on', JSON.stringify(v)); if (++n === 2) break; }
  console.log('after', e.listenerCount('tick'), e.listenerCount('error'));
  const p = once(e, 'never');
  e.emit('error', new Error('oncefail'));
  await p.catch((err) => console.log('once rejected', err.message));
  const w = new EE(); w.setMaxListeners(1); w.on('q', () => {}); w.on('q', () => {});
  process.on('warning', (wa) => console.log('warning', wa.name, wa.message));
})();
