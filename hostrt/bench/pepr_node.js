#!/usr/bin/env node
"use strict";
// The Node side of hostrt's Pepr benches (hostrt/bench/peprwork.py): the same bundle hostrt
// loads, driven the way hostrt drives it.
//
//   node pepr_node.js --bundle FILE --request FILE --out FILE --routes mutate,validate[,both]
//        --n N --warmup N [--shim shims/pepr/index.js --store JSON] [--rounds FD]
//
// With --shim (hostrt's own Pepr): `require("pepr")` in the bundle resolves to the shim, and the
// shim gets a bridge whose `handle` keeps the handlers, so the module registers exactly the
// `pepr.admission` handlers hostrt dispatches to. Without --shim the bundle is real Pepr 1.1.4
// (bundled whole) and registers `bench.route` on the bridge it finds in globalThis.
//
// Each request is what a hostrt dispatch does in JS: JSON.parse of the payload text, the handler,
// JSON.stringify of the answer; timed with process.hrtime. Requests alternate /mutate then
// /validate (then the one-crossing "both" when asked), as a cluster sends them. Pepr's logs go
// wherever this process's stdout/stderr go (the caller gives both the same kind of sink as
// hostrt's). Results in --out: {"samples": {route: [µs...]}, "answers": {route: answer text},
// "heap": {used, live}} (heap used after the last request, and after gc() with --expose-gc).

const fs = require("fs");
const Module = require("module");

function parse(argv) {
  const o = { n: 100, warmup: 10, routes: ["mutate", "validate"], store: "{}" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === "--bundle") o.bundle = v();
    else if (a === "--request") o.request = v();
    else if (a === "--out") o.out = v();
    else if (a === "--shim") o.shim = v();
    else if (a === "--store") o.store = v();
    else if (a === "--routes") o.routes = v().split(",");
    else if (a === "--n") o.n = Number(v());
    else if (a === "--warmup") o.warmup = Number(v());
    else if (a === "--rounds") o.rounds = Number(v());
    else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ["bundle", "request", "out"]) if (!o[k]) throw new Error(`--${k} is required`);
  return o;
}

const HANDLERS = { mutate: "pepr.admission", validate: "pepr.admission", both: "pepr.admission.both" };

async function main() {
  const o = parse(process.argv.slice(2));
  const handlers = {};
  const bridge = {
    handle: (name, fn) => {
      handlers[name] = fn;
    },
    post() {},
    call: op => Promise.reject(new Error(`host operation ${op} is not available in the bench`)),
  };
  if (o.shim) {
    const resolve = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      return request === "pepr" ? o.shim : resolve.call(this, request, ...rest);
    };
    require(o.shim).__setBridge(bridge);
  } else {
    globalThis.__hostrtBenchBridge = bridge;
  }
  require(o.bundle);
  if (o.shim) await handlers["pepr.store.load"](JSON.parse(o.store));

  const text = fs.readFileSync(o.request, "utf-8");
  const routes = o.routes.map(route => {
    const name = o.shim ? HANDLERS[route] : "bench.route";
    if (!handlers[name]) throw new Error(`the bundle registered no ${name} handler`);
    return { route, fn: handlers[name], payload: JSON.stringify({ kind: route, review: text }) };
  });
  const samples = Object.fromEntries(o.routes.map(r => [r, []]));
  const answers = {};
  async function run(warmup, n) {
    for (let i = 0; i < warmup + n; i++) {
      for (const { route, fn, payload } of routes) {
        const t0 = process.hrtime.bigint();
        const answer = JSON.stringify(await fn(JSON.parse(payload)));
        const us = Number(process.hrtime.bigint() - t0) / 1000;
        if (i >= warmup) samples[route].push(us);
        if (!(route in answers)) answers[route] = answer;
      }
    }
  }
  if (o.rounds) await rounds(run, o.rounds);
  else await run(o.warmup, o.n);
  const heap = { used: process.memoryUsage().heapUsed, live: null };
  if (typeof global.gc === "function") {
    global.gc();
    heap.live = process.memoryUsage().heapUsed;
  }
  fs.writeFileSync(o.out, JSON.stringify({ samples, answers, heap }));
}

// --rounds FD: the caller interleaves sides. Each stdin line "WARMUP N" runs one round and
// answers "done" on the inherited fd FD (stdout and stderr are Pepr's log sink); "end" (or EOF)
// finishes the run.
function rounds(run, fd) {
  return new Promise((resolve, reject) => {
    let buffered = "";
    let busy = Promise.resolve();
    process.stdin.setEncoding("utf-8");
    process.stdin.on("data", chunk => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        busy = busy.then(async () => {
          if (line === "end") {
            process.stdin.destroy();
            return resolve();
          }
          const [warmup, n] = line.split(" ").map(Number);
          await run(warmup, n);
          fs.writeSync(fd, "done\n");
        }).catch(reject);
      }
    });
    process.stdin.on("end", () => busy.then(resolve, reject));
  });
}

main().catch(e => {
  fs.writeSync(2, `pepr_node: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
