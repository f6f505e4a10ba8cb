// Event, CustomEvent and EventTarget with Node's semantics: listener options (once, capture,
// passive, signal), handleEvent objects, duplicate listeners ignored, listeners added during a
// dispatch not called, errors thrown by listeners (or their rejected promises) reported as
// uncaught exceptions on the next tick, and ERR_EVENT_RECURSION for re-dispatching an event.
'use strict';
const { coded, invalidArgType, missingArgs } = require('hostrt:web/errors');

const kTarget = Symbol('kTarget');
let performanceNow = null;
function timeStamp() {
  if (performanceNow === null) performanceNow = require('hostrt:web/performance').performance;
  return performanceNow.now();
}

class Event {
  #type; #bubbles; #cancelable; #composed; #timestamp;
  #defaultPrevented = false;
  #propagationStopped = false;
  #stopImmediate = false;
  #inPassive = false;
  #dispatching = false;
  #target = null;
  #currentTarget = null;
  constructor(type, options = undefined) {
    if (arguments.length === 0) throw missingArgs('type');
    if (options !== undefined && options !== null && typeof options !== 'object') {
      throw invalidArgType('options', 'of type object', options);
    }
    this.#type = `${type}`;
    this.#bubbles = Boolean(options && options.bubbles);
    this.#cancelable = Boolean(options && options.cancelable);
    this.#composed = Boolean(options && options.composed);
    this.#timestamp = timeStamp();
  }
  initEvent(type, bubbles = false, cancelable = false) {
    if (arguments.length === 0) throw missingArgs('type');
    if (this.#dispatching) return;
    this.#type = `${type}`;
    this.#bubbles = Boolean(bubbles);
    this.#cancelable = Boolean(cancelable);
  }
  stopImmediatePropagation() { this.#propagationStopped = true; this.#stopImmediate = true; }
  // Node 20 does not make preventDefault a no-op in passive listeners; neither do we.
  preventDefault() { if (this.#cancelable) this.#defaultPrevented = true; }
  get target() { return this.#target; }
  get currentTarget() { return this.#currentTarget; }
  get srcElement() { return this.#target; }
  get type() { return this.#type; }
  get cancelable() { return this.#cancelable; }
  get defaultPrevented() { return this.#cancelable && this.#defaultPrevented; }
  get timeStamp() { return this.#timestamp; }
  composedPath() { return this.#dispatching ? [this.#currentTarget] : []; }
  get returnValue() { return !this.defaultPrevented; }
  set returnValue(v) { if (!v) this.preventDefault(); }
  get bubbles() { return this.#bubbles; }
  get composed() { return this.#composed; }
  get eventPhase() { return this.#dispatching ? Event.AT_TARGET : Event.NONE; }
  get cancelBubble() { return this.#propagationStopped; }
  set cancelBubble(v) { if (v) this.#propagationStopped = true; }
  stopPropagation() { this.#propagationStopped = true; }
  get isTrusted() { return false; }

  // Internal hooks used by EventTarget.dispatchEvent (not enumerable, symbol-keyed).
  static _begin(event, target) {
    if (event.#dispatching) {
      throw coded(Error, 'ERR_EVENT_RECURSION',
        `The event "${event.#type}" is already being dispatched`);
    }
    event.#dispatching = true;
    event.#target = target;
    event.#currentTarget = target;
  }
  static _end(event) {
    event.#dispatching = false;
    event.#currentTarget = null;
  }
  static _passive(event, on) { event.#inPassive = on; }
  static _stopped(event) { return event.#stopImmediate; }
}
const phases = { NONE: 0, CAPTURING_PHASE: 1, AT_TARGET: 2, BUBBLING_PHASE: 3 };
for (const [k, v] of Object.entries(phases)) {
  Object.defineProperty(Event, k, { value: v, enumerable: true });
}
const { _begin, _end, _passive, _stopped } = Event;
delete Event._begin; delete Event._end; delete Event._passive; delete Event._stopped;
for (const key of ['target', 'currentTarget', 'srcElement', 'type', 'cancelable', 'defaultPrevented',
  'timeStamp', 'returnValue', 'bubbles', 'composed', 'eventPhase', 'cancelBubble', 'isTrusted']) {
  Object.defineProperty(Event.prototype, key,
    { ...Object.getOwnPropertyDescriptor(Event.prototype, key), enumerable: true });
}
Object.defineProperty(Event.prototype, Symbol.toStringTag, { value: 'Event', configurable: true });

class CustomEvent extends Event {
  #detail;
  constructor(type, options = undefined) {
    if (arguments.length === 0) throw missingArgs('type');
    super(type, options);
    this.#detail = options && options.detail !== undefined ? options.detail : null;
  }
  get detail() { return this.#detail; }
}
Object.defineProperty(CustomEvent.prototype, Symbol.toStringTag, { value: 'CustomEvent', configurable: true });

function reportLater(err) {
  process.nextTick(() => { throw err; });
}

function normalizeOptions(options) {
  if (typeof options === 'boolean') return { capture: options, once: false, passive: false, signal: undefined };
  if (options === null || options === undefined) return { capture: false, once: false, passive: false, signal: undefined };
  const signal = options.signal;
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || !('aborted' in signal))) {
    throw invalidArgType('options.signal', 'an instance of AbortSignal', signal);
  }
  return {
    capture: Boolean(options.capture), once: Boolean(options.once),
    passive: Boolean(options.passive), signal,
  };
}

function validListener(listener) {
  return typeof listener === 'function' ||
    (listener !== null && typeof listener === 'object' && typeof listener.handleEvent === 'function') ||
    (listener !== null && typeof listener === 'object');
}

class EventTarget {
  constructor() {
    Object.defineProperty(this, kTarget, { value: new Map(), enumerable: false });
  }
  addEventListener(type, listener, options = undefined) {
    if (arguments.length < 2) throw missingArgs(arguments.length === 0 ? 'type' : 'listener');
    const opts = normalizeOptions(options);
    if (listener === null || listener === undefined) {
      process.emitWarning(`addEventListener called with ${listener} which has no effect.`,
        'AddEventListenerArgumentTypeWarning');
      return;
    }
    if (!validListener(listener)) throw invalidArgType('listener', 'an instance of EventListener', listener);
    if (opts.signal && opts.signal.aborted) return;
    type = `${type}`;
    const map = this[kTarget];
    let list = map.get(type);
    if (list === undefined) map.set(type, list = []);
    if (list.some((r) => r.listener === listener && r.capture === opts.capture)) return;
    const record = { listener, ...opts, removed: false };
    list.push(record);
    if (opts.signal) {
      opts.signal.addEventListener('abort', () => {
        this.removeEventListener(type, listener, { capture: opts.capture });
      }, { once: true });
    }
  }
  removeEventListener(type, listener, options = undefined) {
    if (arguments.length < 2) throw missingArgs(arguments.length === 0 ? 'type' : 'listener');
    const capture = typeof options === 'boolean' ? options : Boolean(options && options.capture);
    const list = this[kTarget].get(`${type}`);
    if (list === undefined) return;
    const i = list.findIndex((r) => r.listener === listener && r.capture === capture);
    if (i >= 0) {
      list[i].removed = true;
      list.splice(i, 1);
    }
  }
  dispatchEvent(event) {
    if (!(event instanceof Event)) throw invalidArgType('event', 'an instance of Event', event);
    _begin(event, this);
    try {
      const list = this[kTarget].get(event.type);
      if (list !== undefined) {
        for (const record of list.slice()) {
          if (record.removed) continue;
          if (record.once) this.removeEventListener(event.type, record.listener, { capture: record.capture });
          const { listener } = record;
          if (record.passive) _passive(event, true);
          try {
            let result;
            if (typeof listener === 'function') {
              result = listener.call(this, event);
            } else if (typeof listener.handleEvent === 'function') {
              result = listener.handleEvent(event);
            }
            if (result !== undefined && result !== null && typeof result.then === 'function') {
              result.then(undefined, reportLater);
            }
          } catch (err) {
            reportLater(err);
          } finally {
            if (record.passive) _passive(event, false);
          }
          if (_stopped(event)) break;
        }
      }
    } finally {
      _end(event);
    }
    return !event.defaultPrevented;
  }
}
Object.defineProperty(EventTarget.prototype, Symbol.toStringTag, { value: 'EventTarget', configurable: true });

module.exports = { Event, CustomEvent, EventTarget };
