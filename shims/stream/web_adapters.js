'use strict';
// Node streams <-> WHATWG streams (Readable/Writable/Duplex .fromWeb and .toWeb), written here
// over node:stream and node:stream/web. readable-stream 4 declares these methods but leaves
// their implementations to the host; stream.js installs these. Loaded on first use.
const { Readable, Writable, Duplex, finished } = require('stream');
const web = require('stream/web');
const { codeError, invalidArgType, validateObject, AbortError } = require('hostrt:errors');

const { ReadableStream, WritableStream, CountQueuingStrategy } = web;

function mustBe(value, Class, name, what) {
  if (!(value instanceof Class)) throw invalidArgType(name, what, value);
}
function options(value) {
  if (value === undefined) return {};
  validateObject(value, 'options');
  return value;
}
const isNodeReadable = (s) => s != null && typeof s.pipe === 'function' && typeof s.on === 'function' &&
  s._readableState !== undefined;
const isNodeWritable = (s) => s != null && typeof s.write === 'function' && typeof s.on === 'function' &&
  s._writableState !== undefined;
const prematureToAbort = (error) => (error && error.code === 'ERR_STREAM_PREMATURE_CLOSE'
  ? new AbortError(undefined, { cause: error }) : error);
// A callback that throws must not be swallowed by the promise that called it.
function settle(callback, error) {
  try {
    callback(error);
  } catch (err) {
    process.nextTick(() => { throw err; });
  }
}
function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}
// Byte-counting strategy size that also takes the strings a Node stream may carry.
const byteSize = (chunk) => (typeof chunk === 'string' ? Buffer.byteLength(chunk)
  : typeof chunk?.byteLength === 'number' ? chunk.byteLength : 1);
const bytes = (chunk) => new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);

// The Node side of a web reader: pull on _read, cancel on destroy.
function readSide(reader, stream, state) {
  return {
    read() {
      reader.read().then(({ done, value }) => {
        stream.push(done ? null : value);
      }, (error) => stream.destroy(error));
    },
    cancel(error) {
      return state.readableClosed ? Promise.resolve() : reader.cancel(error);
    },
  };
}

// The Node side of a web writer: write after `ready`, close on final, abort on destroy.
function writeSide(writer, stream, state, decodeStrings, objectMode) {
  return {
    write(chunk, encoding, callback) {
      if (typeof chunk === 'string' && decodeStrings && !objectMode) chunk = bytes(Buffer.from(chunk, encoding));
      writer.ready.then(() => writer.write(chunk)).then(() => callback(), (error) => {
        try {
          callback(error);
        } catch (err) {
          stream.destroy(err);
        }
      });
    },
    writev(chunks, callback) {
      writer.ready
        .then(() => Promise.all(chunks.map(({ chunk }) => writer.write(chunk))))
        .then(() => settle(callback), (error) => settle(callback, error));
    },
    final(callback) {
      if (state.writableClosed) return settle(callback);
      writer.close().then(() => settle(callback), (error) => settle(callback, error));
    },
    close(error) {
      if (state.writableClosed) return Promise.resolve();
      return error != null ? writer.abort(error) : writer.close();
    },
  };
}

function newStreamReadableFromReadableStream(readableStream, opts) {
  mustBe(readableStream, ReadableStream, 'readableStream', 'an instance of ReadableStream');
  const { highWaterMark, encoding, objectMode = false, signal } = options(opts);
  const reader = readableStream.getReader();
  const state = { readableClosed: false };
  let side;
  const readable = new Readable({
    objectMode, highWaterMark, encoding, signal,
    read() { side.read(); },
    destroy(error, callback) {
      side.cancel(error).then(() => settle(callback, error), () => settle(callback, error));
    },
  });
  side = readSide(reader, readable, state);
  reader.closed.then(() => { state.readableClosed = true; }, (error) => {
    state.readableClosed = true;
    readable.destroy(error);
  });
  return readable;
}

function newReadableStreamFromStreamReadable(streamReadable, opts) {
  if (!isNodeReadable(streamReadable)) throw invalidArgType('streamReadable', 'an stream.Readable', streamReadable);
  const { strategy } = options(opts);
  if (streamReadable.destroyed || streamReadable.readable === false) {
    const done = new ReadableStream();
    done.cancel();
    return done;
  }
  const objectMode = streamReadable.readableObjectMode;
  const highWaterMark = streamReadable.readableHighWaterMark;
  const chosen = strategy ?? (objectMode
    ? new CountQueuingStrategy({ highWaterMark })
    : { highWaterMark, size: byteSize });
  let controller;
  function onData(chunk) {
    // Node hands web readers plain Uint8Arrays, not Buffers.
    if (Buffer.isBuffer(chunk) && !objectMode) chunk = new Uint8Array(chunk);
    controller.enqueue(chunk);
    if (controller.desiredSize <= 0) streamReadable.pause();
  }
  const cleanup = finished(streamReadable, (error) => {
    cleanup();
    streamReadable.removeListener('data', onData);
    // After the adapter stopped listening, a late 'error' must not crash the process.
    streamReadable.on('error', () => {});
    error = prematureToAbort(error);
    if (error) controller.error(error);
    else queueMicrotask(() => { try { controller.close(); } catch { /* already closed */ } });
  });
  streamReadable.on('data', onData);
  streamReadable.pause();
  return new ReadableStream({
    start(c) { controller = c; },
    pull() { streamReadable.resume(); },
    cancel(reason) { streamReadable.destroy(reason); },
  }, chosen);
}

