// The Body mixin shared by Request and Response: a body is either bytes held in the isolate
// (strings, buffers, Blobs, URLSearchParams, FormData) or a ReadableStream (user streams and
// network responses, which pull one chunk per host call). `body` exposes a ReadableStream made
// on first access; reading through text()/json()/... uses the bytes directly when it can.
'use strict';
const { Blob, Buffer } = require('buffer');
const { FormData, serialize, parseMultipart } = require('./formdata.js');

const kBody = Symbol('body');

/** Body state: bytes (Uint8Array) or stream (ReadableStream); `used` once consumed, `pulled`
 *  once its stream was read from (bodyUsed). */
function makeState(bytes, stream) {
  return { bytes, stream, used: false, pulled: false };
}

/** Extract a body from a BodyInit: {state, type}. Blob and FormData contents are read
 *  asynchronously when the body is read; the Content-Type is known at once. */
function extract(object) {
  if (typeof object === 'string') {
    return { state: makeState(new Uint8Array(Buffer.from(object, 'utf8')), null), type: 'text/plain;charset=UTF-8' };
  }
  if (object instanceof URLSearchParams) {
    return { state: makeState(new Uint8Array(Buffer.from(object.toString(), 'utf8')), null),
      type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  }
  if (object instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && object instanceof SharedArrayBuffer)) {
    return { state: makeState(new Uint8Array(object.slice(0)), null), type: null };
  }
  if (ArrayBuffer.isView(object)) {
    const copy = new Uint8Array(object.byteLength);
    copy.set(new Uint8Array(object.buffer, object.byteOffset, object.byteLength));
    return { state: makeState(copy, null), type: null };
  }
  if (object instanceof Blob) {
    // Blob bytes are read lazily through a stream (Blob reads are asynchronous).
    const blob = object;
    const stream = new ReadableStream({
      async pull(controller) {
        controller.enqueue(new Uint8Array(await blob.arrayBuffer()));
        controller.close();
      },
    }, { highWaterMark: 0 });
    const state = makeState(null, stream);
    state.blob = blob;
    return { state, type: blob.type || null };
  }
  if (object instanceof FormData) {
    const { type, bytes } = serialize(object);
    bytes.catch(() => {});  // read errors surface when the body is read
    const stream = new ReadableStream({
      async pull(controller) {
        controller.enqueue(await bytes);
        controller.close();
      },
    }, { highWaterMark: 0 });
    const state = makeState(null, stream);
    state.form = bytes;
    return { state, type };
  }
  if (object instanceof ReadableStream) {
    if (object.locked) throw new TypeError('Response body object should not be disturbed or locked');
    const state = makeState(null, object);
    state.user = true;
    return { state, type: null };
  }
  // Anything else is converted to a string, as WebIDL's union conversion does.
  return extract(String(object));
}

function unusable() {
  return new TypeError('Body is unusable: Body has already been read');
}

function bodyStream(state) {
  if (state.stream === null) {
    const bytes = state.bytes;
    state.stream = new ReadableStream({
      pull(controller) {
        state.pulled = true;
        if (bytes.byteLength > 0) controller.enqueue(bytes);
        controller.close();
      },
    }, { highWaterMark: 0 });
  }
  return state.stream;
}

async function readAll(state) {
  if (state.used) throw unusable();
  if (state.stream !== null && state.stream.locked) throw unusable();
  state.used = true;
  if (state.stream === null) {
    state.pulled = true;
    return state.bytes;
  }
  if (state.blob !== undefined) return new Uint8Array(await state.blob.arrayBuffer());
  if (state.form !== undefined) return state.form;
  const reader = state.stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) {
      throw new TypeError('Received non-Uint8Array chunk');
    }
    chunks.push(value);
    total += value.byteLength;
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) { out.set(c, off); off += c.byteLength; }
  return out;
}

const decoder = new TextDecoder();

function contentType(self) {
  return self.headers.get('content-type');
}

/** Install body/bodyUsed/arrayBuffer/blob/bytes/formData/json/text on a class prototype. */
function mixin(Class) {
  const methods = {
    get body() {
      const state = this[kBody];
      return state === null ? null : bodyStream(state);
    },
    get bodyUsed() {
      const state = this[kBody];
      if (state === null) return false;
      return state.used || state.pulled;
    },
    async arrayBuffer() {
      const bytes = await consume(this);
      return bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer;
    },
    async blob() {
      const bytes = await consume(this);
      return new Blob([bytes], { type: contentType(this) ?? '' });
    },
    async bytes() {
      return consume(this);
    },
    async formData() {
      const bytes = await consume(this);
      const type = contentType(this) ?? '';
      const essence = type.split(';')[0].trim().toLowerCase();
      if (essence === 'multipart/form-data') return parseMultipart(bytes, type);
      if (essence === 'application/x-www-form-urlencoded') {
        const form = new FormData();
        for (const [k, v] of new URLSearchParams(decoder.decode(bytes))) form.append(k, v);
        return form;
      }
      throw new TypeError('Content-Type was not one of "multipart/form-data" or "application/x-www-form-urlencoded".');
    },
    async json() {
      return JSON.parse(decoder.decode(await consume(this)));
    },
    async text() {
      return decoder.decode(await consume(this));
    },
  };
  for (const key of Object.getOwnPropertyNames(methods)) {
    const desc = Object.getOwnPropertyDescriptor(methods, key);
    desc.enumerable = true;
    Object.defineProperty(Class.prototype, key, desc);
  }
}

async function consume(self) {
  const state = self[kBody];
  if (state === null) return new Uint8Array(0);
  return readAll(state);
}

/** Clone a body state (tee the stream when there is one). */
function cloneState(state) {
  if (state === null) return null;
  // A copy: arrayBuffer() hands out the bytes' own buffer.
  if (state.stream === null) return makeState(state.bytes.slice(), null);
  const [a, b] = state.stream.tee();
  state.stream = a;
  delete state.blob;
  delete state.form;
  const copy = makeState(null, b);
  return copy;
}

/** The body's bytes for sending (buffered; streams are read to the end). */
async function bytesForSend(state) {
  if (state === null) return null;
  return readAll(state);
}

module.exports = { kBody, extract, mixin, cloneState, bytesForSend, unusable, makeState, bodyStream };
