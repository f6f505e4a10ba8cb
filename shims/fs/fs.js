// fs over the granted paths (`hostrt run --allow-read PATH`, `--allow-write PATH`): the
// synchronous API answers from the in-isolate view (sync.js, vfs.js) whose changes are written
// through to the disk by the host; callback and promise forms are the synchronous ones completed
// on a later tick. Reads of files too large for the start-up snapshot go to the host live.
// What cannot work without the host's file system (watch, symlinks, links, opendir, statfs, cp)
// stays a declared stub with Node's names.
'use strict';
// A callback in a later turn of the loop, called as Node calls them (no receiver).
function later(fn, ...args) { setImmediate(() => fn(...args)); }
const { build } = require('hostrt:stubs/make');
const c = require('hostrt:fs/common');
const s = require('hostrt:fs/sync');
const { invalidArgType } = require('hostrt:web/errors');

const REASON = c.REASON + ' (only the view of --allow-read/--allow-write paths)';
for (const [key, desc] of Object.entries(c.config.exports.fs)) {
  if (key === 'promises') continue;
  module.exports[key] = build(`fs.${key}`, desc, REASON);
}
Object.defineProperty(module.exports, 'promises', {
  enumerable: true, configurable: true, get() { return require('fs/promises'); },
});

function callbackOf(args) {
  const cb = args[args.length - 1];
  if (typeof cb !== 'function') throw invalidArgType('cb', 'of type function', cb);
  return cb;
}
// Argument errors throw at the call, as in Node; errors of the operation go to the callback.
const AT_CALL = new Set(['ERR_INVALID_ARG_TYPE', 'ERR_INVALID_ARG_VALUE', 'ERR_OUT_OF_RANGE',
  'ERR_MISSING_ARGS', 'ERR_FS_INVALID_SYMLINK_TYPE', 'ERR_INVALID_URL_SCHEME',
  'ERR_INVALID_FILE_URL_PATH', 'ERR_INVALID_FILE_URL_HOST']);
function thrownAtCall(e) {
  return e !== null && typeof e === 'object' && AT_CALL.has(e.code);
}
// An operation's error goes to the callback in a later turn of the loop; a permission denial is
// found before any I/O starts, and Node reports it before promise jobs queued after the call.
function fail(cb, e) {
  if (e && e.code === 'ERR_ACCESS_DENIED') queueMicrotask(() => cb(e));
  else later(cb, e);
}
// Callbacks that get a second argument even when it is undefined (mkdir's first created dir).
const WITH_VALUE = new Set(['mkdir']);
/** The callback form of a synchronous function: (…args, cb) -> cb(err, result) in a later turn of
 *  the loop (setImmediate), as Node's completions come from its I/O phase: after nextTicks and
 *  promise jobs queued by the caller. */
function completes(syncFn, name, spread = null) {
  const fn = {
    [name](...args) {
      const cb = callbackOf(args);
      args.pop();
      let value;
      try {
        value = syncFn(...args);
      } catch (e) {
        if (thrownAtCall(e)) throw e;
        fail(cb, e);
        return;
      }
      if (spread) later(cb, null, ...spread(value, args));
      else if (value === undefined && !WITH_VALUE.has(name)) later(cb, null);
      else later(cb, null, value);
    },
  };
  return fn[name];
}

const SYNC = ['openSync', 'closeSync', 'fstatSync', 'readSync', 'ftruncateSync', 'fsyncSync',
  'fdatasyncSync', 'writeFileSync', 'appendFileSync', 'truncateSync', 'accessSync', 'statSync',
  'lstatSync', 'realpathSync', 'readdirSync', 'mkdirSync', 'mkdtempSync', 'rmdirSync', 'rmSync',
  'unlinkSync', 'renameSync', 'copyFileSync', 'utimesSync', 'lutimesSync', 'futimesSync',
  'chmodSync', 'fchmodSync', 'chownSync', 'lchownSync', 'fchownSync', 'readvSync', 'writevSync',
  'readFileSync', 'existsSync', 'readlinkSync', 'statfsSync', 'symlinkSync', 'linkSync',
  'opendirSync'];
