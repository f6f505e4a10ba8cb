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
