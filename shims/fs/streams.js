// fs.ReadStream / fs.WriteStream over the view of the granted paths. As in Node they are
// ES5-style constructors (old code calls `fs.ReadStream.call(this, ...)` and patches `open()`),
// whose I/O goes through `options.fs` or fs itself (open/read/write/writev/close), or through a
// FileHandle given as `fd`; so the data reaches the disk through the same write-through as every
// other fs write. The stream module is loaded on first use (fs itself stays light).
'use strict';
const c = require('hostrt:fs/common');
const s = require('hostrt:fs/sync');
const { invalidArgType, outOfRange } = require('hostrt:errors');

const kFs = Symbol('kFs');
const kHandle = Symbol('kHandle');
const kIsPerformingIO = Symbol('kIsPerformingIO');
const kIoDone = Symbol('kIoDone');
const kLive = Symbol('kLive');

let loaded = null;
function streamModule() {
  if (loaded === null) {
    loaded = require('stream');
    Object.setPrototypeOf(ReadStream.prototype, loaded.Readable.prototype);
    Object.setPrototypeOf(ReadStream, loaded.Readable);
    Object.setPrototypeOf(WriteStream.prototype, loaded.Writable.prototype);
    Object.setPrototypeOf(WriteStream, loaded.Writable);
  }
  return loaded;
}

function fsFunctions(stream, opts, names) {
  const fs = opts.fs || require('fs');
  for (const name of names) {
    if (typeof fs[name] !== 'function') throw invalidArgType(`options.fs.${name}`, 'of type function', fs[name]);
  }
  stream[kFs] = fs;
  return fs;
}
function importFd(stream, opts) {
  let fd = opts.fd ?? null;
  stream[kHandle] = null;
  if (fd !== null && typeof fd === 'object' && typeof fd.fd === 'number') {  // a FileHandle
    stream[kHandle] = fd;
    fd.on?.('close', () => stream.close());
    fd = fd.fd;
  }
  if (fd !== null) s.fdArg(fd);
  stream.fd = fd;
  if (fd === null) stream.path = typeof opts.path === 'string' ? opts.path : s.pathArg(opts.path);
  else stream.path = undefined;
}
function position(value, name) {
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isInteger(value)) throw outOfRange(name, 'an integer', value);
  if (value < 0 || value > Number.MAX_SAFE_INTEGER) throw outOfRange(name, `>= 0 && <= ${Number.MAX_SAFE_INTEGER}`, value);
  return value;
}

// Node's _construct: a descriptor given is used as is; a patched `open()` (old code) is called and
// its 'open' event ends the construction; else the stream opens its path.
function construct(callback) {
  const stream = this;
  if (typeof stream.fd === 'number') { callback(); return; }
  if (stream.open !== openReadFs && stream.open !== openWriteFs) {
    const orgEmit = stream.emit;
    stream.emit = function emit(...args) {
      if (args[0] === 'open') {
        this.emit = orgEmit;
        callback();
        Reflect.apply(orgEmit, this, args);
      } else if (args[0] === 'error') {
        this.emit = orgEmit;
        callback(args[1]);
      } else {
        Reflect.apply(orgEmit, this, args);
      }
    };
    stream.open();
    return;
  }
  // A file of an --allow-read path too large for the start-up snapshot: one live read.
  if (stream instanceof ReadStream) {
    const v = require('hostrt:fs/vfs');
    const abs = v.absolute(stream.path);
    const node = v.covers(abs) ? v.nodes.get(abs) : undefined;
    if (node !== undefined && node.kind === 'f' && node.data === null && v.writeRoot(abs) === undefined) {
      c.readLive(stream.path).then((bytes) => {
        stream[kLive] = bytes;
        callback();
        stream.emit('ready');
      }, callback);
      return;
    }
  }
  stream[kFs].open(stream.path, stream.flags, stream.mode, (er, fd) => {
    if (er) { callback(er); return; }
    stream.fd = fd;
    callback();
    stream.emit('open', stream.fd);
    stream.emit('ready');
  });
}
function destroy(err, cb) {
  const stream = this;
  const done = () => close(stream, err, cb);
  if (stream[kIsPerformingIO]) stream.once(kIoDone, (er) => close(stream, err || er, cb));
  else done();
}
function close(stream, err, cb) {
  if (typeof stream.fd !== 'number') { cb(err); return; }
  const handle = stream[kHandle];
  if (handle !== null) {
    if (stream.autoClose === false) { cb(err); return; }
    stream.fd = null;
    handle.close().then(() => cb(err), (er) => cb(err || er));
    return;
  }
  stream[kFs].close(stream.fd, (er) => cb(er || err));
  stream.fd = null;
}
function deprecatedOpen(name) {
  return function open() {
    s.warnOnce('DEP0135', `${name}.prototype.open() is deprecated`);
  };
}
const openReadFs = deprecatedOpen('ReadStream');
const openWriteFs = deprecatedOpen('WriteStream');

