'use strict';
// EventTarget: a throwing listener is reported as an uncaught exception after the dispatch, the
// next listeners still run, `once` and `signal` remove listeners.
const common = require('../common');

function eq(a, b, what) { if (a !== b) throw new Error(`${what}: ${a} !== ${b}`); }

const target = new EventTarget();
const order = [];
process.on('uncaughtException', common.mustCall((err) => {
  eq(err.message, 'boom', 'error');
  eq(order.join(), 'throw,after,end', 'order');
}));
target.addEventListener('foo', () => { order.push('throw'); throw new Error('boom'); });
target.addEventListener('foo', common.mustCall(() => order.push('after')));
target.dispatchEvent(new Event('foo'));
order.push('end');

const once = new EventTarget();
once.addEventListener('x', common.mustCall(), { once: true });
once.dispatchEvent(new Event('x'));
once.dispatchEvent(new Event('x'));

const ac = new AbortController();
const sig = new EventTarget();
sig.addEventListener('x', common.mustCall(), { signal: ac.signal });
sig.dispatchEvent(new Event('x'));
ac.abort();
sig.dispatchEvent(new Event('x'));
sig.addEventListener('x', common.mustNotCall(), { signal: ac.signal });
sig.dispatchEvent(new Event('x'));

const handler = { handleEvent: common.mustCall(function (e) { eq(this, handler, 'this'); eq(e.type, 'h', 'type'); }) };
sig.addEventListener('h', handler);
sig.dispatchEvent(new Event('h'));
