'use strict';
// Node-style Console for hostrt: `new Console(stdout, stderr[, ignoreErrors])` or
// `new Console({stdout, stderr, ignoreErrors, colorMode, inspectOptions, groupIndentation,
// clock, emitWarning})`. Streams only need `write(string)`.
//
// Design:
// - Everything is formatted with the util shim (formatWithOptions/inspect), so output is
//   byte-identical to Node v20's console for the same values.
// - log/info/debug/dir/dirxml/table go to stdout; warn/error/trace/assert to stderr. Group
//   indentation is applied to every line of a message.
// - Time comes from an injectable `clock` (milliseconds, default Date.now) so tests and the
//   virtual-clock event loop can make durations deterministic.
// - Warnings (unknown count/time labels) go through `emitWarning` if given, else
//   globalThis.process.emitWarning, else a "Warning: ..." line on stderr.
// - Methods are bound to the instance, as in Node, so `const { log } = console` works.

const { inspect, formatWithOptions } = require('./inspect.js');
const { buildTable } = require('./console_table.js');
const { describeReceived } = require('./inspect_primitives.js');

const STATE = Symbol('hostrt.console.state');
const NO_COLOR = {};
const WITH_COLOR = { colors: true };

function consoleError(code, message, Ctor = TypeError) {
  const err = new Ctor(message);
  err.code = code;
  return err;
}

const describe = (v) => describeReceived(v, inspect);

