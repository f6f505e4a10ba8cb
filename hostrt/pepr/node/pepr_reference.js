#!/usr/bin/env node
"use strict";
// Reference runner: answers admission requests with REAL Pepr 1.1.4.
//
//   node hostrt/pepr/node/pepr_reference.js --module <pepr.ts> [--pepr DIR/node_modules]
//        [--esbuild DIR/esbuild] [--logs] <request.json | dir>...
//
// How: the module is bundled with esbuild from Pepr's TypeScript source (`pepr` ->
// <pepr>/pepr/src/lib.ts), with one replacement — the controller's StoreController (which needs
// a cluster) becomes hostrt/pepr/node/ref/store_stub.js. Everything else is Pepr's own code: the real
// Controller builds its real Express app (express.json, the /mutate/:path and /validate/:path
// routes, hooks, processors, error answers). The runner captures that app (by wrapping the
// `express` factory), keeps the Controller from opening its HTTPS port, serves the app on a
// loopback HTTP port and POSTs each request file's bytes to /mutate and /validate.
// Logs are off unless --logs (pino writes to stdout; result lines always carry "file").

const fs = require("fs");
const path = require("path");
const http = require("http");
const Module = require("module");
const common = require("./runner_common");

const API_PATH = "hostrt-reference";

async function main() {
  const opts = common.parseArgs(process.argv.slice(2));
  const peprDir = path.join(opts.pepr, "pepr");
  if (!opts.logs && !process.env.LOG_LEVEL) process.env.LOG_LEVEL = "silent";
  process.env.PEPR_API_PATH = API_PATH;
  process.env.SSL_KEY_PATH = __filename; // read by startServer; never used (no HTTPS server)
  process.env.SSL_CERT_PATH = __filename;

  common.addNodePath(opts.pepr);

  // 1. Capture every Express app created, and stop real HTTPS listeners.
  const apps = [];
  const origLoad = Module._load;
  Module._load = function load(request, parent, isMain) {
    const loaded = origLoad.apply(this, arguments);
    if (request === "express" && typeof loaded === "function" && !loaded.__hostrtWrapped) {
      const wrapped = function expressWrapped(...args) {
        const app = loaded.apply(this, args);
        apps.push(app);
        return app;
      };
      Object.assign(wrapped, loaded);
      wrapped.__hostrtWrapped = true;
      wrapped.default = wrapped;
      return wrapped;
    }
    return loaded;
  };
  const https = require("https");
  https.createServer = () => {
    const fake = {
      listen() {
        setTimeout(() => (fake._listening || []).forEach(fn => fn()), 0);
        return fake;
      },
      on(ev, fn) {
        if (ev === "listening") (fake._listening = fake._listening || []).push(fn);
        return fake;
      },
      close(cb) {
        if (cb) cb();
      },
    };
    return fake;
  };

  // 2. Bundle the module against Pepr's source.
  const storeStub = path.join(__dirname, "ref", "store_stub.js");
  const kfcStub = path.join(__dirname, "ref", "kfc_stub.js");
  const peprSrc = path.join(peprDir, "src") + path.sep;
  const outfile = common.tmpFile("pepr-ref-", ".js");
  await common.bundle({
    entry: path.resolve(opts.module),
    esbuildDir: opts.esbuild,
    aliases: { pepr: path.join(peprDir, "src", "lib.ts") },
    redirect: args => {
      if (args.importer.startsWith(path.join(peprDir, "src", "lib", "controller")) && args.path === "./store") {
        return storeStub;
      }
      // watch mode: Pepr's own K8s() calls (watches, finalizer patches, the module's K8s) are recorded
      if (opts.watch && args.importer.startsWith(peprSrc) && args.path === "kubernetes-fluent-client") return kfcStub;
      return null;
    },
    outfile,
    nodePaths: [opts.pepr],
  });

  // 3. Load it (this constructs the PeprModule and its Controller), let the store become ready.
  require(outfile);
  await common.settle(50);
  if (opts.watch) {
    const kube = globalThis.__hostrtRefKube;
    if (!kube || !kube.deliver) throw new Error("watch mode: Pepr set up no watch (run with PEPR_MODE=dev)");
    const storeOps = globalThis.__hostrtRefStoreOps || [];
    globalThis.__records = globalThis.__records || [];
    storeOps.length = 0;
    kube.calls.length = 0;
    globalThis.__records.length = 0;
    for (const file of common.requestFiles(opts.requests)) {
      const ev = JSON.parse(fs.readFileSync(file, "utf-8"));
      await kube.deliver(ev.type, ev.object);
      await common.settle(5);
      process.stdout.write(common.watchLine(file, globalThis.__records.splice(0), kube.calls.splice(0), storeOps.splice(0)) + "\n");
    }
    process.stdout.write(common.infoLine(globalThis.__hostrtRefCapabilities || []) + "\n");
    common.finish(0);
    return;
  }
  if (apps.length === 0) throw new Error("no Express app was created: did the module create a PeprModule?");
  const app = apps[apps.length - 1];

  // 4. Serve the app on loopback and replay the requests.
  const server = http.createServer(app);
  await new Promise(resolve => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  const post = (route, body) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path: `/${route}/${API_PATH}`,
          headers: { "content-type": "application/json", "content-length": body.length },
        },
        res => {
          const chunks = [];
          res.on("data", c => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf-8");
            const ct = res.headers["content-type"] || "";
            let parsed = text;
            if (ct.includes("application/json")) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            resolve({ status: res.statusCode, body: parsed });
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  for (const file of common.requestFiles(opts.requests)) {
    const body = fs.readFileSync(file);
    const results = {};
    for (const kind of ["mutate", "validate"]) results[kind] = await post(kind, body);
    process.stdout.write(common.outputLine(file, results) + "\n");
  }
  process.stdout.write(common.infoLine(globalThis.__hostrtRefCapabilities || []) + "\n");
  server.close();
  common.finish(0);
    return;
}

main().catch(e => {
  process.stderr.write(`pepr_reference: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
