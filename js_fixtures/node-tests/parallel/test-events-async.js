'use strict';
const common = require('../common');
const assert = require('assert');
const EventEmitter = require('events');
const { once, on, getEventListeners, setMaxListeners, getMaxListeners } = EventEmitter;

(async () => {
  const e = new EventEmitter();
  setTimeout(() => e.emit('ready', 1, 2), 1);
  assert.deepStrictEqual(await once(e, 'ready'), [1, 2]);
  assert.strictEqual(e.listenerCount('error'), 0);

  const failing = once(e, 'never');
  e.emit('error', new Error('boom'));
  await assert.rejects(failing, { message: 'boom' });
  assert.strictEqual(e.listenerCount('never'), 0);

  const seen = [];
  setTimeout(() => { e.emit('tick', 'a'); e.emit('tick', 'b'); e.emit('tick', 'c'); }, 1);
  for await (const args of on(e, 'tick')) {
    seen.push(args[0]);
    if (seen.length === 3) break;
  }
  assert.deepStrictEqual(seen, ['a', 'b', 'c']);
  assert.strictEqual(e.listenerCount('tick'), 0);
  assert.strictEqual(e.listenerCount('error'), 0);

  const it = on(e, 'data');
  process.nextTick(() => e.emit('error', new Error('iter')));
  await assert.rejects(it.next(), { message: 'iter' });

  // captureRejections routes a rejected listener promise to 'error'.
  const c = new EventEmitter({ captureRejections: true });
  c.on('ev', async () => { throw new Error('rejected'); });
  const caught = once(c, 'error');
  c.emit('ev');
  const [errArg] = await caught;
  assert.strictEqual(errArg.message, 'rejected');

  // ... or to Symbol.for('nodejs.rejection') when defined.
  const d = new EventEmitter({ captureRejections: true });
  d[Symbol.for('nodejs.rejection')] = common.mustCall((err, name, arg) => {
    assert.strictEqual(err.message, 'r2');
    assert.strictEqual(name, 'ev');
    assert.strictEqual(arg, 7);
  });
  d.on('ev', async () => { throw new Error('r2'); });
  d.emit('ev', 7);

  const g = new EventEmitter();
  const l = () => {};
  g.on('x', l);
  assert.deepStrictEqual(getEventListeners(g, 'x'), [l]);
  setMaxListeners(3, g);
  assert.strictEqual(g.getMaxListeners(), 3);
  assert.strictEqual(getMaxListeners(g), 3);
})().then(common.mustCall());
