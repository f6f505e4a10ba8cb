// Request, Response and fetch() (WHATWG Fetch as Node 20's undici exposes it). The network is
// Python's: fetch() sends one `fetch.request` host call (method, url, header pairs, body as
// base64, redirect mode) and the answer carries status, headers, final URL and a response id;
// the body is a ReadableStream that pulls one chunk per `fetch.read` call (backpressure comes
// free: nothing is read from the socket until JS asks). `data:` URLs are answered here.
'use strict';
const bridge = require('hostrt:bridge');
const { Buffer } = require('buffer');
const { inspect } = require('util');
const { Headers, setGuard, fill, argCount } = require('./headers.js');
const { kBody, extract, mixin, cloneState, bytesForSend, makeState } = require('./body.js');
const { FormData } = require('./formdata.js');

const kState = Symbol('state');
let internal = false;  // set while this file builds objects without running the public checks

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const NORMAL_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ENUMS = {
  mode: ['navigate', 'same-origin', 'no-cors', 'cors'],
  credentials: ['omit', 'same-origin', 'include'],
  cache: ['default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'],
  redirect: ['follow', 'manual', 'error'],
  referrerPolicy: ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin',
    'strict-origin', 'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'],
  duplex: ['half'],
};

function parseURL(input) {
  try {
    return new URL(String(input));
  } catch (err) {
    throw new TypeError(`Failed to parse URL from ${String(input)}`, { cause: err });
  }
}

function checkEnum(key, value) {
  const s = String(value);
  if (!ENUMS[key].includes(s)) {
    throw new TypeError(`Request constructor: ${s} is not an accepted type. Expected one of ${ENUMS[key].filter(Boolean).join(', ')}.`);
  }
  return s;
}

function defineEnumerable(Class, names) {
  for (const key of names) {
    Object.defineProperty(Class.prototype, key,
      { ...Object.getOwnPropertyDescriptor(Class.prototype, key), enumerable: true });
  }
}

