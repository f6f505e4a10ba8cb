// fs/promises: the synchronous view (sync.js) completed as promises, plus FileHandle over its
// descriptors. Reads of files too large for the start-up snapshot go to the host live.
'use strict';
const { build } = require('hostrt:stubs/make');
const c = require('hostrt:fs/common');
const s = require('hostrt:fs/sync');

const exportsList = c.config.exports['fs/promises'];
for (const [key, desc] of Object.entries(exportsList)) {
  module.exports[key] = build(`fsPromises.${key}`, desc, c.REASON + ' (only the view of --allow-read/--allow-write paths)');
}

// Node reads and writes whole files in chunks between which an abort is seen; here the work is
// one step, so an abort that comes right after the call (before the next microtask) still wins.
async function settle(options) {
  const signal = options !== null && typeof options === 'object' ? options.signal : undefined;
  if (signal === undefined) return;
  require('hostrt:errors').validateAbortSignal(signal, 'options.signal');
  if (signal.aborted) throw require('hostrt:errors').abortError(signal.reason);
  await new Promise((resolve) => setImmediate(resolve));
  if (signal.aborted) throw require('hostrt:errors').abortError(signal.reason);
}
function isIterable(data) {
  return data !== null && typeof data === 'object' && !ArrayBuffer.isView(data) &&
    (typeof data[Symbol.asyncIterator] === 'function' || typeof data[Symbol.iterator] === 'function');
}
// writeFile/appendFile of an (async) iterable or a stream: each chunk written in turn.
async function writeChunks(target, data, options, flag) {
  const opts = s.optionsOf(options, { encoding: 'utf8', mode: 0o666, flag });
  const signal = opts.signal;
  const handle = target instanceof FileHandle ? target : await module.exports.open(target, opts.flag, opts.mode);
  try {
    for await (const chunk of data) {
      if (signal && signal.aborted) throw require('hostrt:errors').abortError(signal.reason);
      if (typeof chunk !== 'string' && !ArrayBuffer.isView(chunk)) {
        throw require('hostrt:errors').invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', chunk);
      }
      await handle.write(typeof chunk === 'string' ? Buffer.from(chunk, opts.encoding) : chunk);
    }
  } finally {
    if (handle !== target) await handle.close();
  }
}
const kFd = Symbol('kFd');
function fdOf(handle) {
  if (!(handle instanceof FileHandle)) {
    throw require('hostrt:web/errors').coded(Error, 'ERR_INTERNAL_ASSERTION',
      'handle must be an instance of FileHandle\nThis is caused by either a bug in Node.js or ' +
      'incorrect usage of Node.js internals.\nPlease open an issue with this stack trace at ' +
      'https://github.com/nodejs/node/issues\n');
  }
  return handle[kFd];
}
const EventEmitter = require('events');
// Node's FileHandle is an EventEmitter ('close') with stream and line helpers.
class FileHandle extends EventEmitter {
  constructor(fd) { super(); this[kFd] = fd; }
  get fd() { return this[kFd]; }
  async close() {
    if (fdOf(this) === -1) return;
    s.closeSync(this[kFd]);
    this[kFd] = -1;
    this.emit('close');
  }
  createReadStream(options = undefined) {
    return require('fs').createReadStream(undefined, { ...s.optionsOf(options, {}), fd: this });
  }
  createWriteStream(options = undefined) {
    return require('fs').createWriteStream(undefined, { ...s.optionsOf(options, {}), fd: this });
  }
  readLines(options = undefined) {
    return require('readline').createInterface({ input: this.createReadStream(options), crlfDelay: Infinity });
  }
  async stat(options) { return s.fstatSync(fdOf(this), options); }
  async truncate(len = 0) { s.ftruncateSync(fdOf(this), len); }
  async sync() { s.fsyncSync(fdOf(this)); }
  async datasync() { s.fdatasyncSync(fdOf(this)); }
  async chmod(mode) { s.fchmodSync(fdOf(this), mode); }
  async chown(uid, gid) { s.fchownSync(fdOf(this), uid, gid); }
  async utimes(atime, mtime) { s.futimesSync(fdOf(this), atime, mtime); }
  async read(buffer, offset, length, position) {
    if (!ArrayBuffer.isView(buffer)) {  // read(options) / read(null)
      if (buffer !== null && buffer !== undefined && typeof buffer !== 'object') {
        throw require('hostrt:errors').invalidArgType('options', 'of type object', buffer);
      }
      ({ buffer = Buffer.alloc(16384), offset = 0, length = buffer.byteLength - offset, position = null } = buffer ?? {});
    }
    if (offset !== null && typeof offset === 'object') {
      ({ offset = 0, length = buffer.byteLength - offset, position = null } = offset);
    }
    const bytesRead = s.readSync(fdOf(this), buffer, offset ?? 0, length ?? buffer.byteLength - (offset ?? 0), position ?? null);
    return { bytesRead, buffer };
  }
  async readv(buffers, position = null) {
    return { bytesRead: s.readvSync(fdOf(this), buffers, position), buffers };
  }
  async write(buffer, ...args) {
    const bytesWritten = s.writeSync(fdOf(this), buffer, ...args);
    return { bytesWritten, buffer };
  }
  async writev(buffers, position = null) {
    return { bytesWritten: s.writevSync(fdOf(this), buffers, position), buffers };
  }
  async readFile(options) { await settle(options); return s.readFileSync(fdOf(this), options); }
  async writeFile(data, options) {
    await settle(options);
    if (isIterable(data)) return writeChunks(this, data, options, 'w');
    s.writeFileSync(fdOf(this), data, options);
  }
  async appendFile(data, options) { await settle(options); s.appendFileSync(fdOf(this), data, options); }
  async [Symbol.asyncDispose]() { await this.close(); }
}

