// Node's `url` module: the WHATWG URL classes from npm whatwg-url, Node's own helpers
// (fileURLToPath, pathToFileURL, urlToHttpOptions, domainToASCII/Unicode, format of a URL) in JS,
// and the legacy parse/format/resolve from npm `url` (a port of Node's legacy parser), loaded on
// first use.
'use strict';
const whatwg = require('hostrt:npm/whatwg-url');
const { coded, invalidArgType, missingArgs } = require('hostrt:web/errors');

const { URLSearchParams, forURL } = require('hostrt:url/searchparams');

// Node's URL, on whatwg-url's implementation: the accessors sit on URL.prototype itself (as in
// Node, not on a parent class), and an invalid URL is a TypeError with code ERR_INVALID_URL and
// the input attached.
class URL {
  constructor(url, base = undefined) {
    if (arguments.length === 0) throw missingArgs('url');
    // Node converts with String semantics (a Symbol throws V8's own TypeError).
    const args = arguments.length < 2 || base === undefined ? [`${url}`] : [`${url}`, `${base}`];
    try {
      return Reflect.construct(whatwg.URL, args, new.target);
    } catch (e) {
      if (!(e instanceof TypeError) || arguments.length === 0) throw e;
      // Node 20's URL error prints as a plain TypeError (no code in String(err) or its stack).
      const err = new TypeError('Invalid URL');
      err.code = 'ERR_INVALID_URL';
      err.input = `${url}`;
      if (arguments.length >= 2 && base !== undefined) err.base = `${base}`;
      throw err;
    }
  }
}
// In Node's order (for-in over a URL lists them so).
const NODE_ORDER = ['toString', 'href', 'origin', 'protocol', 'username', 'password', 'host',
  'hostname', 'port', 'pathname', 'search', 'searchParams', 'hash', 'toJSON'];
const protoKeys = Reflect.ownKeys(whatwg.URL.prototype);
for (const key of [...NODE_ORDER.filter((k) => protoKeys.includes(k)),
  ...protoKeys.filter((k) => !NODE_ORDER.includes(k))]) {
  if (key !== 'constructor') {
    Object.defineProperty(URL.prototype, key, Object.getOwnPropertyDescriptor(whatwg.URL.prototype, key));
  }
}
// Setters convert as Node's do: String semantics, so a Symbol throws V8's TypeError.
for (const key of Reflect.ownKeys(URL.prototype)) {
  const desc = Object.getOwnPropertyDescriptor(URL.prototype, key);
  if (typeof desc.set !== 'function') continue;
  const set = desc.set;
  Object.defineProperty(URL.prototype, key, {
    ...desc, set: Object.getOwnPropertyDescriptor({ set [key](value) { set.call(this, `${value}`); } }, key).set,
  });
}
for (const key of Reflect.ownKeys(whatwg.URL)) {
  if (!['length', 'name', 'prototype'].includes(key)) {
    Object.defineProperty(URL, key, Object.getOwnPropertyDescriptor(whatwg.URL, key));
  }
}
// Node's searchParams: its own URLSearchParams class, one object per URL, in step with it.
const linkedParams = new WeakMap();
const searchParamsGetter = Object.getOwnPropertyDescriptor({
  get searchParams() {
    // whatwg-url's href getter checks `this` (a TypeError on a foreign object); its
    // searchParams getter would add a cache symbol to the URL, which Node's does not.
    Reflect.get(whatwg.URL.prototype, 'href', this);
    let params = linkedParams.get(this);
    if (params === undefined) {
      params = forURL(this);
      linkedParams.set(this, params);
    }
    return params;
  },
}, 'searchParams').get;
Object.defineProperty(URL.prototype, 'searchParams', {
  ...Object.getOwnPropertyDescriptor(whatwg.URL.prototype, 'searchParams'), get: searchParamsGetter,
});
// util.inspect shows a URL's parts, as Node does (without Node's internal URL context).
const URL_PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port',
  'pathname', 'search', 'searchParams', 'hash'];
const inspectCustom = Symbol.for('nodejs.util.inspect.custom');
Object.defineProperty(URL.prototype, inspectCustom, {
  value: { [inspectCustom](depth, options, inspect) {
    if (typeof depth === 'number' && depth < 0) return this;
    const show = typeof inspect === 'function' ? inspect : require('util').inspect;
    const parts = {};
    for (const key of URL_PARTS) parts[key] = this[key];
    const ctor = Object.getPrototypeOf(this)?.constructor;
    return `${typeof ctor === 'function' && ctor.name ? ctor.name : 'URL'} ${show(parts, options)}`;
  } }[inspectCustom],
  writable: true, configurable: true,
});
if (typeof whatwg.URL.canParse === 'function') {
  Object.defineProperty(URL, 'canParse', {
    ...Object.getOwnPropertyDescriptor(whatwg.URL, 'canParse'),
    value: { canParse(url, base = undefined) {
      if (arguments.length === 0) throw missingArgs('url');
      try {
        // eslint-disable-next-line no-new
        base === undefined ? new URL(url) : new URL(url, base);
        return true;
      } catch (e) {
        if (e.code === 'ERR_INVALID_URL') return false;
        throw e;
      }
    } }.canParse,
  });
}
if (typeof whatwg.URL.parse === 'function') {
  // whatwg-url's parse would return its own wrapper class; Node's returns a URL.
  Object.defineProperty(URL, 'parse', {
    ...Object.getOwnPropertyDescriptor(whatwg.URL, 'parse'),
    value: { parse(url, base = undefined) {
      try {
        return arguments.length < 2 ? new URL(url) : new URL(url, base);
      } catch (e) {
        if (e.code === 'ERR_INVALID_URL') return null;
        throw e;
      }
    } }.parse,
  });
}
let legacy = null;
function legacyUrl() {
  if (legacy === null) legacy = require('hostrt:npm/url');
  return legacy;
}

