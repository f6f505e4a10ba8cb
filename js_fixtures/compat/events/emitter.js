// probe: EventEmitter on/once/off, listener order, error event, once() promise
// api: events.EventEmitter
const EventEmitter = require('events');
const { once } = require('events');
const e = new EventEmitter();
e.on('x', (v) => console.log('on', v));
e.once('x', (v) => console.log('once', v));
e.prependListener('x', () => console.log('prepended'));
e.emit('x', 1);
e.emit('x', 2);
console.log(e.listenerCount('x'), e.eventNames());
try { e.emit('error', new Error('boom')); } catch (err) { console.log('threw', err.message); }
once(e, 'ready').then(([v]) => console.log('once promise', v));
e.emit('ready', 'go');
console.log(EventEmitter.defaultMaxListeners);