class Request {
  constructor(input, init = {}) {
    if (arguments.length < 1) throw argCount('Request constructor', 1, 0);
    init = checkInit('Request constructor', init);
    let base;
    if (input instanceof Request) {
      base = input[kState];
    } else {
      const url = parseURL(input);
      if (url.username !== '' || url.password !== '') {
        throw new TypeError(`Request cannot be constructed from a URL that includes credentials: ${String(input)}`);
      }
      base = {
        method: 'GET', url: url.href, headers: null, mode: 'cors', credentials: 'same-origin',
        cache: 'default', redirect: 'follow', referrer: 'about:client', referrerPolicy: '',
        integrity: '', keepalive: false, signal: null, body: null,
      };
    }
    const state = { ...base };
    if (init.referrer !== undefined) {
      const r = String(init.referrer);
      state.referrer = r === '' ? 'no-referrer' : parseURL(r).href;
    }
    for (const key of ['mode', 'credentials', 'cache', 'redirect', 'referrerPolicy']) {
      if (init[key] !== undefined) state[key] = checkEnum(key, init[key]);
    }
    if (state.mode === 'navigate') {
      throw new TypeError('Request constructor: invalid request mode navigate.');
    }
    if (init.integrity !== undefined) state.integrity = String(init.integrity);
    if (init.keepalive !== undefined) state.keepalive = Boolean(init.keepalive);
    if (init.method !== undefined) {
      const m = String(init.method);
      if (!TOKEN.test(m)) throw new TypeError(`'${m}' is not a valid HTTP method.`);
      const upper = m.toUpperCase();
      if (['CONNECT', 'TRACE', 'TRACK'].includes(upper)) {
        throw new TypeError(`'${m}' HTTP method is unsupported.`);
      }
      state.method = NORMAL_METHODS.has(upper) ? upper : m;
    }
    // The signal follows the input's and init's signals, as undici's does.
    const signal = init.signal !== undefined ? init.signal : base.signal;
    if (signal !== null && signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
    }
    const controller = new AbortController();
    if (signal) {
      if (signal.aborted) controller.abort(signal.reason);
      else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    }
    state.signal = controller.signal;
    if (init.duplex !== undefined) checkEnum('duplex', init.duplex);

    // Headers: from init, else a copy of the input's.
    const headers = new Headers(init.headers !== undefined ? init.headers : base.headers ?? undefined);
    let body = null;
    const inputBody = input instanceof Request ? input[kBody] : null;
    if ((init.body !== undefined && init.body !== null) || inputBody !== null) {
      if (state.method === 'GET' || state.method === 'HEAD') {
        throw new TypeError('Request with GET/HEAD method cannot have body.');
      }
    }
    if (init.body !== undefined && init.body !== null) {
      const { state: bodyState, type } = extract(init.body);
      if (bodyState.user && init.duplex === undefined) {
        throw new TypeError('RequestInit: duplex option is required when sending a body.');
      }
      if (type !== null && !headers.has('content-type')) headers.append('content-type', type);
      body = bodyState;
    } else if (inputBody !== null) {
      if (inputBody.used || (inputBody.stream !== null && inputBody.stream.locked)) {
        throw new TypeError('Cannot construct a Request with a Request object that has already been used.');
      }
      // The input's body moves to the new request; the input is left used.
      body = cloneState(inputBody);
      inputBody.used = true;
    }
    setGuard(headers, 'request');
    state.headers = headers;
    Object.defineProperty(this, kState, { value: state });
    Object.defineProperty(this, kBody, { value: body, writable: true });
  }
  get method() { return this[kState].method; }
  get url() { return this[kState].url; }
  get headers() { return this[kState].headers; }
  get destination() { return ''; }
  get referrer() {
    const r = this[kState].referrer;
    return r === 'no-referrer' ? '' : r;
  }
  get referrerPolicy() { return this[kState].referrerPolicy; }
  get mode() { return this[kState].mode; }
  get credentials() { return this[kState].credentials; }
  get cache() { return this[kState].cache; }
  get redirect() { return this[kState].redirect; }
  get integrity() { return this[kState].integrity; }
  get keepalive() { return this[kState].keepalive; }
  get isReloadNavigation() { return false; }
  get isHistoryNavigation() { return false; }
  get signal() { return this[kState].signal; }
  get duplex() { return 'half'; }
  clone() {
    if (this.bodyUsed || (this[kBody] !== null && this[kBody].stream !== null && this[kBody].stream.locked)) {
      throw new TypeError('Request.clone: Body has already been consumed.');
    }
    const copy = new Request(this.url, {
      method: this.method, mode: this.mode, credentials: this.credentials, cache: this.cache,
      redirect: this.redirect, referrerPolicy: this.referrerPolicy, integrity: this.integrity,
      keepalive: this.keepalive, signal: this.signal, headers: this.headers,
    });
    copy[kState].referrer = this[kState].referrer;
    copy[kBody] = cloneState(this[kBody]);
    return copy;
  }
  [inspect.custom](depth, options) {
    const shown = {
      method: this.method, url: this.url, headers: this.headers, destination: this.destination,
      referrer: this.referrer, referrerPolicy: this.referrerPolicy, mode: this.mode,
      credentials: this.credentials, cache: this.cache, redirect: this.redirect,
      integrity: this.integrity, keepalive: this.keepalive, isReloadNavigation: false,
      isHistoryNavigation: false, signal: this.signal,
    };
    return `Request ${inspect(shown, options)}`;
  }
}
mixin(Request);
// Node 20's undici defines an enumerable, undefined `attribute` on Request.prototype; kept so
// enumerating a Request's prototype gives the same keys.
Object.defineProperty(Request.prototype, 'attribute', { value: undefined, enumerable: true });
defineEnumerable(Request, ['method', 'url', 'headers', 'destination', 'referrer', 'referrerPolicy',
  'mode', 'credentials', 'cache', 'redirect', 'integrity', 'keepalive', 'isReloadNavigation',
  'isHistoryNavigation', 'signal', 'duplex', 'clone']);
Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: 'Request', configurable: true });

