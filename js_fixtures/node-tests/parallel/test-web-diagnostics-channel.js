'use strict';
// diagnostics_channel: publish reaches subscribers with the channel name, unsubscribe works,
// a throwing subscriber is reported as uncaught without stopping the others.
const common = require('../common');
const dc = require('diagnostics_channel');

function eq(a, b, what) { if (a !== b) throw new Error(`${what}: ${a} !== ${b}`); }

const ch = dc.channel('test:web');
eq(ch.hasSubscribers, false, 'no subscribers');
eq(dc.channel('test:web'), ch, 'same channel object');
const onMessage = common.mustCall((msg, name) => { eq(msg.n, 1, 'message'); eq(name, 'test:web', 'name'); });
dc.subscribe('test:web', onMessage);
eq(dc.hasSubscribers('test:web'), true, 'has subscribers');
process.on('uncaughtException', common.mustCall((err) => eq(err.message, 'subscriber failed', 'error')));
ch.subscribe(() => { throw new Error('subscriber failed'); });
ch.subscribe(common.mustCall());
ch.publish({ n: 1 });
eq(dc.unsubscribe('test:web', onMessage), true, 'unsubscribed');
eq(dc.unsubscribe('test:web', onMessage), false, 'twice');

const tc = dc.tracingChannel('test:trace');
const seen = [];
tc.subscribe({ start: () => seen.push('start'), end: () => seen.push('end'),
  asyncStart: () => seen.push('asyncStart'), asyncEnd: () => seen.push('asyncEnd'),
  error: () => seen.push('error') });
eq(tc.traceSync((a, b) => a + b, {}, null, 1, 2), 3, 'traceSync result');
tc.tracePromise(async () => 'v', {}).then(common.mustCall((v) => {
  eq(v, 'v', 'tracePromise result');
  eq(seen.join(), 'start,end,start,end,asyncStart,asyncEnd', 'events');
}));
