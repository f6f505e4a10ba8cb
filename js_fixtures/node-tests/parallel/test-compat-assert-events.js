'use strict';
// Node-style test of events with assert: passes in Node; in hostrt it needs the assert module.
const common = require('../common');
const assert = require('assert');
const EventEmitter = require('events');

const e = new EventEmitter();
e.on('data', common.mustCall((a, b) => {
  assert.strictEqual(a, 1);
  assert.deepStrictEqual(b, { x: [1, 2] });
}));
e.emit('data', 1, { x: [1, 2] });
assert.throws(() => e.emit('error', new Error('boom')), /boom/);
