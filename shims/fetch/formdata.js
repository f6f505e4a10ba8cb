// FormData (entries of string or File values) and its multipart/form-data wire form both ways.
'use strict';
const { Blob, File, Buffer } = require('buffer');
const { inspect } = require('util');
const { argCount } = require('./headers.js');

const kEntries = Symbol('entries');

function toEntry(method, name, value, filename, argc) {
  if (argc < 2) throw argCount(`FormData.${method}`, 2, argc);
  name = String(name);
  if (argc > 2 && !(value instanceof Blob)) {
    throw new TypeError(`Failed to execute '${method}' on 'FormData': parameter 2 is not of type 'Blob'`);
  }
  if (value instanceof Blob) {
    const fname = filename !== undefined ? String(filename)
      : value instanceof File ? value.name : 'blob';
    if (!(value instanceof File) || filename !== undefined) {
      value = new File([value], fname, { type: value.type, lastModified: value.lastModified });
    }
  } else {
    value = String(value);
  }
  return [name, value];
}

class FormData {
  constructor(form = undefined) {
    if (form !== undefined) {
      throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
    }
    Object.defineProperty(this, kEntries, { value: [] });
  }
  append(name, value, filename = undefined) {
    this[kEntries].push(toEntry('append', name, value, filename, arguments.length));
  }
  delete(name) {
    name = String(name);
    const list = this[kEntries];
    for (let i = list.length - 1; i >= 0; i--) if (list[i][0] === name) list.splice(i, 1);
  }
  get(name) {
    name = String(name);
    const found = this[kEntries].find((e) => e[0] === name);
    return found === undefined ? null : found[1];
  }
  getAll(name) {
    name = String(name);
    return this[kEntries].filter((e) => e[0] === name).map((e) => e[1]);
  }
  has(name) {
    name = String(name);
    return this[kEntries].some((e) => e[0] === name);
  }
  set(name, value, filename = undefined) {
    const entry = toEntry('set', name, value, filename, arguments.length);
    const list = this[kEntries];
    const first = list.findIndex((e) => e[0] === entry[0]);
    if (first === -1) {
      list.push(entry);
      return;
    }
    list[first] = entry;
    for (let i = list.length - 1; i > first; i--) if (list[i][0] === entry[0]) list.splice(i, 1);
  }
  *keys() { for (const [k] of this[kEntries]) yield k; }
  *values() { for (const [, v] of this[kEntries]) yield v; }
  *entries() { for (const [k, v] of this[kEntries]) yield [k, v]; }
  forEach(callback, thisArg = undefined) {
    if (typeof callback !== 'function') {
      throw new TypeError("Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
    }
    for (const [k, v] of this) callback.call(thisArg, v, k, this);
  }
  [inspect.custom](depth, options) {
    // As Node shows it: one key per name, repeated names as arrays.
    const obj = {};
    for (const [name, value] of this[kEntries]) {
      if (!Object.hasOwn(obj, name)) obj[name] = value;
      else if (Array.isArray(obj[name])) obj[name].push(value);
      else obj[name] = [obj[name], value];
    }
    return `FormData ${inspect(obj, options)}`;
  }
}
FormData.prototype[Symbol.iterator] = FormData.prototype.entries;
Object.defineProperty(FormData.prototype, Symbol.iterator, { enumerable: false });
Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: 'FormData', configurable: true });

function escapeName(s) {
  return s.replace(/\n/g, '%0A').replace(/\r/g, '%0D').replace(/"/g, '%22');
}

/** Serialize a FormData as multipart/form-data: {type, bytes: Promise<Uint8Array>}; the
 *  boundary (and so the Content-Type) is known at once, File contents are read asynchronously. */
function serialize(form) {
  let boundary = '----formdata-undici-0';
  for (let i = 0; i < 11; i++) boundary += Math.floor(Math.random() * 10);
  const entries = [...form[kEntries]];
  return { type: `multipart/form-data; boundary=${boundary}`, bytes: encode(entries, boundary) };
}

async function encode(entries, boundary) {
  const parts = [];
  for (const [name, value] of entries) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escapeName(name)}"`;
    if (typeof value === 'string') {
      parts.push(Buffer.from(`${head}\r\n\r\n${value.replace(/\r(?!\n)|(?<!\r)\n/g, '\r\n')}\r\n`));
    } else {
      head += `; filename="${escapeName(value.name)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`;
      parts.push(Buffer.from(head), Buffer.from(await value.arrayBuffer()), Buffer.from('\r\n'));
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(parts));
}

function headerParam(header, key) {
  const m = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(header);
  if (m === null) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** Parse a multipart/form-data body (bytes) with the boundary of `contentType`. */
function parseMultipart(bytes, contentType) {
  const boundary = headerParam(contentType, 'boundary');
  if (!boundary) throw new TypeError('Failed to parse body as FormData.');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const delim = Buffer.from(`--${boundary}`);
  const form = new FormData();
  let pos = buf.indexOf(delim);
  if (pos === -1) throw new TypeError('Failed to parse body as FormData.');
  for (;;) {
    pos += delim.length;
    if (buf[pos] === 0x2d && buf[pos + 1] === 0x2d) return form;  // closing "--"
    if (buf[pos] === 0x0d && buf[pos + 1] === 0x0a) pos += 2;
    const headEnd = buf.indexOf('\r\n\r\n', pos);
    const next = buf.indexOf(Buffer.from(`\r\n--${boundary}`), pos);
    if (headEnd === -1 || next === -1 || headEnd > next) throw new TypeError('Failed to parse body as FormData.');
    const head = buf.toString('latin1', pos, headEnd);
    const content = buf.subarray(headEnd + 4, next);
    const headers = {};
    for (const line of head.split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const disp = headers['content-disposition'] || '';
    const name = headerParam(disp, 'name');
    if (name === null) throw new TypeError('Failed to parse body as FormData.');
    const filename = headerParam(disp, 'filename');
    if (filename !== null) {
      form.append(Buffer.from(name, 'latin1').toString('utf8'),
        new File([Uint8Array.from(content)], Buffer.from(filename, 'latin1').toString('utf8'),
          { type: headers['content-type'] || '' }));
    } else {
      form.append(Buffer.from(name, 'latin1').toString('utf8'), content.toString('utf8'));
    }
    pos = next + 2;
  }
}

module.exports = { FormData, serialize, parseMultipart, kEntries };
