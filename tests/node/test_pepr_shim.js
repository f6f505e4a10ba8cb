#!/usr/bin/env node
"use strict";
// Unit tests for the parts of hostrt's `pepr` that talk to the host (no real Pepr to diff
// against without a cluster): handler registration, Store mirroring, watch dispatch (Watch,
// Reconcile queues, Finalize), K8s payloads, OnSchedule, pepr.info, Log format, R stubs.
// Runs under plain Node with an injected fake bridge:  node tests/node/test_pepr_shim.js

process.env.PEPR_MODE = "dev"; // admission + watch bindings + schedules, read at load time
process.env.LOG_LEVEL = "debug";

const assert = require("assert");
const path = require("path");

const pepr = require(path.join(__dirname, "..", "..", "shims", "pepr", "index.js"));

// ---- fake bridge ----
const calls = [];
const posts = [];
const handlers = {};
const answers = {};
const fakeBridge = {
  call(op, ...args) {
    calls.push([op, ...args]);
    const a = answers[op];
    if (a instanceof Error) return Promise.reject(a);
    return Promise.resolve(typeof a === "function" ? a(...args) : a);
  },
  post(op, ...args) {
    posts.push([op, ...args]);
  },
  handle(name, fn) {
    handlers[name] = fn;
  },
};
pepr.__setBridge(fakeBridge);

const logLines = [];
pepr.__setLogWriter(line => logLines.push(line));

const tests = [];
const test = (name, fn) => tests.push([name, fn]);
const tick = () => new Promise(resolve => setImmediate(resolve));

// ---- the module under test ----
const { Capability, PeprModule, a, K8s, R, Log, RegisterKind, kind, fetchStatus } = pepr;

const events = [];
const cap = new Capability({ name: "unit", description: "unit tests", namespaces: [] });
const { When, Store, OnSchedule } = cap;

When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .InNamespace("w")
  .Watch((cm, phase) => {
    events.push(["watch", cm.metadata.name, phase]);
  });
When(a.ConfigMap)
  .IsDeleted()
  .InNamespace("w")
  .Watch((cm, phase) => {
    events.push(["watch-deleted", cm.metadata.name, phase]);
  });
When(a.Secret)
  .IsCreatedOrUpdated()
  .Reconcile(async (s, phase) => {
    events.push(["reconcile-start", s.metadata.name, phase]);
    await new Promise(resolve => setTimeout(resolve, 5));
    events.push(["reconcile-end", s.metadata.name, phase]);
  });
When(a.Pod)
  .IsCreatedOrUpdated()
  .WithName("fin")
  .Mutate(() => {})
  .Watch(() => {})
  .Finalize(pod => {
    events.push(["finalize", pod.metadata.name]);
    return pod.metadata.annotations?.keep === "true" ? false : undefined;
  });

let readyData = null;
Store.onReady(data => {
  readyData = data;
});
const storeSeen = [];
Store.subscribe(data => storeSeen.push(data));

let scheduled = 0;
OnSchedule({ name: "every-10s", every: 10, unit: "seconds", run: () => scheduled++ });

// fake interval timers for OnSchedule
const realSetInterval = global.setInterval;
const intervals = [];
global.setInterval = (fn, ms) => {
  intervals.push({ fn, ms });
  return { unref() {}, ref() {}, hasRef: () => false };
};

const mod = new PeprModule(
  { description: "unit module", pepr: { uuid: "unit-uuid", onError: "ignore", alwaysIgnore: { namespaces: ["skip-me"] } } },
  [cap],
);

test("handlers are registered on the bridge", () => {
  for (const h of ["pepr.admission", "pepr.watch", "pepr.info", "pepr.store.load", "pepr.store.update"]) {
    assert.strictEqual(typeof handlers[h], "function", h);
  }
});

