"use strict";
// Capability: a named group of bindings (When(...) chains), a Store, a schedule store and
// OnSchedule. Chaining rules follow Pepr 1.1.4:
//   When(Model, gvk?) -> IsCreatedOrUpdated | IsCreated | IsUpdated | IsDeleted
//   -> filters (InNamespace, InNamespaceRegex, WithName, WithNameRegex, WithLabel,
//      WithAnnotation, WithDeletionTimestamp, Alias)
//   -> Mutate -> (Validate | Watch | Reconcile); Validate -> (Watch | Reconcile);
//      Watch / Reconcile -> Finalize.
// Which actions are registered depends on the mode, read once when this file loads, as in
// Pepr: admission actions unless PEPR_WATCH_MODE=true; watch actions when PEPR_WATCH_MODE=true
// or PEPR_MODE=dev (or build). Hostrt runs both when PEPR_MODE=dev.

const { Log } = require("./log");
const { modelToGroupVersionKind } = require("./kinds");
const { Storage } = require("./storage");
const { OnSchedule } = require("./schedule");
const { addFinalizer } = require("./finalizer");

const env = () => (typeof process !== "undefined" && process.env) || {};
const isWatchMode = () => env().PEPR_WATCH_MODE === "true";
const isBuildMode = () => env().PEPR_MODE === "build";
const isDevMode = () => env().PEPR_MODE === "dev";

const registerAdmission = isBuildMode() || !isWatchMode();
const registerWatch = isBuildMode() || isWatchMode() || isDevMode();

const Event = {
  CREATE: "CREATE",
  UPDATE: "UPDATE",
  DELETE: "DELETE",
  CREATE_OR_UPDATE: "CREATEORUPDATE",
  ANY: "*",
};

class Capability {
  #name;
  #description;
  #namespaces;
  #bindings = [];
  #store = new Storage();
  #scheduleStore = new Storage();
  #registered = false;
  #scheduleRegistered = false;

  constructor(cfg) {
    this.hasSchedule = false;

    this.OnSchedule = schedule => {
      const { name, every, unit, run, startTime, completions } = schedule;
      this.hasSchedule = true;
      if (env().PEPR_WATCH_MODE === "true" || env().PEPR_MODE === "dev") {
        const newSchedule = { name, every, unit, run, startTime, completions };
        this.#scheduleStore.onReady(() => {
          new OnSchedule(newSchedule).setStore(this.#scheduleStore);
        });
      }
    };

