// fs's synchronous API over the view of the granted paths (vfs.js): Node's argument checks,
// flags, descriptors, Stats/Dirent and errors. Callback and promise forms are built on these in
// fs.js / promises.js.
'use strict';
// A callback in a later turn of the loop, called as Node calls them (no receiver).
function later(fn, ...args) { setImmediate(() => fn(...args)); }
const v = require('hostrt:fs/vfs');
const { coded } = require('hostrt:web/errors');
const { outOfRange, invalidArgType, abortError, validateAbortSignal } = require('hostrt:errors');

const { uvError, absolute, lookup } = v;
/** The absolute path of `p` with symbolic links followed, the last one included. */
function real(p) { return v.follow(absolute(p)); }
let BufferCtor;
function B() { return BufferCtor || (BufferCtor = require('buffer').Buffer); }

// -- arguments ----------------------------------------------------------------------------------
function pathArg(path, name = 'path') {
  let p;
  if (typeof path === 'string') p = path;
  else if (path instanceof URL) {
    if (path.protocol !== 'file:') throw coded(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
    p = require('url').fileURLToPath(path);
  } else if (ArrayBuffer.isView(path)) p = new TextDecoder().decode(path);
  else throw invalidArgType(name, 'of type string or an instance of Buffer or URL', path);
  if (p.includes('\u0000')) {
    throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument '${name}' must be a string, ` +
      `Uint8Array, or URL without null bytes. Received ${require('util').inspect(p)}`);
  }
  return p;
}
function fdArg(fd) {
  if (typeof fd !== 'number') throw invalidArgType('fd', 'of type number', fd);
  if (!Number.isInteger(fd)) throw outOfRange('fd', 'an integer', fd);
  if (fd < 0 || fd > 2147483647) throw outOfRange('fd', '>= 0 && <= 2147483647', fd);
  return fd;
}
function modeArg(mode, def) {
  if (mode === undefined || mode === null) return def;
  if (typeof mode === 'string') {
    if (!/^[0-7]+$/.test(mode)) {
      throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'mode' must be a 32-bit unsigned integer or an octal string. Received '${mode}'`);
    }
    return parseInt(mode, 8);
  }
  if (typeof mode !== 'number') throw invalidArgType('mode', 'of type number', mode);
  if (!Number.isInteger(mode)) throw outOfRange('mode', 'an integer', mode);
  if (mode < 0 || mode > 4294967295) throw outOfRange('mode', '>= 0 && <= 4294967295', mode);
  return mode;
}
function optionsOf(options, defaults) {
  if (options === undefined || options === null) return { ...defaults };
  if (typeof options === 'string') { checkEncoding(options); return { ...defaults, encoding: options }; }
  if (typeof options !== 'object') throw invalidArgType('options', 'of type string or an instance of Object', options);
  checkEncoding(options.encoding);
  const out = { ...defaults };
  for (const key in options) if (options[key] !== undefined) out[key] = options[key];  // inherited too, as Node
  return out;
}
function checkEncoding(enc) {
  if (enc === undefined || enc === null || enc === 'buffer') return;
  if (!B().isEncoding(enc)) {
    throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'encoding' is invalid encoding. Received '${enc}'`);
  }
}
/** A file name in the encoding asked for (Node encodes the name's UTF-8 bytes). */
function named(name, encoding) {
  if (encoding === undefined || encoding === null || encoding === 'utf8' || encoding === 'utf-8') return name;
  return encoding === 'buffer' ? B().from(name) : B().from(name).toString(encoding);
}
function result(bytes, encoding) {
  const buf = B().from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (encoding !== undefined && encoding !== null && encoding !== 'buffer') return buf.toString(encoding);
  return B().from(buf);  // a copy: the caller may change it
}
function dataBytes(data, encoding, name = 'data') {
  if (typeof data === 'string') return new Uint8Array(B().from(data, encoding || 'utf8'));
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  throw invalidArgType(name, 'of type string or an instance of Buffer, TypedArray, or DataView', data);
}

const O = { RDONLY: 0, WRONLY: 1, RDWR: 2, CREAT: 64, EXCL: 128, TRUNC: 512, APPEND: 1024, DIRECTORY: 65536, SYNC: 1052672 };
const FLAGS = {
  r: O.RDONLY, rs: O.RDONLY | O.SYNC, sr: O.RDONLY | O.SYNC, 'r+': O.RDWR, 'rs+': O.RDWR | O.SYNC, 'sr+': O.RDWR | O.SYNC,
  w: O.TRUNC | O.CREAT | O.WRONLY, wx: O.TRUNC | O.CREAT | O.WRONLY | O.EXCL, xw: O.TRUNC | O.CREAT | O.WRONLY | O.EXCL,
  'w+': O.TRUNC | O.CREAT | O.RDWR, 'wx+': O.TRUNC | O.CREAT | O.RDWR | O.EXCL, 'xw+': O.TRUNC | O.CREAT | O.RDWR | O.EXCL,
  a: O.APPEND | O.CREAT | O.WRONLY, ax: O.APPEND | O.CREAT | O.WRONLY | O.EXCL, xa: O.APPEND | O.CREAT | O.WRONLY | O.EXCL,
  as: O.APPEND | O.CREAT | O.WRONLY | O.SYNC, sa: O.APPEND | O.CREAT | O.WRONLY | O.SYNC,
  'a+': O.APPEND | O.CREAT | O.RDWR, 'ax+': O.APPEND | O.CREAT | O.RDWR | O.EXCL, 'xa+': O.APPEND | O.CREAT | O.RDWR | O.EXCL,
  'as+': O.APPEND | O.CREAT | O.RDWR | O.SYNC, 'sa+': O.APPEND | O.CREAT | O.RDWR | O.SYNC,
};
function flagsArg(flags, def = 'r') {
  if (flags === undefined || flags === null) flags = def;
  if (typeof flags === 'number') return flags;
  if (typeof flags === 'string' && Object.hasOwn(FLAGS, flags)) return FLAGS[flags];
  throw coded(TypeError, 'ERR_INVALID_ARG_VALUE', `The argument 'flags' is invalid. Received ${require('util').inspect(flags)}`);
}

// -- Stats / Dirent -------------------------------------------------------------------------------
const S_IFMT = 0o170000;
function StatsBase(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks) {
  Object.assign(this, { dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks });
}
StatsBase.prototype.isDirectory = function isDirectory() { return (Number(this.mode) & S_IFMT) === 0o040000; };
StatsBase.prototype.isFile = function isFile() { return (Number(this.mode) & S_IFMT) === 0o100000; };
StatsBase.prototype.isBlockDevice = function isBlockDevice() { return (Number(this.mode) & S_IFMT) === 0o060000; };
StatsBase.prototype.isCharacterDevice = function isCharacterDevice() { return (Number(this.mode) & S_IFMT) === 0o020000; };
StatsBase.prototype.isSymbolicLink = function isSymbolicLink() { return (Number(this.mode) & S_IFMT) === 0o120000; };
StatsBase.prototype.isFIFO = function isFIFO() { return (Number(this.mode) & S_IFMT) === 0o010000; };
StatsBase.prototype.isSocket = function isSocket() { return (Number(this.mode) & S_IFMT) === 0o140000; };

function Stats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
  StatsBase.call(this, dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks);
  Object.assign(this, { atimeMs, mtimeMs, ctimeMs, birthtimeMs,
    atime: new Date(atimeMs), mtime: new Date(mtimeMs), ctime: new Date(ctimeMs), birthtime: new Date(birthtimeMs) });
}
Object.setPrototypeOf(Stats.prototype, StatsBase.prototype);

function BigIntStats(dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, atimeMs, mtimeMs, ctimeMs, birthtimeMs) {
  const big = (n) => BigInt(Math.trunc(n));
  const ns = (ms) => BigInt(Math.trunc(ms)) * 1000000n + BigInt(Math.round((ms % 1) * 1e6));
  StatsBase.call(this, big(dev), big(mode), big(nlink), big(uid), big(gid), big(rdev), big(blksize), big(ino), big(size), big(blocks));
  Object.assign(this, { atimeMs: big(atimeMs), mtimeMs: big(mtimeMs), ctimeMs: big(ctimeMs), birthtimeMs: big(birthtimeMs),
    atimeNs: ns(atimeMs), mtimeNs: ns(mtimeMs), ctimeNs: ns(ctimeMs), birthtimeNs: ns(birthtimeMs),
    atime: new Date(atimeMs), mtime: new Date(mtimeMs), ctime: new Date(ctimeMs), birthtime: new Date(birthtimeMs) });
}
Object.setPrototypeOf(BigIntStats.prototype, StatsBase.prototype);

function statsOf(node, bigint) {
  const size = node.kind === 'd' ? 4096 : node.size;
  const C = bigint ? BigIntStats : Stats;
  return new C(node.dev, node.mode, node.nlink, node.uid, node.gid, 0, 4096, node.ino, size,
    Math.ceil(size / 512 / 8) * 8, node.atimeMs, node.mtimeMs, node.ctimeMs, node.birthtimeMs);
}

const kType = Symbol('type');
class Dirent {
  constructor(name, type, path) {
    this.name = name;
    this.path = path;
    this[kType] = type;
  }
  isDirectory() { return this[kType] === 2; }
  isFile() { return this[kType] === 1; }
  isBlockDevice() { return false; }
  isCharacterDevice() { return false; }
  isSymbolicLink() { return this[kType] === 3; }
  isFIFO() { return false; }
  isSocket() { return false; }
}

// -- descriptors ----------------------------------------------------------------------------------
const fds = new Map();
function allocFd() {
  let fd = 3;
  while (fds.has(fd)) fd++;
  return fd;
}
function fileOf(fd, syscall) {
  const f = fds.get(fdArg(fd));
  if (f === undefined) throw uvError('EBADF', syscall);
  return f;
}
function livePath(f) { return v.nodes.get(f.abs) === f.node ? f.abs : null; }

function openSync(path, flags, mode) {
  const p = pathArg(path);
  const fl = flagsArg(flags);
  const m = modeArg(mode, 0o666);
  const abs = real(p);
  const acc = fl & 3;
  if (acc !== O.RDONLY || (fl & (O.CREAT | O.TRUNC))) v.mustWrite(abs);
  let node = lookup(abs, 'open', p, { missingOk: true });
  if (node !== undefined && (fl & O.CREAT) && (fl & O.EXCL)) throw uvError('EEXIST', 'open', p);
  if (node === undefined) {
    if (!(fl & O.CREAT)) throw uvError('ENOENT', 'open', p);
    node = v.createFile(abs, p, m);
  } else {
    if (node.kind === 'd' && acc !== O.RDONLY) throw uvError('EISDIR', 'open', p);
    if (acc !== O.RDONLY || (fl & O.TRUNC)) v.mustWrite(abs);
    if ((fl & O.TRUNC) && node.kind === 'f' && acc !== O.RDONLY) v.truncateNode(node, abs, 0);
  }
  if ((fl & O.DIRECTORY) && node.kind !== 'd') throw uvError('ENOTDIR', 'open', p);
  const fd = allocFd();
  fds.set(fd, { abs, node, path: p, read: acc !== O.WRONLY, write: acc !== O.RDONLY, append: !!(fl & O.APPEND), pos: 0 });
  return fd;
}
function closeSync(fd) {
  fileOf(fd, 'close');
  fds.delete(fd);
}
function fstatSync(fd, options = undefined) {
  const f = fileOf(fd, 'fstat');
  return statsOf(f.node, !!(options && options.bigint));
}
function positionArg(position) {
  if (position === undefined || position === null) return null;
  if (typeof position === 'bigint') {
    if (position < -1n || position > 9223372036854775807n) {
      throw outOfRange('position', '>= -1 && <= 9223372036854775807', position);
    }
    return position === -1n ? null : Number(position);
  }
  if (typeof position !== 'number') throw invalidArgType('position', 'of type number or bigint', position);
  if (!Number.isInteger(position)) throw outOfRange('position', 'an integer', position);
  if (position < -1 || position > Number.MAX_SAFE_INTEGER) {
    throw outOfRange('position', `>= -1 && <= ${Number.MAX_SAFE_INTEGER}`, position);
  }
  return position === -1 ? null : position;
}
function integerArg(value, name, min = 0, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < min || value > max) throw outOfRange(name, `>= ${min} && <= ${max}`, value);
  return value;
}
const VIEW = 'an instance of Buffer, TypedArray, or DataView';
// Node's argument handling of fs.read/readSync: (fd, buffer, offset, length, position) or
// (fd, buffer, { offset, length, position }).
function readArgs(buffer, offset, length, position, asOptions) {
  if (!ArrayBuffer.isView(buffer)) throw invalidArgType('buffer', VIEW, buffer);
  if (asOptions || (offset !== null && typeof offset === 'object')) {
    if (offset !== undefined && offset !== null && (typeof offset !== 'object' || Array.isArray(offset))) {
      throw invalidArgType('options', 'of type object', offset);
    }
    ({ offset = 0, length = buffer.byteLength - offset, position = null } = offset ?? {});
  }
  if (offset === undefined || offset === null) offset = 0;
  else integerArg(offset, 'offset', 0);
  if (length === undefined) length = buffer.byteLength - offset;
  length |= 0;
  if (length === 0) return { offset, length, position: null };
  if (buffer.byteLength === 0) {
    throw coded(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'buffer' is empty and cannot be written. Received ${require('util').inspect(buffer)}`);
  }
  if (length < 0) throw outOfRange('length', '>= 0', length);
  if (offset + length > buffer.byteLength) throw outOfRange('length', `<= ${buffer.byteLength - offset}`, length);
  return { offset, length, position: positionArg(position) };
}
function readSync(fd, buffer, offsetOrOptions, length, position) {
  fdArg(fd);
  const a = readArgs(buffer, offsetOrOptions, length, position, arguments.length <= 3);
  const f = fileOf(fd, 'read');
  if (a.length === 0) return 0;
  if (!f.read) throw uvError('EBADF', 'read');
  if (f.node.kind === 'd') throw uvError('EISDIR', 'read');
  const data = v.contentOf(f.node, 'fs.readSync', f.path);
  const at = a.position === null ? f.pos : a.position;
  const n = Math.max(0, Math.min(a.length, data.length - at));
  new Uint8Array(buffer.buffer, buffer.byteOffset + a.offset, n).set(data.subarray(at, at + n));
  if (a.position === null) f.pos += n;
  f.node.atimeMs = Date.now();
  return n;
}
// Node's argument handling of fs.write/writeSync: a view with (offset, length, position) or
// ({ offset, length, position }), or a string with (position, encoding).
function writeArgs(buffer, offset, length, position) {
  if (ArrayBuffer.isView(buffer)) {
    if (offset !== null && typeof offset === 'object') {
      ({ offset = 0, length = buffer.byteLength - offset, position = null } = offset);
    }
    if (offset === undefined || offset === null) offset = 0;
    else integerArg(offset, 'offset', 0);
    if (typeof length !== 'number') length = buffer.byteLength - offset;
    if (typeof position !== 'number' && typeof position !== 'bigint') position = null;
    if (offset > buffer.byteLength) throw outOfRange('offset', `<= ${buffer.byteLength}`, offset);
    if (length > buffer.byteLength - offset) throw outOfRange('length', `<= ${buffer.byteLength - offset}`, length);
    if (length < 0) throw outOfRange('length', '>= 0', length);
    integerArg(length, 'length', 0, 2147483647);
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + offset, length).slice();
    return { bytes, position: positionArg(position) };
  }
  if (typeof buffer !== 'string') {
    throw invalidArgType('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', buffer);
  }
  // As Node: an encoding it does not know is utf8 here; odd-length hex is refused.
  const enc = typeof length === 'string' && B().isEncoding(length) ? length : 'utf8';
  if (enc === 'hex' && buffer.length % 2 !== 0) {
    throw coded(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'encoding' is invalid for data of length ${buffer.length}. Received 'hex'`);
  }
  return { bytes: dataBytes(buffer, enc, 'buffer'), position: typeof offset === 'number' || typeof offset === 'bigint' ? positionArg(offset) : null };
}
function writeSync(fd, buffer, offsetOrOptions, length, position) {
  fdArg(fd);
  const { bytes, position: pos } = writeArgs(buffer, offsetOrOptions, length, position);
  const f = fileOf(fd, 'write');
  if (!f.write) throw uvError('EBADF', 'write');
  const at = f.append ? f.node.size : (pos === null ? f.pos : pos);
  v.writeAt(f.node, livePath(f), at, bytes);
  if (pos === null || f.append) f.pos = at + bytes.length;
  return bytes.length;
}
function ftruncateSync(fd, len = 0) {
  const f = fileOf(fd, 'ftruncate');
  if (!f.write) throw uvError('EINVAL', 'ftruncate');
  v.truncateNode(f.node, livePath(f), Math.max(0, len));
}
function fsyncSync(fd) { fileOf(fd, 'fsync'); }
function fdatasyncSync(fd) { fileOf(fd, 'fdatasync'); }

// -- whole files ------------------------------------------------------------------------------------
// An already aborted `signal` ends a whole-file read or write before it starts, as in Node.
function checkSignal(signal) {
  if (signal === undefined) return;
  validateAbortSignal(signal, 'options.signal');
  if (signal.aborted) throw abortError(signal.reason);
}
function readFileSync(path, options = undefined) {
  const opts = optionsOf(options, { flag: 'r' });
  checkEncoding(opts.encoding);
  checkSignal(opts.signal);
  if (typeof path === 'number') {
    const f = fileOf(path, 'read');
    if (f.node.kind === 'd') throw uvError('EISDIR', 'read');
    const data = v.contentOf(f.node, 'fs.readFileSync', f.path);
    const out = data.subarray(f.pos);
    f.pos = data.length;
    return result(out, opts.encoding);
  }
  const p = pathArg(path);
  const abs = real(p);
  const fl = flagsArg(opts.flag || 'r');
  if (fl !== O.RDONLY) {
    const fd = openSync(p, opts.flag, 0o666);
    try { return readFileSync(fd, opts); } finally { closeSync(fd); }
  }
  const node = lookup(abs, 'open', p);
  if (node.kind === 'd') throw uvError('EISDIR', 'read');
  if (node.size > 2147483647) {
    throw coded(RangeError, 'ERR_FS_FILE_TOO_LARGE', `File size (${node.size}) is greater than 2 GiB`);
  }
  node.atimeMs = Date.now();
  return result(v.contentOf(node, 'fs.readFileSync', p), opts.encoding);
}
function writeAll(path, data, options, defaultFlag, api) {
  const opts = optionsOf(options, { encoding: 'utf8', mode: 0o666, flag: defaultFlag });
  checkEncoding(opts.encoding);
  if (typeof data !== 'string' && !ArrayBuffer.isView(data)) {
    throw invalidArgType('data', 'of type string or an instance of Buffer, TypedArray, or DataView', data);
  }
  checkSignal(opts.signal);
  const bytes = dataBytes(data, opts.encoding);
  if (typeof path === 'number') {
    writeSync(path, bytes, 0, bytes.length, null);
    return;
  }
  const fd = openSync(pathArg(path), opts.flag || defaultFlag, opts.mode);
  try {
    const f = fds.get(fd);
    if (f.node.kind === 'd') throw uvError('EISDIR', 'open', pathArg(path));
    if (bytes.length > 0) writeSync(fd, bytes, 0, bytes.length, null);
  } finally {
    closeSync(fd);
  }
  void api;
}
function writeFileSync(path, data, options = undefined) { writeAll(path, data, options, 'w', 'writeFile'); }
function appendFileSync(path, data, options = undefined) {
  const opts = optionsOf(options, { encoding: 'utf8', mode: 0o666, flag: 'a' });
  writeAll(path, data, opts, 'a', 'appendFile');
}
function truncateSync(path, len = 0) {
  if (typeof path === 'number') {
    warnOnce('DEP0081', 'Using fs.truncate with a file descriptor is deprecated.' +
      ' Please use fs.ftruncate with a file descriptor instead.');
    return ftruncateSync(path, len);
  }
  const p = pathArg(path);
  const abs = real(p);
  v.mustWrite(abs);
  const node = lookup(abs, 'open', p);
  if (node.kind === 'd') throw uvError('EISDIR', 'open', p);
    v.truncateNode(node, abs, Math.max(0, len));
}

// -- names ------------------------------------------------------------------------------------------
function existsSync(path) {
  let p;
  try { p = pathArg(path); } catch { return false; }
  let abs;
  try { abs = real(p); } catch { return false; }
  if (!v.covers(abs)) throw v.denied('FileSystemRead', abs);
  try { return lookup(abs, 'access', p, { missingOk: true }) !== undefined; } catch { return false; }
}
function accessSync(path, mode = 0) {
  const p = pathArg(path);
  mode = integerArg(mode ?? 0, 'mode', 0, 7);
  const abs = real(p);
  const node = lookup(abs, 'access', p);
  if ((mode & 2) && (!node.rw || !(node.mode & 0o222))) throw uvError('EACCES', 'access', p);
  if ((mode & 1) && !(node.mode & 0o111)) throw uvError('EACCES', 'access', p);
}
function statSync(path, options = undefined) {
  const p = pathArg(path);
  const opts = options || {};
  const node = lookup(real(p), 'stat', p, { missingOk: opts.throwIfNoEntry === false });
  return node === undefined ? undefined : statsOf(node, !!opts.bigint);
}
function lstatSync(path, options = undefined) {
  const p = pathArg(path);
  const opts = options || {};
  const node = lookup(absolute(p), 'lstat', p, { missingOk: opts.throwIfNoEntry === false });
  return node === undefined ? undefined : statsOf(node, !!opts.bigint);
}
function realpathSync(path, options = undefined) {
  const p = pathArg(path);
  const abs = real(p);
  lookup(abs, 'lstat', p);
  return named(abs, optionsOf(options, {}).encoding);
}
realpathSync.native = function realpathSyncNative(path, options) {
  try { return realpathSync(path, options); } catch (e) {
    if (e.syscall === 'lstat') { e.syscall = 'realpath'; e.message = e.message.replace(', lstat ', ', realpath '); }
    throw e;
  }
};
function readdirSync(path, options = undefined) {
  const p = pathArg(path);
  const opts = optionsOf(options, { encoding: 'utf8' });
  checkEncoding(opts.encoding);
  const abs = real(p);
  const node = lookup(abs, 'scandir', p);
  if (node.kind !== 'd') throw uvError('ENOTDIR', 'scandir', p);
  const list = [];
  // Node's order for `recursive`: a directory's entries, then those of its subdirectories.
  const queue = [[abs, '']];
  while (queue.length > 0) {
    const [dir, prefix] = queue.shift();
    const dnode = v.nodes.get(dir);
    for (const name of [...dnode.children].sort()) {
      const full = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const child = v.nodes.get(full);
      if (!child) continue;
      const rel = prefix ? `${prefix}/${name}` : name;
      if (opts.withFileTypes) list.push(new Dirent(name, child.kind === 'd' ? 2 : child.kind === 'l' ? 3 : 1, dir));
      else list.push(named(rel, opts.encoding));
      if (opts.recursive && child.kind === 'd') queue.push([full, rel]);
    }
  }
  return list;
}
// Directory streams over the view: the listing taken at opendir time, handed out entry by entry.
const kList = Symbol('kList');
const kDirPath = Symbol('kDirPath');
const kClosed = Symbol('kClosed');
const kPending = Symbol('kPending');
function concurrent() {
  return coded(Error, 'ERR_DIR_CONCURRENT_OPERATION',
    'Cannot do synchronous work on directory handle with concurrent asynchronous operations');
}
function dirClosed() { return coded(Error, 'ERR_DIR_CLOSED', 'Directory handle was closed'); }
class Dir {
  constructor(handle, path, options) {
    if (handle === undefined || handle === null) {
      throw coded(TypeError, 'ERR_MISSING_ARGS', 'The "handle" argument must be specified');
    }
    this[kList] = handle;
    this[kDirPath] = path;
    this[kClosed] = false;
    this[kPending] = 0;
    void options;
  }
  get path() { return this[kDirPath]; }
  readSync() {
    if (this[kClosed]) throw dirClosed();
    if (this[kPending] > 0) throw concurrent();
    return this[kList].length > 0 ? this[kList].shift() : null;
  }
  read(callback) {
    if (callback === undefined) return new Promise((resolve, reject) => this.read((e, d) => (e ? reject(e) : resolve(d))));
    if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
    if (this[kClosed]) { later(callback, dirClosed()); return undefined; }
    this[kPending]++;
    setImmediate(() => {
      this[kPending]--;
      callback(null, this[kList].length > 0 ? this[kList].shift() : null);
    });
    return undefined;
  }
  closeSync() {
    if (this[kClosed]) throw dirClosed();
    if (this[kPending] > 0) throw concurrent();
    this[kClosed] = true;
  }
  close(callback) {
    if (callback === undefined) return new Promise((resolve, reject) => this.close((e) => (e ? reject(e) : resolve())));
    if (typeof callback !== 'function') throw invalidArgType('callback', 'of type function', callback);
    if (this[kClosed]) { later(callback, dirClosed()); return undefined; }
    this[kClosed] = true;  // reads already queued still complete first
    later(callback, null);
    return undefined;
  }
  async* entries() {
    try {
      for (;;) {
        const entry = await this.read();
        if (entry === null) break;
        yield entry;
      }
    } finally {
      if (!this[kClosed]) this.closeSync();
    }
  }
  [Symbol.asyncIterator]() { return this.entries(); }
}
function opendirSync(path, options = undefined) {
  const p = pathArg(path);
  const opts = optionsOf(options, { encoding: 'utf8', bufferSize: 32 });
  integerArg(opts.bufferSize, 'options.bufferSize', 1, 4294967295);
  const list = readdirSync(p, { withFileTypes: true, encoding: opts.encoding });
  for (const entry of list) entry.path = p;
  return new Dir(list, p, opts);
}
// File-system figures of a granted path: those the host read under its root at start-up.
class StatFs {
  constructor(type, bsize, blocks, bfree, bavail, files, ffree) {
    Object.assign(this, { type, bsize, blocks, bfree, bavail, files, ffree });
  }
}
function statfsSync(path, options = undefined) {
  const p = pathArg(path);
  const abs = real(p);
  lookup(abs, 'statfs', p);
  const root = v.writeRoot(abs) ?? v.readRoot(abs);
  const figures = (v.config.statfs || {})[root];
  if (!figures) throw uvError('EACCES', 'statfs', p);
  const big = options && options.bigint;
  return new StatFs(...figures.map((n) => (big ? BigInt(n) : n)));
}
function readlinkSync(path, options = undefined) {
  const p = pathArg(path);
  const enc = optionsOf(options, {}).encoding;
  checkEncoding(enc);
  const node = lookup(absolute(p), 'readlink', p);
  if (node.kind !== 'l') throw uvError('EINVAL', 'readlink', p);
  return named(node.target, enc);
}
// Symbolic links of the view: their targets must lie under a granted path (as the permission
// model asks), so following one never leaves the grants.
function symlinkSync(target, path, type = undefined) {
  const t = pathArg(target, 'target');
  const p = pathArg(path);
  if (type !== undefined && type !== null && type !== 'dir' && type !== 'file' && type !== 'junction') {
    throw coded(Error, 'ERR_FS_INVALID_SYMLINK_TYPE',
      `Symlink type must be one of "dir", "file", or "junction". Received "${type}"`);
  }
  const abs = absolute(p);
  v.mustWrite(abs);
  const dest = v.absolute(t.startsWith('/') ? t : `${v.parentOf(abs)}/${t}`);
  if (!v.covers(dest)) throw v.denied('FileSystemRead', dest);
  if (lookup(abs, 'symlink', p, { missingOk: true }) !== undefined) throw uvError('EEXIST', 'symlink', t, p);
  const parent = v.writableParent(abs, 'symlink', p);
  const node = v.newNode('f', 0o777, parent);
  Object.assign(node, { kind: 'l', mode: 0o120777, target: t, data: null, size: new TextEncoder().encode(t).length });
  v.link(parent, abs, node);
  v.post('symlink', t, abs);
}
function linkSync(existingPath, newPath) {
  const from = pathArg(existingPath, 'existingPath');
  const to = pathArg(newPath, 'newPath');
  const a = absolute(from);
  const b = absolute(to);
  v.mustWrite(a);
  v.mustWrite(b);
  const node = lookup(a, 'link', from, { missingOk: true });
  if (node === undefined) throw uvError('ENOENT', 'link', from, to);
  if (node.kind === 'd') throw uvError('EPERM', 'link', from, to);
  if (lookup(b, 'link', to, { missingOk: true }) !== undefined) throw uvError('EEXIST', 'link', from, to);
  const parent = v.writableParent(b, 'link', to);
  node.nlink++;
  node.ctimeMs = Date.now();
  v.link(parent, b, node);
  v.post('link', a, b);
}
function mkdirSync(path, options = undefined) {
  const p = pathArg(path);
  let recursive = false;
  let mode = 0o777;
  if (typeof options === 'number' || typeof options === 'string') mode = modeArg(options, 0o777);
  else if (options !== undefined && options !== null) {
    if (typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    recursive = options.recursive === undefined ? false : options.recursive;
    if (typeof recursive !== 'boolean') throw invalidArgType('options.recursive', 'of type boolean', recursive);
    mode = modeArg(options.mode, 0o777);
  }
  const abs = absolute(p);
  v.mustWrite(abs);
  if (!recursive) {
    if (lookup(abs, 'mkdir', p, { missingOk: true }) !== undefined) throw uvError('EEXIST', 'mkdir', p);
    makeDir(abs, p, mode);
    return undefined;
  }
  // Recursive: create each missing ancestor; the first one created is the answer.
  const existing = lookup(abs, 'mkdir', p, { missingOk: true });
  if (existing !== undefined) {
    if (existing.kind !== 'd') throw uvError('EEXIST', 'mkdir', p);
    return undefined;
  }
  const missing = [];
  let at = abs;
  while (!v.nodes.has(at) && v.covers(at)) { missing.push(at); at = v.parentOf(at); }
  if (!v.covers(at)) throw v.denied('FileSystemWrite', at);
  const top = v.nodes.get(at);
  if (top.kind !== 'd') throw uvError('ENOTDIR', 'mkdir', p);
  missing.reverse();
  for (const dir of missing) makeDir(dir, p, mode);
  return missing[0];
}
function makeDir(abs, shown, mode) {
  const parent = v.writableParent(abs, 'mkdir', shown);
  const node = v.newNode('d', mode, parent);
  v.link(parent, abs, node);
  v.post('mkdir', abs, node.mode & 0o7777);
}
const CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function mkdtempSync(prefix, options = undefined) {
  const opts = optionsOf(options, { encoding: 'utf8' });
  if (typeof prefix !== 'string' && !ArrayBuffer.isView(prefix) && !(prefix instanceof URL)) {
    throw invalidArgType('prefix', 'of type string or an instance of Buffer or URL', prefix);
  }
  const p = pathArg(prefix, 'prefix');
  v.mustWrite(absolute(p));
  if (p.endsWith('X') && !warned.has('mkdtemp')) {
    warned.add('mkdtemp');
    process.emitWarning('mkdtemp() templates ending with X are not portable. ' +
      'For details see: https://nodejs.org/api/fs.html');
  }
  for (let tries = 0; tries < 100; tries++) {
    let suffix = '';
    for (let i = 0; i < 6; i++) suffix += CHARS[Math.floor(Math.random() * CHARS.length)];
    const path = p + suffix;
    const abs = absolute(path);
    if (lookup(abs, 'mkdtemp', `${p}XXXXXX`, { missingOk: true }) !== undefined) continue;
    try {
      makeDir(abs, `${p}XXXXXX`, 0o700);
    } catch (e) {
      if (e.syscall === 'mkdir') { e.syscall = 'mkdtemp'; e.message = e.message.replace(', mkdir ', ', mkdtemp '); }
      throw e;
    }
    return named(path, opts.encoding);
  }
  throw uvError('EEXIST', 'mkdtemp', `${p}XXXXXX`);
}
function rmdirSync(path, options = undefined) {
  const p = pathArg(path);
  const abs = absolute(p);
  v.mustWrite(abs);
  if (options && options.recursive) {
    warnOnce('DEP0147', 'In future versions of Node.js, fs.rmdir(path, { recursive: true }) ' +
      'will be removed. Use fs.rm(path, { recursive: true }) instead');
    const node = lookup(abs, 'lstat', p);
    if (node.kind !== 'd') throw uvError('ENOTDIR', 'rmdir', p);
    return removeTree(abs, p);
  }
  const node = lookup(abs, 'rmdir', p);
  if (node.kind !== 'd') throw uvError('ENOTDIR', 'rmdir', p);
  v.writableParent(abs, 'rmdir', p);
  if (node.children.size > 0) throw uvError('ENOTEMPTY', 'rmdir', p);
  v.unlinkNode(abs);
  v.post('rmdir', abs);
}
const warned = new Set();
function warnOnce(code, message) {
  if (warned.has(code)) return;
  warned.add(code);
  process.emitWarning(message, 'DeprecationWarning', code);
}
function removeTree(abs, shown) {
  v.writableParent(abs, 'rm', shown);
  for (const key of [...v.nodes.keys()]) {
    if (key.startsWith(abs + '/')) v.nodes.delete(key);
  }
  v.unlinkNode(abs);
  v.post('rmtree', abs);
}
function rmSync(path, options = undefined) {
  const p = pathArg(path);
  const opts = options || {};
  if (typeof opts !== 'object') throw invalidArgType('options', 'of type object', options);
  for (const key of ['recursive', 'force']) {
    if (opts[key] !== undefined && typeof opts[key] !== 'boolean') throw invalidArgType(`options.${key}`, 'of type boolean', opts[key]);
  }
  const abs = absolute(p);
  v.mustWrite(abs);
  const node = lookup(abs, 'lstat', p, { missingOk: true });
  if (node === undefined) {
    if (opts.force) return;
    throw uvError('ENOENT', 'lstat', p);
  }
  if (node.kind === 'd') {
    if (!opts.recursive) {
      const err = coded(Error, 'ERR_FS_EISDIR', `Path is a directory: rm returned EISDIR (is a directory) ${p}`);
      err.name = 'SystemError';
      Object.assign(err, { errno: 21, syscall: 'rm', path: p });
      err.info = { code: 'EISDIR', message: 'is a directory', path: p, syscall: 'rm', errno: 21 };
      throw err;
    }
    return removeTree(abs, p);
  }
  unlinkSync(p);
}
function unlinkSync(path) {
  const p = pathArg(path);
  const abs = absolute(p);
  v.mustWrite(abs);
  const node = lookup(abs, 'unlink', p);
  if (node.kind === 'd') { const e = uvError('EISDIR', 'unlink', p); throw e; }
  v.writableParent(abs, 'unlink', p);
  v.unlinkNode(abs);
  v.post('unlink', abs);
}
function renameSync(oldPath, newPath) {
  const from = pathArg(oldPath, 'oldPath');
  const to = pathArg(newPath, 'newPath');
  const a = absolute(from);
  const b = absolute(to);
  const err = (code) => uvError(code, 'rename', from, to);
  v.mustWrite(a);
  v.mustWrite(b);
  const node = lookup(a, 'rename', from, { missingOk: true });
  if (node === undefined) throw err('ENOENT');
  v.writableParent(a, 'rename', from);
  const parent = v.writableParent(b, 'rename', to);
  if (a === b) return;
  const target = v.nodes.get(b);
  if (node.kind === 'd' && (b + '/').startsWith(a + '/')) throw err('EINVAL');
  if (target) {
    if (node.kind === 'd' && target.kind !== 'd') throw err('ENOTDIR');
    if (node.kind !== 'd' && target.kind === 'd') throw err('EISDIR');
    if (target.kind === 'd' && target.children.size > 0) throw err('ENOTEMPTY');
    v.unlinkNode(b);
  }
  const moved = [...v.nodes.entries()].filter(([k]) => k.startsWith(a + '/'));
  v.unlinkNode(a);
  node.nlink = node.kind === 'd' ? 2 : node.nlink + 1;
  v.link(parent, b, node);
  for (const [k, n] of moved) { v.nodes.delete(k); v.nodes.set(b + k.slice(a.length), n); }
  for (const f of fds.values()) {
    if (f.abs === a || f.abs.startsWith(a + '/')) f.abs = b + f.abs.slice(a.length);
  }
  node.ctimeMs = Date.now();
  v.post('rename', a, b);
}
function copyFileSync(src, dest, mode = 0) {
  const from = pathArg(src, 'src');
  const to = pathArg(dest, 'dest');
  mode = integerArg(mode ?? 0, 'mode', 0, 7);
  const a = real(from);
  const b = real(to);
  v.mustWrite(b);
  const node = lookup(a, 'copyfile', from, { missingOk: true });
  if (node === undefined) throw uvError('ENOENT', 'copyfile', from, to);
  if (node.kind === 'd') throw uvError('EISDIR', 'copyfile', from, to);
  const existing = lookup(b, 'copyfile', to, { missingOk: true });
  if (existing !== undefined && (mode & 1)) throw uvError('EEXIST', 'copyfile', from, to);
  if (existing !== undefined && existing.kind === 'd') throw uvError('EISDIR', 'copyfile', from, to);
  const parent = v.writableParent(b, 'copyfile', to);
  let target = existing;
  if (target === undefined) {
    target = v.newNode('f', node.mode & 0o7777, parent);
    target.mode = node.mode;
    v.link(parent, b, target);
  }
  target.data = node.data === null ? null : node.data.slice();
  target.size = node.size;
  v.touch(target);
  if (node.rw || v.writeRoot(a) !== undefined) v.post('copy', a, b);
  else v.post('write', b, 0, v.toBase64(v.contentOf(node, 'fs.copyFileSync', from)));
}
// Node's toUnixTimestamp: seconds from a number, a numeric string or a Date; a negative number
// means now.
function toUnixTimestamp(time, name = 'time') {
  // eslint-disable-next-line eqeqeq
  if (typeof time === 'string' && +time == time) return +time;
  if (Number.isFinite(time)) return time < 0 ? Date.now() / 1000 : time;
  if (time instanceof Date) return time.getTime() / 1000;
  throw invalidArgType(name, 'an instance of Date or Time in seconds', time);
}
function timeArg(t, name) { return toUnixTimestamp(t, name) * 1000; }
function setTimes(node, abs, atime, mtime) {
  node.atimeMs = timeArg(atime, 'atime');
  node.mtimeMs = timeArg(mtime, 'mtime');
  node.ctimeMs = Date.now();
  if (abs !== null) v.post('utimes', abs, node.atimeMs / 1000, node.mtimeMs / 1000);
}
function utimesSync(path, atime, mtime) {
  const p = pathArg(path);
  const abs = real(p);
  v.mustWrite(abs);
  const node = lookup(abs, 'utime', p);
    setTimes(node, abs, atime, mtime);
}
function lutimesSync(path, atime, mtime) {
  const p = pathArg(path);
  const abs = absolute(p);  // the link itself, not its target
  v.mustWrite(abs);
  setTimes(lookup(abs, 'lutime', p), abs, atime, mtime);
}
function futimesSync(fd, atime, mtime) {
  const f = fileOf(fd, 'futime');
  setTimes(f.node, livePath(f), atime, mtime);
}
function setMode(node, abs, mode) {
  node.mode = (node.mode & ~0o7777) | (mode & 0o7777);
  node.ctimeMs = Date.now();
  if (abs !== null) v.post('chmod', abs, mode & 0o7777);
}
function chmodSync(path, mode) {
  const p = pathArg(path);
  const m = modeArg(mode);
  const abs = real(p);
  v.mustWrite(abs);
  const node = lookup(abs, 'chmod', p);
    setMode(node, abs, m);
}
function fchmodSync(fd, mode) {
  const m = modeArg(mode);
  const f = fileOf(fd, 'fchmod');
  setMode(f.node, livePath(f), m);
}
// Ownership: only a no-op change (to the current owner, or -1) succeeds, as for an
// unprivileged process; anything else is Node's EPERM.
function idsArg(uid, gid) {
  for (const [name, val] of [['uid', uid], ['gid', gid]]) {
    if (typeof val !== 'number') throw invalidArgType(name, 'of type number', val);
    if (!Number.isInteger(val)) throw outOfRange(name, 'an integer', val);
    if (val < -1 || val > 4294967295) throw outOfRange(name, '>= -1 && <= 4294967295', val);
  }
}
function own(node, uid, gid, syscall, shown) {
  idsArg(uid, gid);
  if ((uid !== -1 && uid !== node.uid) || (gid !== -1 && gid !== node.gid)) throw uvError('EPERM', syscall, shown);
}
function chownSync(path, uid, gid) {
  const p = pathArg(path);
  idsArg(uid, gid);
  const abs = real(p);
  v.mustWrite(abs);
  own(lookup(abs, 'chown', p), uid, gid, 'chown', p);
}
function lchownSync(path, uid, gid) {
  const p = pathArg(path);
  idsArg(uid, gid);
  own(lookup(absolute(p), 'lchown', p), uid, gid, 'lchown', p);
}
function fchownSync(fd, uid, gid) { fdArg(fd); idsArg(uid, gid); own(fileOf(fd, 'fchown').node, uid, gid, 'fchown'); }
function readvSync(fd, buffers, position = null) {
  fdArg(fd);
  buffersArg(buffers);
  let total = 0;
  let pos = positionArg(position);
  for (const buf of buffers) {
    const n = readSync(fd, buf, 0, buf.byteLength, pos);
    total += n;
    if (pos !== null) pos += n;
    if (n < buf.byteLength) break;
  }
  return total;
}
function buffersArg(buffers) {
  if (!Array.isArray(buffers) || !buffers.every((b) => ArrayBuffer.isView(b))) {
    throw invalidArgType('buffers', 'an instance of ArrayBufferView[]', buffers);
  }
}
function writevSync(fd, buffers, position = null) {
  fdArg(fd);
  buffersArg(buffers);
  let total = 0;
  let pos = positionArg(position);
  for (const buf of buffers) {
    const n = writeSync(fd, buf, 0, buf.byteLength, pos);
    total += n;
    if (pos !== null) pos += n;
  }
  return total;
}

module.exports = {
  openSync, closeSync, fstatSync, readSync, writeSync, ftruncateSync, fsyncSync, fdatasyncSync,
  readFileSync, writeFileSync, appendFileSync, truncateSync, existsSync, accessSync, statSync,
  lstatSync, realpathSync, readdirSync, mkdirSync, mkdtempSync, rmdirSync, rmSync, unlinkSync,
  renameSync, copyFileSync, utimesSync, lutimesSync, futimesSync, chmodSync, fchmodSync,
  chownSync, lchownSync, fchownSync, readvSync, writevSync, readlinkSync, statfsSync,
  symlinkSync, linkSync, opendirSync, Dir,
  Stats, BigIntStats, Dirent, fds, integerArg, warnOnce, toUnixTimestamp, fileOf, pathArg, fdArg, flagsArg, O, statsOf, optionsOf,
};
