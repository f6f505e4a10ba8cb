#!/usr/bin/env node
"use strict";
// Writes AdmissionReview fixtures.
//   node tests/node/make_requests.js hello <samples.json> <out dir>
//     one CREATE review per object of Pepr's hello-pepr.samples.json, plus a few UPDATE /
//     DELETE / out-of-scope / custom-resource reviews for the same capability.
//   node tests/node/make_requests.js tour <out dir>
//     the reviews of js_fixtures/modules/api-tour (see tourCases()).
//   node tests/node/make_requests.js tourjs <out dir>
//     the reviews of js_fixtures/modules/api-tour-js (see tourJsCases()).
//   node tests/node/make_requests.js watch <watch-tour|hello-pepr|api-tour> <out dir>
//     watch events {"type", "object"} for that module (see watchCases()).
//   node tests/node/make_requests.js fuzz <seed> <count> <out dir>
//     random admission requests (see fuzz()); tests/node/diff_pepr.js generates them itself.
// Reviews are deterministic (uids from a counter) so fixtures are stable in git.

const fs = require("fs");
const path = require("path");

const PLURALS = { Endpoints: "endpoints", Ingress: "ingresses", NetworkPolicy: "networkpolicies" };

function gvkOf(obj) {
  const [group, version] = obj.apiVersion.includes("/") ? obj.apiVersion.split("/") : ["", obj.apiVersion];
  return { group, version, kind: obj.kind };
}

function review(seq, operation, object, oldObject, extra = {}) {
  const subject = object || oldObject;
  const gvk = gvkOf(subject);
  const resource = {
    group: gvk.group,
    version: gvk.version,
    resource: PLURALS[gvk.kind] || `${gvk.kind.toLowerCase()}s`,
  };
  const request = {
    uid: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    kind: gvk,
    resource,
    requestKind: gvk,
    requestResource: resource,
    name: subject.metadata?.name || "",
    operation,
    userInfo: {
      username: "system:admin",
      uid: "a1b2c3d4-0000-4000-8000-000000000001",
      groups: ["system:masters", "system:authenticated"],
    },
    object: object === undefined ? null : object,
    oldObject: oldObject === undefined ? null : oldObject,
    dryRun: false,
    options: {
      apiVersion: "meta.k8s.io/v1",
      kind: operation === "CREATE" ? "CreateOptions" : operation === "UPDATE" ? "UpdateOptions" : "DeleteOptions",
    },
    ...extra,
  };
  if (subject.metadata?.namespace) request.namespace = subject.metadata.namespace;
  // keep key order stable: namespace right after name
  const ordered = {};
  for (const k of Object.keys(request)) {
    if (k === "namespace") continue;
    ordered[k] = request[k];
    if (k === "name" && request.namespace !== undefined) ordered.namespace = request.namespace;
  }
  return { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: ordered };
}

function write(dir, name, obj) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), JSON.stringify(obj, null, 2) + "\n");
}

function hello(samplesFile, outDir) {
  const samples = JSON.parse(fs.readFileSync(samplesFile, "utf-8"));
  let seq = 0;
  const slug = o => `${o.kind.toLowerCase()}-${o.metadata.name}`;
  for (const obj of samples) {
    seq++;
    write(outDir, `${String(seq).padStart(2, "0")}-create-${slug(obj)}.json`, review(seq, "CREATE", obj));
  }
  const cm3 = samples.find(o => o.metadata.name === "example-3");
  const extras = [
    ["update-configmap-example-3", "UPDATE",
      { ...cm3, data: { key: "ex-3-val-2" } }, cm3],
    ["delete-configmap-example-3", "DELETE", null, cm3],
    ["create-configmap-out-of-scope", "CREATE",
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "example-1", namespace: "default" }, data: { key: "v" } }],
    ["update-namespace-pepr-demo", "UPDATE",
      samples[0], samples[0]],
    ["create-unicorn-example-1", "CREATE",
      { apiVersion: "pepr.dev/v1", kind: "Unicorn", metadata: { name: "example-1", namespace: "pepr-demo" }, spec: { message: "replace-me", counter: 0 } }],
    ["create-unicorn-example-2", "CREATE",
      { apiVersion: "pepr.dev/v1", kind: "Unicorn", metadata: { name: "example-2", namespace: "pepr-demo" }, spec: { message: "replace-me", counter: 0 } }],
    ["create-configmap-example-2-dryrun", "CREATE",
      samples.find(o => o.metadata.name === "example-2"), undefined, { dryRun: true }],
  ];
  for (const [name, op, obj, old, extra] of extras) {
    seq++;
    write(outDir, `${String(seq).padStart(2, "0")}-${name}.json`, review(seq, op, obj === null ? undefined : obj, old, extra));
  }
}

