// fs.createWriteStream / fs.WriteStream over the view of --allow-write paths: a Writable whose
// writes are fs.writeSync calls on a descriptor opened at construction (Node's flags, mode,
// start, fd, autoClose, emitClose), so the data reaches the disk through the same write-through
// as every other fs write.
'use strict';
const s = require('hostrt:fs/sync');

let WriteStreamClass = null;
function writeStreamClass() {
  if (WriteStreamClass !== null) return WriteStreamClass;
  const { Writable, finished } = require('stream');
  class WriteStream extends Writable {
    constructor(path, options = undefined) {
      const opts = typeof options === 'string' ? { encoding: options } : { ...(options || {}) };
      if (opts.decodeStrings === undefined) opts.decodeStrings = true;
      if (opts.autoDestroy === undefined) opts.autoDestroy = opts.autoClose !== false;
      super(opts);
      this.fd = opts.fd ?? null;
      this.path = this.fd === null ? (typeof path === 'string' ? path : s.pathArg(path)) : undefined;
      this.flags = opts.flags === undefined ? 'w' : opts.flags;
      this.mode = opts.mode === undefined ? 0o666 : opts.mode;
      this.start = opts.start;
      this.pos = opts.start;
      this.bytesWritten = 0;
      this.pending = this.fd === null;
      if (this.fd === null) s.pathArg(this.path);
      if (opts.encoding) this.setDefaultEncoding(opts.encoding);
    }
    _construct(callback) {
      if (this.fd !== null) { callback(); return; }
      try {
        this.fd = s.openSync(this.path, this.flags, this.mode);
      } catch (e) {
        callback(e);
        return;
      }
      this.pending = false;
      callback();
      this.emit('open', this.fd);
      this.emit('ready');
    }
    _write(chunk, encoding, callback) {
      try {
        const n = s.writeSync(this.fd, chunk, 0, chunk.length, this.pos ?? null);
        this.bytesWritten += n;
        if (this.pos !== undefined) this.pos += n;
      } catch (e) {
        callback(e);
        return;
      }
      callback();
    }
    _destroy(err, callback) {
      if (this.fd !== null && this.fd !== undefined && s.fds.has(this.fd) && this.autoClose !== false) {
        try { s.closeSync(this.fd); } catch { /* already closed */ }
        this.fd = null;
      }
      callback(err);
    }
    get autoClose() { return this._writableState.autoDestroy; }
    close(callback) {
      if (typeof callback === 'function') finished(this, (err) => callback(err && err.code === 'ERR_STREAM_PREMATURE_CLOSE' ? null : err));
      if (!this.writableEnded) this.end();
      else this.destroy();
    }
    destroySoon() { this.end(); }
  }
  WriteStreamClass = WriteStream;
  return WriteStream;
}

function createWriteStream(path, options = undefined) {
  return new (writeStreamClass())(path, options);
}
function WriteStream(path, options) {
  const C = writeStreamClass();
  return Reflect.construct(C, [path, options], new.target === undefined || new.target === WriteStream ? C : new.target);
}
Object.defineProperty(WriteStream, Symbol.hasInstance, { value: (v) => v instanceof writeStreamClass() });

module.exports = { createWriteStream, WriteStream };
