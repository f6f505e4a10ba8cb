'use strict';
const common = require('../common');
const assert = require('assert');
const EventEmitter = require('events');

assert.strictEqual(EventEmitter.EventEmitter, EventEmitter);
assert.strictEqual(EventEmitter.defaultMaxListeners, 10);
assert.strictEqual(typeof EventEmitter.errorMonitor, 'symbol');
assert.strictEqual(EventEmitter.captureRejectionSymbol, Symbol.for('nodejs.rejection'));

const e = new EventEmitter();
const seen = [];
e.on('newListener', common.mustCall((name) => seen.push(String(name)), 2));
const onFoo = common.mustCall(function (a, b) {
  assert.strictEqual(this, e);
  assert.deepStrictEqual([a, b], [1, 2]);
}, 2);
e.on('foo', onFoo);
e.prependOnceListener('foo', common.mustCall());
assert.deepStrictEqual(seen, ['foo', 'foo']);
assert.strictEqual(e.listenerCount('foo'), 2);
assert.strictEqual(e.emit('foo', 1, 2), true);
assert.strictEqual(e.listenerCount('foo'), 1);
assert.strictEqual(e.emit('foo', 1, 2), true);
assert.strictEqual(e.emit('bar'), false);
assert.deepStrictEqual(e.eventNames(), ['newListener', 'foo']);
assert.deepStrictEqual(e.listeners('foo'), [onFoo]);

// removeListener is emitted with the original listener (not the once wrapper).
const r = new EventEmitter();
const once = () => {};
r.once('x', once);
r.on('removeListener', common.mustCall((name, fn) => {
  assert.strictEqual(name, 'x');
  assert.strictEqual(fn, once);
}));
assert.strictEqual(r.rawListeners('x')[0].listener, once);
r.removeListener('x', once);
assert.strictEqual(r.listenerCount('x'), 0);

// 'error' with no listener throws; non-errors become ERR_UNHANDLED_ERROR.
const err = new Error('real');
assert.throws(() => new EventEmitter().emit('error', err), (thrown) => thrown === err);
assert.throws(() => new EventEmitter().emit('error', 'boom'), {
  name: 'Error', code: 'ERR_UNHANDLED_ERROR', message: "Unhandled error. ('boom')", context: 'boom',
});
assert.throws(() => new EventEmitter().emit('error'), {
  code: 'ERR_UNHANDLED_ERROR', message: 'Unhandled error. (undefined)',
});

// errorMonitor sees the error first, and does not count as a handler.
const m = new EventEmitter();
const order = [];
m.on(EventEmitter.errorMonitor, common.mustCall(() => order.push('monitor'), 2));
assert.throws(() => m.emit('error', new Error('x')), /^Error: x$/);
m.on('error', common.mustCall(() => order.push('handler')));
m.emit('error', new Error('y'));
assert.deepStrictEqual(order, ['monitor', 'monitor', 'handler']);

// Validation.
assert.throws(() => e.on('y', 1), {
  code: 'ERR_INVALID_ARG_TYPE',
  message: 'The "listener" argument must be of type function.' + common.invalidArgTypeHelper(1),
});
assert.throws(() => e.setMaxListeners(-1), { code: 'ERR_OUT_OF_RANGE' });
assert.throws(() => { EventEmitter.defaultMaxListeners = 'x'; }, { code: 'ERR_INVALID_ARG_TYPE' });

// Max listeners warning.
process.on('warning', common.mustCall((w) => {
  assert.strictEqual(w.name, 'MaxListenersExceededWarning');
  assert.strictEqual(w.count, 2);
  assert.strictEqual(w.type, 'q');
  assert.match(w.message, /Possible EventEmitter memory leak detected\. 2 q listeners added to \[EventEmitter\]/);
}));
const warner = new EventEmitter();
warner.setMaxListeners(1);
assert.strictEqual(warner.getMaxListeners(), 1);
warner.on('q', () => {});
warner.on('q', () => {});
warner.on('q', () => {});  // warned once only

// Old-style inheritance still works.
function Legacy() { EventEmitter.call(this); }
Object.setPrototypeOf(Legacy.prototype, EventEmitter.prototype);
const legacy = new Legacy();
legacy.on('z', common.mustCall());
legacy.emit('z');

// removeAllListeners emits removeListener for each, in LIFO order per event.
const all = new EventEmitter();
const removed = [];
all.on('a', () => {});
all.on('b', () => {});
all.on('removeListener', (name) => removed.push(name));
all.removeAllListeners();
assert.deepStrictEqual(removed, ['a', 'b']);
assert.deepStrictEqual(all.eventNames(), []);