// [file name, operation, object, oldObject, extra request fields]
function tourCases() {
  const pod = (name, ns, labels, annotations, extra = {}) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels, annotations },
    spec: {
      containers: [{ name: "app", image: "nginx:1.25" }, { name: "sidecar", image: "envoy:1" }],
      initContainers: [{ name: "init", image: "busybox" }],
      ...extra,
    },
  });
  const cm = (name, ns, data, metadata = {}) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: ns, ...metadata },
    data,
  });
  const b64 = s => Buffer.from(s, "utf-8").toString("base64");
  const secret = (name, ns, data) => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: ns }, type: "Opaque", data });
  return [
    ["pod-create-full", "CREATE", pod("p1", "tour", { app: "web", "remove-me": "x", team: "ops" }, { "remove-me-too": "y", keep: "z" })],
    ["pod-create-no-team", "CREATE", pod("p2", "tour", { app: "web" })],
    ["pod-create-red", "CREATE", pod("p3", "tour-a", { team: "red" })],
    ["pod-create-blue", "CREATE", pod("p4", "tour-b", { team: "blue" })],
    ["pod-create-green", "CREATE", pod("p5", "tour", { team: "green" })],
    ["pod-explode-error", "CREATE", pod("p6", "tour", { team: "x" }, { explode: "error" })],
    ["pod-explode-string", "CREATE", pod("p7", "tour", { team: "x" }, { explode: "string" })],
    ["pod-explode-undefined", "CREATE", pod("p8", "tour", { team: "x" }, { explode: "undefined" })],
    ["pod-update-dryrun", "UPDATE", pod("p9", "tour", { app: "a", team: "ops" }), pod("p9", "tour", { app: "a" }), { dryRun: true }],
    ["pod-create-dryrun", "CREATE", pod("p10", "tour", { app: "a", team: "ops" }), undefined, { dryRun: true }],
    ["pod-outside-capability", "CREATE", pod("p11", "default", { app: "web" })],
    ["pod-ignored-namespace", "CREATE", pod("p12", "ignored-ns", { app: "web" })],
    ["pod-cluster-scoped-weird", "CREATE", { apiVersion: "v1", kind: "Pod", metadata: { name: "p13" }, spec: {} }],
    ["cm-regex-create", "CREATE", cm("cm-1", "tour-x", { list: "abc", drop: "gone" }, { annotations: { "tour/enabled": "true" } })],
    ["cm-regex-update", "UPDATE", cm("cm-22", "tour-y", { keep: "1" }, { annotations: { "tour/enabled": "true" } }), cm("cm-22", "tour-y", {}, { annotations: { "tour/enabled": "true" } })],
    ["cm-regex-wrong-annotation", "CREATE", cm("cm-3", "tour-x", { a: "b" }, { annotations: { "tour/enabled": "false" } })],
    ["cm-regex-wrong-name", "CREATE", cm("cm-x", "tour-x", { a: "b" }, { annotations: { "tour/enabled": "true" } })],
    ["cm-regex-wrong-namespace", "CREATE", cm("cm-4", "nottour", { a: "b" }, { annotations: { "tour/enabled": "true" } })],
    ["cm-old-update", "UPDATE", cm("cm-old", "default", { b: "2" }), cm("cm-old", "default", { a: "1", b: "1" })],
    ["cm-terminating-update", "UPDATE", cm("cm-t", "default", { a: "1" }, { deletionTimestamp: "2026-01-01T00:00:00Z", finalizers: ["x"] }), cm("cm-t", "default", { a: "1" })],
    ["cm-finalize-create", "CREATE", cm("finalize-me", "default", { a: "1" })],
    ["cm-finalize-update-existing", "UPDATE", cm("finalize-me", "default", { a: "2" }, { finalizers: ["pepr.dev/finalizer", "other"] }), cm("finalize-me", "default", { a: "1" })],
    ["cm-finalize-update-deleting", "UPDATE", cm("finalize-me", "default", { a: "2" }, { deletionTimestamp: "2026-01-01T00:00:00Z", finalizers: ["pepr.dev/finalizer"] }), cm("finalize-me", "default", { a: "1" })],
    ["cm-delete-protected", "DELETE", undefined, cm("cm-p", "tour", { a: "1" }, { annotations: { protected: "yes" } })],
    ["cm-delete-plain", "DELETE", undefined, cm("cm-q", "tour", { a: "1" })],
    ["cm-mutate-then-validate", "CREATE", cm("cm-mv", "tour-a", { a: "1" })],
    ["cm-elsewhere", "CREATE", cm("cm-e", "elsewhere", { a: "1" })],
    ["secret-create", "CREATE", secret("s1", "tour", { greeting: b64("hello"), remove: b64("bye"), binary: "iCZQUg8xYucNUqD+8lyl2YcKjYYygvTt", utf8: b64("naïve ✓"), nbsp: b64("a\u00a0b"), password: b64("hunter2") })],
    ["secret-update-no-data", "UPDATE", { apiVersion: "v1", kind: "Secret", metadata: { name: "s2", namespace: "tour" }, type: "Opaque" }, { apiVersion: "v1", kind: "Secret", metadata: { name: "s2", namespace: "tour" } }],
    ["secret-outside", "CREATE", secret("s3", "default", { password: b64("hunter2"), x: b64("y") })],
    ["secret-delete", "DELETE", undefined, secret("s4", "tour", { a: b64("b") })],
    ["deployment-boom", "CREATE", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "boom", namespace: "default" }, spec: { replicas: 1 } }],
    ["deployment-other", "CREATE", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "calm", namespace: "default" }, spec: { replicas: 1 } }],
    ["service-delete", "DELETE", undefined, { apiVersion: "v1", kind: "Service", metadata: { name: "svc", namespace: "default" }, spec: {} }],
    ["service-create", "CREATE", { apiVersion: "v1", kind: "Service", metadata: { name: "svc", namespace: "default" }, spec: {} }],
    ["namespace-create", "CREATE", { apiVersion: "v1", kind: "Namespace", metadata: { name: "tour" } }],
    ["namespace-create-other", "CREATE", { apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } }],
    ["widget-create", "CREATE", { apiVersion: "tour.dev/v1", kind: "Widget", metadata: { name: "w", namespace: "default" }, spec: { size: 2, tags: ["x"] } }],
    ["widget-wrong-version", "CREATE", { apiVersion: "tour.dev/v2", kind: "Widget", metadata: { name: "w", namespace: "default" }, spec: { size: 2 } }],
    ["gadget-update", "UPDATE", { apiVersion: "tour.dev/v1alpha1", kind: "Gadget", metadata: { name: "g", labels: { temp: "1", keep: "2" } }, spec: { on: false } }, { apiVersion: "tour.dev/v1alpha1", kind: "Gadget", metadata: { name: "g" } }],
    ["job-create", "CREATE", { apiVersion: "batch/v1", kind: "Job", metadata: { name: "j", namespace: "default" }, spec: {} }],
    ["store-cm-1", "CREATE", cm("cm-a", "store", {})],
    ["store-cm-2", "CREATE", cm("cm-b", "store", {})],
    ["store-cm-clear", "CREATE", cm("cm-clear", "store", {})],
    ["store-cm-3", "CREATE", cm("cm-c", "store", {})],
    ["connect-pod", "CONNECT", pod("p20", "tour", { app: "web", team: "ops" })],
  ];
}