test("pepr.store.load makes the stores ready and starts schedules", async () => {
  assert.strictEqual(readyData, null);
  const r = await handlers["pepr.store.load"]({
    store: { unit: { greeting: "hi", empty: "" } },
    schedule: { unit: {} },
  });
  assert.deepStrictEqual(r, { ready: ["unit"] });
  assert.deepStrictEqual(readyData, { "v2-greeting": "hi", "v2-empty": "" });
  assert.strictEqual(Store.getItem("greeting"), "hi");
  assert.strictEqual(Store.getItem("empty"), null, "Pepr returns null for an empty value");
  assert.strictEqual(Store.getItem("missing"), null);
  assert.strictEqual(intervals.length, 1);
  assert.strictEqual(intervals[0].ms, 10000);
  intervals[0].fn();
  assert.strictEqual(scheduled, 1);
  await tick();
  const saved = posts.find(p => p[0] === "pepr.schedule.set");
  assert.ok(saved, "schedule state saved to the schedule store");
  assert.deepStrictEqual(saved.slice(1, 3), ["unit", "every-10s"]);
  assert.strictEqual(JSON.parse(saved[3]).name, "every-10s");
});

test("Store writes post to the host and land on the next microtask", async () => {
  posts.length = 0;
  Store.setItem("k/1", "v");
  assert.strictEqual(Store.getItem("k/1"), null, "not visible before the round trip");
  assert.deepStrictEqual(posts[0], ["pepr.store.set", "unit", "k/1", "v"]);
  await tick();
  assert.strictEqual(Store.getItem("k/1"), "v");
  assert.strictEqual(storeSeen[storeSeen.length - 1]["v2-k/1"], "v");
  assert.strictEqual(await Store.setItemAndWait("w", "x"), "ok");
  Store.removeItem("k/1");
  assert.deepStrictEqual(posts[posts.length - 1], ["pepr.store.remove", "unit", "k/1"]);
  assert.strictEqual(await Store.removeItemAndWait("w"), "ok");
  assert.strictEqual(Store.getItem("w"), null);
  Store.clear();
  assert.deepStrictEqual(posts[posts.length - 1], ["pepr.store.clear", "unit"]);
  await tick();
  assert.strictEqual(Store.getItem("greeting"), null);
});

test("pepr.store.update replaces a capability's contents", async () => {
  const r = await handlers["pepr.store.update"]({ capability: "unit", data: { from: "elsewhere" } });
  assert.deepStrictEqual(r, { updated: true });
  assert.strictEqual(Store.getItem("from"), "elsewhere");
});

test("pepr.watch runs Watch callbacks by kind, phase and filters", async () => {
  events.length = 0;
  const cm = (name, ns) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns } });
  assert.deepStrictEqual(await handlers["pepr.watch"]({ type: "ADDED", object: cm("c1", "w") }), { matched: 2 });
  await handlers["pepr.watch"]({ type: "MODIFIED", object: cm("c2", "w") });
  await handlers["pepr.watch"]({ type: "DELETED", object: cm("c3", "w") });
  await handlers["pepr.watch"]({ type: "ADDED", object: cm("c4", "other") });
  await handlers["pepr.watch"]({ type: "ADDED", object: { apiVersion: "v2", kind: "ConfigMap", metadata: { name: "c5", namespace: "w" } } });
  assert.deepStrictEqual(events, [
    ["watch", "c1", "ADDED"],
    ["watch", "c2", "MODIFIED"],
    ["watch-deleted", "c3", "DELETED"],
  ]);
});

test("ignored namespaces apply to watch events", async () => {
  events.length = 0;
  await handlers["pepr.watch"]({ type: "ADDED", object: { apiVersion: "v1", kind: "Secret", metadata: { name: "s", namespace: "skip-me" } } });
  assert.deepStrictEqual(events, []);
});

test("Reconcile callbacks are queued per kind/namespace/name", async () => {
  events.length = 0;
  const s = (name, rv) => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "q", resourceVersion: rv } });
  await Promise.all([
    handlers["pepr.watch"]({ type: "ADDED", object: s("one", "1") }),
    handlers["pepr.watch"]({ type: "MODIFIED", object: s("one", "2") }),
    handlers["pepr.watch"]({ type: "ADDED", object: s("two", "1") }),
  ]);
  const one = events.filter(e => e[1] === "one").map(e => e[0] + ":" + e[2]);
  assert.deepStrictEqual(one, ["reconcile-start:ADDED", "reconcile-end:ADDED", "reconcile-start:MODIFIED", "reconcile-end:MODIFIED"]);
  // "two" is another queue: it started before "one" finished its first item
  const firstTwo = events.findIndex(e => e[1] === "two");
  const firstOneEnd = events.findIndex(e => e[0] === "reconcile-end" && e[1] === "one");
  assert.ok(firstTwo < firstOneEnd, JSON.stringify(events));
});