for (const name of SYNC) module.exports[name] = s[name];
for (const name of SYNC) {
  const base = name.slice(0, -4);
  if (base === 'exists' || base === 'readFile') continue;
  module.exports[base] = completes(s[name], base);
}
module.exports._toUnixTimestamp = s.toUnixTimestamp;
// As Node on Linux: lchmod needs O_SYMLINK (macOS only), so the names exist with no function.
module.exports.lchmod = undefined;
module.exports.lchmodSync = undefined;
// The declared stubs still check their path arguments first, as Node does before any I/O.
for (const [name, paths] of [['watch', 1], ['watchFile', 1], ['unwatchFile', 1],
  ['cp', 2], ['cpSync', 2], ['openAsBlob', 1]]) {
  const stub = module.exports[name];
  const fn = {
    [name](...args) {
      for (let i = 0; i < paths; i++) {
        if (!(name.startsWith('cp') && args[i] instanceof URL)) s.pathArg(args[i], i === 0 ? (paths === 2 ? (name.startsWith('cp') ? 'src' : 'target') : 'path') : (name.startsWith('cp') ? 'dest' : 'path'));
      }
      return stub(...args);
    },
  };
  module.exports[name] = fn[name];
}
module.exports.close = function close(fd, callback = undefined) {
  s.fdArg(fd);
  if (callback !== undefined && typeof callback !== 'function') throw invalidArgType('cb', 'of type function', callback);
  let error = null;
  try { s.closeSync(fd); } catch (e) { error = e; }
  if (callback !== undefined) later(callback, error);
  else if (error) setImmediate(() => { throw error; });
};
module.exports.Stats = s.Stats;
module.exports.Dir = s.Dir;
module.exports.opendir = function opendir(path, options, callback) {
  if (typeof options === 'function') { callback = options; options = undefined; }
  if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
  let dir;
  try { dir = s.opendirSync(path, options); } catch (e) {
    if (thrownAtCall(e)) throw e;
    fail(callback, e);
    return;
  }
  later(callback, null, dir);
};
module.exports.Dirent = s.Dirent;
module.exports.realpath.native = completes(s.realpathSync.native, 'realpath');

// Whole-file writes with a `signal`: Node writes in steps and sees an abort that comes after the
// call; here the write waits for one turn of the loop so such an abort still wins.
for (const name of ['writeFile', 'appendFile']) {
  const now = module.exports[name];
  const fn = {
    [name](path, data, options, callback) {
      const signal = options !== null && typeof options === 'object' ? options.signal : undefined;
      if (signal !== undefined) require('hostrt:errors').validateAbortSignal(signal, 'options.signal');
      if (signal === undefined || typeof callback !== 'function' || signal.aborted) {
        return now.apply(this, arguments);
      }
      setImmediate(() => now(path, data, options, callback));
      return undefined;
    },
  };
  module.exports[name] = fn[name];
}

// Reads: a file too large for the snapshot is read from the host live.
module.exports.readFile = function readFile(path, ...rest) {
  const callback = callbackOf(rest);
  const options = rest.length > 1 ? rest[0] : undefined;
  let value;
  try {
    value = s.readFileSync(path, options);
  } catch (e) {
    if (thrownAtCall(e)) throw e;
    if (require('hostrt:fs/vfs').notPushed(e) && typeof path !== 'number') {
      c.readLive(c.pathArg(path)).then(
        (bytes) => later(callback, null, c.toResult(bytes, c.encodingOf(options))),
        (err) => later(callback, err));
      return;
    }
    fail(callback, e);
    return;
  }
  later(callback, null, value);
};
{
  const now = module.exports.readFile;
  module.exports.readFile = function readFile(path, options, callback) {
    const signal = options !== null && typeof options === 'object' ? options.signal : undefined;
    if (signal !== undefined) require('hostrt:errors').validateAbortSignal(signal, 'options.signal');
    if (signal === undefined || typeof callback !== 'function' || signal.aborted) {
      return now.apply(this, arguments);
    }
    setImmediate(() => now(path, options, callback));
    return undefined;
  };
}
module.exports.exists = function exists(path, callback) {
  if (typeof callback !== 'function') throw invalidArgType('cb', 'of type function', callback);
  let found = false;
  try { found = s.existsSync(path); } catch { found = false; }
  later(callback, found);
};
module.exports.read = function read(fd, buffer, offsetOrOptions, length, position, callback) {
  s.fdArg(fd);
  let offset = offsetOrOptions;
  let params = null;
  if (arguments.length <= 4) {
    if (arguments.length === 4) {
      // fs.read(fd, buffer, options, callback)
      callback = length;
      params = offsetOrOptions;
    } else if (arguments.length === 3) {
      // fs.read(fd, bufferOrParams, callback)
      if (!ArrayBuffer.isView(buffer)) {
        params = buffer;
        ({ buffer = Buffer.alloc(16384) } = params ?? {});
      }
      callback = offsetOrOptions;
    } else {
      // fs.read(fd, callback)
      callback = buffer;
      buffer = Buffer.alloc(16384);
    }
    if (params !== null && params !== undefined && typeof params !== 'object') {
      throw invalidArgType('options', 'of type object', params);
    }
    ({ offset = 0, length = buffer?.byteLength - offset, position = null } = params ?? {});
  }
  if (!ArrayBuffer.isView(buffer)) {
    throw invalidArgType('buffer', 'an instance of Buffer, TypedArray, or DataView', buffer);
  }
  if (typeof callback !== 'function') throw invalidArgType('cb', 'of type function', callback);
  let n;
  try {
    n = s.readSync(fd, buffer, offset, length, position);
  } catch (e) {
    if (thrownAtCall(e)) throw e;
    fail(callback, e);
    return;
  }
  later(callback, null, n, buffer);
};
module.exports.readv = function readv(fd, buffers, ...args) {
  const callback = callbackOf(args);
  const position = args.length > 1 ? args[0] : null;
  let n;
  try { n = s.readvSync(fd, buffers, position); } catch (e) {
    if (thrownAtCall(e)) throw e;
    fail(callback, e);
    return;
  }
  later(callback, null, n, buffers);
};
module.exports.writev = function writev(fd, buffers, ...args) {
  const callback = callbackOf(args);
  const position = args.length > 1 ? args[0] : null;
  let n;
  try { n = s.writevSync(fd, buffers, position); } catch (e) {
    if (thrownAtCall(e)) throw e;
    fail(callback, e);
    return;
  }
  later(callback, null, n, buffers);
};
module.exports.access = function access(path, ...rest) {
  const callback = callbackOf(rest);
  const mode = rest.length > 1 ? rest[0] : undefined;
  let p;
  try { p = c.pathArg(path); } catch (e) { throw e; }
  try {
    s.accessSync(p, mode);
  } catch (e) {
    if (thrownAtCall(e)) throw e;
    // Outside the view (e.g. a snapshot past its entry budget): ask the host.
    if (c.askHost(e, p)) {
      c.accessLive(p, mode).then(() => later(callback, null), (err) => later(callback, err));
      return;
    }
    fail(callback, e);
    return;
  }
  later(callback, null);
};

