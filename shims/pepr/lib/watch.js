"use strict";
// Watch processing: the host pushes watch events ({type, object}); each Watch / Reconcile /
// Finalize binding whose kind matches the object and whose event covers the phase runs, after
// the same filters Pepr applies to watch callbacks. Reconcile bindings go through FIFO queues
// keyed by PEPR_RECONCILE_STRATEGY (kind | kindNs | kindNsName (default) | global); Finalize
// bindings run the callback for objects carrying a deletionTimestamp, then remove the Pepr
// finalizer (kube.patch) unless the callback returned false.

const { Log } = require("./log");
const { filterNoMatchReason } = require("./filter");
const { removeFinalizer } = require("./finalizer");
const R = require("./ramda");

const PHASES = {
  CREATE: ["ADDED"],
  UPDATE: ["MODIFIED"],
  CREATEORUPDATE: ["ADDED", "MODIFIED"],
  DELETE: ["DELETED"],
  "*": ["ADDED", "MODIFIED", "DELETED"],
};

let queueSeq = 0;

class Queue {
  #name;
  #uid;
  #queue = [];
  #pending = false;

  constructor(name) {
    this.#name = name;
    this.#uid = `${Date.now()}-${(++queueSeq).toString(16).padStart(4, "0")}`;
  }

  label() {
    return { name: this.#name, uid: this.#uid };
  }

  stats() {
    return { queue: this.label(), stats: { length: this.#queue.length } };
  }

  enqueue(item, phase, reconcile) {
    Log.debug(
      {
        queue: this.label(),
        item: {
          name: item.metadata?.name,
          namespace: item.metadata?.namespace,
          resourceVersion: item.metadata?.resourceVersion,
        },
      },
      "Enqueueing",
    );
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, phase, callback: reconcile, resolve, reject });
      Log.debug(this.stats(), "Queue stats - push");
      return this.#dequeue();
    });
  }

  async #dequeue() {
    if (this.#pending) return false;
    const element = this.#queue.shift();
    if (!element) return false;
    try {
      this.#pending = true;
      await element.callback(element.item, element.phase);
      element.resolve();
    } catch (e) {
      Log.debug({ error: e }, `Error reconciling ${element.item.metadata?.name}`);
      element.reject(e);
    } finally {
      this.#pending = false;
      await this.#dequeue();
    }
    return undefined;
  }
}

const queues = {};

function queueKey(obj) {
  const options = ["kind", "kindNs", "kindNsName", "global"];
  let strat = (typeof process !== "undefined" && process.env && process.env.PEPR_RECONCILE_STRATEGY) || "kindNsName";
  strat = options.includes(strat) ? strat : "kindNsName";
  const ns = obj.metadata?.namespace ?? "cluster-scoped";
  const kind = obj.kind ?? "UnknownKind";
  const name = obj.metadata?.name ?? "Unnamed";
  return { kind: `${kind}`, kindNs: `${kind}/${ns}`, kindNsName: `${kind}/${ns}/${name}`, global: "global" }[strat];
}

function getOrCreateQueue(obj) {
  const key = queueKey(obj);
  if (!queues[key]) queues[key] = new Queue(key);
  return queues[key];
}

/** Whether a binding's kind covers the object's apiVersion/kind. */
function kindMatches(binding, obj) {
  const k = binding.kind || {};
  if (!obj || k.kind !== obj.kind) return false;
  const apiVersion = String(obj.apiVersion || "");
  const slash = apiVersion.lastIndexOf("/");
  const group = slash >= 0 ? apiVersion.slice(0, slash) : "";
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  if ((k.group || "") !== group) return false;
  return !k.version || k.version === version;
}

async function runWatchBinding(binding, capabilityNamespaces, ignoredNamespaces, obj, phase, failures) {
  const phaseMatch = PHASES[binding.event] || PHASES["*"];
  const callback = async (kubernetesObject, ph) => {
    if (!phaseMatch.includes(ph)) return;
    try {
      const reason = filterNoMatchReason(binding, kubernetesObject, capabilityNamespaces, ignoredNamespaces);
      if (reason !== "") {
        Log.debug(reason);
        return;
      }
      if (binding.isFinalize) await handleFinalizerRemoval(binding, kubernetesObject);
      else await binding.watchCallback?.(kubernetesObject, ph);
    } catch (e) {
      // As in Pepr: logged, not retried (the object comes back on its next change).
      failures.count += 1;
      Log.error(e, "Error executing watch callback");
    }
  };
  Log.debug(obj, `Watch event ${phase} received`);
  if (binding.isQueue) await getOrCreateQueue(obj).enqueue(obj, phase, callback);
  else await callback(obj, phase);
}

async function handleFinalizerRemoval(binding, obj) {
  if (!obj.metadata?.deletionTimestamp) return;
  let shouldRemove = true;
  try {
    shouldRemove = await binding.finalizeCallback?.(obj);
  } finally {
    const meta = obj.metadata;
    const resource = `${meta.namespace || "ClusterScoped"}/${meta.name}`;
    if (shouldRemove === false) {
      Log.debug({ obj }, `Skipping removal of finalizer 'pepr.dev/finalizer' from '${resource}'`);
    } else {
      await removeFinalizer(binding, obj);
    }
  }
}

/**
 * Deliver one watch event to every matching watch binding, or only to `targets`
 * ([capabilityIndex, bindingIndex] pairs, as listed by pepr.info) when the host's informer for
 * those bindings saw it.
 * @returns {matched: number, errors?: number} how many bindings took the event, and how many of
 *   their callbacks threw (only when some did)
 */
async function processWatchEvent(capabilities, ignoredNamespaces, type, object, targets) {
  const phase = String(type || "").toUpperCase();
  const wanted = Array.isArray(targets) ? new Set(targets.map(t => `${t[0]}/${t[1]}`)) : null;
  const failures = { count: 0 };
  const runs = [];
  capabilities.forEach((capability, ci) => {
    capability.bindings.forEach((binding, bi) => {
      if (!binding.isWatch || !kindMatches(binding, object)) return;
      if (wanted && !wanted.has(`${ci}/${bi}`)) return;
      // each binding has its own watch in Pepr, so its own copy of the object
      runs.push(runWatchBinding(binding, capability.namespaces, ignoredNamespaces, R.clone(object), phase, failures));
    });
  });
  const results = await Promise.allSettled(runs);
  for (const r of results) {
    if (r.status === "rejected") {
      failures.count += 1;
      Log.error(r.reason, "Error executing watch callback");
    }
  }
  return failures.count ? { matched: runs.length, errors: failures.count } : { matched: runs.length };
}

module.exports = { processWatchEvent, queueKey, Queue, kindMatches };
