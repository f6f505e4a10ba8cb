// Unhandled promise rejections without V8's PromiseRejectCallback (mini-racer does not expose it).
//
// The global Promise becomes a subclass that notices rejections and handler attachment. Code that
// hostrt compiles (user modules) has its async functions lowered by esbuild onto this Promise, so
// `async function f() { throw e } f()` is seen too. After each macrotask's microtasks drain, a
// rejection still without a handler is reported as Node does ('unhandledRejection', else fatal).
// Limits, declared in shim.toml: native async functions in code hostrt did not compile (prebuilt
// bundles, shims) and `resolve(rejectingThenable)` chains are invisible.
'use strict';
const NativePromise = Promise;
const nativeThen = NativePromise.prototype.then;
const pendingRejections = new Map(); // promise -> reason, in rejection order
const handled = new WeakSet();
// What util.inspect shows (`Promise { 1 }`, `<pending>`, `<rejected> err`): V8 does not let
// plain JS read a promise's state, so the tracking Promise records it as it settles.
const states = new WeakMap();     // promise -> {state, value}; absent = native (unknown)

function markHandled(p) {
  handled.add(p);
  pendingRejections.delete(p);
}

// A plain constructor function (not `class ... extends`), so it inspects and prints as Node's
// native `[Function: Promise]` does.
const TrackedPromise = function Promise(executor) {
  if (new.target === undefined) {
    throw new TypeError("Promise constructor cannot be invoked without 'new'");
  }
  if (typeof executor !== 'function') {
    // Let the native constructor produce Node's exact TypeError.
    return Reflect.construct(NativePromise, [executor], new.target);
  }
  let early;
  let self;
  let done = false;
  const settle = (state, value) => {
    if (self === undefined) early = { state, value };
    else states.set(self, { state, value });
  };
  self = Reflect.construct(NativePromise, [(resolve, reject) => {
    const rejectTracked = (reason) => {
      if (done) return;
      done = true;
      settle('rejected', reason);
      if (self !== undefined && !handled.has(self)) pendingRejections.set(self, reason);
      reject(reason);
    };
    const resolveTracked = (value) => {
      if (done) return;
      done = true;
      if (value !== null && (typeof value === 'object' || typeof value === 'function') &&
          typeof value.then === 'function') {
        // Follows a thenable: its outcome arrives later, through V8's own resolve.
        nativeThen.call(NativePromise.resolve(value),
          (v) => { if (self !== undefined) states.set(self, { state: 'fulfilled', value: v }); },
          (e) => { if (self !== undefined) states.set(self, { state: 'rejected', value: e }); });
      } else {
        settle('fulfilled', value);
      }
      resolve(value);
    };
    try {
      executor(resolveTracked, rejectTracked);
    } catch (err) {
      rejectTracked(err);
    }
  }], new.target);
  states.set(self, early === undefined ? { state: 'pending' } : early);
  if (early !== undefined && early.state === 'rejected' && !handled.has(self)) {
    pendingRejections.set(self, early.value);
  }
  return self;
};
Object.setPrototypeOf(TrackedPromise, NativePromise);
TrackedPromise.prototype = Object.create(NativePromise.prototype, {
  constructor: { value: TrackedPromise, writable: true, configurable: true, enumerable: false },
  then: {
    value: function then(onFulfilled, onRejected) {
      markHandled(this);
      return nativeThen.call(this, onFulfilled, onRejected);
    },
    writable: true, configurable: true, enumerable: false,
  },
});
Object.defineProperty(TrackedPromise, Symbol.hasInstance, {
  value: (value) => value instanceof NativePromise, configurable: true,
});
// util.inspect looks for this hook (see shims/util/inspect.js, `_promiseState`).
Object.defineProperty(TrackedPromise, Symbol.for('hostrt.promiseState'), {
  value: (p) => states.get(p), enumerable: false,
});

// Combinators (all, allSettled, any, race). Inherited from the native ones they would treat every
// native element (host-call promises, shim promises) as foreign: wrap it in a TrackedPromise via
// a thenable job — two extra microtask turns per element, and ~50x slower over 10,000 elements.
// Here a native element gets its reaction attached directly (as Node, where all promises are
// native), a tracked element goes through its own `then` (marking it handled, as before), anything
// else through `TrackedPromise.resolve`; the result is one TrackedPromise settled from the element
// reactions, so its timing matches Node's.
function attach(item, onFulfilled, onRejected) {
  if (item instanceof NativePromise && item.constructor === NativePromise) {
    nativeThen.call(item, onFulfilled, onRejected);
  } else {
    TrackedPromise.resolve(item).then(onFulfilled, onRejected);
  }
}

function combinator(name, run) {
  const native = NativePromise[name];
  const fn = {
    [name](iterable) {
      // A user subclass, or a non-iterable (the native error message): the native combinator.
      if (this !== TrackedPromise) return native.call(this, iterable);
      if (iterable == null || typeof iterable[Symbol.iterator] !== 'function') {
        const failed = native.call(NativePromise, iterable);
        return new TrackedPromise((resolve, reject) => nativeThen.call(failed, resolve, reject));
      }
      let resolve;
      let reject;
      const out = new TrackedPromise((res, rej) => { resolve = res; reject = rej; });
      try {
        run(iterable, resolve, reject);
      } catch (err) {
        reject(err);
      }
      return out;
    },
  }[name];
  Object.defineProperty(TrackedPromise, name, {
    value: fn, writable: true, configurable: true, enumerable: false,
  });
}

combinator('all', (iterable, resolve, reject) => {
  const values = [];
  let remaining = 1;
  let index = 0;
  for (const item of iterable) {
    const i = index++;
    values.push(undefined);
    remaining++;
    attach(item, (value) => {
      values[i] = value;
      if (--remaining === 0) resolve(values);
    }, reject);
  }
  if (--remaining === 0) resolve(values);
});

combinator('allSettled', (iterable, resolve) => {
  const values = [];
  let remaining = 1;
  let index = 0;
  for (const item of iterable) {
    const i = index++;
    values.push(undefined);
    remaining++;
    const settle = (entry) => {
      values[i] = entry;
      if (--remaining === 0) resolve(values);
    };
    attach(item, (value) => settle({ status: 'fulfilled', value }),
      (reason) => settle({ status: 'rejected', reason }));
  }
  if (--remaining === 0) resolve(values);
});

combinator('any', (iterable, resolve, reject) => {
  const errors = [];
  let remaining = 1;
  let index = 0;
  const fail = () => reject(new AggregateError(errors, 'All promises were rejected'));
  for (const item of iterable) {
    const i = index++;
    errors.push(undefined);
    remaining++;
    attach(item, resolve, (reason) => {
      errors[i] = reason;
      if (--remaining === 0) fail();
    });
  }
  if (--remaining === 0) fail();
});

combinator('race', (iterable, resolve, reject) => {
  for (const item of iterable) attach(item, resolve, reject);
});

/** Report rejections still unhandled; returns true when a report ran user code. */
function processRejections(report) {
  if (pendingRejections.size === 0) return false;
  const batch = [...pendingRejections];
  pendingRejections.clear();
  for (const [promise, reason] of batch) {
    if (!handled.has(promise)) report(reason, promise);
  }
  return true;
}

function install(global) {
  Object.defineProperty(global, 'Promise', {
    value: TrackedPromise, writable: true, configurable: true, enumerable: false,
  });
}

module.exports = { install, processRejections, NativePromise };
