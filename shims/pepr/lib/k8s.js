"use strict";
/*
 * K8s(Model, filters?) — the kubernetes-fluent-client API, carried out by the host.
 *
 * Every call becomes one host call `bridge.call(op, payload)` with one JSON payload:
 *
 *   payload = {
 *     group, version, kind,   // from the model's GVK ("" group = core)
 *     plural,                 // resource name: gvk.plural or lowercased kind + "s" (like KFC)
 *     namespaced,             // true / false for built-in kinds, null when unknown (custom kinds)
 *     namespace,              // string or null
 *     name,                   // string or null
 *     labels,                 // {key: value} (value "" = key exists) or null
 *     fields,                 // {fieldPath: value} or null
 *     body,                   // object for create / apply / patch(status) / eviction, else null
 *     patch,                  // RFC 6902 operation list for kube.patch, else null
 *     subresource,            // null | "status" | "scale" | "eviction"
 *     force,                  // kube.apply: server-side apply with force (default false)
 *     id,                     // kube.watch only: the watch id
 *   }
 *
 *   op             answers
 *   kube.get       the object                          (Get(name), name set)
 *   kube.list      {apiVersion, kind, metadata, items} (Get(), no name)
 *   kube.create    the created object                  (Create; Evict: subresource "eviction")
 *   kube.apply     the applied object                  (Apply: server-side apply, field manager
 *                                                       "pepr"; Finalize uses force: true)
 *   kube.patch     the patched object                  (Patch: `patch` set; PatchStatus: `body`
 *                                                       is a merge patch, subresource "status";
 *                                                       Scale: `patch`, subresource "scale")
 *   kube.delete    anything (ignored)                  (Delete; a 404 is swallowed like KFC)
 *   kube.watch     anything, once the watch runs       (Watcher.start())
 *
 * Watch events come back through the handler this file registers:
 *   "kube.watch.event"  payload {id, phase: "ADDED"|"MODIFIED"|"DELETED", object}
 *                       -> runs the watch callback; answers when it has finished.
 * and Watcher.close() posts "kube.unwatch" {id}.
 *
 * Errors: a rejected host call is rethrown as KFC does — an object
 * {ok: false, status, statusText, data} — so `e.status === 404` checks in modules keep working.
 * The status is the error's numeric `status`, else its `code` when that is a number or a numeric
 * string: with hostrt's bridge a Python op raises an exception whose `code` attribute is the
 * HTTP status as a string (e.g. code="404"); any other failure becomes status 500.
 *
 * Not available (throw "not supported in hostrt"): Logs, Proxy, Raw.
 */

const bridge = require("./bridge");
const { modelToGroupVersionKind, pluralOf, isNamespaced } = require("./kinds");

function toKfcError(err) {
  if (err && typeof err === "object" && "ok" in err && "status" in err) return err;
  const status =
    (err && (typeof err.status === "number" ? err.status : Number.isInteger(Number(err.code)) ? Number(err.code) : undefined)) ||
    500;
  return {
    ok: false,
    status,
    statusText: (err && err.message) || String(err),
    data: err && err.data !== undefined ? err.data : (err && err.message) || String(err),
  };
}

let watchSeq = 0;
const watchers = new Map();
let watchHandlerRegistered = false;

function ensureWatchHandler() {
  if (watchHandlerRegistered) return;
  watchHandlerRegistered = bridge.handle("kube.watch.event", async ({ id, phase, object }) => {
    const w = watchers.get(id);
    if (!w) return { delivered: false };
    await w.deliver(object, phase);
    return { delivered: true };
  });
}

class MiniEmitter {
  #handlers = new Map();