function checkInit(label, init) {
  if (init === undefined || init === null) return {};
  if (typeof init !== 'object' && typeof init !== 'function') {
    // undici's Response names no context here ("undefined: ...").
    throw new TypeError(`${label}: Expected ${String(init)} to be one of: Null, Undefined, Object.`);
  }
  return init;
}

function initResponse(response, init, body) {
  const status = init.status !== undefined ? Number(init.status) : 200;
  if (!Number.isFinite(status) || Math.trunc(status) < 200 || Math.trunc(status) > 599) {
    throw new RangeError('init["status"] must be in the range of 200 to 599, inclusive.');
  }
  const statusText = init.statusText !== undefined ? String(init.statusText) : '';
  if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(statusText)) throw new TypeError('Invalid statusText');
  const state = response[kState];
  state.status = Math.trunc(status);
  state.statusText = statusText;
  if (init.headers !== undefined) fill(state.headers, init.headers);
  if (body !== null) {
    if (NULL_BODY_STATUS.has(state.status)) {
      throw new TypeError(`Response constructor: Invalid response status code ${state.status}`);
    }
    response[kBody] = body.state;
    if (body.type !== null && !state.headers.has('content-type')) state.headers.append('content-type', body.type);
  }
}

class Response {
  constructor(body = null, init = {}) {
    init = checkInit('undefined', init);
    Object.defineProperty(this, kState, {
      value: { type: 'default', status: 200, statusText: '', headers: new Headers(), urlList: [] },
    });
    Object.defineProperty(this, kBody, { value: null, writable: true });
    if (internal) return;
    initResponse(this, init, body === null || body === undefined ? null : extract(body));
    setGuard(this[kState].headers, 'response');
  }
  static error() {
    const r = makeResponse({ type: 'error', status: 0 });
    setGuard(r.headers, 'immutable');
    return r;
  }
  static json(data, init = {}) {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    init = checkInit('Response.json', init);
    internal = true;
    let r;
    try { r = new Response(); } finally { internal = false; }
    initResponse(r, init, { state: extract(text).state, type: 'application/json' });
    setGuard(r[kState].headers, 'response');
    return r;
  }
  static redirect(url, status = 302) {
    const parsed = parseURL(url);
    status = Number(status);
    if (!REDIRECT_STATUS.has(status)) throw new RangeError(`Invalid status code ${status}`);
    const r = makeResponse({ status });
    r[kState].headers.set('location', parsed.href);
    setGuard(r[kState].headers, 'immutable');
    return r;
  }
  get type() { return this[kState].type; }
  get url() {
    const list = this[kState].urlList;
    if (list.length === 0) return '';
    const u = new URL(list[list.length - 1]);
    u.hash = '';
    return u.href;
  }
  get redirected() { return this[kState].urlList.length > 1; }
  get status() { return this[kState].status; }
  get ok() { return this[kState].status >= 200 && this[kState].status <= 299; }
  get statusText() { return this[kState].statusText; }
  get headers() { return this[kState].headers; }
  clone() {
    if (this.bodyUsed || (this[kBody] !== null && this[kBody].stream !== null && this[kBody].stream.locked)) {
      throw new TypeError('Response.clone: Body has already been consumed.');
    }
    const s = this[kState];
    const copy = makeResponse({ type: s.type, status: s.status, statusText: s.statusText, urlList: [...s.urlList] });
    fill(copy[kState].headers, s.headers);
    setGuard(copy[kState].headers, guardOf(s.headers));
    copy[kBody] = cloneState(this[kBody]);
    return copy;
  }
  [inspect.custom](depth, options) {
    const shown = {
      status: this.status, statusText: this.statusText, headers: this.headers, body: this.body,
      bodyUsed: this.bodyUsed, ok: this.ok, redirected: this.redirected, type: this.type, url: this.url,
    };
    return `Response ${inspect(shown, options)}`;
  }
}
mixin(Response);
defineEnumerable(Response, ['type', 'url', 'redirected', 'status', 'ok', 'statusText', 'headers', 'clone']);
Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: 'Response', configurable: true });

