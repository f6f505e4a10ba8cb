"use strict";
/*
 * PeprModule: the module's entry object. Creating one validates the config, binds each
 * capability's stores to the host and — when the hostrt bridge exists — registers the
 * handlers the host dispatches to:
 *
 *   "pepr.admission"  payload {kind: "mutate"|"validate", review: <AdmissionReview object or raw
 *                     request body string>}
 *                     -> {status: <HTTP status>, body: <AdmissionReview object | error text>}
 *                     exactly what Pepr's /mutate or /validate route would answer.
 *   "pepr.admission.http" payload {kind, review: <raw body string | object>, unauthorizedPath?,
 *                     tooLarge?} -> {status, json: <the JSON text Express sends> | text: <text>}:
 *                     the answer on the wire, for the HTTP server (`hostrt serve`).
 *   "pepr.watch"      payload {type: "ADDED"|"MODIFIED"|"DELETED", object, bindings?}
 *                     -> {matched: <bindings that took the event>, errors?: <callbacks that
 *                     threw>} after Watch / Reconcile
 *                     (queued per PEPR_RECONCILE_STRATEGY) / Finalize callbacks finished.
 *   "pepr.info"       payload ignored -> {uuid, description, onError, webhookTimeout,
 *                     alwaysIgnore, mode, capabilities: [{name, description, namespaces,
 *                     hasSchedule, bindings: [{model, kind: {group, version, kind, plural},
 *                     event, filters, alias, isMutate, isValidate, isWatch, isQueue,
 *                     isFinalize}]}]}
 *                     The host uses it to know which kinds to watch / send for admission.
 *   "pepr.store.load", "pepr.store.update": see storage.js.
 *
 * Modes (as Pepr, from process.env when capability.js loads): admission actions are registered
 * unless PEPR_WATCH_MODE=true; watch actions and schedules when PEPR_WATCH_MODE=true or
 * PEPR_MODE=dev. Set PEPR_MODE=dev to get both in one engine.
 *
 * The same functions are exported for tests (see index.js): __handleAdmission(kind, review),
 * __handleWatch(type, object), __info(), __loadStore(payload).
 */

const R = require("./ramda");
const { Log } = require("./log");
const bridge = require("./bridge");
const { handleAdmission, unauthorized, tooLarge } = require("./admission");
const { processWatchEvent } = require("./watch");
const { resolveIgnoreNamespaces } = require("./filter");
const { pluralOf } = require("./kinds");
const { isBuildMode, isWatchMode, isDevMode } = require("./capability");

const ON_ERROR = ["audit", "ignore", "reject"];

let current = null; // the last PeprModule created: what the handlers and test hooks serve

function requireCurrent() {
  if (!current) throw new Error("pepr (hostrt): no PeprModule has been created");
  return current;
}

function bindingInfo(b) {
  return {
    model: b.model && b.model.name,
    kind: b.kind ? { group: b.kind.group || "", version: b.kind.version || "", kind: b.kind.kind, plural: pluralOf(b.kind) } : null,
    event: b.event,
    filters: b.filters,
    alias: b.alias || null,
    isMutate: !!b.isMutate,
    isValidate: !!b.isValidate,
    isWatch: !!b.isWatch,
    isQueue: !!b.isQueue,
    isFinalize: !!b.isFinalize,
  };
}

class PeprModule {
  #config;
  #capabilities;
  #hooks;
  #watchIgnored;
  #running = false;
  #ready = false;
  #stores = new Map(); // capability name -> Storage

