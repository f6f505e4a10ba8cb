"use strict";
/*
 * Capability Store (and schedule store): an in-memory map in JS, mirrored to the host.
 *
 * Host protocol (the Python half is written elsewhere):
 *
 *   JS -> host, fire-and-forget (bridge.post), for the capability Store:
 *     "pepr.store.set"    (capability, key, value)   set one key
 *     "pepr.store.remove" (capability, key)          remove one key
 *     "pepr.store.clear"  (capability)               remove every key of the capability
 *   and the same three as "pepr.schedule.set" / "pepr.schedule.remove" / "pepr.schedule.clear"
 *   for the schedule store (OnSchedule bookkeeping). `capability` is the capability name, `key`
 *   the user's key as given to setItem (no prefix, no escaping), `value` a string. Real Pepr
 *   persists these in the PeprStore resource `pepr-<uuid>-store` (or `-schedule`) in namespace
 *   pepr-system under the data key `<capability>-v2-<key with "~"->"~0", "/"->"~1">`; the host
 *   may do the same.
 *
 *   host -> JS, dispatched handlers (bridge.handle):
 *     "pepr.store.load"   payload {store?: {<capability>: {<key>: <value>}},
 *                                  schedule?: {<capability>: {<key>: <value>}}}
 *         Initial contents, dispatched once before the module is ready. Answers
 *         {ready: [<capability names>]}. The stores' onReady callbacks run then (and OnSchedule
 *         starts). Without a bridge (plain Node tests) the module makes itself ready with empty
 *         stores when it starts.
 *     "pepr.store.update" payload {store?: "store"|"schedule", capability, data: {<key>: <value>}}
 *         The capability's full contents changed elsewhere (another controller pod): replaces
 *         the local map and notifies subscribers.
 *
 * With a live store (the host provides `pepr.store.live`: the PeprStore resources in a cluster,
 * hostrt/kube/peprstore.py) writes are not applied here: as in Pepr, they go to the cluster and
 * come back through the host's watch as "pepr.store.update", so getItem() right after setItem()
 * still sees the old value and setItemAndWait resolves once the cluster has the value.
 *
 * Otherwise (SQLite or in memory), semantics versus Pepr 1.1.4: in Pepr a write goes to the
 * cluster and comes back through a watch, so getItem() right after setItem() still sees the old
 * value. Here the round trip is
 * the host post plus one microtask: writes made during a task are applied to the JS map together
 * on the next microtask, then subscribers are notified (setItemAndWait / removeItemAndWait
 * resolve "ok" through that notification). Nothing waits for the host. Subscribers and onReady
 * callbacks receive a copy of the map keyed like Pepr's, i.e. "v2-<key>".
 */

const R = require("./ramda");
const bridge = require("./bridge");

const MAX_WAIT_TIME = 15000;
const PREFIX = "v2-";

class Storage {
  #store = {};
  #subscribers = {};
  #subscriberId = 0;
  #readyHandlers = [];
  #ready = false;
  #pendingOps = [];
  #owner = { kind: "store", capability: "" };

  constructor() {
    /** Bind this store to its capability (called by the module). */
    this.registerOwner = (kind, capability) => {
      this.#owner = { kind, capability };
    };

    /** Pepr's sender hook; kept for API compatibility (the host bridge is used instead). */
    this.registerSender = send => {
      this.#externalSend = send;
    };

    /** Replace the whole contents (keys without prefix) and notify, like Pepr's receive(). */
    this.receive = data => {
      const next = {};
      for (const [k, v] of Object.entries(data || {})) next[PREFIX + k] = v;
      this.#store = next;
      this.#onReady();
      for (const idx in this.#subscribers) this.#subscribers[idx](R.clone(this.#store));
    };

    this.getItem = key => {
      const result = this.#store[PREFIX + key] || null;
      if (result !== null && typeof result !== "function" && typeof result !== "object") return result;
      return null;
    };

    this.clear = () => {
      if (Object.keys(this.#store).length > 0) {
        this.#send("pepr.store.clear");
        this.#queue(["clear"]);
      }
    };

    this.removeItem = key => {
      this.#send("pepr.store.remove", key);
      this.#queue(["remove", PREFIX + key]);
    };

    this.setItem = (key, value) => {
      this.#send("pepr.store.set", key, value);
      this.#queue(["set", PREFIX + key, value]);
    };

    this.setItemAndWait = (key, value) => {
      this.setItem(key, value);
      return this.#waitFor(
        data => data[PREFIX + key] === value,
        `MAX_WAIT_TIME elapsed: Key ${key} not seen in ${MAX_WAIT_TIME / 1000}s`,
      );
    };

    this.removeItemAndWait = key => {
      this.removeItem(key);
      return this.#waitFor(
        data => !Object.hasOwn(data, PREFIX + key),
        `MAX_WAIT_TIME elapsed: Key ${key} still seen after ${MAX_WAIT_TIME / 1000}s`,
      );
    };

    this.subscribe = subscriber => {
      const idx = this.#subscriberId++;
      this.#subscribers[idx] = subscriber;
      return () => this.unsubscribe(idx);
    };

    this.onReady = callback => {
      if (this.#ready) {
        callback(R.clone(this.#store));
        return;
      }
      this.#readyHandlers.push(callback);
    };

    this.unsubscribe = idx => {
      delete this.#subscribers[idx];
    };

    /** Whether initial contents were received. */
    this.isReady = () => this.#ready;

    /** Current contents with the user's keys (for the host / tests). */
    this.snapshot = () => {
      const out = {};
      for (const [k, v] of Object.entries(this.#store)) out[k.startsWith(PREFIX) ? k.slice(PREFIX.length) : k] = v;
      return out;
    };
  }

  #externalSend = null;

  #send(op, ...args) {
    const { kind, capability } = this.#owner;
    bridge.post(kind === "schedule" ? op.replace("pepr.store.", "pepr.schedule.") : op, capability, ...args);
    if (this.#externalSend) {
      if (op === "pepr.store.set") this.#externalSend("add", [args[0]], args[1]);
      else if (op === "pepr.store.remove") this.#externalSend("remove", [args[0]]);
    }
  }

  #onReady() {
    if (this.#ready) return;
    this.#ready = true;
    const handlers = this.#readyHandlers;
    this.#readyHandlers = [];
    for (const handler of handlers) handler(R.clone(this.#store));
  }

  #queue(op) {
    if (bridge.config("pepr.store.live") === true) return; // the cluster's echo applies it
    this.#pendingOps.push(op);
    if (this.#pendingOps.length > 1) return;
    Promise.resolve().then(() => {
      const ops = this.#pendingOps;
      this.#pendingOps = [];
      const next = { ...this.#store };
      for (const [kind, key, value] of ops) {
        if (kind === "set") next[key] = value || "";
        else if (kind === "remove") delete next[key];
        else for (const k of Object.keys(next)) delete next[k];
      }
      this.#store = next;
      for (const idx in this.#subscribers) this.#subscribers[idx](R.clone(this.#store));
    });
  }

  #waitFor(predicate, timeoutMessage) {
    const record = {};
    return new Promise((resolve, reject) => {
      record.timeout = setTimeout(() => {
        record.unsubscribe();
        reject(timeoutMessage);
      }, MAX_WAIT_TIME);
      record.unsubscribe = this.subscribe(data => {
        if (predicate(data)) {
          record.unsubscribe();
          clearTimeout(record.timeout);
          resolve("ok");
        }
      });
    });
  }
}

module.exports = { Storage, MAX_WAIT_TIME };
