'use strict';
// AsyncLocalStorage: the store follows callbacks scheduled inside run() (timers, immediates,
// nextTick, queueMicrotask, promise reactions) and is gone outside it.
const common = require('../common');
const { AsyncLocalStorage, AsyncResource } = require('async_hooks');

function eq(a, b, what) { if (a !== b) throw new Error(`${what}: ${a} !== ${b}`); }

const als = new AsyncLocalStorage();
const other = new AsyncLocalStorage();
als.run('outer', () => {
  eq(als.getStore(), 'outer', 'sync');
  other.enterWith(42);
  setTimeout(common.mustCall(() => { eq(als.getStore(), 'outer', 'timeout'); eq(other.getStore(), 42, 'enterWith'); }), 1);
  setImmediate(common.mustCall(() => eq(als.getStore(), 'outer', 'immediate')));
  process.nextTick(common.mustCall(() => eq(als.getStore(), 'outer', 'nextTick')));
  queueMicrotask(common.mustCall(() => eq(als.getStore(), 'outer', 'microtask')));
  Promise.resolve().then(common.mustCall(() => eq(als.getStore(), 'outer', 'then')));
  als.run('inner', common.mustCall(() => {
    setTimeout(common.mustCall(() => eq(als.getStore(), 'inner', 'nested timeout')), 2);
  }));
  als.exit(common.mustCall(() => eq(als.getStore(), undefined, 'exit')));
  const resource = new AsyncResource('test');
  als.run('elsewhere', common.mustCall(() => {
    resource.runInAsyncScope(common.mustCall(() => eq(als.getStore(), 'outer', 'resource scope')));
  }));
});
eq(als.getStore(), undefined, 'outside');
const bound = als.run('bound', () => AsyncLocalStorage.bind(() => als.getStore()));
eq(bound(), 'bound', 'AsyncLocalStorage.bind');
