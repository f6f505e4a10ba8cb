// diagnostics_channel in JS: named channels, subscribers called synchronously on publish (a
// throwing subscriber is reported as an uncaught exception on the next tick, the others still
// run), bound AsyncLocalStorage stores, and tracing channels.
'use strict';
const { invalidArgType } = require('hostrt:web/errors');

const channels = new Map();

function validateName(name) {
  if (typeof name !== 'string' && typeof name !== 'symbol') {
    throw invalidArgType('channel', 'one of type string or symbol', name);
  }
}

class Channel {
  constructor(name) {
    this._subscribers = [];
    this._stores = new Map();
    this.name = name;
  }
  get hasSubscribers() { return this._subscribers.length > 0 || this._stores.size > 0; }
  subscribe(fn) {
    if (typeof fn !== 'function') throw invalidArgType('subscription', 'of type function', fn);
    this._subscribers = [...this._subscribers, fn];
  }
  unsubscribe(fn) {
    const i = this._subscribers.indexOf(fn);
    if (i < 0) return false;
    this._subscribers = this._subscribers.filter((_, j) => j !== i);
    return true;
  }
  publish(data) {
    for (const fn of this._subscribers) {
      try {
        fn(data, this.name);
      } catch (err) {
        process.nextTick(() => { throw err; });
      }
    }
  }
  bindStore(store, transform = undefined) { this._stores.set(store, transform); }
  unbindStore(store) { return this._stores.delete(store); }
  runStores(data, fn, thisArg, ...args) {
    let run = () => {
      this.publish(data);
      return Reflect.apply(fn, thisArg, args);
    };
    for (const [store, transform] of this._stores) {
      const next = run;
      run = () => {
        let value = data;
        if (transform) {
          try {
            value = transform(data);
          } catch (err) {
            process.nextTick(() => { throw err; });
            return next();
          }
        }
        return store.run(value, next);
      };
    }
    return run();
  }
}

function channel(name) {
  let ch = channels.get(name);
  if (ch === undefined) {
    validateName(name);
    ch = new Channel(name);
    channels.set(name, ch);
  }
  return ch;
}

function subscribe(name, fn) { channel(name).subscribe(fn); }
function unsubscribe(name, fn) { return channel(name).unsubscribe(fn); }
function hasSubscribers(name) {
  validateName(name);
  const ch = channels.get(name);
  return ch !== undefined && ch.hasSubscribers;
}

const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'];
class TracingChannel {
  constructor(nameOrChannels) {
    // The five channels are readable but not enumerable, as in Node.
    const set = (e, ch) => Object.defineProperty(this, e, { value: ch, enumerable: false });
    if (typeof nameOrChannels === 'string') {
      for (const e of EVENTS) set(e, channel(`tracing:${nameOrChannels}:${e}`));
    } else if (nameOrChannels !== null && typeof nameOrChannels === 'object') {
      for (const e of EVENTS) {
        if (!(nameOrChannels[e] instanceof Channel)) {
          throw invalidArgType(`nameOrChannels.${e}`, 'an instance of Channel', nameOrChannels[e]);
        }
        set(e, nameOrChannels[e]);
      }
    } else {
      throw invalidArgType('nameOrChannels', 'of type string or an instance of TracingChannel or Object', nameOrChannels);
    }
  }
  get hasSubscribers() { return EVENTS.some((e) => this[e].hasSubscribers); }
  subscribe(handlers) { for (const e of EVENTS) if (handlers[e]) this[e].subscribe(handlers[e]); }
  unsubscribe(handlers) {
    let done = true;
    for (const e of EVENTS) if (handlers[e] && !this[e].unsubscribe(handlers[e])) done = false;
    return done;
  }
  traceSync(fn, context = {}, thisArg = undefined, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, error } = this;
    return start.runStores(context, () => {
      try {
        const result = Reflect.apply(fn, thisArg, args);
        context.result = result;
        return result;
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }
  tracePromise(fn, context = {}, thisArg = undefined, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, asyncStart, asyncEnd, error } = this;
    const reject = (err) => {
      context.error = err;
      error.publish(context);
      asyncStart.publish(context);
      asyncEnd.publish(context);
      return Promise.reject(err);
    };
    const resolve = (result) => {
      context.result = result;
      asyncStart.publish(context);
      asyncEnd.publish(context);
      return result;
    };
    return start.runStores(context, () => {
      try {
        const promise = Reflect.apply(fn, thisArg, args);
        return Promise.resolve(promise).then(resolve, reject);
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }
  traceCallback(fn, position = -1, context = {}, thisArg = undefined, ...args) {
    if (!this.hasSubscribers) return Reflect.apply(fn, thisArg, args);
    const { start, end, asyncStart, asyncEnd, error } = this;
    const index = position < 0 ? args.length + position : position;
    const callback = args[index];
    if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
    args[index] = function wrapped(err, res) {
      if (err) {
        context.error = err;
        error.publish(context);
      } else {
        context.result = res;
      }
      asyncStart.publish(context);
      try {
        return Reflect.apply(callback, this, arguments);
      } finally {
        asyncEnd.publish(context);
      }
    };
    return start.runStores(context, () => {
      try {
        return Reflect.apply(fn, thisArg, args);
      } catch (err) {
        context.error = err;
        error.publish(context);
        throw err;
      } finally {
        end.publish(context);
      }
    });
  }
}

function tracingChannel(nameOrChannels) { return new TracingChannel(nameOrChannels); }

module.exports = { Channel, channel, hasSubscribers, subscribe, tracingChannel, unsubscribe };