  constructor({ description, pepr } = {}, capabilities = [], opts = {}) {
    const config = R.clone(pepr);
    config.description = description;
    const onError = config.onError === undefined ? "" : config.onError;
    if (!ON_ERROR.includes(onError)) {
      throw new Error(`Invalid error: ${onError}. Must be one of: ${ON_ERROR.join(", ")}`);
    }

    if (isBuildMode()) {
      if (typeof process === "undefined" || !process.send) throw new Error("process.send is not defined");
      process.send(
        capabilities.map(cap => ({
          name: cap.name,
          description: cap.description,
          namespaces: cap.namespaces,
          bindings: cap.bindings,
          hasSchedule: cap.hasSchedule,
        })),
      );
      return;
    }

    this.#config = config;
    this.#capabilities = capabilities;
    this.#hooks = { beforeHook: opts.beforeHook, afterHook: opts.afterHook };
    const ignored = pepr?.alwaysIgnore?.namespaces?.length
      ? pepr.alwaysIgnore.namespaces
      : config?.watch?.alwaysIgnore?.namespaces;
    this.#watchIgnored = resolveIgnoreNamespaces(ignored || []);

    Log.info({ config }, "Controller configuration");
    for (const cap of capabilities) {
      const store = cap.registerStore();
      store.registerOwner("store", cap.name);
      this.#stores.set(cap.name, store);
      if (cap.hasSchedule === true) cap.registerScheduleStore().registerOwner("schedule", cap.name);
    }
    if (opts.beforeHook) Log.info(`Using beforeHook: ${opts.beforeHook}`);
    if (opts.afterHook) Log.info(`Using afterHook: ${opts.afterHook}`);

    current = this;
    if (bridge.hasBridge()) {
      bridge.handle("pepr.admission", payload => this.admission(payload.kind, payload.review));
      // Both routes for one request in one crossing (the host answers /mutate and /validate for
      // each AdmissionReview; two dispatches would pay the Python->JS crossing twice).
      bridge.handle("pepr.admission.both", async payload => ({
        mutate: await this.admission("mutate", payload.review),
        validate: await this.admission("validate", payload.review),
      }));
      // The HTTP edge (`hostrt serve`): the answer as Express puts it on the wire — JSON bodies
      // serialised here (res.json is JSON.stringify), so the host sends these exact bytes.
      bridge.handle("pepr.admission.http", async ({ kind, review, unauthorizedPath, tooLarge: big }) => {
        let answer;
        if (big) answer = tooLarge();
        else if (typeof unauthorizedPath === "string") answer = unauthorized(kind, review, unauthorizedPath);
        else answer = await this.admission(kind, review);
        return typeof answer.body === "string"
          ? { status: answer.status, text: answer.body }
          : { status: answer.status, json: JSON.stringify(answer.body) };
      });
      bridge.handle("pepr.watch", payload => this.watch(payload.type, payload.object, payload.bindings));
      bridge.handle("pepr.info", () => this.info());
      bridge.handle("pepr.store.load", payload => this.loadStore(payload));
      bridge.handle("pepr.store.update", payload => this.updateStore(payload));
    }

    this.start = (port = 3000) => {
      if (this.#running) {
        throw new Error("Cannot start Pepr module: Pepr module was not instantiated with deferStart=true");
      }
      this.#running = true;
      Log.debug(`Module started (port ${port} is not opened by hostrt; the host serves requests)`);
      if (!bridge.hasBridge()) {
        // Nobody will load the stores: start them empty, asynchronously like Pepr.
        setTimeout(() => {
          if (!this.#ready) this.loadStore({});
        }, 0);
      }
    };

    if (!opts.deferStart) this.start();
  }

  /** Route an admission review (object or raw body) like /mutate or /validate. */
  admission(kind, review) {
    return handleAdmission(
      { config: this.#config, capabilities: this.#capabilities, ...this.#hooks },
      kind,
      review,
    );
  }

  watch(type, object, targets) {
    return processWatchEvent(this.#capabilities, this.#watchIgnored, type, object, targets);
  }

  /** Initial store contents; makes the module ready (stores' onReady, then schedules). */
  loadStore(payload = {}) {
    const stores = (payload && payload.store) || {};
    const schedules = (payload && payload.schedule) || {};
    const ready = [];
    for (const cap of this.#capabilities) {
      this.#stores.get(cap.name).receive(stores[cap.name] || {});
      ready.push(cap.name);
    }
    const first = !this.#ready;
    this.#ready = true;
    if (first) {
      Log.debug("Controller startup complete");
      if (isWatchMode() || isDevMode()) Log.debug("Watch bindings are served through pepr.watch");
    }
    for (const cap of this.#capabilities) {
      if (cap.hasSchedule === true) cap.getScheduleStore().receive(schedules[cap.name] || {});
    }
    return { ready };
  }

  updateStore(payload = {}) {
    const cap = this.#capabilities.find(c => c.name === payload.capability);
    if (!cap) return { updated: false };
    const target = payload.store === "schedule" ? cap.getScheduleStore() : this.#stores.get(cap.name);
    target.receive(payload.data || {});
    return { updated: true };
  }

  capabilities() {
    return this.#capabilities;
  }

  info() {
    const c = this.#config;
    return {
      uuid: c.uuid,
      description: c.description,
      onError: c.onError,
      webhookTimeout: c.webhookTimeout,
      alwaysIgnore: c.alwaysIgnore || null,
      mode: { watch: isWatchMode(), dev: isDevMode() },
      capabilities: this.#capabilities.map(cap => ({
        name: cap.name,
        description: cap.description,
        namespaces: cap.namespaces,
        hasSchedule: cap.hasSchedule,
        bindings: cap.bindings.map(bindingInfo),
      })),
    };
  }
}

module.exports = {
  PeprModule,
  handleAdmissionForTests: (kind, review) => requireCurrent().admission(kind, review),
  handleWatchForTests: (type, object) => requireCurrent().watch(type, object),
  infoForTests: () => requireCurrent().info(),
  capabilitiesForTests: () => requireCurrent().capabilities(),
  loadStoreForTests: payload => requireCurrent().loadStore(payload),
};
