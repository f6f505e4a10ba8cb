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
// padded to just under and just over Express's 2 MiB body limit (generated, not in git);
// "fuzz": {"seed", "count", "env"?} adds a run over that many random requests;
// "compareLogs": true also compares the pino lines written while answering the requests. Compared per request and per route (mutate, validate): HTTP status; JSON bodies
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
const { execFile } = require("child_process");

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

// Runner processes mostly wait (loading @kubernetes/client-node takes seconds): run a few at once.
const MAX_PARALLEL = Number(process.env.DIFF_PEPR_JOBS || 6);
let active = 0;
const waiting = [];
async function run(...args) {
  if (active >= MAX_PARALLEL) await new Promise(resolve => waiting.push(resolve));
  active++;
  try {
    return await runNow(...args);
  } finally {
    active--;
    if (waiting.length) waiting.shift()();
  }
}

function runNow(script, moduleDir, cfg, env, watch = false, inputDir = null) {
  const entry = path.join(moduleDir, cfg.entry || "pepr.ts");
  const custom = script === "hostrt_pepr_under_node.js" && hostrtCmd;
  const [program, ...pre] = custom ? hostrtCmd : [process.execPath, path.join(__dirname, script)];
  return new Promise((resolve, reject) => {
    execFile(
    program,
    [...pre, "--module", entry, ...(custom ? [] : passThrough), ...(watch ? ["--watch"] : []),
      inputDir || path.join(moduleDir, watch ? "watch" : "requests")],
    { env: { ...process.env, ...env }, maxBuffer: 1 << 28, encoding: "utf-8" },
      (err, stdout, stderr) => {
        if (err) {
          err.stderr = stderr;
          reject(err);
        } else {
          resolve(parseLines(stdout));
        }
      },
    );
  });
}

// Log lines from the first "Incoming request" on (start-up differs by design), without the
// fields that vary run to run (time, pid, hostname, durations, timer readings, stacks).
function normalizeLogs(text) {
  const out = [];
  let started = false;
  for (const line of text.split("\n")) {
    let r;
    try {
      r = JSON.parse(line);
    } catch {
      continue;
    }
    if (!r || typeof r !== "object" || !("level" in r) || "file" in r) continue;
    for (const k of ["time", "pid", "hostname", "duration"]) delete r[k];
    if (typeof r.msg === "string") r.msg = r.msg.replace(/\d+\.\d+/g, "N").replace(/took N?\d*ms/, "took Nms");
    if (r.msg === "Incoming request") started = true;
    if (!started) continue;
    if (r.err && typeof r.err === "object") delete r.err.stack;
    // audit annotations are keyed by Date.now(): errors in the same millisecond share a key
    const collapse = (key, value) => {
      if (key !== "auditAnnotations" || !value || typeof value !== "object") return value;
      const values = Object.values(value);
      return values.length ? { "<timestamp>": values[values.length - 1] } : value;
    };
    out.push(JSON.stringify(r, collapse));
  }
  return out;
}

function runLogs(script, moduleDir, cfg) {
  const entry = path.join(moduleDir, cfg.entry || "pepr.ts");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(__dirname, script), "--module", entry, "--logs", ...passThrough, path.join(moduleDir, "requests")],
      { env: { ...process.env, LOG_LEVEL: "debug" }, maxBuffer: 1 << 28, encoding: "utf-8" },
      (err, stdout, stderr) => {
        if (err) {
          err.stderr = stderr;
          reject(err);
        } else {
          // real Pepr's pino writes to stdout, the shim's logger to stderr
          resolve(normalizeLogs(script === "pepr_reference.js" ? stdout : stderr));
        }
      },
    );
  });
}

