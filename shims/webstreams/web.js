// node:stream/web and the web-stream globals. The stream classes come from npm
// web-streams-polyfill (a port of the WHATWG reference implementation); TextEncoderStream,
// TextDecoderStream, CompressionStream and DecompressionStream are built here on its
// TransformStream, with the web shim's encoders and npm pako (zlib's algorithm, as in zlib.js).
'use strict';
const ws = require('hostrt:npm/web-streams-polyfill');
const { coded, invalidArgType } = require('hostrt:web/errors');

const { TransformStream } = ws;

function chunkBytes(chunk) {
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw invalidArgType('chunk', 'an instance of ArrayBuffer, Buffer, TypedArray, or DataView', chunk);
}

class TextEncoderStream {
  #transform;
  #pendingHigh = '';
  constructor() {
    const encoder = new TextEncoder();
    this.#transform = new TransformStream({
      transform: (chunk, controller) => {
        let text = this.#pendingHigh + `${chunk}`;
        this.#pendingHigh = '';
        // A high surrogate at the end may pair with the next chunk's first code unit.
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          this.#pendingHigh = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text.length > 0) controller.enqueue(encoder.encode(text));
      },
      flush: (controller) => {
        if (this.#pendingHigh) controller.enqueue(Uint8Array.of(0xef, 0xbf, 0xbd));
      },
    });
  }
  get encoding() { return 'utf-8'; }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}

