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
Stream._isArrayBufferView = ArrayBuffer.isView;
orderLike(Stream, ['isDestroyed', 'isDisturbed', 'isErrored', 'isReadable', 'isWritable', 'Readable',
  'Writable', 'Duplex', 'Transform', 'PassThrough', 'duplexPair', 'pipeline', 'addAbortSignal',
  'finished', 'destroy', 'compose', 'setDefaultHighWaterMark', 'getDefaultHighWaterMark', 'promises',
  'Stream', '_isArrayBufferView', '_isUint8Array', '_uint8ArrayToBuffer']);

module.exports = Stream;
