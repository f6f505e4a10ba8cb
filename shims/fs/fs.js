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

// Writes to the process's own stdout/stderr (fd 1 and 2) are how loggers such as pino write
// (`fs.write(1, line, cb)`, sonic-boom's `fs.writeSync(fd, ...)`): they go where process.stdout
// and process.stderr go. Any other descriptor stays unsupported.
const stubWrite = module.exports.write;
const stubWriteSync = module.exports.writeSync;
function stdioText(buffer, args) {
  if (typeof buffer === 'string') return buffer;
  if (ArrayBuffer.isView(buffer)) {
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const offset = typeof args[0] === 'number' ? args[0] : 0;
    const length = typeof args[1] === 'number' ? args[1] : bytes.length - offset;
    return new TextDecoder().decode(bytes.subarray(offset, offset + length));
  }
  throw invalidArgType('buffer', 'of type string or an instance of Buffer, TypedArray, or DataView', buffer);
}
function stdio(fd) {
  return fd === 1 ? process.stdout : fd === 2 ? process.stderr : undefined;
}
module.exports.writeSync = function writeSync(fd, buffer, ...args) {
  const stream = stdio(fd);
  if (stream === undefined) return stubWriteSync(fd, buffer, ...args);
  const text = stdioText(buffer, typeof buffer === 'string' ? [] : args);
  stream.write(text);
  return Buffer.byteLength(text);
};
module.exports.write = function write(fd, buffer, ...args) {
  const stream = stdio(fd);
  if (stream === undefined) return stubWrite(fd, buffer, ...args);
  const callback = callbackOf(args, 'write');
  const written = module.exports.writeSync(fd, buffer, ...args.slice(0, -1).filter((a) => typeof a === 'number'));
  process.nextTick(callback, null, written, buffer);
};
