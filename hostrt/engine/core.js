// hostrt engine core: the JS half of the bridge. Evaluated once per isolate, before anything else.
//
// Python drives the isolate with one crossing per turn: `__hostrt.tick(inboxJSON)`. The tick
// delivers host-call results, events and dispatches, runs each as a Node-style macrotask (nextTick
// queue, then microtasks, drained synchronously with %PerformMicrotaskCheckpoint), runs the
// registered phases (immediates), and returns the outbox: every host call and post made meanwhile.
// Nothing here knows about modules, Node or Pepr.
(function (global) {
  'use strict';
  const ReflectApply = Reflect.apply;
  const NativePromise = Promise;  // captured before any shim replaces the global
  // The bridge's own JSON, captured before module code runs: a module that replaces JSON.parse
  // or JSON.stringify (in one request, say) must not be able to break the host's channel.
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const out = [];                 // [id|null, op, args] waiting for the next tick's return
  const pending = new Map();      // host-call id -> {resolve, reject}
  const listeners = new Map();    // event name -> handler(payload)
  const handlers = new Map();     // dispatch name -> async handler(payload)
  const phases = [];              // {run(), pending()} run after the inbox (e.g. setImmediate)
  let nextId = 1;
  let now = 0;
  let tickQueue = null;           // {run(): void, pending(): boolean} — process.nextTick's queue
  let uncaughtHook = null;        // (err, origin) => true if handled
  let callbackWrapper = null;     // fn => fn, applied when a callback is scheduled (async context)
  let errorFormatter = null;      // (err) => string: how a fatal error is printed (util.inspect)
  let exiting = false;
  const config = new Map();       // start-up data Python provides (env, argv, entropy, ...)
  // Engines that can call Python synchronously (STPyV8) leave a function here before this script
  // runs: (op, argsJSON) -> '[true, value]' | '[false, error]' (JSON). Taken private at once.
  const syncEntry = typeof global.__hostrt_sync === 'function' ? global.__hostrt_sync : null;
  delete global.__hostrt_sync;

  function drain() {
    // Node: run every queued nextTick, then microtasks; then report unhandled rejections;
    // repeat while any of that queued more ticks.
    for (;;) {
      if (tickQueue !== null) tickQueue.run();
      %PerformMicrotaskCheckpoint();
      if (exiting || tickQueue === null) return;
      if (tickQueue.pending()) continue;
      if (!tickQueue.afterMicrotasks || !tickQueue.afterMicrotasks()) return;
      %PerformMicrotaskCheckpoint();
      if (exiting || !tickQueue.pending()) return;
    }
  }

  function serializeError(err) {
    if (err !== null && typeof err === 'object') {
      let stack;
      try { stack = err.stack; } catch (e) { stack = undefined; }
      return {
        name: String(err.name ?? 'Error'),
        message: String(err.message ?? ''),
        stack: typeof stack === 'string' ? stack : String(err),
        code: typeof err.code === 'string' ? err.code : undefined,
      };
    }
    return { name: 'Error', message: String(err), stack: 'Uncaught ' + String(err), thrown: true };
  }

  function reportUncaught(err, origin) {
    if (exiting) return;
    if (uncaughtHook !== null) {
      try {
        if (uncaughtHook(err, origin)) return;
      } catch (e) {
        err = e;
      }
    }
    exiting = true;
    const data = serializeError(err);
    if (errorFormatter !== null) {
      try { data.inspected = errorFormatter(err); } catch (e) { /* fall back to the stack */ }
    }
    out.push([null, '$fatal', [origin, data]]);
  }

  // Run a macrotask callback the way Node runs a timer or I/O callback.
  function runCallback(fn, thisArg, args) {
    try {
      ReflectApply(fn, thisArg, args);  // not fn.apply: user code may shadow it on the function
    } catch (err) {
      reportUncaught(err, 'uncaughtException');
    }
    if (!exiting) drain();
  }

  function makeError(data) {
    const err = new Error(data.message);
    if (data.name && data.name !== 'Error') err.name = data.name;
    err.code = data.code || 'ERR_HOSTRT_HOST';
    if (data.pyType) err.hostType = data.pyType;
    // Keep the JS frames of the caller and add the Python frames after them.
    const jsFrames = String(err.stack).split('\n').slice(1).join('\n');
    const pyFrames = String(data.stack || '').split('\n').slice(1).join('\n');
    err.stack = `${err.name} [${err.code}]: ${err.message}` +
      (jsFrames ? '\n' + jsFrames : '') + (pyFrames ? '\n' + pyFrames : '');
    return err;
  }

  // Arguments cross as JSON: refuse what JSON would silently change or drop, naming the place.
  function encodeArgs(op, args) {
    let json;
    try {
      json = stringify(args, jsonOnly);
    } catch (err) {
      const e = new TypeError(`host op '${op}': arguments must be JSON values: ${err.message}`);
      e.code = 'ERR_HOSTRT_NOT_JSON';
      throw e;
    }
    return json;
  }

  function jsonOnly(key, value) {
    switch (typeof value) {
      case 'function': case 'symbol': case 'bigint': case 'undefined':
        if (Array.isArray(this) || typeof value !== 'undefined') {
          throw new TypeError(`${where(this, key)} is ${describe(value)}, not a JSON value`);
        }
        return value;  // an absent-valued property, as JSON drops it
      case 'number':
        if (!Number.isFinite(value)) throw new TypeError(`${where(this, key)} is ${value}, not a JSON number`);
        return value;
      case 'object':
        if (value === null || Array.isArray(value)) return value;
        if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value) ||
            value instanceof ArrayBuffer) {
          throw new TypeError(`${where(this, key)} is a ${value.constructor.name}, not a JSON value`);
        }
        return value;
      default:
        return value;
    }
  }

  function where(holder, key) { return key === '' ? 'the value' : `property ${stringify(key)}`; }
  function describe(value) {
    return typeof value === 'bigint' ? `a BigInt (${value}n)` : typeof value === 'undefined'
      ? 'undefined' : `a ${typeof value}`;
  }

  function settle(id, ok, value) {
    const p = pending.get(id);
    if (p === undefined) return;
    pending.delete(id);
    try {
      if (ok) p.resolve(value); else p.reject(makeError(value));
    } catch (err) {
      reportUncaught(err, 'uncaughtException');
    }
    if (!exiting) drain();
  }

  async function runDispatch(id, name, payload) {
    const handler = handlers.get(name);
    try {
      if (handler === undefined) {
        const e = new Error(`no JS handler registered for '${name}'`);
        e.code = 'ERR_HOSTRT_NO_HANDLER';
        throw e;
      }
      const value = await handler(payload);
      out.push([null, '$done', [id, true, value === undefined ? null : value]]);
    } catch (err) {
      out.push([null, '$done', [id, false, serializeError(err)]]);
    }
  }

  const bridge = Object.freeze({
    /** Call a Python op; resolves with its JSON result, rejects with an Error carrying `code`. */
    call(op, ...args) {
      const id = nextId++;
      out.push([id, op, args]);
      return new NativePromise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    /** Whether `callSync` works on this engine (STPyV8: yes; mini-racer: no). */
    canCallSync: syncEntry !== null,
    /** Call a Python op declared `sync = true` and return its result now (or throw its error).
     *  Only where the engine can (canCallSync); arguments and result cross as JSON. */
    callSync(op, ...args) {
      if (syncEntry === null) {
        const e = new Error(`host op '${op}' cannot be called synchronously on this engine ` +
                            '(use bridge.call; the stpyv8 engine allows synchronous calls)');
        e.code = 'ERR_HOSTRT_NO_SYNC';
        throw e;
      }
      const answer = parse(syncEntry(op, encodeArgs(op, args)));
      if (answer[0]) return answer[1];
      throw makeError(answer[1]);
    },
    /** The functions of a host module: one per op the shim `name` declares in shim.toml [ops]
     *  (`<name>.<verb>` becomes `verb`). An op declared `sync = true` returns its value where
     *  the engine allows synchronous calls; every other call returns a Promise (bridge.call). */
    hostModule(name) {
      const declared = config.get('$ops') || {};
      const mod = {};
      for (const op of Object.keys(declared)) {
        if (!op.startsWith(name + '.')) continue;
        const sync = declared[op].sync && syncEntry !== null;
        // Both forms refuse arguments JSON would change or drop (checked before the call, so
        // the caller gets the TypeError, not the whole tick).
        mod[op.slice(name.length + 1)] = sync
          ? (...args) => bridge.callSync(op, ...args)
          : (...args) => { encodeArgs(op, args); return bridge.call(op, ...args); };
      }
      return Object.freeze(mod);
    },
    /** Send a one-way message to a Python op (no answer; batched with the tick). */
    post(op, ...args) { out.push([null, op, args]); },
    /** `post(op, key, text)`, joined to the outbox's last entry when that is the same post with
     *  the same key (consecutive writes to one stream cross as one entry, in order). */
    postText(op, key, text) {
      const last = out[out.length - 1];
      if (last !== undefined && last[0] === null && last[1] === op && last[2].length === 2 &&
          last[2][0] === key && typeof last[2][1] === 'string') {
        last[2][1] += text;
      } else {
        out.push([null, op, [key, text]]);
      }
    },
    /** Handle an event Python emits. */
    on(event, fn) { listeners.set(event, fn); },
    /** Register an async handler Python can dispatch to (Host.dispatch). */
    handle(name, fn) { handlers.set(name, fn); },
    /** Add a phase run after each tick's inbox: {run(), pending(), hasRef?()} (immediates). */
    addPhase(phase) { phases.push(phase); },
    /** Whether a phase holds work that keeps the process alive (ref'd immediates). */
    phasesAlive() { return phases.some((p) => (p.hasRef ? p.hasRef() : p.pending())); },
    /** Install process.nextTick's queue {run, pending, afterMicrotasks?}: drained before
     *  microtasks after every callback; afterMicrotasks() reports unhandled rejections. */
    setTickQueue(q) { tickQueue = q; },
    /** Async-context propagation (AsyncLocalStorage): `wrap(fn)` is applied to callbacks as they
     *  are scheduled (timers, immediates, nextTick, queueMicrotask), so no global is replaced. */
    setCallbackWrapper(wrap) { callbackWrapper = wrap; },
    wrapCallback(fn) { return callbackWrapper === null ? fn : callbackWrapper(fn); },
    /** Decide whether an uncaught error is handled (process 'uncaughtException'). */
    setUncaughtHook(fn) { uncaughtHook = fn; },
    /** Format a fatal error for printing (Node prints uncaught errors with util.inspect). */
    setErrorFormatter(fn) { errorFormatter = fn; },
    runCallback,
    reportUncaught,
    drain,
    serializeError,
    /** The host clock (ms) at the start of this tick. */
    now() { return now; },
    get exiting() { return exiting; },
    /** Stop running JS for this process and ask the host to exit with `code`. */
    exit(code) { exiting = true; out.push([null, '$exit', [code]]); },
    pendingCalls() { return pending.size; },
    /** Start-up data a shim's Python half provided with `api.provide(key, value)`. */
    config(key) { return config.get(key); },
    setConfig(obj) { for (const [k, v] of Object.entries(obj)) config.set(k, v); },
  });

  // The outbox as JSON. One stringify for the whole batch; only if that throws (a value with a
  // throwing getter or toJSON, a BigInt, a cycle, nesting past the stack) is each entry encoded
  // alone, and an entry that cannot be becomes an error its caller sees: a dispatch fails, a host
  // call rejects (its caller runs at once), a post is an uncaught exception.
  function encodeOutbox(more) {
    try {
      return stringify({ out, more });
    } catch (e) { /* salvage entry by entry below */ }
    const parts = [];
    for (let i = 0; i < out.length; i++) {  // `out` may grow while rejected callers run
      const entry = out[i];
      try {
        parts[parts.length] = stringify(entry);
        continue;
      } catch (err) {
        const cause = unserializable(entry[1], err);
        if (entry[1] === '$done') {
          parts[parts.length] = stringify([null, '$done', [entry[2][0], false, serializeError(cause)]]);
        } else if (entry[0] !== null) {
          settle(entry[0], false, serializeError(cause));
          drain();
        } else {
          reportUncaught(cause, 'uncaughtException');
        }
      }
    }
    return '{"out":[' + parts.join(',') + '],"more":' + (more ? 'true' : 'false') + '}';
  }

  function unserializable(op, err) {
    const what = op === '$done' ? 'the handler\'s result' : `the arguments of host call '${op}'`;
    const e = new TypeError(`${what} cannot be sent to the host as JSON: ` +
      `${err && err.message !== undefined ? err.message : String(err)}`);
    e.code = 'ERR_HOSTRT_UNSERIALIZABLE';
    return e;
  }

  function tick(inboxJSON) {
    const inbox = parse(inboxJSON);
    now = inbox.now;
    for (const item of inbox.items) {
      if (exiting) break;
      switch (item[0]) {
        case 'r': settle(item[1], item[2], item[3]); break;
        case 'e': {
          const fn = listeners.get(item[1]);
          if (fn !== undefined) runCallback(fn, undefined, [item[2]]);
          break;
        }
        case 'd': runDispatch(item[1], item[2], item[3]); drain(); break;
        case 'x': runCallback(global.eval, undefined, [item[1]]); break;
        default: throw new Error('hostrt: bad inbox item ' + stringify(item));
      }
    }
    let more = false;
    for (const phase of phases) {
      if (exiting) break;
      if (phase.pending()) phase.run();
      // `hasRef()` (optional): whether what is still pending keeps the process alive.
      more = more || (phase.hasRef ? phase.hasRef() : phase.pending());
    }
    const result = encodeOutbox(more && !exiting);
    out.length = 0;
    return result;
  }

  Object.defineProperty(global, '__hostrt', {
    value: Object.freeze({ tick, bridge }), enumerable: false, configurable: false, writable: false,
  });
})(globalThis);