function tour(outDir) {
  let seq = 100;
  for (const [name, op, obj, old, extra] of tourCases()) {
    seq++;
    write(outDir, `${String(seq - 100).padStart(2, "0")}-${name}.json`, review(seq, op, obj, old, extra));
  }
}

function tourJsCases() {
  const cm = (name, ns, data, metadata = {}, rest = {}) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: ns, ...metadata },
    data,
    ...rest,
  });
  const edgesOld = cm("patch-edges", "default", { replaced: "old", undef: "here", keep: "k" }, { labels: { nil: "x" } }, {
    spec: { list: [1, { a: 1 }, "x", "y"], grow: ["g"], schedule: { a: 1 }, nested: { keep: true }, typeChange: 1, arrToObj: ["x"], gone: 1 },
  });
  const deploy = (name, replicas, labels) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", labels },
    spec: { replicas, template: { spec: { containers: [{ name: "a" }, { name: "b" }] } } },
  });
  const b64 = s => Buffer.from(s, "utf-8").toString("base64");
  return [
    ["cm-label-exists-empty", "CREATE", cm("l1", "default", {}, { labels: { exists: "" } })],
    ["cm-label-valued-empty", "CREATE", cm("l2", "default", {}, { labels: { valued: "" }, annotations: { note: "" } })],
    ["cm-label-valued-ok", "CREATE", cm("l3", "default", {}, { labels: { valued: "v", exists: "1" }, annotations: { note: "n" } })],
    ["cm-label-valued-other", "CREATE", cm("l4", "default", {}, { labels: { valued: "w" }, annotations: { note: "n" } })],
    ["cm-patch-edges-create", "CREATE", edgesOld],
    ["cm-patch-edges-update", "UPDATE", cm("patch-edges", "default", { replaced: "x" }), edgesOld],
    ["cm-patch-edges-kube-public", "CREATE", { ...edgesOld, metadata: { ...edgesOld.metadata, namespace: "kube-public" } }],
    ["deployment-2", "CREATE", deploy("d2", 2, { app: "x" })],
    ["deployment-9", "CREATE", deploy("d9", 9)],
    ["deployment-hooked", "CREATE", deploy("d10", 1)],
    ["secret-utils", "CREATE", { apiVersion: "v1", kind: "Secret", metadata: { name: "su", namespace: "default" }, data: { a: b64("alpha"), b: b64("ß") } }],
    ["reject-ok", "CREATE", cm("r1", "reject-ns", { a: "1" })],
    ["reject-fail", "CREATE", cm("r2", "reject-ns", { a: "1" }, { labels: { fail: "yes" } })],
    ["reject-fail-update", "UPDATE", cm("r2", "reject-ns", { a: "2" }, { labels: { fail: "yes" } }), cm("r2", "reject-ns", { a: "1" })],
    ["reject-fail-delete", "DELETE", undefined, cm("r2", "reject-ns", { a: "1" }, { labels: { fail: "yes" } })],
    ["reject-other-namespace", "CREATE", cm("r3", "other", { a: "1" }, { labels: { fail: "yes" } })],
    ["reject-namespace-object", "CREATE", { apiVersion: "v1", kind: "Namespace", metadata: { name: "reject-ns" } }],
  ];
}

