// timers/promises: promise and async-iterator forms of the timers, with AbortSignal support.
'use strict';
const timers = require('timers');
const { AbortError, invalidArgType, validateAbortSignal, validateBoolean } = require('hostrt:errors');


function checkOptions(options) {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  const { signal, ref = true } = options;
  validateAbortSignal(signal, 'options.signal');
  validateBoolean(ref, 'options.ref');
  return { signal, ref };
}

function cancellable(start, cancel, signal) {
  if (signal && signal.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
  return new Promise((resolve, reject) => {
    let onAbort;
    const handle = start((v) => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve(v);
    });
    if (signal) {
      onAbort = () => { cancel(handle); reject(new AbortError(undefined, { cause: signal.reason })); };
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}

function setTimeout(after, value, options = {}) {
  let opts;
  try { opts = checkOptions(options); } catch (e) { return Promise.reject(e); }
  return cancellable((done) => {
    const t = timers.setTimeout(done, after, value);
    if (!opts.ref) t.unref();
    return t;
  }, (t) => timers.clearTimeout(t), opts.signal);
}

function setImmediate(value, options = {}) {
  let opts;
  try { opts = checkOptions(options); } catch (e) { return Promise.reject(e); }
  return cancellable((done) => {
    const i = timers.setImmediate(done, value);
    if (!opts.ref) i.unref();
    return i;
  }, (i) => timers.clearImmediate(i), opts.signal);
}

async function* setInterval(after, value, options = {}) {
  const { signal, ref } = checkOptions(options);
  if (signal && signal.aborted) throw new AbortError(undefined, { cause: signal.reason });
  let pending = 0;
  let wake = null;
  const interval = timers.setInterval(() => {
    pending++;
    if (wake) { const w = wake; wake = null; w(); }
  }, after);
  if (!ref) interval.unref();
  let aborted = false;
  const onAbort = () => { aborted = true; if (wake) { const w = wake; wake = null; w(); } };
  if (signal) signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      if (pending === 0) await new Promise((resolve) => { wake = resolve; });
      if (aborted) throw new AbortError(undefined, { cause: signal.reason });
      for (; pending > 0; pending--) yield value;
    }
  } finally {
    timers.clearInterval(interval);
    if (signal) signal.removeEventListener('abort', onAbort);
  }
}

const scheduler = {
  wait(delay, options) { return setTimeout(delay, undefined, options); },
  yield() { return setImmediate(); },
};

module.exports = { setTimeout, setImmediate, setInterval, scheduler };
