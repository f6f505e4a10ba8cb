// MessageChannel / MessagePort / BroadcastChannel inside one isolate. hostrt has no workers, so
// a port's peer is always in the same isolate: a message is structuredClone'd at post time and
// delivered as an immediate (Node delivers port messages as macrotasks too).
'use strict';
const kPeer = Symbol('peer');
const kQueue = Symbol('queue');
const kStarted = Symbol('started');
const kClosed = Symbol('closed');
const kOnMessage = Symbol('onmessage');

class MessageEvent extends Event {
  constructor(type, init = {}) {
    super(type, init);
    this._data = init.data;
    this._ports = Array.isArray(init.ports) ? init.ports : [];
    this._origin = init.origin ?? '';
    this._lastEventId = init.lastEventId ?? '';
    this._source = init.source ?? null;
  }
  get data() { return this._data; }
  get origin() { return this._origin; }
  get lastEventId() { return this._lastEventId; }
  get source() { return this._source; }
  get ports() { return this._ports; }
}

function flush(port) {
  if (!port[kStarted] || port[kClosed] || port[kQueue].length === 0) return;
  setImmediate(() => {
    while (port[kStarted] && !port[kClosed] && port[kQueue].length > 0) {
      const data = port[kQueue].shift();
      port.dispatchEvent(new MessageEvent('message', { data }));
    }
  });
}

class MessagePort extends EventTarget {
  constructor(key) {
    if (key !== kPeer) throw new TypeError('Illegal constructor');
    super();
    this[kPeer] = null;
    this[kQueue] = [];
    this[kStarted] = false;
    this[kClosed] = false;
    this[kOnMessage] = null;
  }
  postMessage(message) {
    if (this[kClosed]) return;
    const peer = this[kPeer];
    if (peer === null || peer[kClosed]) return;
    peer[kQueue].push(structuredClone(message));
    flush(peer);
  }
  start() {
    this[kStarted] = true;
    flush(this);
  }
  close() {
    if (this[kClosed]) return;
    this[kClosed] = true;
    const peer = this[kPeer];
    setImmediate(() => this.dispatchEvent(new Event('close')));
    if (peer !== null && !peer[kClosed]) peer.close();
  }
  ref() { return this; }
  unref() { return this; }
  hasRef() { return false; }
  get onmessage() { return this[kOnMessage]; }
  set onmessage(fn) {
    if (this[kOnMessage]) this.removeEventListener('message', this[kOnMessage]);
    this[kOnMessage] = typeof fn === 'function' ? fn : null;
    if (this[kOnMessage]) {
      this.addEventListener('message', this[kOnMessage]);
      this.start(); // as in the DOM and Node: setting onmessage starts the port
    }
  }
}

class MessageChannel {
  constructor() {
    const port1 = new MessagePort(kPeer);
    const port2 = new MessagePort(kPeer);
    port1[kPeer] = port2;
    port2[kPeer] = port1;
    Object.defineProperty(this, 'port1', { value: port1, enumerable: true });
    Object.defineProperty(this, 'port2', { value: port2, enumerable: true });
  }
}

const channels = new Map(); // name -> Set<BroadcastChannel>
class BroadcastChannel extends EventTarget {
  constructor(name) {
    if (arguments.length === 0) {
      const err = new TypeError('The "name" argument must be specified');
      err.code = 'ERR_MISSING_ARGS';
      throw err;
    }
    super();
    this._name = `${name}`;
    this._closed = false;
    this._onmessage = null;
    if (!channels.has(this._name)) channels.set(this._name, new Set());
    channels.get(this._name).add(this);
  }
  get name() { return this._name; }
  postMessage(message) {
    if (this._closed) {
      throw new DOMException('BroadcastChannel is closed.', 'InvalidStateError');
    }
    for (const other of channels.get(this._name) || []) {
      if (other === this || other._closed) continue;
      const data = structuredClone(message);
      setImmediate(() => { if (!other._closed) other.dispatchEvent(new MessageEvent('message', { data })); });
    }
  }
  close() {
    if (this._closed) return;
    this._closed = true;
    const set = channels.get(this._name);
    if (set) set.delete(this);
  }
  ref() { return this; }
  unref() { return this; }
  get onmessage() { return this._onmessage; }
  set onmessage(fn) {
    if (this._onmessage) this.removeEventListener('message', this._onmessage);
    this._onmessage = typeof fn === 'function' ? fn : null;
    if (this._onmessage) this.addEventListener('message', this._onmessage);
  }
}

module.exports = { MessageChannel, MessagePort, MessageEvent, BroadcastChannel };