function guardOf(headers) {
  // Only these three guards reach a Response's headers.
  try {
    headers.append('x-hostrt-guard-probe', '1');
    headers.delete('x-hostrt-guard-probe');
    return 'response';
  } catch {
    return 'immutable';
  }
}

/** A Response built by this file: state fields as given, no body, "response" guard. */
function makeResponse(fields) {
  internal = true;
  let r;
  try { r = new Response(); } finally { internal = false; }
  Object.assign(r[kState], { statusText: '' }, fields);
  setGuard(r[kState].headers, 'response');
  return r;
}

// ---- fetch ------------------------------------------------------------------------------

// V8's native base64 (Uint8Array.fromBase64 / toBase64) when the engine has it: ~25x faster than
// the Buffer polyfill's, and bodies cross the bridge as base64.
const fromBase64 = typeof Uint8Array.fromBase64 === 'function'
  ? (s) => Uint8Array.fromBase64(s) : (s) => new Uint8Array(Buffer.from(s, 'base64'));
const toBase64 = typeof Uint8Array.prototype.toBase64 === 'function'
  ? (b) => b.toBase64() : (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

function fetchFailed(cause) {
  return new TypeError('fetch failed', { cause });
}

function causeError(info) {
  const err = new Error(info.message);
  for (const key of ['errno', 'code', 'syscall', 'address', 'port', 'hostname']) {
    if (info[key] !== undefined && info[key] !== null) err[key] = info[key];
  }
  return err;
}

// Ports the Fetch standard blocks ("bad port").
const BAD_PORTS = new Set([1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69,
  77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143,
  161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587,
  601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 5060, 5061, 6000, 6566, 6665,
  6666, 6667, 6668, 6669, 6697, 10080]);

/** A data: URL as {type, bytes} (the Fetch standard's data: URL processor, simplified to what
 *  Node answers for well-formed URLs). */
function dataURL(url) {
  const href = url.href;
  const withoutHash = href.slice(5).replace(/#.*$/s, '');
  const comma = withoutHash.indexOf(',');
  if (comma === -1) return null;
  let mime = withoutHash.slice(0, comma).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  let bytes = Buffer.from(decodeURIComponentBytes(withoutHash.slice(comma + 1)), 'latin1');
  const b64 = /;[\x20]*base64$/i.exec(mime);
  if (b64 !== null) {
    mime = mime.slice(0, b64.index);
    const text = bytes.toString('latin1').replace(/[\t\n\f\r ]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) return null;
    bytes = Buffer.from(text, 'base64');
  }
  if (mime.startsWith(';')) mime = `text/plain${mime}`;
  let type = mime.trim();
  const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\/([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(.*)$/s.exec(type);
  if (m === null) type = 'text/plain;charset=US-ASCII';
  else type = `${m[1].toLowerCase()}/${m[2].toLowerCase()}${m[3].replace(/\s*;\s*/g, ';')}`;
  return { type, bytes: new Uint8Array(bytes) };
}

function decodeURIComponentBytes(s) {
  // Percent-decode to a byte string (latin1), leaving invalid escapes as they are.
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** The network response's body: a stream that asks Python for one chunk per pull. */
function networkBody(id, signal, first) {
  const state = makeState(null, null);
  let done = false;
  const finish = () => {
    if (!done) {
      done = true;
      bridge.post('fetch.close', id);
    }
  };
  let ctl;
  state.stream = new ReadableStream({
    start(controller) { ctl = controller; },
    async pull(controller) {
      state.pulled = true;
      let chunk = first;
      first = undefined;
      try {
        if (chunk === undefined) chunk = await bridge.call('fetch.read', id);
      } catch (err) {
        if (done) return;  // aborted or cancelled meanwhile: the stream is already settled
        done = true;
        controller.error(signal.aborted ? signal.reason : fetchFailed(err));
        return;
      }
      if (done) return;
      if (chunk.error) {
        done = true;
        controller.error(signal.aborted ? signal.reason : fetchFailed(causeError(chunk.error)));
        return;
      }
      if (chunk.data === null) {
        done = true;
        controller.close();
        return;
      }
      controller.enqueue(fromBase64(chunk.data));
      if (chunk.done) {
        done = true;
        controller.close();
      }
    },
    cancel() { finish(); },
  }, { highWaterMark: 0 });
  signal.addEventListener('abort', () => {
    if (done) return;
    finish();
    // Pending and later reads reject with the abort reason, as undici's body does.
    ctl.error(signal.reason);
  }, { once: true });
  return state;
}

let nextToken = 1;  // names a request in flight for `fetch.abort`
let warnedInsecure = false;

/** NODE_TLS_REJECT_UNAUTHORIZED=0 in process.env (read per request, as Node does, with its
 *  warning once). */
function insecureTLS(url) {
  if (url.protocol !== 'https:' || process.env.NODE_TLS_REJECT_UNAUTHORIZED !== '0') return false;
  if (!warnedInsecure) {
    warnedInsecure = true;
    process.emitWarning("Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to '0' " +
      'makes TLS connections and HTTPS requests insecure by disabling certificate verification.');
  }
  return true;
}

async function fetch(input, init = undefined) {
  const request = new Request(input, init);
  const signal = request.signal;
  if (signal.aborted) throw signal.reason;
  const url = new URL(request.url);
  if (url.protocol === 'data:') {
    const parsed = dataURL(url);
    if (parsed === null) throw fetchFailed(new TypeError('invalid data: URL'));
    const r = makeResponse({ type: 'basic', status: 200, statusText: 'OK', urlList: [url.href] });
    r[kState].headers.append('content-type', parsed.type);
    setGuard(r[kState].headers, 'immutable');
    r[kBody] = makeState(parsed.bytes, null);
    return r;
  }
  if (url.protocol === 'about:' || url.protocol === 'blob:') {
    throw fetchFailed(new Error(url.protocol === 'blob:' ? 'invalid method' : 'about scheme is not supported'));
  }
  if (url.protocol === 'file:') throw fetchFailed(new Error('not implemented... yet...'));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fetchFailed(new Error('unknown scheme'));
  const port = url.port === '' ? null : Number(url.port);
  if (port !== null && BAD_PORTS.has(port)) throw fetchFailed(new Error('bad port'));

  let bytes;
  try {
    bytes = await bytesForSend(request[kBody]);
  } catch (err) {
    throw fetchFailed(err);
  }
  if (signal.aborted) throw signal.reason;
  const headers = [];
  for (const [name, value] of request.headers) headers.push([name, value]);
  const token = nextToken++;
  const payload = {
    token, insecure: insecureTLS(url), method: request.method, url: request.url, headers, redirect: request.redirect,
    body: bytes === null ? null : toBase64(bytes),
  };
  const call = bridge.call('fetch.request', payload);
  let onAbort;
  const aborted = new Promise((resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  let answer;
  try {
    answer = await Promise.race([call, aborted]);
  } catch (err) {
    if (signal.aborted) {
      // Python shuts the request's socket down; a response that won the race is closed.
      bridge.post('fetch.abort', token);
      call.then((a) => { if (a && a.id !== undefined) bridge.post('fetch.close', a.id); }, () => {});
      throw signal.reason;
    }
    // Not granted (--allow-net): Node's permission-model error itself, not a network failure.
    if (err && err.code === 'ERR_ACCESS_DENIED') throw err;
    throw fetchFailed(err);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (answer.error) throw fetchFailed(causeError(answer.error));
  const r = makeResponse({
    type: 'basic', status: answer.status, statusText: answer.statusText, urlList: answer.urls,
  });
  for (const [name, value] of answer.headers) r[kState].headers.append(name, value);
  setGuard(r[kState].headers, 'immutable');
  if (NULL_BODY_STATUS.has(answer.status) || request.method === 'HEAD') {
    bridge.post('fetch.close', answer.id);
  } else {
    r[kBody] = networkBody(answer.id, signal, answer.first);
  }
  return r;
}
Object.defineProperty(fetch, 'name', { value: 'fetch' });

module.exports = { fetch, Headers, Request, Response, FormData };
