#!/usr/bin/env node
"use strict";
// Times REAL Pepr 1.1.4's admission processors in process (no HTTP), for hostrt's admission
// benchmark (hostrt/bench/admission.py):
//
//   node pepr_processors.js --pepr <node_modules with pepr@1.1.4> --esbuild <esbuild package dir>
//        --module <pepr.ts> --request <AdmissionReview.json> [--n 2000] [--warmup 200]
//        [--alias name=/abs/file.js]...
//
// The module is bundled from Pepr's TypeScript source, with `pepr` pointing at a thin wrapper of
// Pepr's src/lib.ts whose PeprModule only records (config, capabilities): no controller, no
// server. Each capability's Store gets a sender that drops writes and is made ready, as an
// admission pod's store is once loaded. Each iteration awaits mutateProcessor then
// validateProcessor on the request, as Pepr's /mutate and /validate routes call them.
// Prints one JSON line: {n, p50_us, p99_us, mean_us, req_per_s}.

const fs = require("fs");
const os = require("os");
const path = require("path");

function parse(argv) {
  const o = { n: 2000, warmup: 200, aliases: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === "--pepr") o.pepr = v();
    else if (a === "--esbuild") o.esbuild = v();
    else if (a === "--module") o.module = v();
    else if (a === "--request") o.request = v();
    else if (a === "--n") o.n = Number(v());
    else if (a === "--warmup") o.warmup = Number(v());
    else if (a === "--alias") {
      const [k, file] = v().split("=");
      o.aliases[k] = file;
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ["pepr", "esbuild", "module", "request"]) if (!o[k]) throw new Error(`--${k} is required`);
  return o;
}

async function main() {
  const o = parse(process.argv.slice(2));
  const src = path.join(o.pepr, "pepr", "src");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostrt-bench-"));
  const wrapper = path.join(dir, "pepr-wrapper.ts");
  fs.writeFileSync(
    wrapper,
    [
      `export * from ${JSON.stringify(path.join(src, "lib.ts"))};`,
      `import { mutateProcessor } from ${JSON.stringify(path.join(src, "lib", "processors", "mutate-processor.ts"))};`,
      `import { validateProcessor } from ${JSON.stringify(path.join(src, "lib", "processors", "validate-processor.ts"))};`,
      "export class PeprModule {",
      "  constructor(cfg: any, capabilities: any[] = []) {",
      "    (globalThis as any).__hostrtBench = { cfg, capabilities, mutateProcessor, validateProcessor };",
      "  }",
      "}",
    ].join("\n"),
  );
  const esbuild = require(o.esbuild);
  const outfile = path.join(dir, "bundle.js");
  await esbuild.build({
    entryPoints: [path.resolve(o.module)],
    bundle: true,
    platform: "node",
    format: "cjs",
    keepNames: true,
    outfile,
    logLevel: "error",
    nodePaths: [o.pepr],
    plugins: [
      {
        name: "hostrt-bench",
        setup(build) {
          build.onResolve({ filter: /.*/ }, args => {
            if (args.kind === "entry-point") return undefined;
            if (args.path === "pepr") return { path: wrapper };
            if (o.aliases[args.path]) return { path: o.aliases[args.path] };
            const bare = !args.path.startsWith(".") && !path.isAbsolute(args.path);
            return bare ? { path: args.path, external: true } : undefined;
          });
        },
      },
    ],
  });
  // Bare imports left external resolve from Pepr's node_modules.
  process.env.NODE_PATH = [o.pepr, process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
  require("module").Module._initPaths();
  require(outfile);
  const bench = globalThis.__hostrtBench;
  if (!bench) throw new Error("the module created no PeprModule");
  for (const cap of bench.capabilities) {
    const store = cap.registerStore();
    store.registerSender(() => {});
    store.receive({});
  }
  const config = { ...bench.cfg.pepr, description: bench.cfg.description };
  const request = JSON.parse(fs.readFileSync(o.request, "utf-8")).request;
  const meta = { uid: request.uid, namespace: request.namespace || "", name: request.name ? `/${request.name}` : "" };
  // Pepr's routes hand each processor its own parsed copy of the request body; the copies are
  // made outside the timed part (the routes' JSON parsing is not the processors' work).
  const once = async () => {
    const forMutate = structuredClone(request);
    const forValidate = structuredClone(request);
    const t0 = process.hrtime.bigint();
    await bench.mutateProcessor(config, bench.capabilities, forMutate, meta);
    await bench.validateProcessor(config, bench.capabilities, forValidate, meta);
    return Number(process.hrtime.bigint() - t0) / 1000;
  };
  for (let i = 0; i < o.warmup; i++) await once();
  const times = [];
  for (let i = 0; i < o.n; i++) times.push(await once());
  const total = times.reduce((s, t) => s + t, 0) / 1e6;
  times.sort((a, b) => a - b);
  const pct = p => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  const mean = (total * 1e6) / times.length;
  process.stdout.write(
    JSON.stringify({ n: o.n, p50_us: pct(50), p99_us: pct(99), mean_us: mean, req_per_s: o.n / total }) + "\n",
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch(e => {
  process.stderr.write(`pepr_processors: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