function tourJs(outDir) {
  let seq = 200;
  for (const [name, op, obj, old, extra] of tourJsCases()) {
    seq++;
    write(outDir, `${String(seq - 200).padStart(2, "0")}-${name}.json`, review(seq, op, obj, old, extra));
  }
}

// Watch events: [file name, type, object]
function watchCases(which) {
  const cm = (name, ns, labels, annotations, extra = {}) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace: ns, labels, annotations, ...extra },
    data: { k: "v" },
  });
  const dep = (name, metadata = {}) => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default", finalizers: ["pepr.dev/finalizer", "other/finalizer"], ...metadata },
    spec: { replicas: 1 },
  });
  const ts = "2026-01-01T00:00:00Z";
  if (which === "watch-tour") {
    return [
      ["cm-added", "ADDED", cm("a", "w")],
      ["cm-added-gold", "ADDED", cm("gold1", "w", { tier: "gold" })],
      ["cm-modified-gold", "MODIFIED", cm("gold1", "w", { tier: "gold" })],
      ["cm-deleted-gone", "DELETED", cm("gone-1", "w")],
      ["cm-deleted-other", "DELETED", cm("keep-1", "x")],
      ["cm-modified-mutated", "MODIFIED", cm("m1", "w", {}, { "mutated-in-watch": "orig" })],
      ["secret-added-r", "ADDED", { apiVersion: "v1", kind: "Secret", metadata: { name: "s1", namespace: "r", resourceVersion: "1" } }],
      ["secret-modified-r", "MODIFIED", { apiVersion: "v1", kind: "Secret", metadata: { name: "s1", namespace: "r", resourceVersion: "2" } }],
      ["deployment-fin-added", "ADDED", dep("fin")],
      ["deployment-fin-deleting", "MODIFIED", dep("fin", { deletionTimestamp: ts })],
      ["deployment-fin-keep", "MODIFIED", dep("fin", { deletionTimestamp: ts, labels: { "keep-finalizer": "yes" } })],
      ["deployment-fin-throws", "MODIFIED", dep("fin-throws", { deletionTimestamp: ts })],
      ["deployment-fin-deleted", "DELETED", dep("fin", { deletionTimestamp: ts })],
      ["namespace-added", "ADDED", { apiVersion: "v1", kind: "Namespace", metadata: { name: "n1" } }],
      ["namespace-terminating", "MODIFIED", { apiVersion: "v1", kind: "Namespace", metadata: { name: "n1", deletionTimestamp: ts } }],
      ["namespace-ignored", "ADDED", { apiVersion: "v1", kind: "Namespace", metadata: { name: "kube-system" } }],
      ["pod-added", "ADDED", { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" } }],
      ["widget-added", "ADDED", { apiVersion: "tour.dev/v1", kind: "Widget", metadata: { name: "wid", namespace: "default" }, spec: { size: 3 } }],
      ["widget-other-version", "ADDED", { apiVersion: "tour.dev/v2", kind: "Widget", metadata: { name: "wid2", namespace: "default" }, spec: { size: 1 } }],
      ["cm-ignored-namespace", "ADDED", cm("x", "kube-system", { tier: "gold" })],
      ["cm-added-clear", "ADDED", cm("clear", "w")],
      ["cm-added-gold-r", "ADDED", cm("gold2", "r", { tier: "gold" })],
    ];
  }
  if (which === "hello-pepr") {
    return [
      ["namespace-pepr-demo-2-added", "ADDED", { apiVersion: "v1", kind: "Namespace", metadata: { name: "pepr-demo-2", uid: "11111111-2222-4333-8444-555555555555" } }],
      ["namespace-pepr-demo-added", "ADDED", { apiVersion: "v1", kind: "Namespace", metadata: { name: "pepr-demo" } }],
      ["configmap-example-2-added", "ADDED", cm("example-2", "pepr-demo", { pepr: "was-here" })],
      ["configmap-example-2-other-namespace", "ADDED", cm("example-2", "default")],
      ["configmap-example-5-chuck-norris", "ADDED", cm("example-5", "pepr-demo", { "chuck-norris": "test" })],
    ];
  }
  if (which === "api-tour") {
    return [
      ["configmap-finalize-me-added", "ADDED", cm("finalize-me", "default")],
      ["configmap-finalize-me-deleting", "MODIFIED", cm("finalize-me", "default", {}, {}, { deletionTimestamp: ts, finalizers: ["pepr.dev/finalizer"] })],
      ["namespace-tour-added", "ADDED", { apiVersion: "v1", kind: "Namespace", metadata: { name: "tour" } }],
    ];
  }
  throw new Error(`no watch cases for ${which}`);
}

function watchEvents(which, outDir) {
  watchCases(which).forEach(([name, type, object], i) => {
    write(outDir, `${String(i + 1).padStart(2, "0")}-${name}.json`, { type, object });
  });
}

// Random admission requests (deterministic per seed) for the differential fuzz run: kinds,
// namespaces, names, labels and annotations drawn from small pools the fixture modules filter
// on, random operations, random Secret data (ASCII, UTF-8, binary, odd base64), odd objects.
function fuzz(seed, count, outDir) {
  let x = seed >>> 0 || 1;
  const rnd = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
  const pick = xs => xs[Math.floor(rnd() * xs.length)];
  const some = (xs, p = 0.3) => xs.filter(() => rnd() < p);
  const kinds = [
    ["", "v1", "ConfigMap"], ["", "v1", "Secret"], ["", "v1", "Pod"], ["", "v1", "Namespace"],
    ["", "v1", "Service"], ["apps", "v1", "Deployment"], ["batch", "v1", "Job"],
    ["tour.dev", "v1", "Widget"], ["tour.dev", "v1alpha1", "Gadget"], ["pepr.dev", "v1", "Unicorn"],
  ];
  const namespaces = ["tour", "tour-a", "tour-b", "tour-x", "store", "default", "ignored-ns", "kube-public",
    "reject-ns", "pepr-demo", "pepr-demo-2", "elsewhere", undefined];
  const names = ["cm-1", "cm-22", "cm-old", "finalize-me", "boom", "p1", "example-1", "example-2", "example-4",
    "example-4a", "secret-1", "tour", "patch-edges", "x", "gone-1", "d2", "fin"];
  const labelPool = { app: ["web", ""], team: ["red", "blue", "green", "ops"], "remove-me": ["x"], change: ["by-label"],
    "chuck-norris": ["test"], exists: ["", "1"], valued: ["v", "w", ""], fail: ["yes"], tier: ["gold"] };
  const annotationPool = { "tour/enabled": ["true", "false"], "remove-me-too": ["y"], evil: ["true"], explode: ["error", "string", "undefined"],
    note: ["n", ""], protected: ["yes"] };
  const pickMap = pool => {
    const out = {};
    for (const k of some(Object.keys(pool))) out[k] = pick(pool[k]);
    return rnd() < 0.2 ? undefined : out;
  };
  const b64 = s => Buffer.from(s, "utf-8").toString("base64");
  const secretValue = () =>
    pick([
      () => b64(pick(["hello", "hunter2", "a b\tc\n", ""])),
      () => b64(pick(["naïve", "✓ ok", "a\u00a0b", "\u2028"])),
      () => Buffer.from(Array.from({ length: 12 }, () => Math.floor(rnd() * 256))).toString("base64"),
      () => pick(["not base64 at all!", "YQ", "YWJj=ZGVm", "-_-_", "===="]),
    ])();
  const objectFor = ([group, version, kind], name, ns) => {
    const metadata = { name, namespace: kind === "Namespace" ? undefined : ns, labels: pickMap(labelPool), annotations: pickMap(annotationPool) };
    if (rnd() < 0.1) metadata.deletionTimestamp = "2026-01-01T00:00:00Z";
    if (rnd() < 0.15) metadata.finalizers = some(["pepr.dev/finalizer", "other/x"], 0.6);
    for (const k of Object.keys(metadata)) if (metadata[k] === undefined) delete metadata[k];
    const o = { apiVersion: group ? `${group}/${version}` : version, kind, metadata };
    if (kind === "ConfigMap") o.data = Object.fromEntries(some(["a", "drop", "list", "key", "replaced", "undef"], 0.5).map(k => [k, pick(["1", "abc", ""])]));
    if (kind === "Secret" && rnd() < 0.9) o.data = Object.fromEntries(some(["greeting", "remove", "password", "example", "bin", "x/y"], 0.6).map(k => [k, secretValue()]));
    if (kind === "Pod") o.spec = { containers: some([{ name: "app", image: "a" }, { name: "side", image: "b" }], 0.7), initContainers: rnd() < 0.5 ? [{ name: "init" }] : undefined };
    if (kind === "Deployment") o.spec = { replicas: pick([1, 2, 9]), template: { spec: { containers: [{ name: "a" }] } } };
    if (kind === "Widget" || kind === "Unicorn" || kind === "Gadget") o.spec = { size: pick([0, 1, 5]), message: "m", counter: 0 };
    return o;
  };
  for (let i = 0; i < count; i++) {
    const k = pick(kinds);
    const name = pick(names);
    const ns = pick(namespaces);
    const op = pick(["CREATE", "CREATE", "UPDATE", "DELETE", "CONNECT"]);
    const obj = objectFor(k, name, ns);
    const old = op === "CREATE" ? undefined : objectFor(k, name, ns);
    const r = op === "DELETE" ? review(1000 + i, op, undefined, old) : review(1000 + i, op, obj, old, rnd() < 0.1 ? { dryRun: true } : {});
    if (k[2] === "Namespace") delete r.request.namespace;
    write(outDir, `fuzz-${String(i).padStart(4, "0")}.json`, r);
  }
}

module.exports = { review, write, fuzz };

if (require.main === module) {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === "hello") hello(rest[0], rest[1]);
  else if (mode === "tour") tour(rest[0]);
  else if (mode === "tourjs") tourJs(rest[0]);
  else if (mode === "watch") watchEvents(rest[0], rest[1]);
  else if (mode === "fuzz") fuzz(Number(rest[0]), Number(rest[1]), rest[2]);
  else {
    process.stderr.write("usage: make_requests.js hello <samples.json> <out dir>\n");
    process.exit(2);
  }
}
