'use strict';
// util.inspect of web streams shows their public state, as Node's own (not the polyfill's fields).
const util = require('util');
const { ReadableStream, WritableStream, TransformStream, TextEncoderStream, TextDecoderStream, CompressionStream } = require('stream/web');
console.log(util.inspect(new ReadableStream()));
console.log(util.inspect(new WritableStream()));
console.log(util.inspect(new TransformStream()));
console.log(util.inspect(new TextEncoderStream()));
console.log(util.inspect(new TextDecoderStream()));
console.log(util.inspect(new TextDecoderStream('utf-16le', { fatal: true, ignoreBOM: true })));
console.log(util.inspect({ a: { b: new ReadableStream() } }, { depth: 0 }));
console.log(util.inspect(new TextEncoderStream(), { depth: 0 }));
console.log(util.inspect(new CompressionStream('gzip')));
const rs = new ReadableStream(); rs.getReader(); console.log(util.inspect(rs));
const rs2 = new ReadableStream({ start(c) { c.close(); } }); console.log(util.inspect(rs2));
console.log(util.inspect(new ReadableStream({ type: 'bytes' })));
console.log(util.inspect({ a: { b: { c: new ReadableStream() } } }));
console.log(util.inspect([new WritableStream()], { depth: 0 }));
for (const C of [require('stream/web').TextEncoderStream, require('stream/web').TextDecoderStream]) { try { new C()[require('util').inspect.custom].call(); } catch (e) { console.log(e.code, e.message); } }
