// MessageChannel / MessagePort / BroadcastChannel / MessageEvent inside one isolate. Messages are
// structured-cloned when posted and delivered one per macrotask (an immediate), in order. As in
// Node, a port keeps the process alive once it is started (onmessage or a 'message' listener),
// and a BroadcastChannel from its creation, until close() or unref(): that liveness is an idle
// ref'd timer on the host loop.
'use strict';
const { Event, EventTarget } = require('hostrt:web/event_target');
const { structuredClone } = require('hostrt:web/clone');
const { coded } = require('hostrt:web/errors');

class MessageEvent extends Event {
  #data; #origin; #lastEventId; #source; #ports;
  constructor(type, init = undefined) {
    super(type, init);
    const i = init || {};
    this.#data = i.data === undefined ? null : i.data;
    this.#origin = i.origin === undefined ? '' : `${i.origin}`;
    this.#lastEventId = i.lastEventId === undefined ? '' : `${i.lastEventId}`;
    this.#source = i.source === undefined ? null : i.source;
    this.#ports = i.ports === undefined ? [] : [...i.ports];
  }
  get data() { return this.#data; }
  get origin() { return this.#origin; }
  get lastEventId() { return this.#lastEventId; }
  get source() { return this.#source; }
  get ports() { return this.#ports; }
}

// A holder that keeps the host loop alive while something can still receive messages.
class Liveness {
  #timer = null;
  set(alive) {
    if (alive && this.#timer === null) this.#timer = setInterval(() => {}, 2 ** 31 - 1);
    else if (!alive && this.#timer !== null) { clearInterval(this.#timer); this.#timer = null; }
  }
}

function cloneMessage(value, transferOrOptions) {
  let transfer;
  if (Array.isArray(transferOrOptions)) transfer = transferOrOptions;
  else if (transferOrOptions && typeof transferOrOptions === 'object') transfer = transferOrOptions.transfer;
  return structuredClone(value, transfer === undefined ? undefined : { transfer });
}

let constructing = false;
const kPeer = Symbol('kPeer');
const kEnqueue = Symbol('kEnqueue');
const kDequeue = Symbol('kDequeue');
const kShutdown = Symbol('kShutdown');
const kNewListener = Symbol('kNewListener');

// Handler attributes (onmessage/onmessageerror) over addEventListener.
function handlerSlot(target, slots, type, fn) {
  if (slots[type] !== null) target.removeEventListener(type, slots[type]);
  slots[type] = typeof fn === 'function' ? fn : null;
  if (slots[type] !== null) target.addEventListener(type, slots[type]);
}

// Node's MessagePort sits on a NodeEventTarget, which starts the port when a 'message' listener
// is added.
class NodeEventTarget extends EventTarget {
  addEventListener(type, listener, options) {
    super.addEventListener(type, listener, options);
    if (`${type}` === 'message' && typeof this[kNewListener] === 'function') this[kNewListener]();
  }
}

class MessagePort extends NodeEventTarget {
  #queue = [];
  #started = false;
  #closed = false;
  #refed = true;
  #scheduled = false;
  #alive = new Liveness();
  #handlers = { message: null, messageerror: null };
  constructor() {
    if (!constructing) throw coded(TypeError, 'ERR_CONSTRUCT_CALL_INVALID', 'Constructor cannot be called');
    constructing = false;
    super();
    this[kPeer] = null;
  }
  postMessage(value, transferOrOptions = undefined) {
    const message = cloneMessage(value, transferOrOptions);
    const peer = this[kPeer];
    if (this.#closed || peer === null) return;
    peer[kEnqueue](message);
  }
  start() {
    if (this.#closed) return;
    this.#started = true;
    this.#update();
    this.#schedule();
  }
  close() {
    const peer = this[kPeer];
    this[kShutdown]();
    if (peer !== null) peer[kShutdown]();
  }
  ref() { this.#refed = true; this.#update(); return this; }
  unref() { this.#refed = false; this.#update(); return this; }
  hasRef() { return this.#refed && this.#started && !this.#closed; }
  get onmessage() { return this.#handlers.message; }
  set onmessage(fn) { handlerSlot(this, this.#handlers, 'message', fn); }
  get onmessageerror() { return this.#handlers.messageerror; }
  set onmessageerror(fn) { handlerSlot(this, this.#handlers, 'messageerror', fn); }

  [kEnqueue](message) {
    if (this.#closed) return;
    this.#queue.push(message);
    this.#schedule();
  }
  [kDequeue]() { return this.#queue.shift(); }
  [kNewListener]() { this.start(); }
  [kShutdown]() {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this[kPeer] = null;
    this.#update();
    setImmediate(() => this.dispatchEvent(new Event('close')));
  }
  #update() { this.#alive.set(this.#started && this.#refed && !this.#closed); }
  #schedule() {
    if (!this.#started || this.#scheduled || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#closed || this.#queue.length === 0) return;
      const data = this.#queue.shift();
      this.dispatchEvent(new MessageEvent('message', { data }));
      this.#schedule();
    });
  }
}

class MessageChannel {
  constructor() {
    constructing = true;
    const port1 = new MessagePort();
    constructing = true;
    const port2 = new MessagePort();
    port1[kPeer] = port2;
    port2[kPeer] = port1;
    // Own, read-only properties, as in Node.
    Object.defineProperties(this, {
      port1: { value: port1, enumerable: true },
      port2: { value: port2, enumerable: true },
    });
  }
}

const broadcast = new Map();  // name -> Set of open BroadcastChannels
class BroadcastChannel extends EventTarget {
  #handlers = { message: null, messageerror: null };
  #name;
  #closed = false;
  #alive = new Liveness();
  constructor(name) {
    if (arguments.length === 0) throw coded(TypeError, 'ERR_MISSING_ARGS', 'The "name" argument must be specified');
    super();
    this.#name = `${name}`;
    if (!broadcast.has(this.#name)) broadcast.set(this.#name, new Set());
    broadcast.get(this.#name).add(this);
    this.#alive.set(true);
  }
  get name() { return this.#name; }
  close() {
    if (this.#closed) return;
    this.#closed = true;
    broadcast.get(this.#name).delete(this);
    this.#alive.set(false);
  }
  postMessage(message) {
    if (this.#closed) {
      throw new (require('hostrt:web/domexception').DOMException)('BroadcastChannel is closed.', 'InvalidStateError');
    }
    for (const other of broadcast.get(this.#name)) {
      if (other === this) continue;
      const data = structuredClone(message);
      setImmediate(() => { if (!other.#closed) other.dispatchEvent(new MessageEvent('message', { data })); });
    }
  }
  ref() { if (!this.#closed) this.#alive.set(true); return this; }
  unref() { this.#alive.set(false); return this; }
  get onmessage() { return this.#handlers.message; }
  set onmessage(fn) { handlerSlot(this, this.#handlers, 'message', fn); }
  get onmessageerror() { return this.#handlers.messageerror; }
  set onmessageerror(fn) { handlerSlot(this, this.#handlers, 'messageerror', fn); }
}

/** worker_threads.receiveMessageOnPort: take one queued message synchronously. */
function receiveMessageOnPort(port) {
  if (!(port instanceof MessagePort)) {
    throw coded(TypeError, 'ERR_INVALID_ARG_TYPE', 'The "port" argument must be a MessagePort instance');
  }
  const message = port[kDequeue]();
  return message === undefined ? undefined : { message };
}

for (const C of [MessageEvent, MessagePort, MessageChannel, BroadcastChannel]) {
  for (const key of Object.getOwnPropertyNames(C.prototype)) {
    const desc = Object.getOwnPropertyDescriptor(C.prototype, key);
    if (desc.get) Object.defineProperty(C.prototype, key, { ...desc, enumerable: true });
  }
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
}

module.exports = { MessageEvent, MessagePort, MessageChannel, BroadcastChannel, receiveMessageOnPort };
