// async_hooks without V8 promise hooks. AsyncLocalStorage keeps one "current context" (a Map from
// storage to store). run/exit/enterWith/getStore are exact for synchronous code. Once the first
// storage exists, the context is captured when a callback is scheduled and restored when it runs,
// for: setTimeout/setInterval/setImmediate, process.nextTick, queueMicrotask, and
// Promise.prototype.then/catch/finally. `await` in code hostrt compiles (user modules: esbuild
// lowers async functions onto promise `then`) propagates too. NOT propagated: `await` in native
// async functions (code hostrt did not compile: eval/new Function, prebuilt bundles), whose
// continuations V8 queues without calling `then`.
'use strict';
const bridge = require('hostrt:bridge');
const { invalidArgType } = require('hostrt:web/errors');

let current = new Map();
let patched = false;

function withContext(ctx, fn, thisArg, args) {
  const saved = current;
  current = ctx;
  try {
    return Reflect.apply(fn, thisArg, args);
  } finally {
    current = saved;
  }
}

function wrap(fn) {
  if (typeof fn !== 'function') return fn;
  const ctx = current;
  return function (...args) { return withContext(ctx, fn, this, args); };
}

function patchScheduling() {
  if (patched) return;
  patched = true;
  // Timers, immediates, nextTick and queueMicrotask wrap what they schedule (the globals and
  // module exports stay the same functions, as Node's do).
  bridge.setCallbackWrapper(wrap);
  // Every `then` on the global Promise's chain: hostrt's tracking Promise and V8's own.
  for (let P = Promise; P && P.prototype; P = Object.getPrototypeOf(P)) {
    if (!Object.prototype.hasOwnProperty.call(P.prototype, 'then')) continue;
    const then = P.prototype.then;
    P.prototype.then = { then(onFulfilled, onRejected) {
      return then.call(this, wrap(onFulfilled), wrap(onRejected));
    } }.then;
  }
}

class AsyncLocalStorage {
  #enabled = false;
  constructor() { patchScheduling(); }
  static bind(fn) {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
    return wrap(fn);
  }
  static snapshot() {
    const ctx = current;
    return (fn, ...args) => withContext(ctx, fn, undefined, args);
  }
  disable() {
    this.#enabled = false;
    if (current.has(this)) {
      current = new Map(current);
      current.delete(this);
    }
  }
  getStore() { return current.get(this); }
  enterWith(store) {
    this.#enabled = true;
    current = new Map(current).set(this, store);
  }
  run(store, callback, ...args) {
    this.#enabled = true;
    return withContext(new Map(current).set(this, store), callback, undefined, args);
  }
  exit(callback, ...args) {
    if (!current.has(this)) return Reflect.apply(callback, undefined, args);
    const ctx = new Map(current);
    ctx.delete(this);
    return withContext(ctx, callback, undefined, args);
  }
}

let nextAsyncId = 2;
class AsyncResource {
  #ctx; #asyncId; #triggerId;
  constructor(type, options = {}) {
    if (typeof type !== 'string') throw invalidArgType('type', 'of type string', type);
    this.#ctx = current;
    this.#asyncId = nextAsyncId++;
    this.#triggerId = typeof options === 'number' ? options
      : (options && options.triggerAsyncId !== undefined ? options.triggerAsyncId : 1);
  }
  runInAsyncScope(fn, thisArg, ...args) { return withContext(this.#ctx, fn, thisArg, args); }
  emitDestroy() { return this; }
  asyncId() { return this.#asyncId; }
  triggerAsyncId() { return this.#triggerId; }
  bind(fn, thisArg = undefined) {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
    const resource = this;
    const bound = function (...args) {
      return resource.runInAsyncScope(fn, thisArg === undefined ? this : thisArg, ...args);
    };
    Object.defineProperties(bound, {
      length: { value: fn.length, configurable: true },
      asyncResource: { value: this, configurable: true, enumerable: true, writable: true },
    });
    return bound;
  }
  static bind(fn, type = undefined, thisArg = undefined) {
    return new AsyncResource(type || fn.name || 'bound-anonymous-fn').bind(fn, thisArg);
  }
}

function createHook(callbacks) {
  if (callbacks === null || typeof callbacks !== 'object') {
    throw invalidArgType('callbacks', 'of type object', callbacks);
  }
  // No async resource lifecycle exists to observe in the embedding: the hook never fires.
  return { enable() { return this; }, disable() { return this; } };
}

module.exports = {
  AsyncLocalStorage,
  AsyncResource,
  asyncWrapProviders: bridge.config('node_data')['async_hooks.asyncWrapProviders'],
  createHook,
  executionAsyncId: () => 1,
  executionAsyncResource: () => ({}),
  triggerAsyncId: () => 0,
};
