'use strict';
// node:stream/consumers - read a whole stream (or async iterable) into one value.
async function buffer(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer ?? chunk, chunk.byteOffset ?? 0, chunk.byteLength ?? chunk.length));
  }
  return Buffer.concat(chunks);
}
async function text(stream) {
  const { StringDecoder } = require('string_decoder');
  const dec = new StringDecoder('utf8');
  let out = '';
  for await (const chunk of stream) out += typeof chunk === 'string' ? chunk : dec.write(Buffer.from(chunk.buffer ?? chunk, chunk.byteOffset ?? 0, chunk.byteLength ?? chunk.length));
  return out + dec.end();
}
async function json(stream) { return JSON.parse(await text(stream)); }
async function arrayBuffer(stream) {
  const b = await buffer(stream);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}
async function blob(stream) {
  const { Blob } = require('buffer');
  return new Blob([await arrayBuffer(stream)]);
}
module.exports = { arrayBuffer, blob, buffer, text, json };
