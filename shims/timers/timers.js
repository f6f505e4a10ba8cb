// Node timers. Each Timeout is armed on the Python event loop (`timers.arm`, batched in the tick's
// outbox) and fires as a `timers.fire` event; the core runs it as a macrotask (nextTicks, then
// microtasks, drain after it). Immediates are JS-only: a phase that runs after each tick's I/O.
'use strict';
const bridge = require('hostrt:bridge');
const { invalidArgType, outOfRange } = require('hostrt:errors');
const ReflectApply = Reflect.apply;

const TIMEOUT_MAX = 2 ** 31 - 1;
const kRefed = Symbol('refed');
const kId = Symbol('hostrtTimerId');
const kHasPrimitive = Symbol('kHasPrimitive');
// Node 20 gives timers Symbol.dispose (and polyfills the symbol where V8 lacks it).
const SymbolDispose = Symbol.dispose ?? Symbol.for('nodejs.dispose');
const active = new Map();          // id -> Timeout
const knownTimersById = Object.create(null);
let nextId = 1;

function coerceDelay(after) {
  after *= 1;
  if (!(after >= 1 && after <= TIMEOUT_MAX)) {
    if (after > TIMEOUT_MAX) {
      process.emitWarning(`${after} does not fit into a 32-bit signed integer.` +
        '\nTimeout duration was set to 1.', 'TimeoutOverflowWarning');
    }
    after = 1;
  }
  return after;
}

class Timeout {
  constructor(callback, after, args, isRepeat, isRefed) {
    this._idleTimeout = coerceDelay(after);
    this._onTimeout = callback;
    this._timerArgs = args;
    this._repeat = isRepeat ? this._idleTimeout : null;
    this._destroyed = false;
    this[kRefed] = isRefed;
    this[kHasPrimitive] = false;
    this[kId] = nextId++;
    arm(this);
  }
  refresh() {
    // Node re-arms a timer that already fired (it becomes active again); a cleared one stays off.
    if (this._idleTimeout === -1) return this;
    if (this._destroyed) {
      this._destroyed = false;
      if (this[kHasPrimitive]) knownTimersById[this[kId]] = this;
    }
    arm(this);
    return this;
  }
  unref() {
    if (this[kRefed]) {
      this[kRefed] = false;
      if (active.has(this[kId])) bridge.post('timers.ref', this[kId], false);
    }
    return this;
  }
  ref() {
    if (!this[kRefed]) {
      this[kRefed] = true;
      if (active.has(this[kId])) bridge.post('timers.ref', this[kId], true);
    }
    return this;
  }
  hasRef() { return this[kRefed]; }
  close() { clearTimeout(this); return this; }
  [SymbolDispose]() { clearTimeout(this); }
  [Symbol.toPrimitive]() {
    const id = this[kId];
    if (!this[kHasPrimitive]) {
      this[kHasPrimitive] = true;
      knownTimersById[id] = this;
    }
    return id;
  }
}

// Whether the previous turn ended with something keeping the loop alive (so this turn is an
// iteration of the loop, not the main script's evaluation).
let loopTurning = false;
function loopAlive() {
  return refedImmediates > 0 || bridge.pendingCalls() > 0 || refedTimerPending();
}

function refedTimerPending() {
  for (const t of active.values()) if (t[kRefed]) return true;
  return false;
}

function arm(timer) {
  active.set(timer[kId], timer);
  // Node schedules by the whole milliseconds (timers with 1, 1.1 and 1.8 share one list and
  // fire in creation order); _idleTimeout keeps the value given.
  const repeat = timer._repeat === null ? null : Math.trunc(timer._repeat);
  bridge.post('timers.arm', timer[kId], Math.trunc(timer._idleTimeout), timer[kRefed], repeat);
}

function unenroll(timer) {
  if (timer._destroyed) return;
  timer._destroyed = true;
  timer._idleTimeout = -1;
  if (active.delete(timer[kId])) bridge.post('timers.cancel', timer[kId]);
  if (timer[kHasPrimitive]) delete knownTimersById[timer[kId]];
}

