#!/usr/bin/env node
"use strict";
// Same as pepr_reference.js, but with hostrt's `pepr` (shims/pepr/index.js) instead of Pepr:
//
//   node tests/node/hostrt_pepr_under_node.js --module <pepr.ts> [--esbuild <dir>] [--logs]
//        <request.json | dir>...
//
// The module is bundled with `pepr` aliased to the shim; each request file's text is handed to
// the shim's admission route (__handleAdmission) as the raw body, exactly as the host's
// "pepr.admission" handler would receive it. Other bare imports (e.g. undici) resolve from
// --pepr's node_modules. Logs go to stderr (pino format) and are off unless --logs.

const fs = require("fs");
const path = require("path");
const common = require("./runner_common");

async function main() {
  const opts = common.parseArgs(process.argv.slice(2));
  if (!opts.logs && !process.env.LOG_LEVEL) process.env.LOG_LEVEL = "silent";
  process.env.PEPR_API_PATH = "hostrt-reference"; // the path the reference runner POSTs to
  common.addNodePath(opts.pepr);

  const shim = path.resolve(__dirname, "..", "..", "shims", "pepr", "index.js");
  const outfile = common.tmpFile("pepr-hostrt-", ".js");
  await common.bundle({
    entry: path.resolve(opts.module),
    esbuildDir: opts.esbuild,
    aliases: { pepr: { path: shim, external: true } },
    outfile,
    nodePaths: [opts.pepr],
  });

  // the shim stays outside the bundle, so the module and this runner share one instance
  const pepr = require(shim);
  // The shim logs to stdout as pino does; this runner keeps stdout for its result lines.
  require(path.join(path.dirname(shim), "lib", "log.js")).setLogWriter(line => process.stderr.write(line));
  const fake = opts.watch ? fakeBridge() : null;
  if (fake) pepr.__setBridge(fake.bridge);
  require(outfile);
  await common.settle(50);

  if (opts.watch) {
    pepr.__loadStore({});
    await common.settle(5);
    globalThis.__records = globalThis.__records || [];
    globalThis.__records.length = 0;
    fake.calls.length = 0;
    fake.store.length = 0;
    for (const file of common.requestFiles(opts.requests)) {
      const ev = JSON.parse(fs.readFileSync(file, "utf-8"));
      await pepr.__handleWatch(ev.type, ev.object);
      await common.settle(5);
      process.stdout.write(common.watchLine(file, globalThis.__records.splice(0), fake.calls.splice(0), fake.store.splice(0)) + "\n");
    }
    process.stdout.write(common.infoLine(pepr.__capabilities()) + "\n");
    common.finish(0);
    return;
  }

  for (const file of common.requestFiles(opts.requests)) {
    const raw = fs.readFileSync(file, "utf-8");
    const results = {};
    for (const kind of ["mutate", "validate"]) {
      const r = await pepr.__handleAdmission(kind, raw);
      // what goes over the wire: JSON for an object body, the text otherwise
      results[kind] = { status: r.status, body: typeof r.body === "string" ? r.body : JSON.parse(JSON.stringify(r.body)) };
    }
    process.stdout.write(common.outputLine(file, results) + "\n");
  }
  process.stdout.write(common.infoLine(pepr.__capabilities()) + "\n");
  common.finish(0);
    return;
}

/**
 * A bridge standing in for the host in watch mode: kube.* calls are recorded in the reference
 * runner's format and get the same canned answers (hostrt/pepr/node/ref/kfc_stub.js); store posts are
 * recorded, a clear expanded into one remove per known key as Pepr sends it.
 */
function fakeBridge() {
  const calls = [];
  const store = [];
  const known = new Map(); // "store|cap" -> Set of keys
  const bridge = {
    call(op, payload) {
      const rec = {
        op: op.replace(/^kube\./, ""),
        group: payload.group,
        version: payload.version,
        kind: payload.kind,
        namespace: payload.namespace,
        name: payload.name,
      };
      if (op === "kube.apply") Object.assign(rec, { body: payload.body, force: !!payload.force });
      if (op === "kube.create") rec.body = payload.body;
      if (op === "kube.patch") rec.patch = payload.patch;
      if (op === "kube.watch") return Promise.resolve({});
      calls.push(JSON.parse(JSON.stringify(rec)));
      if (op === "kube.get") return Promise.reject(Object.assign(new Error("not found"), { status: 404 }));
      if (op === "kube.list") return Promise.resolve({ items: [] });
      if (op === "kube.apply" || op === "kube.create") return Promise.resolve(payload.body);
      if (op === "kube.patch") return Promise.resolve({});
      return Promise.resolve(undefined);
    },
    post(op, capability, key, value) {
      const kind = op.startsWith("pepr.schedule.") ? "schedule" : "store";
      op = op.replace("pepr.schedule.", "pepr.store.");
      const id = `${kind}|${capability}`;
      if (!known.has(id)) known.set(id, new Set());
      const keys = known.get(id);
      if (op === "pepr.store.set") {
        keys.add(key);
        store.push({ store: kind, capability, op: "set", key, value });
      } else if (op === "pepr.store.remove") {
        keys.delete(key);
        store.push({ store: kind, capability, op: "remove", key });
      } else if (op === "pepr.store.clear") {
        for (const k of keys) store.push({ store: kind, capability, op: "remove", key: k });
        keys.clear();
      }
    },
    handle() {},
  };
  return { bridge, calls, store };
}

main().catch(e => {
  process.stderr.write(`hostrt_pepr_under_node: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
