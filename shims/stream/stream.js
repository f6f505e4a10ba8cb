'use strict';
// node:stream - the npm `readable-stream` v4 package (Node 18's streams, published by the Node
// team for other engines). Its legacy `Stream` export carries every member Node's module has.
const rs = require('hostrt:npm/readable-stream');

const { orderLike } = require('hostrt:errors');

const Stream = rs.Stream;
const { Duplex } = Stream;

// duplexPair (Node 20.20 has it; readable-stream 4 does not): two Duplex ends, each writing into
// the other's readable side, with back-pressure through the pending write callback.
class DuplexSide extends Duplex {
  #otherSide = null;
  #callback = null;
  constructor(options) {
    super(options);
  }
  connect(other) { this.#otherSide = other; }
  release() {
    const cb = this.#callback;
    this.#callback = null;
    if (cb) cb();
  }
  _read() { this.release(); }
  _write(chunk, encoding, callback) {
    if (chunk.length === 0) {
      process.nextTick(callback);
    } else {
      this.#otherSide.push(chunk);
      this.#otherSide.hold(callback);
    }
  }
  hold(callback) { this.#callback = callback; }
  _final(callback) {
    this.#otherSide.on('end', callback);
    this.#otherSide.push(null);
  }
}
for (const name of ['connect', 'release', 'hold']) {
  Object.defineProperty(DuplexSide.prototype, name, { enumerable: false });
}
function duplexPair(options) {
  const side0 = new DuplexSide(options);
  const side1 = new DuplexSide(options);
  side0.connect(side1);
  side1.connect(side0);
  return [side0, side1];
}
Stream.duplexPair = duplexPair;

// Node 20 details readable-stream 4 (Node 18's streams) lacks.
const { Readable, Writable } = Stream;
const { codeError } = require('hostrt:errors');
// A defaultEncoding option Buffer does not know is refused when the stream is built: the states'
// constructors assign it, so a setter on their prototypes sees it first (then an own property).
for (const State of [Readable.ReadableState, Writable.WritableState]) {
  Object.defineProperty(State.prototype, 'defaultEncoding', {
    configurable: true,
    set(value) {
      if (!Buffer.isEncoding(value)) throw codeError(TypeError, 'ERR_UNKNOWN_ENCODING', `Unknown encoding: ${value}`);
      Object.defineProperty(this, 'defaultEncoding', { value, writable: true, enumerable: true, configurable: true });
    },
    get() { return undefined; },
  });
}
// In object mode a chunk written without an encoding reaches _write with none (not the default).
// write(cb) and end(cb) callbacks get null, not undefined, when there was no error.
const nullOnSuccess = (done) => (err) => done(err === undefined ? null : err);
function patchWritable(proto) {
  const { write, end } = proto;
  const bare = (encoding) => typeof encoding !== 'string' || encoding === '';
  proto.write = function write_(chunk, encoding, cb) {
    if (typeof encoding === 'function') {
      cb = encoding;
      encoding = null;
    }
    if (typeof cb === 'function') cb = nullOnSuccess(cb);
    const state = this._writableState;
    if (state === undefined || !state.objectMode || !bare(encoding)) return write.call(this, chunk, encoding, cb);
    const saved = state.defaultEncoding;
    state.defaultEncoding = undefined;
    try {
      return write.call(this, chunk, encoding, cb);
    } finally {
      state.defaultEncoding = saved;
    }
  };
  proto.end = function end_(chunk, encoding, cb) {
    if (typeof chunk === 'function') {
      cb = chunk;
      chunk = null;
      encoding = null;
    } else if (typeof encoding === 'function') {
      cb = encoding;
      encoding = null;
    }
    if (typeof cb === 'function') cb = nullOnSuccess(cb);
    const state = this._writableState;
    if (chunk == null || state === undefined || !state.objectMode || !bare(encoding)) {
      return end.call(this, chunk, encoding, cb);
    }
    const saved = state.defaultEncoding;
    state.defaultEncoding = undefined;
    try {
      return end.call(this, chunk, encoding, cb);
    } finally {
      state.defaultEncoding = saved;
    }
  };
  Object.defineProperty(proto.write, 'name', { value: 'write' });
  Object.defineProperty(proto.end, 'name', { value: 'end' });
}
patchWritable(Writable.prototype);
patchWritable(Duplex.prototype);

// The web-stream adapters (readable-stream leaves them to the host), loaded on first use.
const adapters = () => require('./web_adapters.js');
const statics = {
  Readable: {
    fromWeb: (s, o) => adapters().newStreamReadableFromReadableStream(s, o),
    toWeb: (s, o) => adapters().newReadableStreamFromStreamReadable(s, o),
  },
  Writable: {
    fromWeb: (s, o) => adapters().newStreamWritableFromWritableStream(s, o),
    toWeb: (s) => adapters().newWritableStreamFromStreamWritable(s),
  },
  Duplex: {
    fromWeb: (p, o) => adapters().newStreamDuplexFromReadableWritablePair(p, o),
    toWeb: (d) => adapters().newReadableWritablePairFromDuplex(d),
  },
};
for (const [cls, methods] of Object.entries(statics)) {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(fn, 'name', { value: name });
    Stream[cls][name] = fn;
  }
}
Stream._isArrayBufferView = ArrayBuffer.isView;
orderLike(Stream, ['isDestroyed', 'isDisturbed', 'isErrored', 'isReadable', 'isWritable', 'Readable',
  'Writable', 'Duplex', 'Transform', 'PassThrough', 'duplexPair', 'pipeline', 'addAbortSignal',
  'finished', 'destroy', 'compose', 'setDefaultHighWaterMark', 'getDefaultHighWaterMark', 'promises',
  'Stream', '_isArrayBufferView', '_isUint8Array', '_uint8ArrayToBuffer']);

module.exports = Stream;