bridge.on('timers.fire', (id) => {
  const timer = active.get(id);
  if (timer === undefined) return;
  const wasRepeat = timer._repeat !== null;
  if (!wasRepeat) {
    active.delete(id);
    timer._destroyed = true;
    if (timer[kHasPrimitive]) delete knownTimersById[id];
  }
  // As Node: a timer whose callback was taken away is dropped; an interval whose
  // _idleTimeout was set to -1 in its callback is not repeated.
  if (typeof timer._onTimeout !== 'function') {
    unenroll(timer);
    return;
  }
  ReflectApply(timer._onTimeout, timer, timer._timerArgs || []);
  if (wasRepeat && (timer._idleTimeout === -1 || !timer._repeat)) {
    unenroll(timer);
  } else if (!wasRepeat && timer._repeat && timer._idleTimeout !== -1) {
    // As Node: a timeout whose _repeat was set in its callback goes on as an interval.
    timer._idleTimeout = timer._repeat;
    timer._destroyed = false;
    if (timer[kHasPrimitive]) knownTimersById[id] = timer;
    arm(timer);
  }
});

function setTimeout(callback, after, ...args) {
  if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  return new Timeout(bridge.wrapCallback(callback), after, args.length ? args : undefined, false, true);
}
function setInterval(callback, repeat, ...args) {
  if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  return new Timeout(bridge.wrapCallback(callback), repeat, args.length ? args : undefined, true, true);
}
function clearTimeout(timer) {
  if (timer && timer._onTimeout) {
    unenroll(timer);
    return;
  }
  if (typeof timer === 'number' || typeof timer === 'string') {
    const t = knownTimersById[timer];
    if (t !== undefined) unenroll(t);
  }
}

// --- immediates: the check phase --------------------------------------------------------------
const immediateQueue = [];
let refedImmediates = 0;
let liveImmediates = 0;            // queued and not cleared, ref'd or not
class Immediate {
  constructor(callback, args) {
    this._idleNext = null;
    this._idlePrev = null;
    this._onImmediate = callback;
    this._argv = args;
    this._destroyed = false;
    this[kRefed] = true;
    refedImmediates++;
    liveImmediates++;
    immediateQueue.push(this);
  }
  ref() { if (!this[kRefed] && !this._destroyed) { this[kRefed] = true; refedImmediates++; } return this; }
  unref() { if (this[kRefed] && !this._destroyed) { this[kRefed] = false; refedImmediates--; } return this; }
  hasRef() { return !!this[kRefed]; }
  [SymbolDispose]() { clearImmediate(this); }
}
function setImmediate(callback, ...args) {
  if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  return new Immediate(bridge.wrapCallback(callback), args.length ? args : undefined);
}
function clearImmediate(immediate) {
  if (!immediate || immediate._destroyed || !(immediate instanceof Immediate)) return;
  immediate._destroyed = true;
  liveImmediates--;
  if (immediate[kRefed]) refedImmediates--;
  immediate[kRefed] = false;
  immediate._onImmediate = null;
}
bridge.addPhase({
  // Whenever the loop turns, the check phase runs every queued immediate, ref'd or not (as in
  // Node); only ref'd ones ask for another turn.
  pending() {
    if (liveImmediates > 0) return true;
    loopTurning = loopAlive();
    return false;
  },
  hasRef() { return refedImmediates > 0; },
  run() {
    // As in Node, a loop iteration starts only while something keeps the loop alive; once one
    // has started, its check phase runs every immediate, ref'd or not. So unref'd immediates
    // alone (e.g. after the main script) never run: the process exits first.
    const started = loopTurning || loopAlive();
    loopTurning = false;
    if (!started) return;
    // Immediates queued while this phase runs wait for the next turn, as in Node.
    const batch = immediateQueue.splice(0, immediateQueue.length);
    for (const imm of batch) {
      if (imm._destroyed) continue;
      imm._destroyed = true;
      liveImmediates--;
      if (imm[kRefed]) refedImmediates--;
      imm[kRefed] = false;
      const fn = imm._onImmediate;
      imm._onImmediate = null;
      bridge.runCallback(fn, imm, imm._argv || []);
      if (bridge.exiting) return;
    }
    loopTurning = loopAlive();
  },
});

