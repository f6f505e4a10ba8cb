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
      const opts = typeof options === 'string' ? { encoding: options } : { ...(options || {}) };
      if (opts.highWaterMark === undefined) opts.highWaterMark = 64 * 1024;
      if (opts.autoDestroy === undefined) opts.autoDestroy = opts.autoClose !== false;
      super(opts);
      if (opts.fd !== undefined && opts.fd !== null) {
        throw coded(Error, 'ERR_HOSTRT_UNSUPPORTED',
          'fs.createReadStream({ fd }) is not supported by hostrt: no file descriptors in the embedding');
      }
      this.path = typeof path === 'string' ? path : c.pathArg(path);
      this.fd = null;
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
      const chunk = Buffer.from(bytes.buffer, bytes.byteOffset + this[kAt], n);
      this[kAt] += n;
      this.bytesRead += n;
      this.push(chunk);
    }
    close(callback) {
      if (typeof callback === 'function') finished(this, callback);
      this.destroy();
    }
  }
  const kBytes = Symbol('bytes');
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