test("Finalize: callback, then the Pepr finalizer is removed with kube.patch", async () => {
  events.length = 0;
  calls.length = 0;
  answers["kube.patch"] = p => ({ patched: p });
  const pod = (annotations, deletionTimestamp) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "fin", namespace: "ns1", annotations, deletionTimestamp, finalizers: ["pepr.dev/finalizer", "x"] },
  });
  await handlers["pepr.watch"]({ type: "MODIFIED", object: pod({}, undefined) }); // not deleting: nothing
  await handlers["pepr.watch"]({ type: "ADDED", object: pod({}, "2026-01-01T00:00:00Z") }); // wrong phase
  await handlers["pepr.watch"]({ type: "MODIFIED", object: pod({}, "2026-01-01T00:00:00Z") });
  await handlers["pepr.watch"]({ type: "MODIFIED", object: pod({ keep: "true" }, "2026-01-01T00:00:00Z") });
  assert.deepStrictEqual(events, [["finalize", "fin"], ["finalize", "fin"]]);
  const patches = calls.filter(c => c[0] === "kube.patch");
  assert.strictEqual(patches.length, 1, "kept when the callback returned false");
  const payload = patches[0][1];
  assert.strictEqual(payload.kind, "Pod");
  assert.strictEqual(payload.plural, "pods");
  assert.strictEqual(payload.namespace, "ns1");
  assert.strictEqual(payload.name, "fin");
  assert.strictEqual(payload.namespaced, true);
  assert.deepStrictEqual(payload.patch, [{ op: "replace", path: "/metadata/finalizers", value: ["x"] }]);
});

test("Finalize adds the Pepr finalizer during admission", async () => {
  const review = {
    request: {
      uid: "f1",
      kind: { group: "", version: "v1", kind: "Pod" },
      operation: "CREATE",
      name: "fin",
      namespace: "ns1",
      object: { apiVersion: "v1", kind: "Pod", metadata: { name: "fin", namespace: "ns1" } },
    },
  };
  const r = await handlers["pepr.admission"]({ kind: "mutate", review });
  assert.strictEqual(r.status, 200);
  const patch = JSON.parse(Buffer.from(r.body.response.patch, "base64").toString());
  assert.deepStrictEqual(patch.find(p => p.path === "/metadata/finalizers"), {
    op: "add",
    path: "/metadata/finalizers",
    value: ["pepr.dev/finalizer"],
  });
  const raw = await handlers["pepr.admission"]({ kind: "validate", review: JSON.stringify(review) });
  assert.strictEqual(raw.status, 200);
  assert.strictEqual(raw.body.response.status.message, "no in-scope validations -- allowed!");
  const bad = await handlers["pepr.admission"]({ kind: "validate", review: "{nope" });
  assert.strictEqual(bad.status, 400);
  assert.ok(bad.body.includes("<pre>SyntaxError: "), bad.body);
  const empty = await handlers["pepr.admission"]({ kind: "mutate", review: {} });
  assert.deepStrictEqual(empty, { status: 500, body: "Internal Server Error" });
});

