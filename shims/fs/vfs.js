// The in-isolate view of the granted directories: the synchronous core of fs.
//
// JS cannot wait for the host on every engine (mini-racer runs V8 on its own thread), so the
// host pushes a snapshot of the --allow-read and --allow-write trees at start-up and every fs
// call answers from this view at once. A change under an --allow-write root is made here first
// and then posted to the host (`fs.change`, fire and forget, in call order); the host applies it
// to the disk, confined to the roots, before the next turn of the loop and before exit. Changes
// made on disk by others after start-up are not seen.
'use strict';
const bridge = require('hostrt:bridge');
const { coded, invalidArgType } = require('hostrt:web/errors');

const config = bridge.config('fs');
const W = config.write || { roots: [], stats: {}, contents: {} };

const DESC = {
  ENOENT: [-2, 'no such file or directory'], EEXIST: [-17, 'file already exists'],
  ENOTDIR: [-20, 'not a directory'], EISDIR: [-21, 'illegal operation on a directory'],
  ENOTEMPTY: [-39, 'directory not empty'], EBADF: [-9, 'bad file descriptor'],
  EINVAL: [-22, 'invalid argument'], EACCES: [-13, 'permission denied'],
  EPERM: [-1, 'operation not permitted'], ELOOP: [-40, 'too many symbolic links encountered'],
};

/** Node's error for a failed system call: `CODE: text, syscall 'path' -> 'dest'`. */
function uvError(code, syscall, path, dest) {
  const [errno, text] = DESC[code];
  let where = syscall;
  if (path !== undefined) where += ` '${path}'`;
  if (dest !== undefined) where += ` -> '${dest}'`;
  const err = new Error(`${code}: ${text}, ${where}`);
  err.errno = errno;
  err.code = code;
  err.syscall = syscall;
  if (path !== undefined) err.path = path;
  if (dest !== undefined) err.dest = dest;
  return err;
}

// Node's permission-model error, word for word; the host says on stderr (once per kind) which
// flag grants the access.
const told = new Set();
function denied(permission, abs) {
  const err = coded(Error, 'ERR_ACCESS_DENIED', 'Access to this API has been restricted');
  err.permission = permission;
  err.resource = abs;
  if (!told.has(permission)) {
    told.add(permission);
    bridge.post('fs.denied', permission, abs);
  }
  return err;
}

function under(abs, root) {
  return abs === root || abs.startsWith(root === '/' ? '/' : root + '/');
}
function writeRoot(abs) { return W.roots.find((r) => under(abs, r)); }
function readRoot(abs) { return (config.roots || []).find((r) => under(abs, r)); }

function normalize(abs) {
  const parts = [];
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return '/' + parts.join('/');
}
/** The absolute path of `path` with the view's symbolic links resolved in every component but
 *  the last (the last is followed by `follow`, or not, as the call requires). */
function absolute(path) {
  return canonicalParent(normalize(path.startsWith('/') ? path : `${process.cwd()}/${path}`));
}
function linkTarget(at, node) {
  return normalize(node.target.startsWith('/') ? node.target : `${parentOf(at)}/${node.target}`);
}
function canonicalParent(abs) {
  for (let hops = 0; ; hops++) {
    if (hops > 40) throw uvError('ELOOP', 'stat', abs);
    const parts = abs.split('/').slice(1);
    let at = '';
    let next = null;
    for (let i = 0; i < parts.length - 1; i++) {
      at += '/' + parts[i];
      const n = nodes.get(at);
      if (n !== undefined && n.kind === 'l') {
        next = normalize(`${linkTarget(at, n)}/${parts.slice(i + 1).join('/')}`);
        break;
      }
    }
    if (next === null) return abs;
    abs = next;
  }
}
/** `abs` with a symbolic link in its last component followed (to the end of a chain). */
function follow(abs) {
  for (let hops = 0; ; hops++) {
    const n = nodes.get(abs);
    if (n === undefined || n.kind !== 'l') return abs;
    if (hops >= 40) throw uvError('ELOOP', 'stat', abs);
    abs = canonicalParent(linkTarget(abs, n));
  }
}
function parentOf(abs) { const i = abs.lastIndexOf('/'); return i <= 0 ? '/' : abs.slice(0, i); }
function baseOf(abs) { return abs.slice(abs.lastIndexOf('/') + 1); }

