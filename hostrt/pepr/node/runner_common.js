"use strict";
// Shared by pepr_reference.js (real Pepr 1.1.4) and hostrt_pepr_under_node.js (our shim):
// command line, esbuild bundling of a Pepr module, request file discovery, output lines.
//
// Usage of both runners:
//   node <runner> --module <module entry (.ts/.js)> [--pepr <node_modules dir>]
//                 [--esbuild <esbuild package dir>] [--logs] <request.json | dir>...
// Each request file is the raw body POSTed to /mutate and /validate. One JSON line per file:
//   {"file": path, "mutate": <AdmissionReview or error body>, "validate": <...>,
//    "httpStatus": {"mutate": n, "validate": n}}   (httpStatus only when one is not 200)
// With --watch (run with PEPR_MODE=dev) the files are watch events {"type", "object"} instead;
// one line per event: {"file", "records": <globalThis.__records pushed by the module's
// callbacks>, "kube": <K8s() calls>, "store": <Store writes>}.
// Both modes end with {"file": "<bindings>", "bindings": [...]}: what each capability registered.

const fs = require("fs");
const path = require("path");

// Where hostrt installs them (hostrt/paths.py home(): $HOSTRT_HOME, else the XDG cache).
function hostrtHome() {
  if (process.env.HOSTRT_HOME) return path.resolve(process.env.HOSTRT_HOME);
  const cache = process.env.XDG_CACHE_HOME || path.join(require("os").homedir(), ".cache");
  return path.join(cache, "hostrt");
}

function parseArgs(argv) {
  const opts = {
    module: null,
    pepr: process.env.PEPR_NODE_MODULES || path.join(hostrtHome(), "pepr-1.1.4", "node_modules"),
    esbuild: process.env.ESBUILD_PACKAGE || path.join(hostrtHome(), "npm", "node_modules", "esbuild"),
    logs: false,
    watch: false,
    requests: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--module") opts.module = argv[++i];
    else if (a === "--pepr") opts.pepr = argv[++i];
    else if (a === "--esbuild") opts.esbuild = argv[++i];
    else if (a === "--logs") opts.logs = true;
    else if (a === "--watch") opts.watch = true;
    else opts.requests.push(a);
  }
  if (!opts.module) throw new Error("--module <entry> is required");
  return opts;
}

function requestFiles(items) {
  const out = [];
  for (const item of items) {
    const st = fs.statSync(item);
    if (st.isDirectory()) {
      for (const f of fs.readdirSync(item).sort()) {
        if (f.endsWith(".json")) out.push(path.join(item, f));
      }
    } else {
      out.push(item);
    }
  }
  return out;
}

/**
 * Bundle a module entry into one CommonJS file. `aliases` maps a bare import ("pepr") to a file, or to
 * {path, external: true} to leave it out of the bundle and require that path at run time;
 * `redirect(args)` may return a file path to use instead of a resolved import. Every other bare
 * import stays external (resolved at run time through NODE_PATH).
 */
async function bundle({ entry, esbuildDir, aliases, redirect, outfile, nodePaths }) {
  // eslint-disable-next-line global-require, import/no-dynamic-require
  const esbuild = require(esbuildDir);
  const plugin = {
    name: "hostrt-pepr-runner",
    setup(build) {
      build.onResolve({ filter: /.*/ }, args => {
        if (args.kind === "entry-point") return undefined;
        if (Object.prototype.hasOwnProperty.call(aliases, args.path)) {
          const target = aliases[args.path];
          return typeof target === "string" ? { path: target } : { path: target.path, external: !!target.external };
        }
        if (redirect) {
          const r = redirect(args);
          if (r) return { path: r };
        }
        const bare = !args.path.startsWith(".") && !path.isAbsolute(args.path);
        if (bare) return { path: args.path, external: true };
        return undefined;
      });
    },
  };
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    keepNames: true,
    outfile,
    logLevel: "error",
    plugins: [plugin],
    nodePaths: nodePaths || [],
    resolveExtensions: [".ts", ".js", ".mjs", ".cjs", ".json"],
  });
  return outfile;
}

/** Make bare requires from a bundle in a temp dir resolve in the given node_modules. */
function addNodePath(dir) {
  const Module = require("module");
  const parts = (process.env.NODE_PATH || "").split(path.delimiter).filter(Boolean);
  if (!parts.includes(dir)) parts.push(dir);
  process.env.NODE_PATH = parts.join(path.delimiter);
  Module._initPaths();
}

function tmpFile(prefix, ext) {
  const os = require("os");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  // the bundle is loaded by then; remove it when the runner exits
  process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, `bundle${ext}`);
}

function outputLine(file, results) {
  const line = { file };
  const statuses = {};
  let anyError = false;
  for (const kind of ["mutate", "validate"]) {
    line[kind] = results[kind].body;
    statuses[kind] = results[kind].status;
    if (results[kind].status !== 200) anyError = true;
  }
  if (anyError) line.httpStatus = statuses;
  return JSON.stringify(line);
}

/** Exit once stdout and stderr are flushed (pipe writes can be asynchronous). */
function finish(code = 0) {
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}

/** Wait for timers already queued (store readiness etc.) to run. */
const settle = (ms = 20) => new Promise(resolve => setTimeout(resolve, ms));

/** What the capabilities registered (compared between real Pepr and the shim). */
function summarize(capabilities) {
  return capabilities.map(cap => ({
    name: cap.name,
    description: cap.description,
    namespaces: cap.namespaces,
    hasSchedule: cap.hasSchedule,
    bindings: cap.bindings.map(b => ({
      model: b.model && b.model.name,
      kind: b.kind,
      event: b.event,
      filters: b.filters,
      alias: b.alias,
      isMutate: b.isMutate,
      isValidate: b.isValidate,
      isWatch: b.isWatch,
      isQueue: b.isQueue,
      isFinalize: b.isFinalize,
      callbacks: ["mutateCallback", "validateCallback", "watchCallback", "finalizeCallback"]
        .filter(k => typeof b[k] === "function")
        .map(k => `${k}:${b[k].name}`),
    })),
  }));
}

/** The last line of a run: the registered bindings. */
function infoLine(capabilities) {
  return JSON.stringify({ file: "<bindings>", bindings: JSON.parse(JSON.stringify(summarize(capabilities))) });
}

function watchLine(file, records, kube, store) {
  return JSON.stringify({ file, records, kube, store });
}

module.exports = { finish, infoLine, watchLine, parseArgs, requestFiles, bundle, addNodePath, tmpFile, outputLine, settle };