    const storeApi = s => ({
      clear: s.clear,
      getItem: s.getItem,
      removeItem: s.removeItem,
      removeItemAndWait: s.removeItemAndWait,
      setItem: s.setItem,
      subscribe: s.subscribe,
      onReady: s.onReady,
      setItemAndWait: s.setItemAndWait,
    });
    this.Store = storeApi(this.#store);
    this.ScheduleStore = storeApi(this.#scheduleStore);

    this.registerScheduleStore = () => {
      Log.debug(`Registering schedule store for ${this.#name}`);
      if (this.#scheduleRegistered) throw new Error(`Schedule store already registered for ${this.#name}`);
      this.#scheduleRegistered = true;
      return this.#scheduleStore;
    };

    this.registerStore = () => {
      Log.debug(`Registering store for ${this.#name}`);
      if (this.#registered) throw new Error(`Store already registered for ${this.#name}`);
      this.#registered = true;
      return this.#store;
    };

    this.When = (model, kind) => this.#when(model, kind);

    this.#name = cfg.name;
    this.#description = cfg.description;
    this.#namespaces = cfg.namespaces;
    Log.debug(`Capability ${this.#name} registered`);
    Log.debug(cfg);
  }

  getScheduleStore() {
    return this.#scheduleStore;
  }

  get bindings() {
    return this.#bindings;
  }

  get name() {
    return this.#name;
  }

  get description() {
    return this.#description;
  }

  get namespaces() {
    return this.#namespaces || [];
  }

  #when(model, kind) {
    const matchedKind = modelToGroupVersionKind(model.name);
    if (!matchedKind && !kind) throw new Error(`Kind not specified for ${model.name}`);

    const binding = {
      model,
      kind: kind || matchedKind,
      event: Event.ANY,
      filters: {
        name: "",
        namespaces: [],
        regexNamespaces: [],
        regexName: "",
        labels: {},
        annotations: {},
        deletionTimestamp: false,
      },
    };
    const bindings = this.#bindings;
    const prefix = `${this.#name}: ${model.name}`;

    const logAction = (what, cb) => {
      const shown = {};
      for (const [k, v] of Object.entries(binding.filters)) {
        if (v !== null && typeof v === "object" ? Object.keys(v).length > 0 : Object.keys(Object(v)).length > 0) {
          shown[k] = v;
        }
      }
      Log.info({ prefix }, `${what} configured for ${binding.event}`);
      Log.info({ prefix }, JSON.stringify(shown));
      Log.debug({ prefix }, String(cb));
    };
    const aliasLogger = () => Log.child({ alias: binding.alias || "no alias provided" });

    const chain = {};
    const common = () => ({
      WithLabel: chain.WithLabel,
      WithAnnotation: chain.WithAnnotation,
      WithDeletionTimestamp: chain.WithDeletionTimestamp,
      Mutate: chain.Mutate,
      Validate: chain.Validate,
      Watch: chain.Watch,
      Reconcile: chain.Reconcile,
      Alias: chain.Alias,
    });

    chain.Validate = function Validate(validateCallback) {
      if (registerAdmission) {
        logAction("Validate Action", validateCallback);
        const logger = aliasLogger();
        bindings.push({
          ...binding,
          isValidate: true,
          validateCallback: async (req, log = logger) => {
            if (binding.alias) Log.info(`Executing validate action with alias: ${binding.alias}`);
            return await validateCallback(req, log);
          },
        });
      }
      return { Watch: chain.Watch, Reconcile: chain.Reconcile };
    };

    chain.Mutate = function Mutate(mutateCallback) {
      if (registerAdmission) {
        logAction("Mutate Action", mutateCallback);
        const logger = aliasLogger();
        bindings.push({
          ...binding,
          isMutate: true,
          mutateCallback: async (req, log = logger) => {
            if (binding.alias) Log.info(`Executing mutation action with alias: ${binding.alias}`);
            await mutateCallback(req, log);
          },
        });
      }
      return { Watch: chain.Watch, Validate: chain.Validate, Reconcile: chain.Reconcile };
    };

    const watchLike = (isQueue, label, word) =>
      function (userCallback) {
        if (registerWatch) {
          logAction(label, userCallback);
          const logger = aliasLogger();
          const watchCallback = async (update, phase, log = logger) => {
            if (binding.alias) Log.info(`Executing ${word} action with alias: ${binding.alias}`);
            await userCallback(update, phase, log);
          };
          // Pepr's key order: isWatch, (isQueue,) watchCallback
          const entry = isQueue
            ? { ...binding, isWatch: true, isQueue: true, watchCallback }
            : { ...binding, isWatch: true, watchCallback };
          bindings.push(entry);
        }
        return { Finalize: chain.Finalize };
      };
    chain.Watch = watchLike(false, "Watch Action", "watch");
    chain.Reconcile = watchLike(true, "Reconcile Action", "reconcile");

    chain.Finalize = function Finalize(finalizeCallback) {
      logAction("Finalize Action", finalizeCallback);
      const logger = aliasLogger();
      if (registerAdmission) {
        bindings.push({
          ...binding,
          isMutate: true,
          isFinalize: true,
          event: Event.ANY,
          mutateCallback: addFinalizer,
        });
      }
      if (registerWatch) {
        bindings.push({
          ...binding,
          isWatch: true,
          isFinalize: true,
          event: Event.UPDATE,
          finalizeCallback: async (update, log = logger) => {
            if (binding.alias) Log.info(`Executing finalize action with alias: ${binding.alias}`);
            return await finalizeCallback(update, log);
          },
        });
      }
    };

    chain.InNamespace = function InNamespace(...namespaces) {
      Log.debug({ prefix }, `Add namespaces filter ${namespaces}`);
      binding.filters.namespaces.push(...namespaces);
      return { ...common(), WithName: chain.WithName, WithNameRegex: chain.WithNameRegex };
    };
    chain.InNamespaceRegex = function InNamespaceRegex(...namespaces) {
      Log.debug({ prefix }, `Add regex namespaces filter ${namespaces}`);
      binding.filters.regexNamespaces.push(...namespaces.map(regex => regex.source));
      return { ...common(), WithName: chain.WithName, WithNameRegex: chain.WithNameRegex };
    };
    chain.WithDeletionTimestamp = function WithDeletionTimestamp() {
      Log.debug({ prefix }, "Add deletionTimestamp filter");
      binding.filters.deletionTimestamp = true;
      return common();
    };
    chain.WithNameRegex = function WithNameRegex(regexName) {
      Log.debug({ prefix }, `Add regex name filter ${regexName}`);
      binding.filters.regexName = regexName.source;
      return common();
    };
    chain.WithName = function WithName(name) {
      Log.debug({ prefix }, `Add name filter ${name}`);
      binding.filters.name = name;
      return common();
    };
    chain.WithLabel = function WithLabel(key, value = "") {
      Log.debug({ prefix }, `Add label filter ${key}=${value}`);
      binding.filters.labels[key] = value;
      return common();
    };
    chain.WithAnnotation = function WithAnnotation(key, value = "") {
      Log.debug({ prefix }, `Add annotation filter ${key}=${value}`);
      binding.filters.annotations[key] = value;
      return common();
    };
    chain.Alias = function Alias(alias) {
      Log.debug({ prefix }, `Adding prefix alias ${alias}`);
      binding.alias = alias;
      return common();
    };

    const bindEvent = event => {
      binding.event = event;
      return {
        ...common(),
        InNamespace: chain.InNamespace,
        InNamespaceRegex: chain.InNamespaceRegex,
        WithName: chain.WithName,
        WithNameRegex: chain.WithNameRegex,
        WithDeletionTimestamp: chain.WithDeletionTimestamp,
        Alias: chain.Alias,
      };
    };

    return {
      IsCreatedOrUpdated: () => bindEvent(Event.CREATE_OR_UPDATE),
      IsCreated: () => bindEvent(Event.CREATE),
      IsUpdated: () => bindEvent(Event.UPDATE),
      IsDeleted: () => bindEvent(Event.DELETE),
    };
  }
}

module.exports = { Capability, Event, isWatchMode, isBuildMode, isDevMode };
