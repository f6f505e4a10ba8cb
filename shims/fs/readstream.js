// fs.createReadStream / fs.ReadStream for --allow-read paths: a Readable over one live read of
// the file by the host (the same allow-listed `fs.read` as fs.readFile), pushed in highWaterMark
// chunks with Node's start/end/encoding options. hostrt has no file descriptors, so there is no
// `fd` and no 'open' event; 'ready' comes when the contents have arrived.
'use strict';
const c = require('hostrt:fs/common');
const { coded, invalidArgType } = require('hostrt:web/errors');

let ReadStreamClass = null;
function readStreamClass() {
  if (ReadStreamClass !== null) return ReadStreamClass;
  const { Readable, finished } = require('stream');
  const s = require('hostrt:fs/sync');
  const { Buffer } = require('buffer');

  function rangeError(name, range, value) {
    return coded(RangeError, 'ERR_OUT_OF_RANGE',
      `The value of "${name}" is out of range. It must be ${range}. Received ${value}`);
  }
  function position(value, name) {
    if (value === undefined) return undefined;
    if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
    if (!Number.isInteger(value)) throw rangeError(name, 'an integer', value);
    if (value < 0 || value > Number.MAX_SAFE_INTEGER) {
      throw rangeError(name, `>= 0 && <= ${Number.MAX_SAFE_INTEGER}`, value);
    }
    return value;
  }

  class ReadStream extends Readable {
    constructor(path, options = undefined) {
      const opts = require('hostrt:fs/sync').optionsOf(options, {});
      if (opts.highWaterMark === undefined) opts.highWaterMark = 64 * 1024;
      if (opts.autoDestroy === undefined) opts.autoDestroy = opts.autoClose !== false;
      super(opts);
      let fd = opts.fd ?? null;
      this[kHandle] = null;
      if (fd !== null && typeof fd === 'object' && typeof fd.fd === 'number') {  // a FileHandle
        this[kHandle] = fd;
        fd = fd.fd;
      }
      if (fd !== null) s.fdArg(fd);
      this.path = fd !== null ? undefined : typeof path === 'string' ? path : c.pathArg(path);
      this.fd = fd;
      this.flags = opts.flags === undefined ? 'r' : opts.flags;
      this.mode = opts.mode === undefined ? 0o666 : opts.mode;
      this.start = position(opts.start, 'start');
      this.end = opts.end === undefined || opts.end === Infinity ? Infinity : position(opts.end, 'end');
      if (this.start !== undefined && this.start > this.end) {
        throw rangeError('start', `<= "end" (here: ${this.end})`, this.start);
      }
      this.bytesRead = 0;
      this.pending = true;
      this[kBytes] = null;
      this[kAt] = this.start ?? 0;
    }
    _construct(callback) {
      // A descriptor of the view (given, or opened here as Node does), else one live read.
      const fromFd = (opened) => {
        const f = s.fds.get(this.fd);
        if (f === undefined) throw require('hostrt:fs/vfs').uvError('EBADF', 'read');
        this[kBytes] = require('hostrt:fs/vfs').contentOf(f.node, 'fs.createReadStream', f.path);
        if (this.start === undefined) this[kAt] = f.pos;
        this.pending = false;
        callback();
        if (opened) this.emit('open', this.fd);
        this.emit('ready');
      };
      try {
        if (this.fd !== null) return fromFd(false);
        const v = require('hostrt:fs/vfs');
        const node = v.covers(v.absolute(this.path)) ? v.nodes.get(v.absolute(this.path)) : undefined;
        if (node === undefined || node.kind !== 'f' || node.data !== null) {
          this.fd = s.openSync(this.path, this.flags, this.mode);
          return fromFd(true);
        }
      } catch (e) {
        callback(e);
        return undefined;
      }
      c.readLive(this.path).then((bytes) => {
        this[kBytes] = bytes;
        this.pending = false;
        callback();
        this.emit('ready');
      }, (err) => callback(err));
    }
    _read(size) {
      const bytes = this[kBytes];
      const last = Math.min(bytes.length, this.end === Infinity ? bytes.length : this.end + 1);
      if (this[kAt] >= last) {
        this.push(null);
        return;
      }
      const n = Math.min(size, last - this[kAt]);
      const chunk = Buffer.from(bytes.subarray(this[kAt], this[kAt] + n));  // a copy: the file may change
      this[kAt] += n;
      this.bytesRead += n;
      this.push(chunk);
    }
    _destroy(err, callback) {
      const handle = this[kHandle];
      if (handle !== null) {
        if (this.autoClose === false) { callback(err); return; }
        handle.close().then(() => callback(err), (e) => callback(err || e));
        this.fd = null;
        return;
      }
      if (typeof this.fd === 'number' && this.autoClose !== false && s.fds.has(this.fd)) {
        try { s.closeSync(this.fd); } catch { /* closed already */ }
        this.fd = null;
      }
      callback(err);
    }
    get autoClose() { return this._readableState.autoDestroy; }
    close(callback) {
      if (typeof callback === 'function') finished(this, callback);
      this.destroy();
    }
  }
  const kBytes = Symbol('bytes');
  const kHandle = Symbol('kHandle');
  const kAt = Symbol('position');
  ReadStreamClass = ReadStream;
  return ReadStream;
}

function createReadStream(path, options = undefined) {
  return new (readStreamClass())(path, options);
}

// A constructible ReadStream that loads the stream module on first use (fs itself stays light).
function ReadStream(path, options) {
  const C = readStreamClass();
  return Reflect.construct(C, [path, options], new.target === undefined || new.target === ReadStream ? C : new.target);
}
Object.defineProperty(ReadStream, Symbol.hasInstance, { value: (v) => v instanceof readStreamClass() });

module.exports = { createReadStream, ReadStream };