function queueMicrotask(callback) {
  if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  const fn = bridge.wrapCallback(callback);
  Promise.resolve().then(() => {
    try {
      fn();
    } catch (err) {
      bridge.reportUncaught(err, 'uncaughtException');
    }
  });
}

// --- the deprecated timer-list API: any object with `_onTimeout` becomes a timer -----------------
const kEnrolled = Symbol('enrolledTimeout');
const warned = new Set();
function deprecated(code, message) {
  if (warned.has(code)) return;
  warned.add(code);
  process.emitWarning(message, 'DeprecationWarning', code);
}
function enroll(item, msecs) {
  deprecated('DEP0095', 'timers.enroll() is deprecated. Please use setTimeout instead.');
  if (typeof msecs !== 'number') throw invalidArgType('msecs', 'of type number', msecs);
  if (msecs < 0 || !Number.isFinite(msecs)) {
    throw outOfRange('msecs', 'a non-negative finite number', msecs);
  }
  if (msecs > TIMEOUT_MAX) {
    process.emitWarning(`${msecs} does not fit into a 32-bit signed integer.` +
      `\nTimer duration was truncated to ${TIMEOUT_MAX}.`, 'TimeoutOverflowWarning');
    msecs = TIMEOUT_MAX;
  }
  cancelEnrolled(item);
  item._idleTimeout = msecs;
}
function cancelEnrolled(item) {
  const t = item[kEnrolled];
  if (t !== undefined) {
    item[kEnrolled] = undefined;
    clearTimeout(t);
  }
}
function activate(item, refed) {
  if (item instanceof Timeout) {
    item.refresh();
    if (refed) item.ref(); else item.unref();
    return;
  }
  const msecs = item._idleTimeout;
  cancelEnrolled(item);
  if (typeof msecs !== 'number' || msecs < 0) return;
  const t = new Timeout(() => {
    item[kEnrolled] = undefined;
    if (typeof item._onTimeout === 'function') ReflectApply(item._onTimeout, item, []);
  }, msecs || 1, undefined, false, refed);
  item[kEnrolled] = t;
  // Node links an enrolled object into its timer list and stamps the start (whole ms of loop
  // time); here the links point at the Timeout that carries it.
  item._idleStart = Math.floor(process._monotonicMs());
  item._idlePrev = t;
  item._idleNext = t;
}

module.exports = {
  // Node's order of keys.
  setTimeout, clearTimeout, setImmediate, clearImmediate, setInterval, clearInterval: clearTimeout,
  _unrefActive(item) {
    deprecated('DEP0127', 'timers._unrefActive() is deprecated. Please use timeout.refresh() instead.');
    activate(item, false);
  },
  active(item) {
    deprecated('DEP0126', 'timers.active() is deprecated. Please use timeout.refresh() instead.');
    activate(item, true);
  },
  unenroll(item) {
    deprecated('DEP0096', 'timers.unenroll() is deprecated. Please use clearTimeout instead.');
    if (item instanceof Timeout) {
      clearTimeout(item);
      return;
    }
    cancelEnrolled(item);
    item._idleTimeout = -1;
    if (item._idleNext) item._idleNext = item._idlePrev = null;
  },
  enroll,
};
// hostrt's own (not enumerable: Node's module exports none of these).
for (const [key, value] of Object.entries({ queueMicrotask, Timeout, Immediate })) {
  Object.defineProperty(module.exports, key, { value, writable: true, configurable: true, enumerable: false });
}
Object.defineProperty(module.exports, 'promises', {
  enumerable: true, configurable: true,
  get() { return require('timers/promises'); },
});

// util.promisify(setTimeout) / util.promisify(setImmediate) give the timers/promises versions,
// as in Node (loaded on first use).
for (const [fn, name] of [[setTimeout, 'setTimeout'], [setImmediate, 'setImmediate']]) {
  Object.defineProperty(fn, Symbol.for('nodejs.util.promisify.custom'), {
    enumerable: false, configurable: true,
    get() { return require('timers/promises')[name]; },
  });
}
