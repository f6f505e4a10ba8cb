// Shared by fs and fs/promises: the allow-list snapshot, Node-shaped errors, Buffer results.
'use strict';
const bridge = require('hostrt:bridge');
const { coded, invalidArgType } = require('hostrt:web/errors');

const config = bridge.config('fs');
const ERRNO = { ENOENT: -2, EACCES: -13, EISDIR: -21, ENOTDIR: -20, EPERM: -1, EIO: -5 };
const REASON = 'no file system in the embedding';

let BufferCtor;
function toResult(bytes, encoding) {
  if (BufferCtor === undefined) {
    try { BufferCtor = require('buffer').Buffer; } catch { BufferCtor = null; }
  }
  if (encoding !== undefined && encoding !== null && encoding !== 'buffer') {
    if (BufferCtor) return BufferCtor.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
    const label = encoding === 'utf-8' ? 'utf8' : encoding;
    if (label !== 'utf8' && label !== 'latin1') {
      throw coded(Error, 'ERR_HOSTRT_UNSUPPORTED', `encoding '${encoding}' needs the buffer shim`);
    }
    return new TextDecoder(label).decode(bytes);
  }
  return BufferCtor ? BufferCtor.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes;
}

function fromBase64(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function pathArg(path, name = 'path') {
  if (typeof path === 'string') return path;
  if (path instanceof URL) return require('url').fileURLToPath(path);
  if (ArrayBuffer.isView(path)) return new TextDecoder().decode(path);
  throw invalidArgType(name, 'of type string or an instance of Buffer or URL', path);
}

function absolute(path) {
  const abs = path.startsWith('/') ? path : `${process.cwd()}/${path}`;
  const parts = [];
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return '/' + parts.join('/');
}

function accessDenied(path) {
  const err = coded(Error, 'ERR_ACCESS_DENIED', 'Access to this API has been restricted');
  err.permission = 'FileSystemRead';
  err.resource = absolute(path);
  return err;
}

// Host errors arrive as "CODE: text, syscall 'path'" with `code` set; give them Node's fields.
function fsError(e) {
  if (e.code === 'ERR_ACCESS_DENIED') {
    const m = /'([^']*)'/.exec(e.message);
    return accessDenied(m ? m[1] : '');
  }
  const err = new Error(e.message);
  const m = /^(\w+): .*, (\w+)(?: '(.*)')?$/.exec(e.message);
  err.errno = ERRNO[e.code] ?? -5;
  err.code = e.code;
  if (m) {
    err.syscall = m[2];
    if (m[3] !== undefined) err.path = m[3];
  }
  return err;
}

function encodingOf(options) {
  if (typeof options === 'string') return options;
  if (options && typeof options === 'object') return options.encoding;
  return undefined;
}

/** Read through the host (live, allow-listed). Resolves with bytes. */
async function readLive(path) {
  const v = require('hostrt:fs/vfs');
  const node = v.nodes.get(v.absolute(path));
  if (node && node.kind === 'f' && node.data !== null) return node.data.slice();
  try {
    return fromBase64(await bridge.call('fs.read', path));
  } catch (e) {
    throw fsError(e);
  }
}

async function accessLive(path, mode) {
  try {
    await bridge.call('fs.access', path, mode ?? 0);
  } catch (e) {
    throw fsError(e);
  }
}

/** Should a failed view lookup be asked of the host? Only for a name under an --allow-read root
 *  that the snapshot did not hold (its entry budget ran out); the view is the truth for
 *  --allow-write roots. */
function askHost(e, path) {
  if (e.code !== 'ENOENT') return false;
  const v = require('hostrt:fs/vfs');
  const abs = v.absolute(path);
  return v.writeRoot(abs) === undefined && v.readRoot(abs) !== undefined;
}

module.exports = {
  config, REASON, toResult, pathArg, encodingOf, readLive, accessLive, askHost,
};