  on(event, fn) {
    if (!this.#handlers.has(event)) this.#handlers.set(event, []);
    this.#handlers.get(event).push(fn);
    return this;
  }

  off(event, fn) {
    const list = this.#handlers.get(event) || [];
    this.#handlers.set(event, list.filter(f => f !== fn));
    return this;
  }

  emit(event, ...args) {
    for (const fn of this.#handlers.get(event) || []) fn(...args);
    return (this.#handlers.get(event) || []).length > 0;
  }

  removeAllListeners(event) {
    if (event === undefined) this.#handlers.clear();
    else this.#handlers.delete(event);
    return this;
  }
}

class Watcher {
  #payload;
  #callback;
  #id;
  events = new MiniEmitter();

  constructor(payload, callback, watchCfg) {
    this.#payload = payload;
    this.#callback = callback;
    this.#id = `w${++watchSeq}`;
    this.watchCfg = watchCfg || {};
  }

  get id() {
    return this.#id;
  }

  getCacheID() {
    return this.#id;
  }

  async deliver(object, phase) {
    this.events.emit("data", object, phase);
    await this.#callback(object, phase);
  }

  async start() {
    ensureWatchHandler();
    watchers.set(this.#id, this);
    try {
      await bridge.call("kube.watch", { ...this.#payload, id: this.#id });
      this.events.emit("connect", this.#id);
    } catch (e) {
      watchers.delete(this.#id);
      this.events.emit("give_up", e);
      throw e;
    }
    return typeof AbortController === "function" ? new AbortController() : undefined;
  }

  close() {
    watchers.delete(this.#id);
    bridge.post("kube.unwatch", { id: this.#id });
  }
}

function K8s(model, filters = {}) {
  const matchedKind = filters.kindOverride || modelToGroupVersionKind(model.name);

  const payloadFor = (f, extra = {}) => {
    if (!matchedKind) throw new Error(`Kind not specified for ${model.name}`);
    if (matchedKind.group && !matchedKind.version) throw new Error(`Version not specified for ${model.name}`);
    return {
      group: matchedKind.group || "",
      version: matchedKind.version || "",
      kind: matchedKind.kind,
      plural: pluralOf(matchedKind),
      namespaced: isNamespaced(model.name, matchedKind),
      namespace: f.namespace || null,
      name: f.name || null,
      labels: f.labels || null,
      fields: f.fields || null,
      body: null,
      patch: null,
      subresource: null,
      ...extra,
    };
  };
  const exec = async (op, f, extra) => {
    const payload = payloadFor(f, extra);
    try {
      return await bridge.call(op, payload);
    } catch (e) {
      throw toKfcError(e);
    }
  };

  const syncFilters = (payload, target) => {
    payload.metadata = payload.metadata || {};
    if (!target.namespace) target.namespace = payload.metadata.namespace;
    if (!target.name) target.name = payload.metadata.name;
    if (!payload.apiVersion) payload.apiVersion = [matchedKind.group, matchedKind.version].filter(Boolean).join("/");
    if (!payload.kind) payload.kind = matchedKind.kind;
  };
  const withName = name => {
    const local = { ...filters };
    if (name) {
      if (local.name) throw new Error(`Name already specified: ${local.name}`);
      local.name = name;
    }
    return local;
  };

  function InNamespace(namespace) {
    if (filters.namespace) throw new Error(`Namespace already specified: ${filters.namespace}`);
    filters.namespace = namespace;
    return withFilters;
  }
  function WithField(key, value) {
    filters.fields = filters.fields || {};
    filters.fields[key] = value;
    return withFilters;
  }
  function WithLabel(key, value = "") {
    filters.labels = filters.labels || {};
    filters.labels[key] = value;
    return withFilters;
  }
  async function Get(name) {
    const local = withName(name);
    return exec(local.name ? "kube.get" : "kube.list", local);
  }
  async function Delete(filter) {
    const local = { ...filters };
    if (typeof filter === "string") local.name = filter;
    else if (filter) syncFilters(filter, local);
    try {
      await exec("kube.delete", local);
    } catch (e) {
      if (e.status === 404) return;
      throw e;
    }
  }
  async function Evict(filter) {
    const local = { ...filters };
    if (typeof filter === "string") local.name = filter;
    else if (filter) syncFilters(filter, local);
    try {
      await exec("kube.create", local, {
        subresource: "eviction",
        body: {
          apiVersion: "policy/v1",
          kind: "Eviction",
          metadata: { name: local.name, namespace: local.namespace },
        },
      });
    } catch (e) {
      if (e.status === 404) return;
      throw e;
    }
  }
  async function Apply(resource, applyCfg = { force: false }) {
    const local = { ...filters };
    syncFilters(resource, local);
    return exec("kube.apply", local, { body: resource, force: !!applyCfg.force });
  }
  async function Create(resource) {
    const local = { ...filters };
    syncFilters(resource, local);
    return exec("kube.create", local, { body: resource });
  }
  async function Patch(payload) {
    if (payload.length < 1) throw new Error("No operations specified");
    return exec("kube.patch", filters, { patch: payload });
  }
  async function PatchStatus(resource) {
    const local = { ...filters };
    syncFilters(resource, local);
    return exec("kube.patch", local, { body: resource, subresource: "status" });
  }
  async function Scale(replicas, name) {
    const local = withName(name);
    await exec("kube.patch", local, {
      subresource: "scale",
      patch: [{ op: "replace", path: "/spec/replicas", value: replicas }],
    });
  }
  async function Finalize(operation, finalizer, name) {
    const local = withName(name);
    const object = await exec("kube.get", local);
    if (!object) throw new Error("Resource not found");
    const current = object.metadata?.finalizers ?? [];
    const present = current.includes(finalizer);
    if ((operation === "remove" && !present) || (operation === "add" && present)) return;
    let finalizers;
    if (operation === "remove") finalizers = current.filter(f => f !== finalizer);
    else if (operation === "add") finalizers = [...current, finalizer];
    else throw new Error(`Unsupported operation: ${operation}`);
    for (const k of ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation", "finalizers"]) {
      delete object.metadata?.[k];
    }
    await exec("kube.apply", local, {
      body: { ...object, metadata: { ...object.metadata, finalizers } },
      force: true,
    });
  }
  function Watch(callback, watchCfg) {
    return new Watcher(payloadFor(filters), callback, watchCfg);
  }
  const unsupported = what => async () => {
    throw new Error(`pepr (hostrt): K8s().${what} is not supported in hostrt`);
  };
  const Logs = unsupported("Logs");
  const Proxy = unsupported("Proxy");
  const Raw = unsupported("Raw");

  const withFilters = { WithField, WithLabel, Get, Delete, Evict, Watch, Logs, Proxy, Scale, Finalize };
  return { InNamespace, Apply, Create, Patch, PatchStatus, Raw, ...withFilters };
}

const fetchStatus = {
  CONTINUE: 100, SWITCHING_PROTOCOLS: 101, PROCESSING: 102, EARLY_HINTS: 103, OK: 200, CREATED: 201,
  ACCEPTED: 202, NON_AUTHORITATIVE_INFORMATION: 203, NO_CONTENT: 204, RESET_CONTENT: 205,
  PARTIAL_CONTENT: 206, MULTI_STATUS: 207, MULTIPLE_CHOICES: 300, MOVED_PERMANENTLY: 301,
  MOVED_TEMPORARILY: 302, SEE_OTHER: 303, NOT_MODIFIED: 304, USE_PROXY: 305, TEMPORARY_REDIRECT: 307,
  PERMANENT_REDIRECT: 308, BAD_REQUEST: 400, UNAUTHORIZED: 401, PAYMENT_REQUIRED: 402, FORBIDDEN: 403,
  NOT_FOUND: 404, METHOD_NOT_ALLOWED: 405, NOT_ACCEPTABLE: 406, PROXY_AUTHENTICATION_REQUIRED: 407,
  REQUEST_TIMEOUT: 408, CONFLICT: 409, GONE: 410, LENGTH_REQUIRED: 411, PRECONDITION_FAILED: 412,
  REQUEST_TOO_LONG: 413, REQUEST_URI_TOO_LONG: 414, UNSUPPORTED_MEDIA_TYPE: 415,
  REQUESTED_RANGE_NOT_SATISFIABLE: 416, EXPECTATION_FAILED: 417, IM_A_TEAPOT: 418,
  INSUFFICIENT_SPACE_ON_RESOURCE: 419, METHOD_FAILURE: 420, MISDIRECTED_REQUEST: 421,
  UNPROCESSABLE_ENTITY: 422, LOCKED: 423, FAILED_DEPENDENCY: 424, UPGRADE_REQUIRED: 426,
  PRECONDITION_REQUIRED: 428, TOO_MANY_REQUESTS: 429, REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  UNAVAILABLE_FOR_LEGAL_REASONS: 451, INTERNAL_SERVER_ERROR: 500, NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502, SERVICE_UNAVAILABLE: 503, GATEWAY_TIMEOUT: 504, HTTP_VERSION_NOT_SUPPORTED: 505,
  INSUFFICIENT_STORAGE: 507, NETWORK_AUTHENTICATION_REQUIRED: 511,
};
// TypeScript numeric enums map back too: fetchStatus[404] === "NOT_FOUND".
for (const [name, code] of Object.entries(fetchStatus)) fetchStatus[code] = name;

/**
 * fetch(url, init?) -> {data, ok, status, statusText, headers[, e]} (kubernetes-fluent-client's
 * wrapper): JSON bodies are parsed, others returned as text; failures never throw.
 * Uses the engine's global fetch.
 */
async function fetch(url, init) {
  let data;
  let ok;
  let status;
  let statusText;
  let headers;
  try {
    if (typeof globalThis.fetch !== "function") {
      throw new Error("pepr (hostrt): fetch() needs a global fetch, which this runtime does not provide");
    }
    const resp = await globalThis.fetch(url, init);
    ok = resp.ok;
    status = resp.status;
    statusText = resp.statusText;
    headers = resp.headers;
    const contentType = (resp.headers && resp.headers.get && resp.headers.get("content-type")) || "";
    data = contentType.includes("application/json") ? await resp.json() : await resp.text();
    return { data, ok, status, statusText, headers };
  } catch (e) {
    return {
      data,
      ok: false,
      status: status ?? (parseInt(e?.code, 10) || fetchStatus.BAD_REQUEST),
      statusText: statusText ?? (e?.message || "Unknown error"),
      headers: headers ?? (typeof Headers === "function" ? new Headers() : {}),
      e,
    };
  }
}

module.exports = { K8s, Watcher, fetch, fetchStatus };
