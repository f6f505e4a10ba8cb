"use strict";
// Replaces `kubernetes-fluent-client` for Pepr's own source in the reference runner's watch mode
// (hostrt/pepr/node/pepr_reference.js --watch): everything is the real package except K8s(), which
// records each call instead of reaching a cluster, and whose Watch() registers the callback so
// the runner can play the API server: it hands each event to every watch whose kind, name and
// label selector match (as the server would), all watches concurrently.
//
// Canned answers (the hostrt runner's fake bridge gives the same): Get(name) -> 404,
// Get() -> {items: []}, Apply/Create -> the body, Patch -> {}, Delete -> nothing.

const EventEmitter = require("events");
const real = require("kubernetes-fluent-client");

const state = (globalThis.__hostrtRefKube = globalThis.__hostrtRefKube || { calls: [], watches: [] });

function K8s(model, filters = {}) {
  const gvk = filters.kindOverride || real.modelToGroupVersionKind(model.name);
  const record = (op, f, extra = {}) =>
    state.calls.push({
      op,
      group: gvk.group || "",
      version: gvk.version || "",
      kind: gvk.kind,
      namespace: f.namespace || null,
      name: f.name || null,
      ...extra,
    });
  const sync = (payload, target) => {
    payload.metadata = payload.metadata || {};
    if (!target.namespace) target.namespace = payload.metadata.namespace;
    if (!target.name) target.name = payload.metadata.name;
    if (!payload.apiVersion) payload.apiVersion = [gvk.group, gvk.version].filter(Boolean).join("/");
    if (!payload.kind) payload.kind = gvk.kind;
  };
  const api = {
    InNamespace(ns) {
      filters.namespace = ns;
      return api;
    },
    WithLabel(k, v = "") {
      filters.labels = { ...(filters.labels || {}), [k]: v };
      return api;
    },
    WithField(k, v) {
      filters.fields = { ...(filters.fields || {}), [k]: v };
      return api;
    },
    async Get(name) {
      const f = { ...filters, ...(name ? { name } : {}) };
      record(f.name ? "get" : "list", f);
      if (f.name) throw { ok: false, status: 404, statusText: "Not Found", data: "not found" };
      return { items: [] };
    },
    async Apply(resource, cfg = { force: false }) {
      const f = { ...filters };
      sync(resource, f);
      record("apply", f, { body: JSON.parse(JSON.stringify(resource)), force: !!cfg.force });
      return resource;
    },
    async Create(resource) {
      const f = { ...filters };
      sync(resource, f);
      record("create", f, { body: JSON.parse(JSON.stringify(resource)) });
      return resource;
    },
    async Patch(ops) {
      record("patch", filters, { patch: JSON.parse(JSON.stringify(ops)) });
      return {};
    },
    async Delete(filter) {
      const f = { ...filters };
      if (typeof filter === "string") f.name = filter;
      else if (filter) sync(filter, f);
      record("delete", f);
    },
    Watch(callback, watchCfg) {
      const watcher = {
        gvk,
        filters: { ...filters },
        callback,
        watchCfg,
        events: new EventEmitter(),
        async start() {
          state.watches.push(watcher);
        },
        close() {},
      };
      return watcher;
    },
  };
  return api;
}

/** Deliver one event to the matching watches, as the API server + KFC would. */
async function deliver(type, object) {
  const apiVersion = String(object.apiVersion || "");
  const slash = apiVersion.lastIndexOf("/");
  const group = slash >= 0 ? apiVersion.slice(0, slash) : "";
  const version = slash >= 0 ? apiVersion.slice(slash + 1) : apiVersion;
  const labels = object.metadata?.labels || {};
  const runs = [];
  for (const w of state.watches) {
    if (w.gvk.kind !== object.kind || (w.gvk.group || "") !== group) continue;
    if (w.gvk.version && w.gvk.version !== version) continue;
    if (w.filters.name && w.filters.name !== object.metadata?.name) continue;
    if (w.filters.namespace && w.filters.namespace !== object.metadata?.namespace) continue;
    const sel = Object.entries(w.filters.labels || {});
    if (!sel.every(([k, v]) => (v ? labels[k] === v : k in labels))) continue;
    runs.push(w.callback(JSON.parse(JSON.stringify(object)), type));
  }
  await Promise.allSettled(runs);
  return runs.length;
}

state.deliver = deliver;
module.exports = { ...real, K8s };
