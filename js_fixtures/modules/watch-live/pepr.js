"use strict";
// Live-watch test module (CommonJS: loads without bundling). Every callback records what it
// saw; the tests read the records through the `test.records` bridge handler.
const { Capability, PeprModule, a, Log } = require("pepr");
const bridge = require("hostrt:bridge");
const cfg = require("./package.json");

const seen = {};      // "ns/name" -> {phase, rv, data} of the last event a Watch saw
const added = {};     // uid -> how many times a Watch saw ADDED for it
const reconciled = []; // [name, rv, phase] in the order Reconcile ran
const finalized = [];  // names Finalize ran for
let running = 0;
let overlap = 0;

const live = new Capability({ name: "live", description: "churn target", namespaces: ["churn"] });
live.When(a.ConfigMap).IsCreatedOrUpdated().Watch((cm, phase) => record(cm, phase));
live.When(a.ConfigMap).IsDeleted().Watch(cm => record(cm, "DELETED"));
// A runaway callback: the tick deadline kills the isolate; the watcher replaces it.
live.When(a.ConfigMap).IsCreated().WithLabel("spin").Watch(() => {
  for (;;);
});

function record(cm, phase) {
  const m = cm.metadata;
  if (m.labels && m.labels.throw === "yes") throw new Error(`callback throws for ${m.name}`);
  seen[`${m.namespace}/${m.name}`] = { phase, rv: m.resourceVersion, data: cm.data || null };
  if (phase === "ADDED") added[m.uid] = (added[m.uid] || 0) + 1;
}

const queue = new Capability({ name: "queue", description: "reconcile + finalize", namespaces: ["q"] });
queue.When(a.Secret).IsCreatedOrUpdated().Reconcile(async (s, phase) => {
  running += 1;
  if (running > 1) overlap += 1;
  await new Promise(resolve => setTimeout(resolve, 2));
  reconciled.push([s.metadata.name, s.metadata.resourceVersion, phase]);
  running -= 1;
});
queue.When(a.ConfigMap).IsCreatedOrUpdated().WithLabel("fin").Watch(() => {}).Finalize(cm => {
  finalized.push(cm.metadata.name);
  return cm.metadata.labels.fin === "keep" ? false : undefined;
});

new PeprModule(cfg, [live, queue]);
bridge.handle("test.records", () => ({ seen, added, reconciled, finalized, overlap }));
Log.debug("watch-live loaded");
