'use strict';
// util.format / util.formatWithOptions for the hostrt util shim (printf-style, as in Node v20).
// Exported as a factory so it shares the one `inspect` (and its defaults) from inspect.js
// without a require cycle.

const { formatNumber, formatBigInt, describeReceived } = require('./inspect_primitives.js');

module.exports = function makeFormat(inspect, { stylizeNoColor, BUILTIN_NAMES }) {
  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

  // %s inspects objects unless they bring their own toString (own, or from a user class).
  function usesBuiltinToString(value) {
    // Proxies are judged by their target (no traps run), revoked ones count as built-in.
    if (typeof inspect._proxyDetails === 'function') {
      const details = inspect._proxyDetails(value);
      if (details === null) return true;
      if (details !== undefined) value = details.target;
    }
    // A user-supplied Symbol.toPrimitive also counts as "their own" string conversion.
    if (typeof value[Symbol.toPrimitive] === 'function' && !isBuiltinOwned(value, Symbol.toPrimitive)) return false;
    if (typeof value.toString !== 'function') return true;
    if (hasOwn(value, 'toString')) return false;
    let holder = value;
    do {
      holder = Object.getPrototypeOf(holder);
    } while (holder !== null && !hasOwn(holder, 'toString'));
    if (holder === null) return true;
    const d = Object.getOwnPropertyDescriptor(holder, 'constructor');
    return d !== undefined && typeof d.value === 'function' && BUILTIN_NAMES.has(d.value.name);
  }

  // Is `key` inherited from a built-in prototype (Date.prototype[Symbol.toPrimitive], ...)?
  function isBuiltinOwned(value, key) {
    if (hasOwn(value, key)) return false;
    let holder = Object.getPrototypeOf(value);
    while (holder !== null && !hasOwn(holder, key)) holder = Object.getPrototypeOf(holder);
    if (holder === null) return true;
    const d = Object.getOwnPropertyDescriptor(holder, 'constructor');
    return d !== undefined && typeof d.value === 'function' && BUILTIN_NAMES.has(d.value.name);
  }

  function jsonOf(value) {
    try {
      return JSON.stringify(value);
    } catch (err) {
      if (err instanceof TypeError && /circular/i.test(String(err.message))) return '[Circular]';
      throw err;
    }
  }

  // Numbers take the separators of the options given, else of inspect.defaultOptions (as Node).
  const separators = (options) => (options && options.numericSeparator !== undefined
    ? !!options.numericSeparator : !!inspect.defaultOptions.numericSeparator);
  let sep = false;
  const num = (n) => formatNumber(stylizeNoColor, n, sep);
  const big = (n) => formatBigInt(stylizeNoColor, n, sep);

  // One conversion; returns UNKNOWN for an unknown specifier (left in the output as is).
  const UNKNOWN = Symbol('unknown');
  function convert(spec, arg, options) {
    sep = separators(options);
    switch (spec) {
      case 's':
        if (typeof arg === 'number') return num(arg);
        if (typeof arg === 'bigint') return big(arg);
        if (typeof arg !== 'object' || arg === null || !usesBuiltinToString(arg)) return String(arg);
        return inspect(arg, { ...options, depth: 0, colors: false, compact: 3 });
      case 'j': return jsonOf(arg);
      case 'd':
        if (typeof arg === 'bigint') return big(arg);
        if (typeof arg === 'symbol') return 'NaN';
        return num(Number(arg));
      case 'i':
        if (typeof arg === 'bigint') return big(arg);
        if (typeof arg === 'symbol') return 'NaN';
        return num(Number.parseInt(arg));
      case 'f':
        if (typeof arg === 'symbol') return 'NaN';
        return num(Number.parseFloat(arg));
      case 'O': return inspect(arg, options);
      case 'o': return inspect(arg, { ...options, showHidden: true, showProxy: true, depth: 4 });
      case 'c': return '';
      default: return UNKNOWN;
    }
  }

  function formatWithOptionsImpl(options, args) {
    const first = args[0];
    let next = 0; // index of the last consumed argument
    let out = '';
    let joiner = '';
    if (typeof first === 'string') {
      if (args.length === 1) return first;
      let copied = 0; // first[copied..] not yet emitted
      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) !== 37) continue; // '%'
        const spec = first[++i];
        if (next + 1 !== args.length) {
          if (spec === '%') {
            out += first.slice(copied, i);
            copied = i + 1;
            continue;
          }
          const text = convert(spec, args[next + 1], options);
          if (text === UNKNOWN) continue;
          next++;
          out += first.slice(copied, i - 1) + text;
          copied = i + 1;
        } else if (spec === '%') {
          out += first.slice(copied, i);
          copied = i + 1;
        }
      }
      if (copied !== 0) {
        next++;
        joiner = ' ';
        if (copied < first.length) out += first.slice(copied);
      }
    }
    for (; next < args.length; next++) {
      const value = args[next];
      out += joiner + (typeof value !== 'string' ? inspect(value, options) : value);
      joiner = ' ';
    }
    return out;
  }

  function format(...args) {
    return formatWithOptionsImpl(undefined, args);
  }

  function formatWithOptions(inspectOptions, ...args) {
    if (inspectOptions === null || typeof inspectOptions !== 'object') {
      const err = new TypeError('The "inspectOptions" argument must be of type object.' +
        describeReceived(inspectOptions, inspect));
      err.code = 'ERR_INVALID_ARG_TYPE';
      throw err;
    }
    return formatWithOptionsImpl(inspectOptions, args);
  }

  return { format, formatWithOptions, formatWithOptionsImpl };
};