function parseLines(out) {
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

function plan() {
  const jobs = [];
  for (const dir of dirs) {
    const cfgFile = path.join(dir, "fixture.json");
    const cfg = fs.existsSync(cfgFile) ? JSON.parse(fs.readFileSync(cfgFile, "utf-8")) : {};
    const runs = !fs.existsSync(path.join(dir, "requests"))
      ? []
      : cfg.runs && cfg.runs.length
        ? cfg.runs.slice()
        : [{ name: "default", env: {} }];
    const watchRuns = !fs.existsSync(path.join(dir, "watch"))
      ? []
      : cfg.watchRuns && cfg.watchRuns.length
        ? cfg.watchRuns
        : [{ name: "dev", env: { PEPR_MODE: "dev" } }];
    if (cfg.payloadLimitFrom && runs.length) {
      // Express's 2 MiB JSON body limit: one request just under it, one just over (not in git)
      const tmp = fs.mkdtempSync(path.join(require("os").tmpdir(), "pepr-limit-"));
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
    if (cfg.fuzz && runs.length) {
      // random requests, generated per run of this script from a fixed seed (not in git)
      const tmp = fs.mkdtempSync(path.join(require("os").tmpdir(), "pepr-fuzz-"));
      require("./make_requests").fuzz(cfg.fuzz.seed, cfg.fuzz.count, tmp);
      runs.push({ name: `fuzz-seed-${cfg.fuzz.seed}`, env: cfg.fuzz.env || {}, inputDir: tmp });
      process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
    }
    const start = (r, watch) => {
      const label = `${path.basename(dir)}[${watch ? "watch:" : ""}${r.name}]`;
      const side = (script, what) =>
        run(script, dir, cfg, r.env || {}, watch, r.inputDir).catch(e => {
          throw new Error(`${what} runner failed: ${e.stderr || e.message}`);
        });
      const both = Promise.all([side("pepr_reference.js", "reference"), side("hostrt_pepr_under_node.js", "hostrt")]);
      both.catch(() => {}); // handled when the job is reported
      jobs.push({ label, cfg, watch, both });
    };
    for (const r of watchRuns) start(r, true);
    for (const r of runs) start(r, false);
    if (cfg.compareLogs && fs.existsSync(path.join(dir, "requests"))) {
      // the log lines both write while answering the fixture requests (LOG_LEVEL=debug)
      const side = (script, what) =>
        runLogs(script, dir, cfg).catch(e => {
          throw new Error(`${what} runner failed: ${e.stderr || e.message}`);
        });
      const both = Promise.all([side("pepr_reference.js", "reference"), side("hostrt_pepr_under_node.js", "hostrt")]);
      both.catch(() => {});
      jobs.push({ label: `${path.basename(dir)}[logs]`, cfg, logs: true, both });
    }
  }
  return jobs;
}

async function main() {
  let total = 0;
  let mismatched = 0;
  let compared = 0;
  let watchCompared = 0;
  let bindingSets = 0;
  const report = [];
  let logLines = 0;
  for (const { label, cfg, watch, logs, both } of plan()) {
    let ref;
    let got;
    try {
      [ref, got] = await both;
    } catch (e) {
      report.push(`${label}: ${e.message}`);
      mismatched++;
      continue;
    }
    if (logs) {
      total++;
      logLines += ref.length;
      const n = Math.max(ref.length, got.length);
      const diffs = [];
      for (let i = 0; i < n && diffs.length < 5; i++) {
        if (ref[i] !== got[i]) diffs.push(`line ${i}:\n      ${String(ref[i]).slice(0, 300)}\n   != ${String(got[i]).slice(0, 300)}`);
      }
      if (diffs.length) {
        mismatched++;
        report.push(`${label} (${ref.length} vs ${got.length} lines):\n    ${diffs.join("\n    ")}`);
      } else if (verbose) {
        report.push(`${label}: ${ref.length} lines ok`);
      }
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
      } else if (watch) {
        watchCompared++;
        for (const k of ["records", "kube", "store"]) compareValues(refRec[k], gotRec[k], k, diffs, {});
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

  for (const line of report) process.stdout.write(line + "\n");
  process.stdout.write(
    `diff_pepr: ${dirs.length} module(s), ${total} items (${compared} admission route answers, ${watchCompared} watch events, ${bindingSets} registered-binding sets, ${logLines} log lines) compared, ${mismatched} mismatch(es)\n`,
  );
  process.exit(mismatched ? 1 : 0);
}

main();