class TextDecoderStream {
  #transform;
  #decoder;
  constructor(encoding = 'utf-8', options = {}) {
    const decoder = new TextDecoder(encoding, options);
    this.#decoder = decoder;
    this.#transform = new TransformStream({
      transform(chunk, controller) {
        const text = decoder.decode(chunkBytes(chunk), { stream: true });
        if (text) controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text) controller.enqueue(text);
      },
    });
  }
  get encoding() { return this.#decoder.encoding; }
  get fatal() { return this.#decoder.fatal; }
  get ignoreBOM() { return this.#decoder.ignoreBOM; }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}

const FORMATS = { deflate: {}, 'deflate-raw': { raw: true }, gzip: { gzip: true } };
function formatOptions(format) {
  const opts = FORMATS[format];
  if (opts === undefined || typeof format !== 'string') {
    throw coded(TypeError, 'ERR_INVALID_ARG_VALUE',
      `The argument 'format' is invalid. Received ${typeof format === 'string' ? `'${format}'` : String(format)}`);
  }
  return opts;
}

function zlibStream(Engine, options, isInflate) {
  let engine;
  let out = null;
  const fail = (controller) => {
    const err = new Error(engine.msg || 'zlib error');
    err.code = isInflate ? 'Z_DATA_ERROR' : 'Z_STREAM_ERROR';
    err.errno = isInflate ? -3 : -2;
    controller.error(err);
  };
  return new TransformStream({
    start() {
      engine = new (require('hostrt:npm/pako')[Engine])(options);
      engine.onData = (bytes) => { if (out !== null) out.enqueue(bytes); };
    },
    transform(chunk, controller) {
      out = controller;
      engine.push(chunkBytes(chunk), false);
      if (engine.err) fail(controller);
    },
    flush(controller) {
      out = controller;
      engine.push(new Uint8Array(0), true);
      if (engine.err) fail(controller);
      else if (isInflate && !engine.ended) {
        const err = new Error('unexpected end of file');
        Object.assign(err, { code: 'Z_BUF_ERROR', errno: -5 });
        controller.error(err);
      }
    },
  });
}

class CompressionStream {
  #transform;
  constructor(format) { this.#transform = zlibStream('Deflate', formatOptions(format), false); }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}

class DecompressionStream {
  #transform;
  constructor(format) { this.#transform = zlibStream('Inflate', formatOptions(format), true); }
  get readable() { return this.#transform.readable; }
  get writable() { return this.#transform.writable; }
}

for (const C of [TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream]) {
  for (const key of Object.getOwnPropertyNames(C.prototype)) {
    const desc = Object.getOwnPropertyDescriptor(C.prototype, key);
    if (desc.get) Object.defineProperty(C.prototype, key, { ...desc, enumerable: true });
  }
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
}

// node:stream's finished()/destroy() work on web streams through two symbols Node's own web
// streams carry: a promise settled when the stream closes or errors, and a function that errors
// the stream from its controller. The polyfill keeps its state in `_state`; an accessor on the
// prototype sees each change and settles the promise.
const kIsClosedPromise = Symbol.for('nodejs.webstream.isClosedPromise');
const kControllerErrorFunction = Symbol.for('nodejs.webstream.controllerErrorFunction');
const kState = Symbol('state');
const kClosed = Symbol('isClosed');
function settleClosed(stream) {
  const closed = stream[kClosed];
  if (closed === undefined || closed.settled) return;
  const state = stream[kState];
  if (state === 'closed') closed.resolve();
  else if (state === 'errored') closed.reject(stream._storedError);
  else return;
  closed.settled = true;
}
for (const [Class, controllerKey] of [[ws.ReadableStream, '_readableStreamController'],
  [ws.WritableStream, '_writableStreamController']]) {
  // The accessors live on a nameless object between the class's prototype and Object.prototype,
  // so the prototype's own names stay Node's.
  const hidden = Object.create(Object.getPrototypeOf(Class.prototype));
  Object.setPrototypeOf(Class.prototype, hidden);
  Object.defineProperty(hidden, '_state', {
    configurable: true,
    get() { return this[kState]; },
    set(value) {
      this[kState] = value;
      // The polyfill sets `_storedError` just after 'errored'.
      if (value === 'closed') settleClosed(this);
      else if (value === 'errored') queueMicrotask(() => settleClosed(this));
    },
  });
  Object.defineProperty(hidden, kIsClosedPromise, {
    configurable: true,
    get() {
      if (this[kClosed] === undefined) {
        const closed = { settled: false };
        closed.promise = new Promise((resolve, reject) => { closed.resolve = resolve; closed.reject = reject; });
        closed.promise.catch(() => {});   // only finished() looks at it
        this[kClosed] = closed;
        settleClosed(this);
      }
      return this[kClosed];
    },
  });
  Object.defineProperty(hidden, kControllerErrorFunction, {
    configurable: true,
    get() {
      const controller = this[controllerKey];
      return (error) => { if (this[kState] !== 'closed' && this[kState] !== 'errored') controller.error(error); };
    },
  });
}

// util.inspect shows what Node's own web streams show (their public state), not the polyfill's
// internals: `Name { ...fields }`, the fields one level shallower.
const kInspect = Symbol.for('nodejs.util.inspect.custom');
function inspectAs(Class, fields) {
  Object.defineProperty(Class.prototype, kInspect, {
    configurable: true, writable: true, enumerable: false,
    value(depth, options, inspect) {
      if (!(this instanceof Class)) {
        throw coded(TypeError, 'ERR_INVALID_THIS', `Value of "this" must be of type ${Class.name}`);
      }
      // Past the depth limit Node 20's web streams print as undefined.
      if (depth < 0) return undefined;
      const name = this.constructor?.name ?? Class.name;
      const opts = { ...options, depth: options.depth == null ? null : options.depth - 1 };
      return `${name} ${inspect(fields(this), opts)}`;
    },
  });
}
inspectAs(ws.ReadableStream, (s) => ({
  locked: s.locked, state: s[kState],
  supportsBYOB: s._readableStreamController instanceof ws.ReadableByteStreamController,
}));
inspectAs(ws.WritableStream, (s) => ({ locked: s.locked, state: s[kState] }));
inspectAs(ws.TransformStream, (s) => ({ readable: s.readable, writable: s.writable, backpressure: s._backpressure }));
inspectAs(TextEncoderStream, (s) => ({ encoding: s.encoding, readable: s.readable, writable: s.writable }));
inspectAs(TextDecoderStream, (s) => ({
  encoding: s.encoding, fatal: s.fatal, ignoreBOM: s.ignoreBOM, readable: s.readable, writable: s.writable,
}));
inspectAs(CompressionStream, (s) => ({ readable: s.readable, writable: s.writable }));
inspectAs(DecompressionStream, (s) => ({ readable: s.readable, writable: s.writable }));

// Node's order of names.
module.exports = {
  ReadableStream: ws.ReadableStream,
  ReadableStreamDefaultReader: ws.ReadableStreamDefaultReader,
  ReadableStreamBYOBReader: ws.ReadableStreamBYOBReader,
  ReadableStreamBYOBRequest: ws.ReadableStreamBYOBRequest,
  ReadableByteStreamController: ws.ReadableByteStreamController,
  ReadableStreamDefaultController: ws.ReadableStreamDefaultController,
  TransformStream: ws.TransformStream,
  TransformStreamDefaultController: ws.TransformStreamDefaultController,
  WritableStream: ws.WritableStream,
  WritableStreamDefaultWriter: ws.WritableStreamDefaultWriter,
  WritableStreamDefaultController: ws.WritableStreamDefaultController,
  ByteLengthQueuingStrategy: ws.ByteLengthQueuingStrategy,
  CountQueuingStrategy: ws.CountQueuingStrategy,
  TextEncoderStream,
  TextDecoderStream,
  CompressionStream,
  DecompressionStream,
};
