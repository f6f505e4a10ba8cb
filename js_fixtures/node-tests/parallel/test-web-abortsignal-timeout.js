'use strict';
// AbortSignal.timeout aborts with a TimeoutError DOMException and does not keep the loop alive;
// AbortSignal.any follows the first of its inputs.
const common = require('../common');

function eq(a, b, what) { if (a !== b) throw new Error(`${what}: ${a} !== ${b}`); }

const signal = AbortSignal.timeout(10);
signal.addEventListener('abort', common.mustCall(() => {
  eq(signal.reason.name, 'TimeoutError', 'name');
  eq(signal.reason.code, 23, 'code');
  eq(signal.reason instanceof DOMException, true, 'DOMException');
}));
const keepAlive = setTimeout(common.mustCall(), 50);
void keepAlive;

// An unreferenced timeout alone does not hold the process open.
AbortSignal.timeout(100000);

const a = new AbortController();
const b = new AbortController();
const any = AbortSignal.any([a.signal, b.signal]);
any.onabort = common.mustCall(() => eq(any.reason, 'b first', 'reason'));
b.abort('b first');
a.abort('a second');
eq(any.reason, 'b first', 'reason stays');
