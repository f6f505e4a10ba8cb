#!/usr/bin/env node
"use strict";
// Writes AdmissionReview fixtures.
//   node tests/node/make_requests.js hello <samples.json> <out dir>
//     one CREATE review per object of Pepr's hello-pepr.samples.json, plus a few UPDATE /
//     DELETE / out-of-scope / custom-resource reviews for the same capability.
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

module.exports = { review, write };

if (require.main === module) {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode === "hello") hello(rest[0], rest[1]);
  else {
    process.stderr.write("usage: make_requests.js hello <samples.json> <out dir>\n");
    process.exit(2);
  }
}