function ReadStream(path, options) {
  if (!(this instanceof ReadStream)) return new ReadStream(path, options);
  const { Readable } = streamModule();
  const opts = s.optionsOf(options, {});
  if (opts.highWaterMark === undefined) opts.highWaterMark = 64 * 1024;
  if (opts.autoDestroy === undefined) opts.autoDestroy = opts.autoClose === undefined ? true : opts.autoClose;
  const fs = fsFunctions(this, opts, ['open', 'read']);
  if (opts.autoDestroy) fsFunctions(this, { fs }, ['close']);
  importFd(this, { ...opts, path });
  // Every check before the stream exists: a constructed stream opens its file.
  const start = position(opts.start, 'start');
  const end = opts.end === undefined || opts.end === Infinity ? Infinity : position(opts.end, 'end');
  if (start !== undefined && start > end) throw outOfRange('start', `<= "end" (here: ${end})`, start);
  Readable.call(this, opts);
  this.flags = opts.flags === undefined ? 'r' : opts.flags;
  this.mode = opts.mode === undefined ? 0o666 : opts.mode;
  this.start = start;
  this.end = end;
  this.pos = this.start;
  this.bytesRead = 0;
  this[kIsPerformingIO] = false;
  this[kLive] = null;
}
ReadStream.prototype._construct = construct;
ReadStream.prototype.open = openReadFs;
ReadStream.prototype._read = function _read(n) {
  n = this.pos !== undefined ? Math.min(this.end - this.pos + 1, n) : Math.min(this.end - this.bytesRead + 1, n);
  if (n <= 0) { this.push(null); return; }
  if (this[kLive] !== null) {  // the live-read bytes
    const at = this.pos ?? this.bytesRead;
    const chunk = Buffer.from(this[kLive].subarray(at, at + n));
    if (chunk.length === 0) { this.push(null); return; }
    if (this.pos !== undefined) this.pos += chunk.length;
    this.bytesRead += chunk.length;
    this.push(chunk);
    return;
  }
  const buf = Buffer.allocUnsafeSlow(n);
  this[kIsPerformingIO] = true;
  const done = (er, bytesRead) => {
    this[kIsPerformingIO] = false;
    if (this.destroyed) { this.emit(kIoDone, er); return; }
    if (er) { this.destroy(er); return; }
    if (bytesRead > 0) {
      if (this.pos !== undefined) this.pos += bytesRead;
      this.bytesRead += bytesRead;
      this.push(bytesRead !== buf.length ? Buffer.from(buf.subarray(0, bytesRead)) : buf);
    } else {
      this.push(null);
    }
  };
  const handle = this[kHandle];
  if (handle !== null) {
    handle.read(buf, 0, n, this.pos ?? null).then(({ bytesRead }) => done(null, bytesRead), (er) => done(er));
  } else {
    this[kFs].read(this.fd, buf, 0, n, this.pos ?? null, done);
  }
};
ReadStream.prototype._destroy = destroy;
ReadStream.prototype.close = function closeStream(cb) {
  if (typeof cb === 'function') streamModule().finished(this, cb);
  this.destroy();
};
Object.defineProperty(ReadStream.prototype, 'pending', {
  get() { return this.fd === null; }, configurable: true,
});
Object.defineProperty(ReadStream.prototype, 'autoClose', {
  get() { return this._readableState.autoDestroy; },
  set(val) { this._readableState.autoDestroy = val; },
  configurable: true,
});