test("K8s() turns calls into kube.* host calls with one payload", async () => {
  calls.length = 0;
  answers["kube.get"] = p => ({ got: p.name });
  answers["kube.list"] = { items: [] };
  answers["kube.apply"] = p => p.body;
  answers["kube.create"] = p => p.body;
  answers["kube.delete"] = Object.assign(new Error("not found"), { status: 404 });
  assert.deepStrictEqual(await K8s(kind.ConfigMap).InNamespace("n").Get("c"), { got: "c" });
  await K8s(kind.Deployment).InNamespace("n").WithLabel("app", "x").WithLabel("tier").WithField("status.phase", "Running").Get();
  await K8s(kind.ConfigMap).Apply({ metadata: { name: "a", namespace: "n" }, data: { k: "v" } }, { force: true });
  await K8s(kind.Namespace).Create({ metadata: { name: "ns" } });
  await K8s(kind.Ingress).Delete({ metadata: { name: "i", namespace: "n" } }); // 404 swallowed
  await K8s(kind.Pod, { name: "p", namespace: "n" }).Patch([{ op: "add", path: "/metadata/labels/x", value: "y" }]);
  const ops = calls.map(c => c[0]);
  assert.deepStrictEqual(ops, ["kube.get", "kube.list", "kube.apply", "kube.create", "kube.delete", "kube.patch"]);
  const [get, list, apply, create, del, patch] = calls.map(c => c[1]);
  assert.deepStrictEqual(
    { group: get.group, version: get.version, kind: get.kind, plural: get.plural, namespace: get.namespace, name: get.name },
    { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", namespace: "n", name: "c" },
  );
  assert.deepStrictEqual(list.labels, { app: "x", tier: "" });
  assert.deepStrictEqual(list.fields, { "status.phase": "Running" });
  assert.strictEqual(list.group, "apps");
  assert.strictEqual(list.name, null);
  assert.strictEqual(apply.force, true);
  assert.strictEqual(apply.body.apiVersion, "v1");
  assert.strictEqual(apply.body.kind, "ConfigMap");
  assert.strictEqual(apply.name, "a");
  assert.strictEqual(create.namespaced, false);
  assert.strictEqual(del.plural, "ingresses");
  assert.strictEqual(del.group, "networking.k8s.io");
  assert.deepStrictEqual(patch.patch, [{ op: "add", path: "/metadata/labels/x", value: "y" }]);
  answers["kube.get"] = Object.assign(new Error("boom"), { code: 403 });
  await assert.rejects(K8s(kind.Secret).Get("s"), e => e.ok === false && e.status === 403);
  await assert.rejects(K8s(kind.Pod).Logs("p"), /K8s\(\)\.Logs is not supported in hostrt/);
  assert.throws(() => K8s(kind.ConfigMap, { namespace: "a" }).InNamespace("b"), /Namespace already specified: a/);
});

test("K8s().Watch registers kube.watch and delivers kube.watch.event", async () => {
  calls.length = 0;
  answers["kube.watch"] = { ok: true };
  const seen = [];
  const w = K8s(kind.Pod, { namespace: "n" }).Watch((obj, phase) => seen.push([obj.metadata.name, phase]));
  await w.start();
  const [, payload] = calls.find(c => c[0] === "kube.watch");
  assert.strictEqual(payload.kind, "Pod");
  assert.strictEqual(typeof payload.id, "string");
  assert.strictEqual(typeof handlers["kube.watch.event"], "function");
  await handlers["kube.watch.event"]({ id: payload.id, phase: "ADDED", object: { metadata: { name: "p1" } } });
  w.close();
  assert.deepStrictEqual(posts[posts.length - 1], ["kube.unwatch", { id: payload.id }]);
  assert.deepStrictEqual(await handlers["kube.watch.event"]({ id: payload.id, phase: "ADDED", object: {} }), { delivered: false });
  assert.deepStrictEqual(seen, [["p1", "ADDED"]]);
});

test("pepr.info summarises capabilities and bindings", async () => {
  const info = await handlers["pepr.info"]({});
  assert.strictEqual(info.uuid, "unit-uuid");
  assert.strictEqual(info.capabilities.length, 1);
  const c = info.capabilities[0];
  assert.strictEqual(c.name, "unit");
  assert.strictEqual(c.hasSchedule, true);
  const kinds = c.bindings.map(b => `${b.kind.kind}:${b.event}:${b.isMutate ? "M" : ""}${b.isWatch ? "W" : ""}${b.isQueue ? "Q" : ""}${b.isFinalize ? "F" : ""}`);
  assert.deepStrictEqual(kinds, [
    "ConfigMap:CREATEORUPDATE:W",
    "ConfigMap:DELETE:W",
    "Secret:CREATEORUPDATE:WQ",
    "Pod:CREATEORUPDATE:M",
    "Pod:CREATEORUPDATE:W",
    "Pod:*:MF",
    "Pod:UPDATE:WF",
  ]);
  assert.strictEqual(c.bindings[0].model, "V1ConfigMap");
  JSON.stringify(info); // must be JSON-able
});

test("chaining rules match Pepr's", () => {
  const c = new Capability({ name: "chain", description: "" });
  const created = c.When(a.Pod).IsCreated();
  assert.deepStrictEqual(Object.keys(created).sort(), [
    "Alias", "InNamespace", "InNamespaceRegex", "Mutate", "Reconcile", "Validate", "Watch",
    "WithAnnotation", "WithDeletionTimestamp", "WithLabel", "WithName", "WithNameRegex",
  ]);
  assert.deepStrictEqual(Object.keys(created.InNamespace("x")).sort(), [
    "Alias", "Mutate", "Reconcile", "Validate", "Watch", "WithAnnotation", "WithDeletionTimestamp",
    "WithLabel", "WithName", "WithNameRegex",
  ]);
  assert.deepStrictEqual(Object.keys(created.WithName("x")).sort(), [
    "Alias", "Mutate", "Reconcile", "Validate", "Watch", "WithAnnotation", "WithDeletionTimestamp", "WithLabel",
  ]);
  assert.deepStrictEqual(Object.keys(c.When(a.Pod).IsCreated().Mutate(() => {})).sort(), ["Reconcile", "Validate", "Watch"]);
  assert.deepStrictEqual(Object.keys(c.When(a.Pod).IsCreated().Validate(() => {})).sort(), ["Reconcile", "Watch"]);
  assert.deepStrictEqual(Object.keys(c.When(a.Pod).IsCreated().Watch(() => {})), ["Finalize"]);
  assert.throws(() => c.When(a.GenericKind), /Kind not specified for GenericKind/);
  class Thing extends a.GenericKind {}
  RegisterKind(Thing, { group: "x.dev", version: "v1", kind: "Thing" });
  assert.throws(() => RegisterKind(Thing, { group: "x.dev", version: "v1", kind: "Thing" }), /GVK Thing already registered/);
  c.When(Thing).IsDeleted().Mutate(() => {});
  assert.deepStrictEqual(c.bindings[c.bindings.length - 1].kind, { group: "x.dev", version: "v1", kind: "Thing" });
  assert.throws(
    () => new PeprModule({ description: "", pepr: { uuid: "x", onError: "nope" } }, []),
    /Invalid error: nope\. Must be one of: audit, ignore, reject/,
  );
});

test("Log writes pino-format lines and honours the level", () => {
  logLines.length = 0;
  Log.info({ a: 1 }, "hello %s", "world");
  Log.child({ alias: "x" }).warn("child");
  Log.trace("hidden at debug level");
  Log.error(new Error("bad"));
  assert.strictEqual(logLines.length, 3);
  const first = JSON.parse(logLines[0]);
  assert.deepStrictEqual(Object.keys(first), ["level", "time", "pid", "hostname", "a", "msg"]);
  assert.strictEqual(first.level, 30);
  assert.strictEqual(first.msg, "hello world");
  assert.strictEqual(typeof first.time, "number");
  assert.deepStrictEqual(JSON.parse(logLines[1]).alias, "x");
  const err = JSON.parse(logLines[2]);
  assert.strictEqual(err.level, 50);
  assert.strictEqual(err.err.type, "Error");
  assert.strictEqual(err.msg, "bad");
});

test("R: the implemented subset and named stubs", () => {
  assert.deepStrictEqual(R.mergeDeepRight({ a: { b: 1, c: [1] } }, { a: { c: [2], d: 3 } }), { a: { b: 1, c: [2], d: 3 } });
  assert.strictEqual(R.pipe(R.add(1), R.multiply === undefined ? x => x : x => x * 2)(1) > 0, true);
  assert.strictEqual(R.gt(R.__, 0)(5), true);
  assert.strictEqual(R.equals({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
  assert.strictEqual(R.path(["a", "b"], { a: { b: 3 } }), 3);
  assert.deepStrictEqual(R.assocPath(["a", "b"], 1, {}), { a: { b: 1 } });
  assert.throws(() => R.transduce(), /R\.transduce \(Ramda\) is not implemented/);
  assert.strictEqual(R.view(R.lensPath(["a", "b"]), { a: { b: 7 } }), 7);
  assert.strictEqual(fetchStatus.NOT_FOUND, 404);
  assert.strictEqual(fetchStatus[404], "NOT_FOUND");
});

(async () => {
  let failed = 0;
  for (const [name, fn] of tests) {
    try {
      await fn();
      process.stdout.write(`ok   ${name}\n`);
    } catch (e) {
      failed++;
      process.stdout.write(`FAIL ${name}\n     ${(e && e.stack) || e}\n`);
    }
  }
  global.setInterval = realSetInterval;
  process.stdout.write(`${tests.length - failed}/${tests.length} passed\n`);
  process.exit(failed ? 1 : 0);
})();
