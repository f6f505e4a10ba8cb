'use strict';
// node:util beyond inspect/format. inspect, format, formatWithOptions, isDeepStrictEqual and
// stripVTControlCharacters live in ./inspect.js and are loaded on first use, so
// `require('util').promisify` does not pay for the inspector.
const {
  codeError, invalidArgType, validateFunction, validateString, validateBoolean, orderLike,
} = require('hostrt:errors');

const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');

let inspectModule;
function inspector() {
  if (inspectModule === undefined) inspectModule = require('./inspect.js');
  return inspectModule;
}

// --- promisify / callbackify -----------------------------------------------------------------------
function promisify(original) {
  validateFunction(original, 'original');
  if (original[kCustomPromisify]) {
    const fn = original[kCustomPromisify];
    validateFunction(fn, 'util.promisify.custom');
    return Object.defineProperty(fn, kCustomPromisify, {
      value: fn, enumerable: false, writable: false, configurable: true,
    });
  }
  function fn(...args) {
    return new Promise((resolve, reject) => {
      Reflect.apply(original, this, [...args, (err, ...values) => {
        if (err) reject(err);
        else resolve(values[0]);
      }]);
    });
  }
  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, kCustomPromisify, {
    value: fn, enumerable: false, writable: false, configurable: true,
  });
  const descriptors = Object.getOwnPropertyDescriptors(original);
  for (const key of Reflect.ownKeys(descriptors)) {
    try {
      Object.defineProperty(fn, key, descriptors[key]);
    } catch { /* non-configurable own property of the wrapper (e.g. prototype): keep ours */ }
  }
  return fn;
}
promisify.custom = kCustomPromisify;

function callbackify(original) {
  validateFunction(original, 'original');
  function callbackified(...args) {
    const maybeCb = args.pop();
    validateFunction(maybeCb, 'last argument');
    const cb = maybeCb.bind(this);
    Reflect.apply(original, this, args).then(
      (ret) => process.nextTick(cb, null, ret),
      (rej) => process.nextTick(callbackifyOnRejected, rej, cb));
  }
  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length?.value === 'number') descriptors.length.value++;
  if (typeof descriptors.name?.value === 'string') descriptors.name.value += 'Callbackified';
  const propertiesValues = Object.values(descriptors);
  for (let i = 0; i < propertiesValues.length; i++) Object.setPrototypeOf(propertiesValues[i], null);
  Object.defineProperties(callbackified, descriptors);
  return callbackified;
}
function callbackifyOnRejected(reason, cb) {
  // A falsy rejection reason would read as success to a Node-style callback.
  if (!reason) {
    const err = codeError(Error, 'ERR_FALSY_VALUE_REJECTION', 'Promise was rejected with falsy value');
    err.reason = reason;
    reason = err;
  }
  return cb(reason);
}

// --- deprecate / inherits / debuglog -----------------------------------------------------------------
const deprecatedCodes = new Set();
function deprecate(fn, msg, code) {
  validateFunction(fn, 'fn');
  if (code !== undefined) validateString(code, 'code');
  if (process.noDeprecation === true) return fn;
  let warned = false;
  function deprecated(...args) {
    if (!warned && !process.noDeprecation) {
      warned = true;
      if (code !== undefined) {
        if (!deprecatedCodes.has(code)) {
          process.emitWarning(msg, 'DeprecationWarning', code, deprecated);
          deprecatedCodes.add(code);
        }
      } else {
        process.emitWarning(msg, 'DeprecationWarning', deprecated);
      }
    }
    if (new.target) return Reflect.construct(fn, args, new.target);
    return Reflect.apply(fn, this, args);
  }
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) throw invalidArgType('ctor', 'of type function', ctor);
  if (superCtor === undefined || superCtor === null) throw invalidArgType('superCtor', 'of type function', superCtor);
  if (superCtor.prototype === undefined) {
    throw invalidArgType('superCtor.prototype', 'of type object', superCtor.prototype);
  }
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

