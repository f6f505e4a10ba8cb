// AbortController / AbortSignal: abort(reason) with a DOMException AbortError by default,
// AbortSignal.abort/timeout/any, throwIfAborted and the `onabort` handler attribute.
// AbortSignal.timeout arms an unref'd timer on the host loop (timers shim).
'use strict';
const { EventTarget, Event } = require('hostrt:web/event_target');
const { DOMException } = require('hostrt:web/domexception');
const { coded, invalidArgType } = require('hostrt:web/errors');

let constructing = false;
const kAbort = Symbol('kAbort');

class AbortSignal extends EventTarget {
  #aborted = false;
  #reason = undefined;
  #onabort = null;
  constructor() {
    if (!constructing) throw coded(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor');
    super();
    constructing = false;
  }
  get aborted() { return this.#aborted; }
  get reason() { return this.#reason; }
  throwIfAborted() { if (this.#aborted) throw this.#reason; }
  get onabort() { return this.#onabort; }
  set onabort(fn) {
    if (this.#onabort !== null) this.removeEventListener('abort', this.#onabort);
    this.#onabort = typeof fn === 'function' || (fn !== null && typeof fn === 'object') ? fn : null;
    if (this.#onabort !== null) this.addEventListener('abort', this.#onabort);
  }
  [kAbort](reason) {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason === undefined
      ? new DOMException('This operation was aborted', 'AbortError') : reason;
    this.dispatchEvent(new Event('abort'));
  }

  static abort(reason = undefined) {
    const signal = newSignal();
    signal[kAbort](reason);
    return signal;
  }
  static timeout(delay) {
    if (typeof delay !== 'number') throw invalidArgType('delay', 'of type number', delay);
    if (!Number.isInteger(delay) || delay < 0 || delay > Number.MAX_SAFE_INTEGER) {
      throw coded(RangeError, 'ERR_OUT_OF_RANGE',
        `The value of "delay" is out of range. It must be an integer >= 0 && <= ${Number.MAX_SAFE_INTEGER}. Received ${delay}`);
    }
    const signal = newSignal();
    setTimeout(() => {
      signal[kAbort](new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    }, delay).unref();
    return signal;
  }
  static any(signals) {
    if (signals === null || typeof signals !== 'object' || typeof signals[Symbol.iterator] !== 'function') {
      throw invalidArgType('signals', 'an instance of Array', signals);
    }
    const list = [...signals];
    list.forEach((s, i) => {
      if (!(s instanceof AbortSignal)) throw invalidArgType(`signals[${i}]`, 'an instance of AbortSignal', s);
    });
    const signal = newSignal();
    const already = list.find((s) => s.aborted);
    if (already !== undefined) {
      signal[kAbort](already.reason);
      return signal;
    }
    for (const s of list) {
      s.addEventListener('abort', () => signal[kAbort](s.reason), { once: true });
    }
    return signal;
  }
}
for (const key of ['aborted', 'reason', 'onabort']) {
  Object.defineProperty(AbortSignal.prototype, key,
    { ...Object.getOwnPropertyDescriptor(AbortSignal.prototype, key), enumerable: true });
}
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: 'AbortSignal', configurable: true });

function newSignal() {
  constructing = true;
  return new AbortSignal();
}

class AbortController {
  #signal = newSignal();
  get signal() { return this.#signal; }
  abort(reason = undefined) { this.#signal[kAbort](reason); }
}
Object.defineProperty(AbortController.prototype, 'signal',
  { ...Object.getOwnPropertyDescriptor(AbortController.prototype, 'signal'), enumerable: true });
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: 'AbortController', configurable: true });

module.exports = { AbortController, AbortSignal };
