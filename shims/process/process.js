// The `process` global. Facts come from the host at start-up (bridge.config('process'));
// stdout/stderr writes are posted to Python in the tick's outbox, so a loop of writes costs no
// crossing per line.
'use strict';
const bridge = require('hostrt:bridge');
const EventEmitter = require('events');
const rejections = require('./rejections.js');

const facts = bridge.config('process') || {};
// Tracking rejections costs in promise-heavy code (a JS-level Promise); hosts may turn it off.
if (facts.trackRejections !== false) rejections.install(globalThis);
const process = new EventEmitter();
const tickQueue = [];

function invalidArgType(name, expected, actual) {
  // Node says "property" for a dotted name (`options.x`).
  const what = name.includes('.') ? 'property' : 'argument';
  const err = new TypeError(`The "${name}" ${what} must be ${expected}. Received ${describe(actual)}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}
function describe(v) {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return `function ${v.name}`;
  if (typeof v === 'object') return v.constructor && v.constructor.name ? `an instance of ${v.constructor.name}` : 'an instance of Object';
  let s = typeof v === 'string' ? `'${v}'` : String(v);
  if (s.length > 28) s = s.slice(0, 25) + '...';
  return `type ${typeof v} (${s})`;
}

function nextTick(callback, ...args) {
  if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  // As Node: once 'exit' is being emitted, new ticks never run.
  if (bridge.exiting || process._exiting) return;
  tickQueue.push({ callback: bridge.wrapCallback(callback), args });
}
bridge.setTickQueue({
  run() {
    while (tickQueue.length > 0) {
      const { callback, args } = tickQueue.shift();
      try {
        callback(...args);
      } catch (err) {
        bridge.reportUncaught(err, 'uncaughtException');
        if (bridge.exiting) { tickQueue.length = 0; return; }
      }
    }
  },
  pending() { return tickQueue.length > 0; },
  afterMicrotasks() {
    return rejections.processRejections((reason, promise) => {
      if (process.listenerCount('unhandledRejection') > 0) {
        process.emit('unhandledRejection', reason, promise);
        return;
      }
      // Node's default (--unhandled-rejections=throw): an uncaught exception.
      let err = reason;
      if (!(reason instanceof Error)) {
        err = new Error('This error originated either by throwing inside of an async function ' +
          'without a catch block, or by rejecting a promise which was not handled with .catch(). ' +
          `The promise rejected with the reason "${String(reason)}".`);
        err.code = 'ERR_UNHANDLED_REJECTION';
      }
      bridge.reportUncaught(err, 'unhandledRejection');
    });
  },
});

bridge.setUncaughtHook((err, origin) => {
  if (captureCallback !== null) {
    captureCallback(err);
    return true;
  }
  if (process.listenerCount('uncaughtException') === 0) {
    process.exitCode = 1;
    try { process.emit('exit', 1); } catch (e) { /* an exit listener that throws: ignore */ }
    return false;
  }
  process.emit('uncaughtException', err, origin);
  return true;
});

bridge.setErrorFormatter((err) => {
  if (err === null || typeof err !== 'object') return undefined;
  return require('util').inspect(err);
});

class WriteStream extends EventEmitter {
  constructor(fd, isTTY) {
    super();
    this.fd = fd;
    this.isTTY = isTTY;
    this.writable = true;
    this.columns = isTTY ? 80 : undefined;
  }
  write(chunk, encoding, cb) {
    if (typeof encoding === 'function') { cb = encoding; encoding = undefined; }
    let text;
    if (typeof chunk === 'string') text = chunk;
    else if (chunk instanceof Uint8Array) text = new TextDecoder().decode(chunk);
    else throw invalidArgType('chunk', 'of type string or an instance of Buffer or Uint8Array', chunk);
    if (text.length > 0) bridge.postText('process.write', this.fd, text);
    if (typeof cb === 'function') nextTick(cb);
    return true;
  }
  end(chunk, encoding, cb) { if (chunk !== undefined && typeof chunk !== 'function') this.write(chunk, encoding); if (typeof cb === 'function') nextTick(cb); else if (typeof chunk === 'function') nextTick(chunk); return this; }
  hasColors() { return this.isTTY; }
  getColorDepth() { return this.isTTY ? 8 : 1; }
}

// The host found stdout/stderr closed (a pipe whose reader left): Node emits EPIPE on the stream.
bridge.on('io.error', ([fd, code]) => {
  const stream = fd === 1 ? process.stdout : process.stderr;
  const err = new Error(`write ${code}`);
  Object.assign(err, { errno: -32, code, syscall: 'write' });
  stream.writable = false;
  stream.emit('error', err);
});

// Resource figures (V8 heap statistics, the process's RSS, CPU times and rusage) are taken by the
// host. mini-racer has no synchronous call into Python, so a read returns the figures taken at
// start-up or at the end of the last loop turn after a read, and asks the host for fresh ones.
let usage = facts.usage;
let usageAsked = false;
bridge.on('process.usage', (u) => { usage = u; usageAsked = false; });
function currentUsage() {
  if (!usageAsked) {
    usageAsked = true;
    bridge.post('process.usage');
  }
  return usage;
}

function intlWorks() {
  try {
    return new Intl.NumberFormat('en-US').format(1234.5) === '1,234.5';
  } catch {
    return false;
  }
}

let umaskValue = facts.umask ?? 0o22;
function parseMask(mask) {
  const { codeError, outOfRange } = require('hostrt:errors');
  let value = mask;
  if (typeof mask === 'string') {
    if (!/^[0-7]+$/.test(mask)) {
      throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE', "The argument 'mask' must be a 32-bit " +
        `unsigned integer or an octal string. Received '${mask}'`);
    }
    value = parseInt(mask, 8);
  }
  // Node reports null as undefined here (its validation sees the converted value).
  if (typeof value !== 'number') throw invalidArgType('mask', 'of type number', value === null ? undefined : value);
  if (!Number.isInteger(value)) throw outOfRange('mask', 'an integer', value);
  if (value < 0 || value > 4294967295) throw outOfRange('mask', '>= 0 && <= 4294967295', value);
  return value & 0o777;
}

let exitCode;
// Under --sandbox / for Pepr modules: a read of a name process.env does not hold is reported to
// the host, which says on stderr when it is a host variable held back (--allow-env NAME). The
// read still gives undefined, as for any unset variable.
// process.env behaves as Node's: every value is stored as a string (DEP0104 is documentation-
// only without --pending-deprecation, so no warning), Symbol keys and values throw
// V8's TypeError on assignment and are never present, and only plain data descriptors may be
// defined.
function envObject(env, guarded) {
  const reported = new Set();
  const { codeError } = require('hostrt:errors');
  const defineError = (message) => codeError(TypeError, 'ERR_INVALID_OBJECT_DEFINE_PROPERTY', message);
  function store(target, key, value) {
    const name = `${key}`;  // a Symbol key throws here, as in Node
    const text = `${value}`;
    Object.defineProperty(target, name, { value: text, writable: true, enumerable: true, configurable: true });
    return true;
  }
  return new Proxy(env, {
    get(target, key, receiver) {
      if (typeof key === 'symbol') return undefined;
      if (guarded && !Object.prototype.hasOwnProperty.call(target, key) && !reported.has(key)) {
        reported.add(key);
        bridge.post('process.envDenied', key);
      }
      return Reflect.get(target, key, receiver);
    },
    set(target, key, value) { return store(target, key, value); },
    has(target, key) { return typeof key === 'string' && Object.prototype.hasOwnProperty.call(target, key); },
    deleteProperty(target, key) {
      if (typeof key === 'string') delete target[key];
      return true;
    },
    defineProperty(target, key, desc) {
      if ('get' in desc || 'set' in desc) {
        throw defineError("'process.env' does not accept an accessor(getter/setter) descriptor");
      }
      if (!desc.configurable || !desc.writable || !desc.enumerable) {
        throw defineError("'process.env' only accepts a configurable, writable, and enumerable data descriptor");
      }
      return store(target, key, desc.value);
    },
    ownKeys(target) { return Reflect.ownKeys(target).filter((k) => typeof k === 'string'); },
  });
}

Object.assign(process, {
  title: 'hostrt',
  version: 'v20.20.2',
  versions: { node: '20.20.2', v8: facts.v8 || '', ...(facts.openssl ? { openssl: facts.openssl } : {}),
    hostrt: '0.1.0' },
  // What Node 20 reports (libraries test `release.name === 'node'`); process.versions.hostrt
  // says which runtime this is.
  release: { name: 'node', lts: 'Iron',
    sourceUrl: 'https://nodejs.org/download/release/v20.20.2/node-v20.20.2.tar.gz',
    headersUrl: 'https://nodejs.org/download/release/v20.20.2/node-v20.20.2-headers.tar.gz' },
  platform: facts.platform || 'linux',
  arch: facts.arch || 'x64',
  pid: facts.pid || 0,
  ppid: facts.ppid || 0,
  execPath: facts.execPath || '',
  execArgv: [],
  argv: facts.argv || ['hostrt'],
  argv0: 'hostrt',
  env: envObject(facts.env || {}, !!facts.envGuard),
  features: {},
  // What common feature checks read: Intl works when the engine was built with ICU data.
  config: { variables: { v8_enable_i18n_support: intlWorks() ? 1 : 0 } },
  stdout: new WriteStream(1, !!facts.stdoutIsTTY),
  stderr: new WriteStream(2, !!facts.stderrIsTTY),
  nextTick,
  cwd() { return facts.cwd || '/'; },
  // The script's own working directory (relative fs paths, process.cwd()); the host's is never
  // changed. Only directories of the fs view (--allow-read/--allow-write paths) can be entered.
  chdir(directory) {
    if (typeof directory !== 'string') throw invalidArgType('directory', 'of type string', directory);
    const v = require('hostrt:fs/vfs');
    const abs = v.absolute(directory);
    const node = v.lookup(abs, 'chdir', directory, { missingOk: true });
    if (node === undefined || node.kind !== 'd') {
      const err = v.uvError(node === undefined ? 'ENOENT' : 'ENOTDIR', 'chdir', process.cwd(), directory);
      err.message = err.message.replace(`chdir '${process.cwd()}'`, `chdir ${process.cwd()}`);
      throw err;
    }
    facts.cwd = abs;
  },
  // The mask is configuration only (JS here creates no files): a new one is kept and read back,
  // validated as Node's; the host process's own umask is not changed.
  umask(mask) {
    const old = umaskValue;
    if (arguments.length > 0 && mask !== undefined) umaskValue = parseMask(mask);
    return old;
  },
  // From the host's start (the clock performance.now() and timeOrigin count from), as Node's
  // counts from the process's start, not from when this shim loaded.
  uptime() { return monotonicMs() / 1000; },
  hrtime: Object.assign(function hrtime(prev) {
    if (prev !== undefined) {
      if (!Array.isArray(prev)) throw invalidArgType('time', 'an instance of Array', prev);
      if (prev.length !== 2) {
        throw require('hostrt:errors').outOfRange('time', '2', prev.length);
      }
    }
    const ns = nowNs();
    const sec = Number(ns / 1000000000n);
    const nsec = Number(ns % 1000000000n);
    if (Array.isArray(prev)) {
      let s = sec - prev[0];
      let n = nsec - prev[1];
      if (n < 0) { s -= 1; n += 1e9; }
      return [s, n];
    }
    return [sec, nsec];
  }, { bigint() { return nowNs(); } }),
  memoryUsage: Object.assign(function memoryUsage() {
    const u = currentUsage();
    return { rss: u.rss, heapTotal: u.heapTotal, heapUsed: u.heapUsed, external: u.external,
      arrayBuffers: 0 };
  }, { rss() { return currentUsage().rss; } }),
  cpuUsage(prev) {
    const u = currentUsage();
    if (prev === undefined) return { user: u.user, system: u.system };
    if (prev === null || typeof prev !== 'object') throw invalidArgType('prevValue', 'of type object', prev);
    for (const key of ['user', 'system']) {
      if (typeof prev[key] !== 'number') throw invalidArgType(`prevValue.${key}`, 'of type number', prev[key]);
      if (prev[key] < 0 || !Number.isFinite(prev[key])) {
        const err = new RangeError(`The property 'prevValue.${key}' is invalid. Received ${prev[key]}`);
        err.code = 'ERR_INVALID_ARG_VALUE';
        throw err;
      }
    }
    return { user: u.user - prev.user, system: u.system - prev.system };
  },
  // As Node's: (warning, type | options, code, ctor), validated; deprecations honour
  // noDeprecation / throwDeprecation; the 'warning' event goes to every listener, the default one
  // (onWarning below) printing it.
  emitWarning(warning, type, code, ctor) {
    let kind = type;
    let id = code;
    let at = ctor;
    let detail;
    if (kind !== null && typeof kind === 'object' && !Array.isArray(kind)) {
      at = kind.ctor;
      id = kind.code;
      if (typeof kind.detail === 'string') detail = kind.detail;
      kind = kind.type || 'Warning';
    } else if (typeof kind === 'function') {
      at = kind;
      id = undefined;
      kind = 'Warning';
    }
    if (kind !== undefined && typeof kind !== 'string') throw invalidArgType('type', 'of type string', kind);
    if (typeof id === 'function') {
      at = id;
      id = undefined;
    } else if (id !== undefined && typeof id !== 'string') {
      throw invalidArgType('code', 'of type string', id);
    }
    let w = warning;
    if (typeof w === 'string') {
      w = new Error(w);
      w.name = String(kind || 'Warning');
      if (id !== undefined) w.code = id;
      if (detail !== undefined) w.detail = detail;
      Error.captureStackTrace(w, at || process.emitWarning);
    } else if (!(w instanceof Error)) {
      throw invalidArgType('warning', 'of type string or an instance of Error', w);
    }
    if (w.name === 'DeprecationWarning') {
      if (process.noDeprecation) return;
      if (process.throwDeprecation) {
        nextTick(() => { throw w; });
        return;
      }
    }
    nextTick(() => process.emit('warning', w));
  },
  exit(code) {
    if (code !== undefined) process.exitCode = code;
    if (!process._exiting) {
      process._exiting = true;
      try { process.emit('exit', process.exitCode ?? 0); } catch (e) { /* as Node: exit anyway */ }
    }
    bridge.exit(process.exitCode ?? 0);
    // Unwind the current JS stack: nothing after process.exit() may run.
    throw new ProcessExit();
  },
  abort() { bridge.exit(134); throw new ProcessExit(); },
  kill() { throw Object.assign(new Error('process.kill() is not supported by hostrt'), { code: 'ERR_HOSTRT_UNSUPPORTED' }); },
  binding() { throw Object.assign(new Error('No such module'), { code: 'ERR_HOSTRT_UNSUPPORTED' }); },
});
// The rest of Node 20's process surface. Identity comes from the host at start-up; what an
// embedding cannot do throws ERR_HOSTRT_UNSUPPORTED naming the API.
function unsupported(name, why) {
  return function () {
    const err = new Error(`process.${name} is not supported by hostrt: ${why}`);
    err.code = 'ERR_HOSTRT_UNSUPPORTED';
    throw err;
  };
}
const ids = facts.ids || {};
let captureCallback = null;
Object.assign(process, {
  allowedNodeEnvironmentFlags: new Set(),
  assert(value, message) {
    if (!value) {
      const err = new Error(message || 'assertion error');
      err.code = 'ERR_ASSERTION';
      throw err;
    }
  },
  availableMemory() { return facts.totalMemory || 0; },
  constrainedMemory() { return facts.constrainedMemory; },
  debugPort: 9229,
  dlopen: unsupported('dlopen', 'no native addons in an embedding'),
  domain: null,
  getActiveResourcesInfo() { return []; },
  getBuiltinModule(id) {
    try { return require(id.startsWith('node:') ? id : `node:${id}`); } catch (e) { return undefined; }
  },
  getuid() { return ids.uid; },
  geteuid() { return ids.euid; },
  getgid() { return ids.gid; },
  getegid() { return ids.egid; },
  getgroups() { return (ids.groups || []).slice(); },
  initgroups: unsupported('initgroups', 'the host process identity is fixed'),
  setuid: unsupported('setuid', 'the host process identity is fixed'),
  seteuid: unsupported('seteuid', 'the host process identity is fixed'),
  setgid: unsupported('setgid', 'the host process identity is fixed'),
  setegid: unsupported('setegid', 'the host process identity is fixed'),
  setgroups: unsupported('setgroups', 'the host process identity is fixed'),
  loadEnvFile: unsupported('loadEnvFile', 'synchronous file reads cannot reach the host'),
  moduleLoadList: [],
  openStdin: unsupported('openStdin', 'stdin is not connected to scripts'),
  reallyExit(code) { bridge.exit(code ?? 0); throw new ProcessExit(); },
  report: {
    compact: false, directory: '', filename: '', reportOnFatalError: false,
    reportOnSignal: false, reportOnUncaughtException: false, signal: 'SIGUSR2',
    getReport: unsupported('report.getReport', 'no diagnostic report in an embedding'),
    writeReport: unsupported('report.writeReport', 'no diagnostic report in an embedding'),
  },
  resourceUsage() {
    const u = currentUsage();
    return { userCPUTime: u.user, systemCPUTime: u.system, ...u.rusage };
  },
  setSourceMapsEnabled(val) {
    if (typeof val !== 'boolean') throw invalidArgType('val', 'of type boolean', val);
  },
  sourceMapsEnabled: false,
  hasUncaughtExceptionCaptureCallback() { return captureCallback !== null; },
  setUncaughtExceptionCaptureCallback(fn) {
    if (fn !== null && typeof fn !== 'function') throw invalidArgType('fn', 'of type function or null', fn);
    if (fn !== null && captureCallback !== null) {
      const err = new Error('`process.setupUncaughtExceptionCapture()` was called while a capture callback was already active');
      err.code = 'ERR_UNCAUGHT_EXCEPTION_CAPTURE_ALREADY_SET';
      throw err;
    }
    captureCallback = fn;
  },
});
Object.defineProperty(process, 'mainModule', {
  get() { return globalThis.__hostrt_modules ? globalThis.__hostrt_modules.main : undefined; },
  enumerable: true, configurable: true,
});
Object.defineProperty(process, 'stdin', {
  get: unsupported('stdin', 'stdin is not connected to scripts'), enumerable: true, configurable: true,
});

Object.defineProperty(process, 'exitCode', {
  get() { return exitCode; },
  set(v) {
    if (v !== undefined && v !== null && !Number.isInteger(Number(v))) {
      throw invalidArgType('code', 'of type number', v);
    }
    exitCode = v === undefined || v === null ? v : Number(v);
  },
  enumerable: true, configurable: false,
});
Object.defineProperty(process, Symbol.toStringTag, { value: 'process', configurable: true });

class ProcessExit extends Error {
  constructor() { super('process.exit()'); this.name = 'ProcessExit'; }
}

// Monotonic ms: the host clock at the tick start, plus JS's own progress within the tick.
const jsStart = Date.now();
const hostStart = bridge.now();
function monotonicMs() {
  return Math.max(bridge.now(), hostStart + (Date.now() - jsStart));
}
function nowNs() {
  return BigInt(Math.floor(monotonicMs() * 1e6));
}
process._monotonicMs = monotonicMs;

// process.exit() inside a 'beforeExit' or 'exit' listener ends the process with its code, as in
// Node; it is not an error of the lifecycle step.
function lifecycle(fn) {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ProcessExit)) throw e;
  }
}
// Answers whether the listeners left work that keeps the loop alive in JS (an immediate runs in
// this very tick, so the host cannot see it afterwards): Node then turns the loop and emits
// 'beforeExit' again.
bridge.handle('$beforeExit', () => {
  if (process.listenerCount('beforeExit') > 0) {
    lifecycle(() => process.emit('beforeExit', process.exitCode ?? 0));
  }
  bridge.drain();
  return bridge.phasesAlive();
});
bridge.handle('$exit', () => {
  if (!process._exiting) {
    process._exiting = true;
    lifecycle(() => process.emit('exit', process.exitCode ?? 0));
  }
  return process.exitCode ?? 0;
});

// Node's default 'warning' listener: prints Error warnings (not deprecations under
// noDeprecation) as `(hostrt:PID) [code] Name: message` and the detail on the next line.
process.on('warning', function onWarning(warning) {
  if (!(warning instanceof Error)) return;
  if (warning.name === 'DeprecationWarning' && process.noDeprecation) return;
  let msg = `(hostrt:${process.pid}) `;
  if (warning.code) msg += `[${warning.code}] `;
  msg += typeof warning.toString === 'function' ? `${warning.toString()}` : Error.prototype.toString.call(warning);
  if (typeof warning.detail === 'string') msg += `\n${warning.detail}`;
  process.stderr.write(`${msg}\n`);
});

// process is an instance of a `process` class that extends EventEmitter, as in Node.
const ProcessClass = { process: function () {} }.process;
ProcessClass.prototype = Object.create(EventEmitter.prototype, {
  constructor: { value: ProcessClass, writable: true, enumerable: false, configurable: true },
});
Object.setPrototypeOf(process, ProcessClass.prototype);

module.exports = process;