function fromBase64(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

// -- the node table ---------------------------------------------------------------------------
// path -> { kind 'f'|'d', data (Uint8Array; null when too large to push), size, mode, ino,
//           nlink, uid, gid, dev, atimeMs, mtimeMs, ctimeMs, birthtimeMs, children (Set), rw }
const nodes = new Map();
let nextIno = 1 << 30;
const ids = W.ids || config.ids || {};

function addSnapshot(stats, contents, rw, targets) {
  const paths = Object.keys(stats).sort();
  for (const p of paths) {
    const [kind, mode, size, ino, atimeMs, mtimeMs, ctimeMs, birthtimeMs, nlink, uid, gid, dev] = stats[p];
    const node = { kind, mode, size, ino, nlink, uid, gid, dev, atimeMs, mtimeMs, ctimeMs,
      birthtimeMs, rw, data: null, children: kind === 'd' ? new Set() : null };
    if (kind === 'f' && contents[p] !== undefined) node.data = fromBase64(contents[p]);
    if (kind === 'l') node.target = (targets || {})[p];
    nodes.set(p, node);
    const parent = nodes.get(parentOf(p));
    if (parent && parent.children && p !== '/') parent.children.add(baseOf(p));
  }
}
addSnapshot(config.stats || {}, config.contents || {}, false);
addSnapshot(W.stats, W.contents, true, W.targets);

function post(verb, ...args) { bridge.post('fs.change', verb, ...args); }

function umasked(mode) {
  let mask = 0o022;
  try { mask = process.umask(); } catch { /* keep the default */ }
  return mode & ~mask;
}

function newNode(kind, mode, parent) {
  const now = Date.now();
  return { kind, mode: (kind === 'd' ? 0o040000 : 0o100000) | umasked(mode), size: 0, ino: nextIno++,
    nlink: kind === 'd' ? 2 : 1, uid: ids.uid ?? 0, gid: ids.gid ?? 0, dev: parent ? parent.dev : 0,
    atimeMs: now, mtimeMs: now, ctimeMs: now, birthtimeMs: now, rw: true,
    data: kind === 'f' ? new Uint8Array(0) : null, children: kind === 'd' ? new Set() : null };
}

function touch(node, now = Date.now()) { node.mtimeMs = now; node.ctimeMs = now; }

/** Is this path answered by the view (under a granted root)? */
function covers(abs) { return writeRoot(abs) !== undefined || readRoot(abs) !== undefined; }

/** Look a path up, checking its ancestors as the kernel does (ENOENT / ENOTDIR). */
function lookup(abs, syscall, shown, { missingOk = false } = {}) {
  if (!covers(abs)) throw denied('FileSystemRead', abs);
  const node = nodes.get(abs);
  if (node) return node;
  // Which ancestor is missing or not a directory?
  const parts = abs.split('/').slice(1);
  let at = '';
  for (let i = 0; i < parts.length - 1; i++) {
    at += '/' + parts[i];
    const n = nodes.get(at);
    if (n && n.kind !== 'd') throw uvError('ENOTDIR', syscall, shown);
  }
  if (missingOk) return undefined;
  throw uvError('ENOENT', syscall, shown);
}

/** The parent directory of a path to create/change, which must be under a write root. */
function writableParent(abs, syscall, shown) {
  if (writeRoot(abs) === undefined || W.roots.includes(abs)) throw denied('FileSystemWrite', abs);
  const parent = lookup(parentOf(abs), syscall, shown, { missingOk: true });
  if (parent === undefined) throw uvError('ENOENT', syscall, shown);
  if (parent.kind !== 'd') throw uvError('ENOTDIR', syscall, shown);
  return parent;
}
function mustWrite(abs) {
  if (writeRoot(abs) === undefined) throw denied('FileSystemWrite', abs);
}

function link(parent, abs, node) {
  nodes.set(abs, node);
  parent.children.add(baseOf(abs));
  if (node.kind === 'd') parent.nlink++;
  touch(parent);
}
function unlinkNode(abs) {
  const node = nodes.get(abs);
  const parent = nodes.get(parentOf(abs));
  nodes.delete(abs);
  if (parent) {
    parent.children.delete(baseOf(abs));
    if (node && node.kind === 'd') parent.nlink--;
    touch(parent);
  }
  if (node) { node.nlink = node.kind === 'd' ? 0 : node.nlink - 1; node.ctimeMs = Date.now(); }
}

// -- file contents ----------------------------------------------------------------------------
function contentOf(node, api, shown) {
  if (node.data === null) {
    const err = coded(Error, 'ERR_HOSTRT_UNSUPPORTED', `${api} is not supported by hostrt for '${shown}': ` +
      'synchronous reads cannot reach the host, and the file was too large to push at start-up');
    err[NOT_PUSHED] = true;  // asynchronous forms read such a file from the host instead
    throw err;
  }
  return node.data;
}

const NOT_PUSHED = Symbol('not pushed');
function notPushed(e) { return e !== null && typeof e === 'object' && e[NOT_PUSHED] === true; }

function ensureCapacity(node, size) {
  if (node.data === null) return;
  if (node.data.buffer.byteLength >= size) {
    if (node.data.length < size) node.data = new Uint8Array(node.data.buffer, 0, size);
    return;
  }
  const grown = new Uint8Array(Math.max(size, node.data.buffer.byteLength * 2, 64));
  grown.set(node.data);
  node.data = new Uint8Array(grown.buffer, 0, size);
}

/** Write bytes at a position of a file node (view and disk). */
function writeAt(node, abs, position, bytes) {
  const end = position + bytes.length;
  if (node.data !== null) {
    if (end > node.data.length) {
      const old = node.data.length;
      ensureCapacity(node, end);
      node.data.fill(0, old, position > old ? position : old);
    }
    node.data.set(bytes, position);
  }
  node.size = Math.max(node.size, end);
  touch(node);
  if (abs !== null) post('write', abs, position, toBase64(bytes));
}

// A file grown past this by truncate is kept in the view by size only (its bytes are zeros on disk).
const MAX_VIEW_BYTES = 256 * 1024 * 1024;
function truncateNode(node, abs, len) {
  if (len > MAX_VIEW_BYTES) node.data = null;
  if (node.data !== null) {
    if (len <= node.data.length) node.data = node.data.slice(0, len);
    else { const d = new Uint8Array(len); d.set(node.data); node.data = d; }
  }
  node.size = len;
  touch(node);
  if (abs !== null) post('truncate', abs, len);
}

/** Create an empty file (or open an existing one) for writing. */
function createFile(abs, shown, mode, syscall = 'open') {
  const parent = writableParent(abs, syscall, shown);
  const node = newNode('f', mode ?? 0o666, parent);
  link(parent, abs, node);
  post('truncate', abs, 0, node.mode & 0o7777);
  return node;
}

module.exports = {
  config, W, nodes, uvError, denied, absolute, follow, parentOf, baseOf, writeRoot, readRoot, covers,
  lookup, writableParent, mustWrite, link, unlinkNode, newNode, contentOf, writeAt,
  truncateNode, createFile, touch, post, notPushed, fromBase64, toBase64, invalidArgType, coded,
};