let debugEnv;
function debugEnabled(set) {
  if (debugEnv === undefined) {
    const spec = (process.env.NODE_DEBUG || '').trim();
    debugEnv = spec === '' ? null : new RegExp('^(' + spec.replace(/[|\\{}()[\]^$+?.]/g, '\\$&')
      .replace(/\*/g, '.*').replace(/,/g, '$|^') + ')$', 'i');
  }
  return debugEnv !== null && debugEnv.test(set);
}
function debuglog(set, cb) {
  const section = String(set).toUpperCase();
  let enabled;
  let impl;
  const init = () => {
    if (enabled === undefined) {
      enabled = debugEnabled(section);
      impl = enabled ? (...args) => {
        process.stderr.write(`${section} ${process.pid}: ${inspector().format(...args)}\n`);
      } : () => {};
      if (typeof cb === 'function') cb(impl);
    }
  };
  const logger = (...args) => { init(); impl(...args); };
  Object.defineProperty(logger, 'enabled', {
    get() { init(); return enabled; }, configurable: true, enumerable: true,
  });
  return logger;
}

// --- strings ------------------------------------------------------------------------------------------
function toUSVString(input) {
  return String(input).toWellFormed();
}

// styleText uses the same SGR table as inspect.colors (Node's list, aliases excluded).
const { colorTable: STYLES } = require('./inspect_colors.js');
function styleCodes(key) {
  if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(STYLES, key)) {
    const names = Object.keys(STYLES).map((k) => `'${k}'`).join(', ');
    const shown = typeof key === 'string' ? `'${key}'` : String(key);
    throw codeError(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'format' must be one of: ${names}. Received ${shown}`);
  }
  return STYLES[key];
}
function streamHasColors(stream) {
  const env = process.env;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  if (env.NO_COLOR !== undefined || env.NODE_DISABLE_COLORS !== undefined || env.TERM === 'dumb') return false;
  if (!stream || !stream.isTTY) return false;
  return typeof stream.getColorDepth === 'function' ? stream.getColorDepth() > 2 : true;
}
function styleText(format, text, { validateStream = true, stream = process.stdout } = {}) {
  validateString(text, 'text');
  validateBoolean(validateStream, 'options.validateStream');
  // Node 20 applies an array of formats without looking at the stream.
  if (Array.isArray(format)) {
    let left = '';
    let right = '';
    for (const key of format) {
      const [open, close] = styleCodes(key);
      left += `\u001b[${open}m`;
      right = `\u001b[${close}m${right}`;
    }
    return `${left}${text}${right}`;
  }
  const [open, close] = styleCodes(format);
  if (validateStream && !streamHasColors(stream)) return text;
  return `\u001b[${open}m${text}\u001b[${close}m`;
}

// --- errors by number ------------------------------------------------------------------------------
// libuv's error names and messages for the errnos a Linux host reports most (negative, as Node).
const SYSTEM_ERRORS = [
  [-7, 'E2BIG', 'argument list too long'], [-13, 'EACCES', 'permission denied'],
  [-98, 'EADDRINUSE', 'address already in use'], [-99, 'EADDRNOTAVAIL', 'address not available'],
  [-97, 'EAFNOSUPPORT', 'address family not supported'], [-11, 'EAGAIN', 'resource temporarily unavailable'],
  [-3000, 'EAI_ADDRFAMILY', 'address family not supported'], [-3008, 'EAI_NONAME', 'unknown node or service'],
  [-114, 'EALREADY', 'connection already in progress'], [-9, 'EBADF', 'bad file descriptor'],
  [-16, 'EBUSY', 'resource busy or locked'], [-125, 'ECANCELED', 'operation canceled'],
  [-103, 'ECONNABORTED', 'software caused connection abort'], [-111, 'ECONNREFUSED', 'connection refused'],
  [-104, 'ECONNRESET', 'connection reset by peer'], [-17, 'EEXIST', 'file already exists'],
  [-14, 'EFAULT', 'bad address in system call argument'], [-27, 'EFBIG', 'file too large'],
  [-113, 'EHOSTUNREACH', 'host is unreachable'], [-4, 'EINTR', 'interrupted system call'],
  [-22, 'EINVAL', 'invalid argument'], [-5, 'EIO', 'i/o error'], [-106, 'EISCONN', 'socket is already connected'],
  [-21, 'EISDIR', 'illegal operation on a directory'], [-40, 'ELOOP', 'too many symbolic links encountered'],
  [-24, 'EMFILE', 'too many open files'], [-90, 'EMSGSIZE', 'message too long'],
  [-36, 'ENAMETOOLONG', 'name too long'], [-100, 'ENETDOWN', 'network is down'],
  [-101, 'ENETUNREACH', 'network is unreachable'], [-23, 'ENFILE', 'file table overflow'],
  [-105, 'ENOBUFS', 'no buffer space available'], [-19, 'ENODEV', 'no such device'],
  [-2, 'ENOENT', 'no such file or directory'], [-12, 'ENOMEM', 'not enough memory'],
  [-28, 'ENOSPC', 'no space left on device'], [-38, 'ENOSYS', 'function not implemented'],
  [-107, 'ENOTCONN', 'socket is not connected'], [-20, 'ENOTDIR', 'not a directory'],
  [-39, 'ENOTEMPTY', 'directory not empty'], [-88, 'ENOTSOCK', 'socket operation on non-socket'],
  [-95, 'ENOTSUP', 'operation not supported on socket'], [-75, 'EOVERFLOW', 'value too large for defined data type'],
  [-1, 'EPERM', 'operation not permitted'], [-32, 'EPIPE', 'broken pipe'], [-71, 'EPROTO', 'protocol error'],
  [-34, 'ERANGE', 'result too large'], [-30, 'EROFS', 'read-only file system'],
  [-29, 'ESPIPE', 'invalid seek'], [-3, 'ESRCH', 'no such process'], [-110, 'ETIMEDOUT', 'connection timed out'],
  [-26, 'ETXTBSY', 'text file is busy'], [-18, 'EXDEV', 'cross-device link not permitted'],
  [-4095, 'EOF', 'end of file'],
];
let systemErrorMap;
function getSystemErrorMap() {
  if (systemErrorMap === undefined) {
    systemErrorMap = new Map(SYSTEM_ERRORS.map(([n, name, msg]) => [n, [name, msg]]));
  }
  return new Map(systemErrorMap);
}
function getSystemErrorName(err) {
  if (typeof err !== 'number') throw invalidArgType('err', 'of type number', err);
  if (err >= 0 || !Number.isSafeInteger(err)) {
    throw codeError(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "err" is out of range. It must be a negative integer. Received ${err}`);
  }
  const entry = getSystemErrorMap().get(err);
  return entry ? entry[0] : `Unknown system error ${err}`;
}

// Node-internal helpers some packages call: a system error from a (negative) errno.
function errnoName(err) {
  const entry = getSystemErrorMap().get(err);
  return entry ? entry[0] : `Unknown system error ${err}`;
}
function _errnoException(err, syscall, original) {
  const code = errnoName(err);
  const ex = new Error(original ? `${syscall} ${code} ${original}` : `${syscall} ${code}`);
  ex.errno = err;
  ex.code = code;
  ex.syscall = syscall;
  return ex;
}
function _exceptionWithHostPort(err, syscall, address, port, additional) {
  const code = errnoName(err);
  let details = port && port > 0 ? `${address}:${port}` : address;
  if (additional) details += ` - Local (${additional})`;
  const ex = new Error(details ? `${syscall} ${code} ${details}` : `${syscall} ${code}`);
  ex.errno = err;
  ex.code = code;
  ex.syscall = syscall;
  ex.address = address;
  if (port) ex.port = port;
  return ex;
}

// --- misc ------------------------------------------------------------------------------------------------
async function aborted(signal, resource) {
  if (signal === undefined || signal === null || typeof signal !== 'object' || !('aborted' in signal)) {
    throw invalidArgType('signal', 'an instance of AbortSignal', signal);
  }
  if (resource === null || (typeof resource !== 'object' && typeof resource !== 'function')) {
    throw invalidArgType('resource', 'of type object', resource);
  }
  if (signal.aborted) return undefined;
  // Node drops the wait when `resource` is collected; without weak callbacks we keep it.
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function parseEnv(content) {
  validateString(content, 'content');
  const out = {};
  const lines = content.replace(/\r\n?/g, '\n');
  const re = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*('(?:\\'|[^'])*'|"(?:\\"|[^"])*"|`(?:\\`|[^`])*`|[^#\n]*)?\s*(?:#.*)?$/gm;
  let m;
  while ((m = re.exec(lines)) !== null) {
    let value = (m[2] || '').trim();
    const q = value[0];
    if ((q === '"' || q === "'" || q === '`') && value.endsWith(q) && value.length > 1) {
      value = value.slice(1, -1);
      if (q === '"') value = value.replace(/\\n/g, '\n');
    }
    out[m[1]] = value;
  }
  return out;
}

function _extend(target, source) {
  if (source === null || typeof source !== 'object') return target;
  const keys = Object.keys(source);
  let i = keys.length;
  while (i--) target[keys[i]] = source[keys[i]];
  return target;
}

function pad(n) { return n.toString().padStart(2, '0'); }
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function log(...args) {
  const d = new Date();
  const time = [pad(d.getHours()), pad(d.getMinutes()), pad(d.getSeconds())].join(':');
  process.stdout.write(`${d.getDate()} ${MONTHS[d.getMonth()]} ${time} - ${inspector().format(...args)}\n`);
}

function unsupportedClass(name, why) {
  return class {
    constructor() {
      throw codeError(Error, 'ERR_HOSTRT_UNSUPPORTED', `util.${name} is not supported by hostrt: ${why}`);
    }
  };
}
function transferableAbortSignal(signal) { return signal; }
function transferableAbortController() { return new AbortController(); }

const util = module.exports = {
  _errnoException,
  _exceptionWithHostPort,
  _extend: deprecate(_extend, 'The `util._extend` API is deprecated. Please use Object.assign() instead.', 'DEP0060'),
  callbackify,
  debug: debuglog,
  debuglog,
  deprecate,
  getSystemErrorMap,
  getSystemErrorName,
  inherits,
  isArray: Array.isArray,
  isBoolean: (v) => typeof v === 'boolean',
  isBuffer: (v) => Boolean(globalThis.Buffer && globalThis.Buffer.isBuffer(v)),
  isNull: (v) => v === null,
  isNullOrUndefined: (v) => v === undefined || v === null,
  isNumber: (v) => typeof v === 'number',
  isString: (v) => typeof v === 'string',
  isSymbol: (v) => typeof v === 'symbol',
  isUndefined: (v) => v === undefined,
  isRegExp: (v) => require('util/types').isRegExp(v),
  isObject: (v) => v !== null && typeof v === 'object',
  isDate: (v) => require('util/types').isDate(v),
  isError: (v) => require('util/types').isNativeError(v) || v instanceof Error,
  isFunction: (v) => typeof v === 'function',
  isPrimitive: (v) => v === null || (typeof v !== 'object' && typeof v !== 'function'),
  log,
  promisify,
  styleText,
  toUSVString,
  transferableAbortSignal,
  transferableAbortController,
  aborted,
  parseEnv,
  parseArgs: (...args) => require('./parse_args.js').parseArgs(...args),
  MIMEType: unsupportedClass('MIMEType', 'not implemented'),
  MIMEParams: unsupportedClass('MIMEParams', 'not implemented'),
};

// Loaded on first use: the inspector, util.types, and the web globals (another shim's).
function lazy(name, load) {
  Object.defineProperty(util, name, {
    configurable: true, enumerable: true,
    get() {
      const value = load();
      Object.defineProperty(util, name, { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
    set(value) {
      Object.defineProperty(util, name, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}
lazy('format', () => inspector().format);
lazy('formatWithOptions', () => inspector().formatWithOptions);
lazy('inspect', () => inspector().inspect);
lazy('isDeepStrictEqual', () => inspector().isDeepStrictEqual);
lazy('stripVTControlCharacters', () => inspector().stripVTControlCharacters);
lazy('types', () => require('util/types'));
lazy('TextEncoder', () => globalThis.TextEncoder);
lazy('TextDecoder', () => globalThis.TextDecoder);
orderLike(util, ['_errnoException', '_exceptionWithHostPort', '_extend', 'callbackify', 'debug',
  'debuglog', 'deprecate', 'format', 'styleText', 'formatWithOptions', 'getSystemErrorMap',
  'getSystemErrorName', 'inherits', 'inspect', 'isArray', 'isBoolean', 'isBuffer',
  'isDeepStrictEqual', 'isNull', 'isNullOrUndefined', 'isNumber', 'isString', 'isSymbol',
  'isUndefined', 'isRegExp', 'isObject', 'isDate', 'isError', 'isFunction', 'isPrimitive', 'log',
  'promisify', 'stripVTControlCharacters', 'toUSVString', 'transferableAbortSignal',
  'transferableAbortController', 'aborted', 'types', 'parseEnv', 'parseArgs', 'TextDecoder',
  'TextEncoder', 'MIMEType', 'MIMEParams']);
