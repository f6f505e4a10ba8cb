#!/usr/bin/env node
"use strict";
// Differential test: real Pepr 1.1.4 (pepr_reference.js) against hostrt's pepr
// (hostrt_pepr_under_node.js) on every fixture module under js_fixtures/modules/.
//
//   node tests/node/diff_pepr.js [--pepr <node_modules>] [--esbuild <dir>] [-v]
//        [--hostrt-cmd "<program> <script>"] [module-dir...]
//
// --hostrt-cmd replaces hostrt_pepr_under_node.js with another runner printing the same lines,
// called as `<program> <script> --module <entry> <requests dir>` (e.g.
// "/work/venv/bin/python tests/v8/pepr_in_mini_racer.py": the shim in a bare V8 isolate).
//
// A fixture module is a directory with requests/*.json and an entry (pepr.ts by default). An
// optional fixture.json sets {"entry": "...", "runs": [{"name", "env": {...}}],
// "randomPatchPaths": ["/spec/counter", ...], "payloadLimitFrom": "<request file>"}: each run
// executes both runners with that environment; payloadLimitFrom adds a run with that request
// padded to just under and just over Express's 2 MiB body limit (generated, not in git). Compared per request and per route (mutate, validate): HTTP status; JSON bodies
// field by field, with `response.patch` base64-decoded and compared operation by operation;
// values that are random by design are compared by type only (patch values at
// randomPatchPaths, auditAnnotations keys, which are timestamps); error pages by status and
// their first line (Express prints a stack trace below it in development mode).
// Every run also compares what each capability registered (bindings: kind, event, filters,
// alias, flags, callback names).
// Modules with a watch/ directory also get watch runs (fixture.json "watchRuns", default
// PEPR_MODE=dev): both runners get --watch, and per event the callbacks' records, the K8s()
// calls and the Store writes must be equal.
// Exit status 1 when anything differs.

const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const ROOT = path.resolve(__dirname, "..", "..");
const args = process.argv.slice(2);
let verbose = false;
let hostrtCmd = null;
const passThrough = [];
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "-v") verbose = true;
  else if (args[i] === "--hostrt-cmd") hostrtCmd = args[++i].split(" ").filter(Boolean);
  else if (args[i] === "--pepr" || args[i] === "--esbuild") passThrough.push(args[i], args[++i]);
  else dirs.push(path.resolve(args[i]));
}
if (dirs.length === 0) {
  const base = path.join(ROOT, "js_fixtures", "modules");
  for (const d of fs.readdirSync(base).sort()) {
    const full = path.join(base, d);
    if (fs.existsSync(path.join(full, "requests")) || fs.existsSync(path.join(full, "watch"))) dirs.push(full);
  }
}

function run(script, moduleDir, cfg, env, watch = false, inputDir = null) {
  const entry = path.join(moduleDir, cfg.entry || "pepr.ts");
  const custom = script === "hostrt_pepr_under_node.js" && hostrtCmd;
  const [program, ...pre] = custom ? hostrtCmd : [process.execPath, path.join(__dirname, script)];
  const out = execFileSync(
    program,
    [...pre, "--module", entry, ...(custom ? [] : passThrough), ...(watch ? ["--watch"] : []),
      inputDir || path.join(moduleDir, watch ? "watch" : "requests")],
    { env: { ...process.env, ...env }, maxBuffer: 1 << 28, encoding: "utf-8", stdio: ["ignore", "pipe", "pipe"] },
  );
  const byFile = new Map();
  for (const line of out.split("\n")) {
    if (!line.trim()) continue;
    let rec;
    try {
      rec = JSON.parse(line);
    } catch {
      continue;
    }
    if (rec && typeof rec.file === "string") byFile.set(path.basename(rec.file), rec);
  }
  return byFile;
}

const typeName = v => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

function decodePatch(b64) {
  try {
    return JSON.parse(Buffer.from(b64, "base64").toString("utf-8"));
  } catch {
    return { undecodable: b64 };
  }
}

// An Express error page carries a stack trace (machine-specific) after its first line in
// development mode; without one the whole text is compared.
const hasStack = text => text.includes("<br> &nbsp; &nbsp;at ");
function firstLineOfPage(text) {
  const m = /<pre>([\s\S]*?)(<br>|<\/pre>)/.exec(text);
  return m ? m[1] : text;
}

