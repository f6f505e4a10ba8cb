#!/usr/bin/env node
"use strict";
// Microbenchmark of the shim's admission path under Node: one ConfigMap request through the
// mutate and the validate route, in process (compare: real Pepr's processors take
// p50 ≈ 140–185 µs per request on Node 20, see /work/shared/DESIGN.md).
//   LOG_LEVEL=silent node tests/node/bench_pepr_shim.js

process.env.LOG_LEVEL = process.env.LOG_LEVEL || "info";
const path = require("path");
const pepr = require(path.join(__dirname, "..", "..", "shims", "pepr", "index.js"));

pepr.__setLogWriter(() => {}); // format every line, write none
const { Capability, PeprModule, a } = pepr;
const cap = new Capability({ name: "hello-pepr", description: "", namespaces: ["pepr-demo", "pepr-demo-2"] });
cap.When(a.ConfigMap).IsCreated().WithName("example-1").Mutate(r => {
  r.SetLabel("pepr", "was-here").SetAnnotation("pepr.dev", "annotations-work-too");
});
cap.When(a.ConfigMap).IsCreated().Validate(r => (r.HasAnnotation("evil") ? r.Deny("no", 400) : r.Approve()));
new PeprModule({ description: "", pepr: { uuid: "u", onError: "ignore" } }, [cap]);
const review = require(path.join(__dirname, "..", "..", "js_fixtures", "modules", "hello-pepr", "requests", "04-create-configmap-example-1.json"));

(async () => {
  const once = async () => {
    await pepr.__handleAdmission("mutate", review);
    await pepr.__handleAdmission("validate", review);
  };
  for (let i = 0; i < 5000; i++) await once();
  const n = 20000;
  const ts = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await once();
    ts.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  ts.sort((x, y) => x - y);
  const q = p => ts[Math.floor(n * p)].toFixed(1);
  process.stdout.write(`mutate+validate, LOG_LEVEL=${process.env.LOG_LEVEL}: p50 ${q(0.5)} µs, p99 ${q(0.99)} µs\n`);
})();
