// fs: reads behind the host's allow-list (`hostrt run --allow-read PATH`). Callback and promise
// reads are live host calls; readFileSync/existsSync answer from the snapshot pushed at start-up.
// Everything else is a declared stub with real Node's names.
'use strict';
const { build } = require('hostrt:stubs/make');
const c = require('hostrt:fs/common');
const { invalidArgType } = require('hostrt:web/errors');

const REASON = c.REASON + ' (only reads behind --allow-read)';
for (const [key, desc] of Object.entries(c.config.exports.fs)) {
  if (key === 'promises') continue;
  module.exports[key] = build(`fs.${key}`, desc, REASON);
}
Object.defineProperty(module.exports, 'promises', {
  enumerable: true, configurable: true, get() { return require('fs/promises'); },
});

function callbackOf(args, name) {
  const cb = args[args.length - 1];
  if (typeof cb !== 'function') throw invalidArgType('cb', 'of type function', cb);
  return cb;
}

module.exports.readFile = function readFile(path, ...rest) {
  const callback = callbackOf(rest, 'readFile');
  const options = rest.length > 1 ? rest[0] : undefined;
  const p = c.pathArg(path);
  c.readLive(p).then(
    (bytes) => process.nextTick(callback, null, c.toResult(bytes, c.encodingOf(options))),
    (err) => process.nextTick(callback, err));
};
module.exports.access = function access(path, ...rest) {
  const callback = callbackOf(rest, 'access');
  const mode = rest.length > 1 ? rest[0] : undefined;
  c.accessLive(c.pathArg(path), mode).then(
    () => process.nextTick(callback, null), (err) => process.nextTick(callback, err));
};
module.exports.readFileSync = function readFileSync(path, options = undefined) {
  return c.toResult(c.readSnapshot('fs.readFileSync', c.pathArg(path)), c.encodingOf(options));
};
module.exports.existsSync = function existsSync(path) { return c.existsSnapshot(path); };
// Read streams of --allow-read files (one live read, served in chunks); see readstream.js.
const streams = require('hostrt:fs/readstream');
module.exports.createReadStream = streams.createReadStream;
module.exports.ReadStream = streams.ReadStream;

// Writes to the process's own stdout/stderr (fd 1 and 2) are how loggers such as pino write
// (`fs.write(1, line, cb)`, sonic-boom's `fs.writeSync(fd, ...)`): they go where process.stdout
// and process.stderr go. Any other descriptor stays unsupported.
const stubWrite = module.exports.write;
const stubWriteSync = module.exports.writeSync;
function stdio(fd) {
  return fd === 1 ? process.stdout : fd === 2 ? process.stderr : undefined;
}
// Write `buffer` (a string, or a Buffer/TypedArray/DataView with Node's offset and length) to a
// stdio stream; returns the bytes written, as fs.write/fs.writeSync report them. A string's other
// arguments (position, encoding) are ignored: a stream has no position, and text crosses as text.
function writeStdio(stream, buffer, offset, length) {
  if (typeof buffer === 'string') {
    stream.write(buffer);
    return Buffer.byteLength(buffer);
  }
  if (ArrayBuffer.isView(buffer)) {
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const start = typeof offset === 'number' ? offset : 0;
    const end = typeof length === 'number' ? start + length : bytes.length;
    const part = bytes.subarray(start, end);
    stream.write(new TextDecoder().decode(part));
    return part.length;
  }
  throw invalidArgType('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', buffer);
}
module.exports.writeSync = function writeSync(fd, buffer, offset, length, position) {
  const stream = stdio(fd);
  if (stream === undefined) return stubWriteSync(fd, buffer, offset, length, position);
  return writeStdio(stream, buffer, offset, length);
};
module.exports.write = function write(fd, buffer, ...args) {
  const stream = stdio(fd);
  if (stream === undefined) return stubWrite(fd, buffer, ...args);
  const callback = callbackOf(args, 'write');
  const written = writeStdio(stream, buffer, args.length > 1 ? args[0] : undefined,
                             args.length > 2 ? args[1] : undefined);
  process.nextTick(callback, null, written, buffer);
};