const plain = {
  access: 'accessSync', appendFile: 'appendFileSync', chmod: 'chmodSync', chown: 'chownSync',
  copyFile: 'copyFileSync', lchown: 'lchownSync', lstat: 'lstatSync', lutimes: 'lutimesSync',
  mkdir: 'mkdirSync', mkdtemp: 'mkdtempSync', readdir: 'readdirSync', realpath: 'realpathSync',
  rename: 'renameSync', rm: 'rmSync', rmdir: 'rmdirSync', stat: 'statSync', truncate: 'truncateSync',
  unlink: 'unlinkSync', utimes: 'utimesSync', writeFile: 'writeFileSync', readlink: 'readlinkSync',
  statfs: 'statfsSync', symlink: 'symlinkSync', link: 'linkSync', opendir: 'opendirSync',
};
for (const [name, syncName] of Object.entries(plain)) {
  const fn = { async [name](...args) { return s[syncName](...args); } };
  module.exports[name] = fn[name];
}
module.exports.writeFile = async function writeFile(path, data, options) {
  if (path instanceof FileHandle) return path.writeFile(data, options);
  await settle(options);
  if (isIterable(data)) return writeChunks(path, data, options, 'w');
  return s.writeFileSync(path, data, options);
};
module.exports.appendFile = async function appendFile(path, data, options) {
  if (path instanceof FileHandle) return path.appendFile(data, options);
  await settle(options);
  if (isIterable(data)) return writeChunks(path, data, options, 'a');
  return s.appendFileSync(path, data, options);
};
module.exports.constants = require('fs').constants;
// As Node on Linux: lchmod needs O_SYMLINK, which only macOS has.
module.exports.lchmod = async function lchmod(path, mode) {
  s.pathArg(path);
  throw require('hostrt:web/errors').coded(Error, 'ERR_METHOD_NOT_IMPLEMENTED', 'The lchmod() method is not implemented');
};
module.exports.open = async function open(path, flags, mode) {
  return new FileHandle(s.openSync(path, flags, mode));
};
module.exports.readFile = async function readFile(path, options = undefined) {
  if (path instanceof FileHandle) return path.readFile(options);
  await settle(options);
  try {
    return s.readFileSync(path, options);
  } catch (e) {
    if (!require('hostrt:fs/vfs').notPushed(e)) throw e;
    return c.toResult(await c.readLive(c.pathArg(path)), c.encodingOf(options));
  }
};
module.exports.access = async function access(path, mode = undefined) {
  try {
    s.accessSync(path, mode);
  } catch (e) {
    if (!c.askHost(e, c.pathArg(path))) throw e;
    await c.accessLive(c.pathArg(path), mode);
  }
};
