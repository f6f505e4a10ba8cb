'use strict';
// node:path — posix and win32 from the npm `@frida/path` package (a port of modern Node's path
// module), with Node's argument validation (ERR_INVALID_ARG_TYPE) added here: the package
// assumes string arguments.
const npm = require('hostrt:npm/@frida/path');
const { invalidArgType } = require('hostrt:errors');

const impl = npm.default ?? npm;

function str(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value);
}
function wrap(flavour) {
  const p = {
    resolve(...args) { args.forEach((a, i) => str(a, `paths[${i}]`)); return flavour.resolve(...args); },
    normalize(path) { str(path, 'path'); return flavour.normalize(path); },
    isAbsolute(path) { str(path, 'path'); return flavour.isAbsolute(path); },
    join(...args) { args.forEach((a) => str(a, 'path')); return flavour.join(...args); },
    relative(from, to) { str(from, 'from'); str(to, 'to'); return flavour.relative(from, to); },
    toNamespacedPath(path) {
      const out = flavour.toNamespacedPath(path);
      // Node 20's win32 answers the resolved path when it cannot be namespaced.
      if (flavour === impl.win32 && out === path && typeof path === 'string' && path.length > 0) {
        const resolved = flavour.resolve(path);
        return resolved.length <= 2 ? path : resolved;
      }
      return out;
    },
    dirname(path) { str(path, 'path'); return flavour.dirname(path); },
    basename(path, suffix) {
      str(path, 'path');
      if (suffix !== undefined) str(suffix, 'suffix');
      return flavour.basename(path, suffix);
    },
    extname(path) { str(path, 'path'); return flavour.extname(path); },
    format(pathObject) {
      if (pathObject === null || typeof pathObject !== 'object') {
        throw invalidArgType('pathObject', 'of type object', pathObject);
      }
      // Node 20 adds the dot to an `ext` given without one.
      const { ext } = pathObject;
      if (typeof ext === 'string' && ext !== '' && ext[0] !== '.') pathObject = { ...pathObject, ext: `.${ext}` };
      return flavour.format(pathObject);
    },
    parse(path) { str(path, 'path'); return flavour.parse(path); },
    sep: flavour.sep,
    delimiter: flavour.delimiter,
    win32: null,
    posix: null,
    _makeLong(path) { return flavour.toNamespacedPath(path); },
  };
  return p;
}

const posix = wrap(impl.posix);
const win32 = wrap(impl.win32);
posix.win32 = win32.win32 = win32;
posix.posix = win32.posix = posix;

module.exports = posix;