function compareValues(ref, got, where, diffs, opts) {
  if (opts.randomPaths && opts.randomPaths.some(re => re.test(where))) {
    if (typeName(ref) !== typeName(got)) diffs.push(`${where}: type ${typeName(ref)} != ${typeName(got)}`);
    return;
  }
  if (typeName(ref) !== typeName(got)) {
    diffs.push(`${where}: ${JSON.stringify(ref)} != ${JSON.stringify(got)}`);
    return;
  }
  if (Array.isArray(ref)) {
    if (ref.length !== got.length) diffs.push(`${where}: length ${ref.length} != ${got.length}`);
    for (let i = 0; i < Math.min(ref.length, got.length); i++) compareValues(ref[i], got[i], `${where}[${i}]`, diffs, opts);
    return;
  }
  if (ref && typeof ref === "object") {
    const rk = Object.keys(ref);
    const gk = Object.keys(got);
    if (JSON.stringify(rk) !== JSON.stringify(gk)) diffs.push(`${where}: keys ${JSON.stringify(rk)} != ${JSON.stringify(gk)}`);
    for (const k of rk) if (k in got) compareValues(ref[k], got[k], `${where}.${k}`, diffs, opts);
    return;
  }
  if (ref !== got) diffs.push(`${where}: ${JSON.stringify(ref)} != ${JSON.stringify(got)}`);
}

function compareBodies(ref, got, where, diffs, randomPatchPaths) {
  if (typeof ref === "string" || typeof got === "string") {
    if (typeof ref !== typeof got) {
      diffs.push(`${where}: body type ${typeName(ref)} != ${typeName(got)}`);
    } else if (hasStack(ref) || hasStack(got)) {
      if (firstLineOfPage(ref) !== firstLineOfPage(got)) {
        diffs.push(`${where}: ${JSON.stringify(firstLineOfPage(ref))} != ${JSON.stringify(firstLineOfPage(got))}`);
      }
    } else if (ref !== got) {
      diffs.push(`${where}: ${JSON.stringify(ref)} != ${JSON.stringify(got)}`);
    }
    return;
  }
  const r = JSON.parse(JSON.stringify(ref));
  const g = JSON.parse(JSON.stringify(got));
  const rr = r && r.response;
  const gr = g && g.response;
  if (rr && gr) {
    if (typeof rr.patch === "string" && typeof gr.patch === "string") {
      const rp = decodePatch(rr.patch);
      const gp = decodePatch(gr.patch);
      if (!Array.isArray(rp) || !Array.isArray(gp) || rp.length !== gp.length) {
        diffs.push(`${where}.patch: ${JSON.stringify(rp)} != ${JSON.stringify(gp)}`);
      } else {
        rp.forEach((op, i) => {
          const randomValue = randomPatchPaths.includes(op.path);
          compareValues(op, gp[i], `${where}.patch[${i}]`, diffs, {
            randomPaths: randomValue ? [new RegExp(`^${where.replace(/[.[\]]/g, "\\$&")}\\.patch\\[${i}\\]\\.value`)] : [],
          });
        });
      }
      delete rr.patch;
      delete gr.patch;
    }
    for (const resp of [rr, gr]) {
      if (resp.auditAnnotations) {
        resp.auditAnnotations = Object.fromEntries(
          Object.entries(resp.auditAnnotations).map(([k, v]) => [/^\d+$/.test(k) ? "<timestamp>" : k, v]),
        );
      }
    }
  }
  compareValues(r, g, where, diffs, {});
}