function WriteStream(path, options) {
  if (!(this instanceof WriteStream)) return new WriteStream(path, options);
  const { Writable } = streamModule();
  const opts = s.optionsOf(options, {});
  opts.decodeStrings = true;
  if (opts.autoDestroy === undefined) opts.autoDestroy = opts.autoClose === undefined ? true : opts.autoClose;
  const fs = fsFunctions(this, opts, ['open']);
  if (!fs.write && !fs.writev) fsFunctions(this, { fs }, ['write']);
  if (fs.write) fsFunctions(this, { fs }, ['write']); else this._write = null;
  if (fs.writev) fsFunctions(this, { fs }, ['writev']); else this._writev = null;
  if (opts.autoDestroy) fsFunctions(this, { fs }, ['close']);
  importFd(this, { ...opts, path });
  const start = position(opts.start, 'start');  // before the stream exists: it opens its file
  Writable.call(this, opts);
  this.flags = opts.flags === undefined ? 'w' : opts.flags;
  this.mode = opts.mode === undefined ? 0o666 : opts.mode;
  this.start = start;
  this.pos = this.start;
  this.bytesWritten = 0;
  this[kIsPerformingIO] = false;
  if (opts.encoding) this.setDefaultEncoding(opts.encoding);
}
WriteStream.prototype._construct = construct;
WriteStream.prototype.open = openWriteFs;
function written(stream, callback) {
  return (er, n) => {
    stream[kIsPerformingIO] = false;
    if (stream.destroyed) { callback(er); stream.emit(kIoDone, er); return; }
    if (er) { callback(er); return; }
    stream.bytesWritten += n;
    callback();
  };
}
WriteStream.prototype._write = function _write(chunk, encoding, callback) {
  this[kIsPerformingIO] = true;
  const done = written(this, callback);
  const handle = this[kHandle];
  if (handle !== null) {
    handle.write(chunk, 0, chunk.length, this.pos ?? null).then(({ bytesWritten }) => done(null, bytesWritten), done);
  } else {
    this[kFs].write(this.fd, chunk, 0, chunk.length, this.pos ?? null, done);
  }
  if (this.pos !== undefined) this.pos += chunk.length;
};
WriteStream.prototype._writev = function _writev(data, callback) {
  const chunks = data.map(({ chunk }) => chunk);
  const size = chunks.reduce((n, b) => n + b.length, 0);
  this[kIsPerformingIO] = true;
  const done = written(this, callback);
  const handle = this[kHandle];
  if (handle !== null) {
    handle.writev(chunks, this.pos ?? null).then(({ bytesWritten }) => done(null, bytesWritten), done);
  } else {
    this[kFs].writev(this.fd, chunks, this.pos ?? null, done);
  }
  if (this.pos !== undefined) this.pos += size;
};
WriteStream.prototype._destroy = destroy;
WriteStream.prototype.close = function closeStream(cb) {
  if (cb) {
    if (this.closed) { process.nextTick(cb); return; }
    this.on('close', cb);
  }
  if (!this.autoClose) this.on('finish', this.destroy);
  this.end();
};
WriteStream.prototype.destroySoon = function destroySoon(...args) { return this.end(...args); };
Object.defineProperty(WriteStream.prototype, 'pending', {
  get() { return this.fd === null; }, configurable: true,
});
Object.defineProperty(WriteStream.prototype, 'autoClose', {
  get() { return this._writableState.autoDestroy; },
  set(val) { this._writableState.autoDestroy = val; },
  configurable: true,
});

function createReadStream(path, options) { return new ReadStream(path, options); }
function createWriteStream(path, options) { return new WriteStream(path, options); }

module.exports = { ReadStream, WriteStream, createReadStream, createWriteStream };