// "1.005s", "12.5ms", "1:05.123 (m:ss.mmm)", "1:01:05.123 (h:mm:ss.mmm)".
function formatDuration(ms) {
  let hours = 0;
  let minutes = 0;
  let seconds = 0;
  if (ms >= 1000) {
    if (ms >= 60000) {
      if (ms >= 3600000) {
        hours = Math.floor(ms / 3600000);
        ms %= 3600000;
      }
      minutes = Math.floor(ms / 60000);
      ms %= 60000;
    }
    seconds = ms / 1000;
  }
  if (hours !== 0 || minutes !== 0) {
    const [whole, frac] = seconds.toFixed(3).split('.');
    const lead = hours !== 0 ? `${hours}:${String(minutes).padStart(2, '0')}` : minutes;
    return `${lead}:${whole.padStart(2, '0')}.${frac} (${hours !== 0 ? 'h:m' : ''}m:ss.mmm)`;
  }
  if (seconds !== 0) return `${seconds.toFixed(3)}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

// A plain function (not a class) because Node's Console may be called without `new`.
function Console(options, stderrArg, ignoreErrorsArg) {
  if (!new.target) return new Console(options, stderrArg, ignoreErrorsArg);
  initConsole(this, options, stderrArg, ignoreErrorsArg);
}

function initConsole(self, options, stderrArg, ignoreErrorsArg) {
  if (options === null || options === undefined || typeof options.write === 'function') {
    options = { stdout: options, stderr: stderrArg, ignoreErrors: ignoreErrorsArg };
  }
  const {
    stdout, stderr = stdout, ignoreErrors = true, colorMode = 'auto', inspectOptions,
    groupIndentation = 2, clock = Date.now, emitWarning,
  } = options;
  if (!stdout || typeof stdout.write !== 'function') {
    throw consoleError('ERR_CONSOLE_WRITABLE_STREAM', 'Console expects a writable stream instance for stdout');
  }
  if (!stderr || typeof stderr.write !== 'function') {
    throw consoleError('ERR_CONSOLE_WRITABLE_STREAM', 'Console expects a writable stream instance for stderr');
  }
  if (colorMode !== 'auto' && colorMode !== true && colorMode !== false) {
    throw consoleError('ERR_INVALID_ARG_VALUE',
      `The argument 'colorMode' must be one of: 'auto', true, false. Received ${inspect(colorMode)}`);
  }
  if (typeof groupIndentation !== 'number') {
    throw consoleError('ERR_INVALID_ARG_TYPE',
      `The "groupIndentation" argument must be of type number.${describe(groupIndentation)}`);
  }
  if (!Number.isInteger(groupIndentation)) {
    throw consoleError('ERR_OUT_OF_RANGE',
      `The value of "groupIndentation" is out of range. It must be an integer. Received ${groupIndentation}`,
      RangeError);
  }
  if (groupIndentation < 0 || groupIndentation > 1000) {
    throw consoleError('ERR_OUT_OF_RANGE',
      `The value of "groupIndentation" is out of range. It must be >= 0 && <= 1000. Received ${groupIndentation}`,
      RangeError);
  }
  if (inspectOptions !== undefined) {
    if (inspectOptions === null || typeof inspectOptions !== 'object' || Array.isArray(inspectOptions)) {
      throw consoleError('ERR_INVALID_ARG_TYPE',
        `The "options.inspectOptions" property must be of type object.${describe(inspectOptions)}`);
    }
    if (inspectOptions.colors !== undefined && options.colorMode !== undefined) {
      throw consoleError('ERR_INCOMPATIBLE_OPTION_PAIR',
        'Option "options.inspectOptions.color" cannot be used in combination with option "colorMode"');
    }
  }
  Object.defineProperties(self, {
    _stdout: { value: stdout, writable: true, configurable: true },
    _stderr: { value: stderr, writable: true, configurable: true },
    _ignoreErrors: { value: Boolean(ignoreErrors), writable: true, configurable: true },
    _times: { value: new Map(), writable: true, configurable: true },
  });
  const state = {
    colorMode, inspectOptions: inspectOptions && { ...inspectOptions }, indent: '',
    indentStep: groupIndentation, counts: new Map(), clock, emitWarning,
  };
  Object.defineProperty(self, STATE, { value: state });
  // Bind every method so it can be detached from the instance.
  for (const name of Object.getOwnPropertyNames(Console.prototype)) {
    if (name === 'constructor') continue;
    const fn = self[name];
    if (typeof fn === 'function') {
      const bound = fn.bind(self);
      Object.defineProperty(bound, 'name', { value: name });
      self[name] = bound;
    }
  }
}

// Methods live on Console.prototype (non-enumerable, like class methods).
const methods = {
  log(...args) { write(this, false, formatFor(this, false, args)); },
  info(...args) { write(this, false, formatFor(this, false, args)); },
  debug(...args) { write(this, false, formatFor(this, false, args)); },
  dirxml(...args) { write(this, false, formatFor(this, false, args)); },
  warn(...args) { write(this, true, formatFor(this, true, args)); },
  error(...args) { write(this, true, formatFor(this, true, args)); },

  dir(object, options) {
    const opts = { customInspect: false, ...inspectOptionsFor(this, this._stdout), ...options };
    write(this, false, inspect(object, opts));
  },

  trace(...args) {
    const err = { name: 'Trace', message: formatFor(this, true, args) };
    if (typeof Error.captureStackTrace === 'function') {
      Error.captureStackTrace(err, Console.prototype.trace); // frames above trace()
    } else {
      const frames = String(new Error().stack || '').split('\n').slice(2);
      err.stack = [`Trace: ${err.message}`, ...frames].join('\n');
    }
    this.error(err.stack);
  },

  assert(expression, ...args) {
    if (!expression) {
      args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
      this.warn(...args);
    }
  },

  clear() {
    // As Node: on a TTY (not TERM=dumb), cursor to the top left, then clear the screen below.
    const out = this._stdout;
    if (out && out.isTTY && process.env.TERM !== 'dumb') {
      out.write('\u001b[1;1H');
      out.write('\u001b[0J');
    }
  },

  count(label = 'default') {
    label = `${label}`;
    const counts = this[STATE].counts;
    const n = (counts.get(label) || 0) + 1;
    counts.set(label, n);
    this.log(`${label}: ${n}`);
  },

  countReset(label = 'default') {
    label = `${label}`;
    const counts = this[STATE].counts;
    if (!counts.has(label)) {
      warn(this, `Count for '${label}' does not exist`);
      return;
    }
    counts.delete(label);
  },

  group(...data) {
    if (data.length > 0) this.log(...data);
    const state = this[STATE];
    state.indent += ' '.repeat(state.indentStep);
  },

  groupCollapsed(...data) {
    this.group(...data);
  },

  groupEnd() {
    const state = this[STATE];
    state.indent = state.indent.slice(0, state.indent.length - state.indentStep);
  },

  table(data, properties) {
    if (properties !== undefined && !Array.isArray(properties)) {
      throw consoleError('ERR_INVALID_ARG_TYPE',
        `The "properties" argument must be an instance of Array.${describe(properties)}`);
    }
    const opts = inspectOptionsFor(this, this._stdout);
    const show = (v) => {
      const depth = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 2 ? -1 : 0;
      return inspect(v, { depth, maxArrayLength: 3, breakLength: Infinity, ...opts });
    };
    const preview = typeof inspect._previewEntries === 'function' ? inspect._previewEntries : undefined;
    const text = buildTable(data, properties, show, preview);
    if (text === undefined) this.log(data);
    else this.log(text);
  },

  time(label = 'default') {
    label = `${label}`;
    if (this._times.has(label)) {
      warn(this, `Label '${label}' already exists for console.time()`);
      return;
    }
    this._times.set(label, this[STATE].clock());
  },

  timeEnd(label = 'default') {
    label = `${label}`;
    if (logElapsed(this, 'timeEnd', label, undefined)) this._times.delete(label);
  },

  timeLog(label = 'default', ...data) {
    logElapsed(this, 'timeLog', `${label}`, data);
  },

  // Inspector-only in Node; harmless no-ops here.
  profile() {},
  profileEnd() {},
  timeStamp() {},
};
for (const [name, desc] of Object.entries(Object.getOwnPropertyDescriptors(methods))) {
  Object.defineProperty(Console.prototype, name, { ...desc, enumerable: false });
}


function inspectOptionsFor(console, stream) {
  const state = console[STATE];
  let color = state.colorMode;
  if (color === 'auto') {
    color = Boolean(stream && stream.isTTY &&
      (typeof stream.getColorDepth === 'function' ? stream.getColorDepth() > 2 : true));
  }
  if (state.inspectOptions) {
    if (state.inspectOptions.colors === undefined) state.inspectOptions.colors = color;
    return state.inspectOptions;
  }
  return color ? WITH_COLOR : NO_COLOR;
}

function formatFor(console, toStderr, args) {
  return formatWithOptions(inspectOptionsFor(console, toStderr ? console._stderr : console._stdout), ...args);
}

function write(console, toStderr, text) {
  const indent = console[STATE].indent;
  if (indent.length !== 0) {
    if (text.includes('\n')) text = text.replace(/\n/g, `\n${indent}`);
    text = indent + text;
  }
  text += '\n';
  const stream = toStderr ? console._stderr : console._stdout;
  if (!console._ignoreErrors) {
    stream.write(text);
    return;
  }
  // A console must not take the program down because its stream failed: an error thrown by
  // write() is dropped, and one reported later (write callback, then 'error') finds a listener.
  // The process's own stdout/stderr report no write errors to JS, and a callback per write
  // would cost each console.log a completion from the host: they skip the listeners.
  const proc = globalThis.process;
  if (proc !== undefined && (stream === proc.stdout || stream === proc.stderr)) {
    try {
      stream.write(text);
    } catch (err) {
      if (err instanceof RangeError && /call stack/i.test(String(err.message))) throw err;
    }
    return;
  }
  const noop = () => {};
  const hadListener = typeof stream.listenerCount === 'function' && stream.listenerCount('error') > 0;
  try {
    if (!hadListener && typeof stream.once === 'function') stream.once('error', noop);
    stream.write(text, (err) => {
      if (err == null || typeof stream.listenerCount !== 'function') return;
      const emitted = stream._writableState && stream._writableState.errorEmitted;
      if (!emitted && stream.listenerCount('error') === 0) stream.once('error', noop);
    });
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(String(err.message))) throw err;
  } finally {
    if (!hadListener && typeof stream.removeListener === 'function') stream.removeListener('error', noop);
  }
}

function warn(console, message) {
  const state = console[STATE];
  if (typeof state.emitWarning === 'function') return state.emitWarning(message);
  const proc = globalThis.process;
  if (proc && typeof proc.emitWarning === 'function') return proc.emitWarning(message);
  write(console, true, `Warning: ${message}`);
  return undefined;
}

function logElapsed(console, method, label, data) {
  const start = console._times.get(label);
  if (start === undefined) {
    warn(console, `No such label '${label}' for console.${method}()`);
    return false;
  }
  const elapsed = formatDuration(console[STATE].clock() - start);
  if (data === undefined) console.log('%s: %s', label, elapsed);
  else console.log('%s: %s', label, elapsed, ...data);
  return true;
}

module.exports = { Console, formatDuration };