let total = 0;
let mismatched = 0;
let compared = 0;
let watchCompared = 0;
let bindingSets = 0;
const report = [];
for (const dir of dirs) {
  const cfgFile = path.join(dir, "fixture.json");
  const cfg = fs.existsSync(cfgFile) ? JSON.parse(fs.readFileSync(cfgFile, "utf-8")) : {};
  const runs = !fs.existsSync(path.join(dir, "requests"))
    ? []
    : cfg.runs && cfg.runs.length
      ? cfg.runs
      : [{ name: "default", env: {} }];
  const watchRuns = !fs.existsSync(path.join(dir, "watch"))
    ? []
    : cfg.watchRuns && cfg.watchRuns.length
      ? cfg.watchRuns
      : [{ name: "dev", env: { PEPR_MODE: "dev" } }];
  for (const r of watchRuns) {
    const label = `${path.basename(dir)}[watch:${r.name}]`;
    let ref;
    let got;
    try {
      ref = run("pepr_reference.js", dir, cfg, r.env || {}, true);
      got = run("hostrt_pepr_under_node.js", dir, cfg, r.env || {}, true);
    } catch (e) {
      report.push(`${label}: runner failed: ${e.stderr || e.message}`);
      mismatched++;
      continue;
    }
    for (const [file, refRec] of ref) {
      total++;
      if (refRec.bindings) bindingSets++;
      else watchCompared++;
      const gotRec = got.get(file);
      const diffs = [];
      if (!gotRec) diffs.push("missing from the hostrt run");
      else if (refRec.bindings) compareValues(refRec.bindings, gotRec.bindings, "bindings", diffs, {});
      else for (const k of ["records", "kube", "store"]) compareValues(refRec[k], gotRec[k], k, diffs, {});
      if (diffs.length) {
        mismatched++;
        report.push(`${label} ${file}:\n    ${diffs.join("\n    ")}`);
      } else if (verbose) {
        report.push(`${label} ${file}: ok`);
      }
    }
  }
  if (cfg.payloadLimitFrom && runs.length) {
    // Express's 2 MiB JSON body limit: one request just under it, one just over (not in git)
    const os = require("os");
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pepr-limit-"));
    const review = JSON.parse(fs.readFileSync(path.join(dir, "requests", cfg.payloadLimitFrom), "utf-8"));
    const base = Buffer.byteLength(JSON.stringify(review));
    const limit = 2 * 1024 * 1024;
    for (const [name, size] of [["under-limit.json", limit - base - 64], ["over-limit.json", limit - base + 64]]) {
      review.request.object.padding = "x".repeat(size);
      fs.writeFileSync(path.join(tmp, name), JSON.stringify(review));
    }
    runs.push({ name: "payload-limit", env: {}, inputDir: tmp });
    process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
  }
  for (const r of runs) {
    const label = `${path.basename(dir)}[${r.name}]`;
    let ref;
    let got;
    try {
      ref = run("pepr_reference.js", dir, cfg, r.env || {}, false, r.inputDir);
    } catch (e) {
      report.push(`${label}: reference runner failed: ${e.stderr || e.message}`);
      mismatched++;
      continue;
    }
    try {
      got = run("hostrt_pepr_under_node.js", dir, cfg, r.env || {}, false, r.inputDir);
    } catch (e) {
      report.push(`${label}: hostrt runner failed: ${e.stderr || e.message}`);
      mismatched++;
      continue;
    }
    for (const [file, refRec] of ref) {
      total++;
      const gotRec = got.get(file);
      const diffs = [];
      if (!gotRec) {
        diffs.push("missing from the hostrt run");
      } else if (refRec.bindings) {
        bindingSets++;
        compareValues(refRec.bindings, gotRec.bindings, "bindings", diffs, {});
      } else {
        compareValues(refRec.httpStatus || null, gotRec.httpStatus || null, "httpStatus", diffs, {});
        for (const kind of ["mutate", "validate"]) {
          compared++;
          compareBodies(refRec[kind], gotRec[kind], kind, diffs, cfg.randomPatchPaths || []);
        }
      }
      if (diffs.length) {
        mismatched++;
        report.push(`${label} ${file}:\n    ${diffs.join("\n    ")}`);
      } else if (verbose) {
        report.push(`${label} ${file}: ok`);
      }
    }
    for (const file of got.keys()) if (!ref.has(file)) report.push(`${label} ${file}: only in the hostrt run`);
  }
}

for (const line of report) process.stdout.write(line + "\n");
process.stdout.write(
  `diff_pepr: ${dirs.length} module(s), ${total} items (${compared} admission route answers, ${watchCompared} watch events, ${bindingSets} registered-binding sets) compared, ${mismatched} mismatch(es)\n`,
);
process.exit(mismatched ? 1 : 0);
