// stream/web: the WHATWG streams from npm web-streams-polyfill (a port of the reference
// implementation), with the text-coding streams Node adds written here over TextEncoder/Decoder.
'use strict';
const ws = require('hostrt:npm/web-streams-polyfill');

class TextEncoderStream {
  constructor() {
    const encoder = new TextEncoder();
    let pendingHigh = '';
    const stream = new ws.TransformStream({
      transform(chunk, controller) {
        let text = pendingHigh + String(chunk);
        pendingHigh = '';
        // A lone high surrogate at the end waits for its partner in the next chunk.
        const last = text.charCodeAt(text.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          pendingHigh = text.slice(-1);
          text = text.slice(0, -1);
        }
        if (text) controller.enqueue(encoder.encode(text));
      },
      flush(controller) {
        if (pendingHigh) controller.enqueue(encoder.encode(pendingHigh));
      },
    });
    this.readable = stream.readable;
    this.writable = stream.writable;
  }
  get encoding() { return 'utf-8'; }
}

class TextDecoderStream {
  constructor(label = 'utf-8', options = {}) {
    const decoder = new TextDecoder(label, options);
    const stream = new ws.TransformStream({
      transform(chunk, controller) {
        const text = decoder.decode(chunk, { stream: true });
        if (text) controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder.decode();
        if (text) controller.enqueue(text);
      },
    });
    this._decoder = decoder;
    this.readable = stream.readable;
    this.writable = stream.writable;
  }
  get encoding() { return this._decoder.encoding; }
  get fatal() { return this._decoder.fatal; }
  get ignoreBOM() { return this._decoder.ignoreBOM; }
}

function unsupported(name) {
  return class {
    constructor() {
      const err = new Error(`${name} is not supported by hostrt`);
      err.code = 'ERR_HOSTRT_UNSUPPORTED';
      throw err;
    }
  };
}

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
  CompressionStream: unsupported('CompressionStream'),
  DecompressionStream: unsupported('DecompressionStream'),
};
