'use strict';
// node:path - posix and win32 from the npm `@frida/path` package (a port of modern Node's path
// module), with Node's argument validation (ERR_INVALID_ARG_TYPE) added here: the package
// assumes string arguments.
const npm = require('hostrt:npm/@frida/path');
const { invalidArgType } = require('hostrt:errors');

const impl = npm.default ?? npm;

function str(value, name) {
  if (typeof value !== 'string') throw invalidArgType(name, 'of type string', value);
}
// Node 20.20's win32 normalize/join (the fixes for CVE-2025-23084 and CVE-2025-27210), which
// @frida/path predates: a relative result whose input has a segment ending in ':', or that would
// itself start like a drive ('c:...'), gets a '.\\' prefix so it cannot be read as a drive; and a reserved device name with a colon
// at the start (CON:, COM1:, ...) is a device prefix, shown as '.\\CON:tail'.
const RESERVED_DEVICE = /^(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9]):/i;
function relativeSegments(rest) {
  const out = [];
  for (const seg of rest.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out.join('\\') || '.';
}
function win32Guard(input, normalized) {
  if (input.length <= 1) return normalized;
  const device = RESERVED_DEVICE.exec(input);
  if (device) {
    const rest = input.slice(device[0].length);
    const trailing = /[\\/]$/.test(rest) ? '\\' : '';
    return `.\\${device[0]}${relativeSegments(rest)}${trailing}`;
  }
  const rooted = /^[\\/]/.test(input) || /^[a-zA-Z]:/.test(input);  // device or root of the input
  if (!rooted && (input.endsWith(':') || /:[\\/]/.test(input) || /^[a-zA-Z]:/.test(normalized))) {
    return `.\\${normalized}`;
  }
  return normalized;
}

let globWarned = false;

function wrap(flavour) {
  const p = {
    resolve(...args) { args.forEach((a, i) => str(a, `paths[${i}]`)); return flavour.resolve(...args); },
    normalize(path) {
      str(path, 'path');
      const out = flavour.normalize(path);
      return flavour === impl.win32 ? win32Guard(path, out) : out;
    },
    isAbsolute(path) { str(path, 'path'); return flavour.isAbsolute(path); },
    join(...args) {
      args.forEach((a) => str(a, 'path'));
      const out = flavour.join(...args);
      if (flavour !== impl.win32) return out;
      const raw = args.filter((a) => a.length > 0).join('\\');
      return win32Guard(raw, out);
    },
    relative(from, to) { str(from, 'from'); str(to, 'to'); return flavour.relative(from, to); },
    toNamespacedPath(path) {
      const out = flavour.toNamespacedPath(path);
      // Node 20's win32 answers the resolved path when it cannot be namespaced.
      if (flavour === impl.win32 && out === path && typeof path === 'string' && path.length > 0) {
        const resolved = flavour.resolve(path);
        // ...but an already namespaced path (\\?\ or \\.\) comes back as given.
        if (/^\\\\[?.]/.test(resolved)) return path;
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
    matchesGlob(path, pattern) {
      str(path, 'path');
      str(pattern, 'pattern');
      if (!globWarned) {
        globWarned = true;
        process.emitWarning('glob is an experimental feature and might change at any time', 'ExperimentalWarning');
      }
      return require('./glob.js').matchesGlob(path, pattern, flavour === impl.win32);
    },
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