// Read and write streams (ES5-style constructors, as Node's).
const streams = require('hostrt:fs/streams');
module.exports.createReadStream = streams.createReadStream;
module.exports.ReadStream = streams.ReadStream;
module.exports.createWriteStream = streams.createWriteStream;
module.exports.WriteStream = streams.WriteStream;
module.exports.FileReadStream = streams.ReadStream;
module.exports.FileWriteStream = streams.WriteStream;

// Writes to the process's own stdout/stderr (fd 1 and 2) are how loggers such as pino write
// (`fs.write(1, line, cb)`, sonic-boom's `fs.writeSync(fd, ...)`): they go where process.stdout
// and process.stderr go. Other descriptors are files opened through the view.
function stdio(fd) {
  return fd === 1 ? process.stdout : fd === 2 ? process.stderr : undefined;
}
// Write `buffer` (a string, or a Buffer/TypedArray/DataView with Node's offset and length) to a
// stdio stream; returns the bytes written, as fs.write/fs.writeSync report them. A string's other
// arguments (position, encoding) are ignored: a stream has no position, and text crosses as text.
function writeStdio(stream, buffer, offset, length) {
  if (typeof buffer === 'string') {
    stream.write(buffer);
    return Buffer.byteLength(buffer);
  }
  if (ArrayBuffer.isView(buffer)) {
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const start = typeof offset === 'number' ? offset : 0;
    const end = typeof length === 'number' ? start + length : bytes.length;
    const part = bytes.subarray(start, end);
    stream.write(new TextDecoder().decode(part));
    return part.length;
  }
  throw invalidArgType('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', buffer);
}
module.exports.writeSync = function writeSync(fd, buffer, offset, length, position) {
  const stream = stdio(fd);
  if (stream === undefined || s.fds.has(fd)) return s.writeSync(fd, buffer, offset, length, position);
  return writeStdio(stream, buffer, offset, length);
};
module.exports.write = function write(fd, buffer, ...args) {
  const callback = callbackOf(args);
  args.pop();
  const stream = stdio(fd);
  let written;
  try {
    written = stream === undefined || s.fds.has(fd) ? s.writeSync(fd, buffer, ...args)
      : writeStdio(stream, buffer, args[0], args[1]);
  } catch (e) {
    if (thrownAtCall(e)) throw e;
    fail(callback, e);
    return;
  }
  later(callback, null, written, buffer);
};

// util.promisify of the callbacks with several results resolves with an object, as in Node.
{
  const custom = Symbol.for('nodejs.util.promisify.custom');
  const named = (fn, a, b) => function (...args) {
    return new Promise((resolve, reject) => {
      fn.call(this, ...args, (err, x, y) => (err ? reject(err) : resolve({ [a]: x, [b]: y })));
    });
  };
  const e = module.exports;
  Object.defineProperty(e.read, custom, { value: named(e.read, 'bytesRead', 'buffer') });
  Object.defineProperty(e.write, custom, { value: named(e.write, 'bytesWritten', 'buffer') });
  Object.defineProperty(e.readv, custom, { value: named(e.readv, 'bytesRead', 'buffers') });
  Object.defineProperty(e.writev, custom, { value: named(e.writev, 'bytesWritten', 'buffers') });
  Object.defineProperty(e.exists, custom, {
    value: (path) => new Promise((resolve) => e.exists(path, resolve)),
  });
}
