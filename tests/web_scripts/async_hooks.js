const { AsyncLocalStorage } = require('async_hooks');
const als = new AsyncLocalStorage();
const log = (tag) => console.log(tag, String(JSON.stringify(als.getStore())));
als.run({ id: 1 }, () => {
  log('sync');
  setTimeout(() => { log('timeout'); setImmediate(() => { log('immediate'); asyncPart(); }); }, 1);
  process.nextTick(() => log('tick'));
  queueMicrotask(() => log('microtask'));
  Promise.resolve().then(() => log('then'));
  als.exit(() => log('exit'));
  als.run({ id: 2 }, () => log('nested'));
});
log('outside');
const dc = require('diagnostics_channel');
const ch = dc.channel('x'); console.log(ch.hasSubscribers, dc.hasSubscribers('x'));
const f = (m, n) => console.log('got', JSON.stringify(m), n); dc.subscribe('x', f); ch.publish({a: 1}); console.log(dc.unsubscribe('x', f), dc.unsubscribe('x', f));

// Started from the immediate above (inside its restored context), so the order is fixed.
async function asyncPart() {
  await als.run({ id: 'async' }, async () => {
    await null;
    log('after await');
    await new Promise((resolve) => setTimeout(resolve, 50));  // well after the 1 ms timer, even under load
    log('after timer await');
    try { await Promise.reject(new Error('x')); } catch { log('in catch'); }
  });
  log('after run');
}