function newStreamWritableFromWritableStream(writableStream, opts) {
  mustBe(writableStream, WritableStream, 'writableStream', 'an instance of WritableStream');
  const { highWaterMark, decodeStrings = true, objectMode = false, signal } = options(opts);
  const writer = writableStream.getWriter();
  const state = { writableClosed: false };
  let side;
  const writable = new Writable({
    highWaterMark, objectMode, decodeStrings, signal,
    write(chunk, encoding, callback) { side.write(chunk, encoding, callback); },
    writev(chunks, callback) { side.writev(chunks, callback); },
    final(callback) { side.final(callback); },
    destroy(error, callback) {
      side.close(error).then(() => settle(callback, error), () => settle(callback, error));
    },
  });
  side = writeSide(writer, writable, state, decodeStrings, objectMode);
  writer.closed.then(() => {
    state.writableClosed = true;
    if (!writable.writableEnded) {
      writable.destroy(codeError(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close'));
    }
  }, (error) => {
    state.writableClosed = true;
    writable.destroy(error);
  });
  return writable;
}

function newWritableStreamFromStreamWritable(streamWritable) {
  if (!isNodeWritable(streamWritable)) throw invalidArgType('streamWritable', 'an stream.Writable', streamWritable);
  if (streamWritable.destroyed || streamWritable.writable === false) {
    const done = new WritableStream();
    done.close();
    return done;
  }
  const highWaterMark = streamWritable.writableHighWaterMark;
  const strategy = streamWritable.writableObjectMode
    ? new CountQueuingStrategy({ highWaterMark })
    : { highWaterMark, size: byteSize };
  let controller;
  let backpressure;
  let closed;
  const onDrain = () => { if (backpressure !== undefined) backpressure.resolve(); };
  const cleanup = finished(streamWritable, (error) => {
    cleanup();
    streamWritable.removeListener('drain', onDrain);
    streamWritable.on('error', () => {});
    error = prematureToAbort(error);
    if (error != null) {
      if (backpressure !== undefined) backpressure.reject(error);
      if (closed !== undefined) closed.reject(error);
      else controller.error(error);
      return;
    }
    if (closed !== undefined) closed.resolve();
    else controller.error(new AbortError());
  });
  streamWritable.on('drain', onDrain);
  return new WritableStream({
    start(c) { controller = c; },
    write(chunk) {
      if (streamWritable.writableNeedDrain || !streamWritable.write(chunk)) {
        backpressure = deferred();
        return backpressure.promise.finally(() => { backpressure = undefined; });
      }
      return undefined;
    },
    abort(reason) { streamWritable.destroy(reason); },
    close() {
      if (closed === undefined && !streamWritable.writableEnded) {
        closed = deferred();
        streamWritable.end();
        return closed.promise;
      }
      return undefined;
    },
  }, strategy);
}

function newReadableWritablePairFromDuplex(duplex) {
  if (!isNodeReadable(duplex) || !isNodeWritable(duplex)) throw invalidArgType('duplex', 'an stream.Duplex', duplex);
  const readable = newReadableStreamFromStreamReadable(duplex);
  const writable = newWritableStreamFromStreamWritable(duplex);
  return { writable, readable };   // Node's key order
}

function newStreamDuplexFromReadableWritablePair(pair, opts) {
  validateObject(pair, 'pair');
  mustBe(pair.readable, ReadableStream, 'pair.readable', 'an instance of ReadableStream');
  mustBe(pair.writable, WritableStream, 'pair.writable', 'an instance of WritableStream');
  const {
    allowHalfOpen = false, objectMode = false, encoding, decodeStrings = true, highWaterMark, signal,
  } = options(opts);
  const writer = pair.writable.getWriter();
  const reader = pair.readable.getReader();
  const state = { writableClosed: false, readableClosed: false };
  let rside;
  let wside;
  const duplex = new Duplex({
    allowHalfOpen, highWaterMark, objectMode, encoding, decodeStrings, signal,
    write(chunk, enc, callback) { wside.write(chunk, enc, callback); },
    writev(chunks, callback) { wside.writev(chunks, callback); },
    final(callback) { wside.final(callback); },
    read() { rside.read(); },
    destroy(error, callback) {
      const both = [wside.close(error), rside.cancel(error)].map((p) => p.catch(() => {}));
      Promise.all(both).then(() => settle(callback, error));
    },
  });
  rside = readSide(reader, duplex, state);
  wside = writeSide(writer, duplex, state, decodeStrings, objectMode);
  const failed = (error) => {
    state.writableClosed = true;
    state.readableClosed = true;
    duplex.destroy(error);
  };
  writer.closed.then(() => {
    state.writableClosed = true;
    if (!duplex.writableEnded) duplex.destroy(codeError(Error, 'ERR_STREAM_PREMATURE_CLOSE', 'Premature close'));
  }, failed);
  reader.closed.then(() => { state.readableClosed = true; }, failed);
  return duplex;
}

module.exports = {
  newStreamReadableFromReadableStream, newReadableStreamFromStreamReadable,
  newStreamWritableFromWritableStream, newWritableStreamFromStreamWritable,
  newStreamDuplexFromReadableWritablePair, newReadableWritablePairFromDuplex,
};
