// fs.createWriteStream / fs.WriteStream over the view of --allow-write paths: a Writable whose
// writes are fs.write calls (or those of `options.fs`, as Node allows) on a descriptor opened at
// construction (Node's flags, mode, start, fd, autoClose, emitClose), so the data reaches the disk
// through the same write-through as every other fs write.
'use strict';
const s = require('hostrt:fs/sync');

let WriteStreamClass = null;
function writeStreamClass() {
  if (WriteStreamClass !== null) return WriteStreamClass;
  const { Writable, finished } = require('stream');
  class WriteStream extends Writable {
    constructor(path, options = undefined) {
      const opts = s.optionsOf(options, {});
      if (opts.decodeStrings === undefined) opts.decodeStrings = true;
      if (opts.autoDestroy === undefined) opts.autoDestroy = opts.autoClose !== false;
      super(opts);
      let fd = opts.fd ?? null;
      this[kHandle] = null;
      if (fd !== null && typeof fd === 'object' && typeof fd.fd === 'number') {  // a FileHandle
        this[kHandle] = fd;
        fd = fd.fd;
      }
      if (fd !== null) s.fdArg(fd);
      this.fd = fd;
      // Node lets the caller supply the functions the stream uses (graceful-fs does).
      const fs = opts.fs || require('fs');
      const check = (name) => {
        if (typeof fs[name] !== 'function') {
          throw require('hostrt:errors').invalidArgType(`options.fs.${name}`, 'of type function', fs[name]);
        }
      };
      check('open');
      if (!fs.write && !fs.writev) check('write');
      if (fs.write) check('write'); else this._write = null;
      if (fs.writev) check('writev'); else this._writev = null;
      if (opts.autoDestroy) check('close');
      this[kFs] = fs;
      this.path = this.fd === null ? (typeof path === 'string' ? path : s.pathArg(path)) : undefined;
      this.flags = opts.flags === undefined ? 'w' : opts.flags;
      this.mode = opts.mode === undefined ? 0o666 : opts.mode;
      if (opts.start !== undefined) s.integerArg(opts.start, 'start', 0);
      this.start = opts.start;
      this.pos = opts.start;
      this.bytesWritten = 0;
      this.pending = this.fd === null;
      if (this.fd === null) s.pathArg(this.path);
      if (opts.encoding) this.setDefaultEncoding(opts.encoding);
    }
    _construct(callback) {
      if (this.fd !== null) { callback(); return; }
      this[kFs].open(this.path, this.flags, this.mode, (err, fd) => {
        if (err) { callback(err); return; }
        this.fd = fd;
        this.pending = false;
        callback();
        this.emit('open', this.fd);
        this.emit('ready');
      });
    }
    _write(chunk, encoding, callback) {
      const handle = this[kHandle];
      if (handle !== null) {  // through the handle's own write, as Node does
        handle.write(chunk, 0, chunk.length, this.pos ?? null).then(({ bytesWritten }) => {
          this.bytesWritten += bytesWritten;
          if (this.pos !== undefined) this.pos += bytesWritten;
          callback();
        }, callback);
        return;
      }
      this[kFs].write(this.fd, chunk, 0, chunk.length, this.pos ?? null, (err, n) => {
        if (err) { callback(err); return; }
        this.bytesWritten += n;
        if (this.pos !== undefined) this.pos += n;
        callback();
      });
    }
    _writev(data, callback) {
      const chunks = data.map(({ chunk }) => chunk);
      this[kFs].writev(this.fd, chunks, this.pos ?? null, (err, n) => {
        if (err) { callback(err); return; }
        this.bytesWritten += n;
        if (this.pos !== undefined) this.pos += n;
        callback();
      });
    }
    _destroy(err, callback) {
      const handle = this[kHandle];
      if (handle !== null) {
        if (this.autoClose === false) { callback(err); return; }
        handle.close().then(() => callback(err), (e) => callback(err || e));
        this.fd = null;
        return;
      }
      if (typeof this.fd === 'number' && this.autoClose !== false) {
        this[kFs].close(this.fd, (e) => callback(err || e));
        this.fd = null;
        return;
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
  const kHandle = Symbol('kHandle');
  const kFs = Symbol('kFs');
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
