// The global `console` and the `console`/`node:console` module: Node's Console (shims/util) bound
// to process.stdout/stderr, whose writes Python batches per tick. Durations use the host clock,
// so `--fake-time` makes console.time deterministic.
'use strict';
const { Console } = require('/$hostrt/shims/util/console.js');

const console = new Console({
  stdout: process.stdout,
  stderr: process.stderr,
  colorMode: 'auto',
  clock: process._monotonicMs,
});
Object.defineProperty(console, 'Console', {
  value: Console, writable: true, enumerable: false, configurable: true,
});
module.exports = console;
