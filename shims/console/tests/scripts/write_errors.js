'use strict';
// A Console over a stream that fails (callback error, throw, late error, writev error while
// corked) does not throw, does not crash the process and adds no listeners that warn.
const { Console } = require('console');
const { Writable } = require('stream');
process.on('warning', (w) => console.log('warning', w.name));
let writes = 0;
for (const method of ['dir', 'log', 'warn']) {
  const failing = [
    (chunk, enc, cb) => { writes++; cb(new Error('foobar')); },
    () => { writes++; throw new Error('foobar'); },
    (chunk, enc, cb) => { writes++; setImmediate(() => cb(new Error('foobar'))); },
  ];
  for (const write of failing) {
    const out = new Writable({ write });
    new Console(out, out, true)[method]('abc');
  }
}
const corked = new Writable({ write(c, e, cb) { cb(); }, writev(chunks, cb) { setTimeout(cb, 5, new Error('kaboom')); } });
const many = new Console(corked, corked);
corked.cork();
for (let i = 0; i < 11; i++) many.log('a message');
corked.uncork();
const strict = new Console({ stdout: new Writable({ write(c, e, cb) { cb(new Error('seen')); } }), ignoreErrors: false });
strict._stdout.on('error', (e) => console.log('ignoreErrors false: error event', e.message));
strict.log('x');
setTimeout(() => console.log('alive', writes, corked.listenerCount('error')), 30);
