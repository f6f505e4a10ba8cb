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

function markHandled(p) {
  handled.add(p);
  pendingRejections.delete(p);
}

class TrackedPromise extends NativePromise {
  constructor(executor) {
    if (typeof executor !== 'function') {
      // Let the native constructor produce Node's exact TypeError.
      super(executor);
      return;
    }
    let early;
    let self;
    super((resolve, reject) => {
      const rejectTracked = (reason) => {
        if (self === undefined) early = { reason };
        else if (!handled.has(self)) pendingRejections.set(self, reason);
        reject(reason);
      };
      try {
        executor(resolve, rejectTracked);
      } catch (err) {
        rejectTracked(err);
      }
    });
    self = this;
    if (early !== undefined && !handled.has(this)) pendingRejections.set(this, early.reason);
  }
  then(onFulfilled, onRejected) {
    markHandled(this);
    return nativeThen.call(this, onFulfilled, onRejected);
  }
  static [Symbol.hasInstance](value) {
    return value instanceof NativePromise;
  }
}
Object.defineProperty(TrackedPromise, "name", { value: "Promise" });

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