// Node's URL has these statics too; Blob URLs need a Blob store the embedding does not have.
for (const name of ['createObjectURL', 'revokeObjectURL']) {
  Object.defineProperty(URL, name, {
    value: { [name]() {
      const err = new Error(`URL.${name} is not supported by hostrt: no Blob store in the embedding`);
      err.code = 'ERR_HOSTRT_UNSUPPORTED';
      throw err;
    } }[name],
    writable: true, configurable: true, enumerable: true,
  });
}

function isURL(value) { return value instanceof URL; }

function fileURLToPath(path) {
  let url = path;
  if (typeof path === 'string') url = new URL(path);
  else if (!isURL(path)) throw invalidArgType('path', 'of type string or an instance of URL', path);
  if (url.protocol !== 'file:') throw coded(TypeError, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
  if (url.hostname !== '') {
    throw coded(TypeError, 'ERR_INVALID_FILE_URL_HOST',
      `File URL host must be "localhost" or empty on ${process.platform}`);
  }
  const pathname = url.pathname;
  if (/%2f/i.test(pathname)) {
    throw coded(TypeError, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
  }
  return decodeURIComponent(pathname);
}

function resolvePosix(p) {
  const abs = p.startsWith('/') ? p : `${process.cwd()}/${p}`;
  const parts = [];
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return '/' + parts.join('/');
}

function pathToFileURL(filepath) {
  if (typeof filepath !== 'string') throw invalidArgType('path', 'of type string', filepath);
  let resolved = resolvePosix(filepath);
  // path.resolve drops a trailing slash; a file URL keeps it.
  if (filepath.endsWith('/') && !resolved.endsWith('/')) resolved += '/';
  const encoded = resolved.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A')
    .replace(/\r/g, '%0D').replace(/\t/g, '%09');
  const url = new URL('file://');
  url.pathname = encoded;
  return url;
}

function urlToHttpOptions(url) {
  const options = {
    protocol: url.protocol,
    hostname: typeof url.hostname === 'string' && url.hostname.startsWith('[')
      ? url.hostname.slice(1, -1) : url.hostname,
    hash: url.hash,
    search: url.search,
    pathname: url.pathname,
    path: `${url.pathname || ''}${url.search || ''}`,
    href: url.href,
  };
  if (url.port !== '') options.port = Number(url.port);
  if (url.username || url.password) {
    options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  }
  return options;
}

function domainToASCII(domain) {
  if (arguments.length < 1) throw coded(TypeError, 'ERR_MISSING_ARGS', 'The "domain" argument must be specified');
  try {
    return new URL(`ws://${domain}`).hostname;
  } catch {
    return '';
  }
}

function domainToUnicode(domain) {
  if (arguments.length < 1) throw coded(TypeError, 'ERR_MISSING_ARGS', 'The "domain" argument must be specified');
  const ascii = domainToASCII(domain);
  if (ascii === '' && `${domain}` !== '') return '';
  return require('punycode').toUnicode(ascii);
}

function format(urlObject, options = undefined) {
  if (isURL(urlObject)) {
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw invalidArgType('options', 'of type object', options);
    }
    const o = { auth: true, fragment: true, search: true, unicode: false, ...options };
    let out = `${urlObject.protocol}`;
    if (urlObject.host !== '' || urlObject.protocol === 'file:') out += '//';
    if (o.auth && (urlObject.username || urlObject.password)) {
      out += urlObject.username + (urlObject.password ? `:${urlObject.password}` : '') + '@';
    }
    out += o.unicode ? domainToUnicode(urlObject.hostname) + (urlObject.port ? `:${urlObject.port}` : '')
      : urlObject.host;
    out += urlObject.pathname;
    if (o.search) out += urlObject.search;
    if (o.fragment) out += urlObject.hash;
    return out;
  }
  if (typeof urlObject !== 'string' && (typeof urlObject !== 'object' || urlObject === null)) {
    throw invalidArgType('urlObject', 'one of type object or string', urlObject);
  }
  return legacyUrl().format(urlObject);
}

function parse(urlStr, parseQueryString = false, slashesDenoteHost = false) {
  if (urlStr instanceof Url) return urlStr;
  if (typeof urlStr !== 'string') throw invalidArgType('url', 'of type string', urlStr);
  const parsed = legacyUrl().parse(urlStr, parseQueryString, slashesDenoteHost);
  // Node leaves `search` null (not '') when a query object was asked for and there is none.
  if (parseQueryString && parsed.search === '') parsed.search = null;
  return parsed;
}

// The legacy Url class, loaded on first use: constructing or `instanceof` reach npm url's.
function Url() {
  return Reflect.construct(legacyUrl().Url, arguments);
}
Object.defineProperty(Url, Symbol.hasInstance, { value: (v) => v instanceof legacyUrl().Url });

module.exports = {
  Url,
  parse,
  resolve(...args) { return legacyUrl().resolve(...args); },
  resolveObject(...args) { return legacyUrl().resolveObject(...args); },
  format,
  URL,
  URLSearchParams,
  domainToASCII,
  domainToUnicode,
  pathToFileURL,
  fileURLToPath,
  urlToHttpOptions,
};
