#!/usr/bin/env node
"use strict";
// Answers admission requests with REAL Pepr 1.1.4's processors, in whatever runtime runs this
// file (Node, Deno, Bun), for `hostrt compat --modules` (hostrt/compat/modules.py):
//
//   <runtime> pepr_answers.js --pepr <node_modules with pepr@1.1.4> --esbuild <esbuild package>
//        --module <pepr.ts | built pepr-<uuid>.js | pepr.js> <AdmissionReview.json>...
//
// The module is bundled from Pepr's TypeScript source, with `pepr` pointing at a thin wrapper of
// Pepr's src/lib.ts whose PeprModule only records (config, capabilities): no controller, no
// server. Each capability's Store gets a sender that drops writes and is made ready, as an
// admission pod's store is once loaded. Each request goes through mutateProcessor and
// validateProcessor and is wrapped by Pepr's own karForMutate / karForValidate, as its routes do.
// Prints one JSON line per file, in order: {file, mutate, validate} or {file, error}.
// Only public APIs are used (no NODE_PATH, no Module internals), so every runtime runs the same
// JavaScript the same way.

const fs = require("fs");
const path = require("path");

function parse(argv) {
  const o = { files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => argv[++i];
    if (a === "--pepr") o.pepr = v();
    else if (a === "--esbuild") o.esbuild = v();
    else if (a === "--module") o.module = v();
    else if (!a.startsWith("--")) o.files.push(a);
    else throw new Error(`unknown argument ${a}`);
  }
  for (const k of ["pepr", "esbuild", "module"]) if (!o[k]) throw new Error(`--${k} is required`);
  return o;
}

async function main() {
  const o = parse(process.argv.slice(2));
  const src = path.join(o.pepr, "pepr", "src");
  // The bundle lives beside Pepr's node_modules, so the bare imports it leaves external resolve
  // by plain node_modules lookup in every runtime (NODE_PATH is a Node-only mechanism).
  const dir = fs.mkdtempSync(path.join(path.dirname(path.resolve(o.pepr)), ".hostrt-answers-"));
  const wrapper = path.join(dir, "pepr-wrapper.ts");
  fs.writeFileSync(
    wrapper,
    [
      `export * from ${JSON.stringify(path.join(src, "lib.ts"))};`,
      `import { mutateProcessor } from ${JSON.stringify(path.join(src, "lib", "processors", "mutate-processor.ts"))};`,
      `import { validateProcessor } from ${JSON.stringify(path.join(src, "lib", "processors", "validate-processor.ts"))};`,
      `import { karForMutate, karForValidate } from ${JSON.stringify(path.join(src, "lib", "controller", "index.util.ts"))};`,
      "export class PeprModule {",
      "  constructor(cfg: any, capabilities: any[] = []) {",
      "    (globalThis as any).__hostrtAnswers = { cfg, capabilities, mutateProcessor, validateProcessor, karForMutate, karForValidate };",
      "  }",
      "  start() {}",  // a module built with deferStart calls it; nothing to start here
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
        name: "hostrt-answers",
        setup(build) {
          build.onResolve({ filter: /.*/ }, args => {
            if (args.kind === "entry-point") return undefined;
            if (args.path === "pepr") return { path: wrapper };
            const bare = !args.path.startsWith(".") && !path.isAbsolute(args.path);
            return bare ? { path: args.path, external: true } : undefined;
          });
        },
      },
    ],
  });
  require(outfile);
  const pepr = globalThis.__hostrtAnswers;
  if (!pepr) throw new Error("the module created no PeprModule");
  for (const cap of pepr.capabilities) {
    const store = cap.registerStore();
    store.registerSender(() => {});
    store.receive({});
  }
  const config = { ...pepr.cfg.pepr, description: pepr.cfg.description };
  try {
    await answers(o.files, pepr, config);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Each file's request through mutateProcessor and validateProcessor, wrapped by Pepr's own
// karForMutate / karForValidate as its routes do; one JSON line per file, in the order given.
async function answers(files, pepr, config) {
  for (const file of files) {
    let line;
    try {
      const request = JSON.parse(fs.readFileSync(file, "utf-8")).request;
      const meta = { uid: request.uid, namespace: request.namespace || "", name: request.name ? `/${request.name}` : "" };
      const mutate = await pepr.mutateProcessor(config, pepr.capabilities, structuredClone(request), meta);
      const validate = await pepr.validateProcessor(config, pepr.capabilities, structuredClone(request), meta);
      line = { file: path.basename(file), mutate: pepr.karForMutate(mutate), validate: pepr.karForValidate(request, validate) };
    } catch (e) {
      line = { file: path.basename(file), error: String(e && e.message ? e.message : e) };
    }
    process.stdout.write(JSON.stringify(line) + "\n");
  }
}

main().catch(e => {
  process.stderr.write(`pepr_answers: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
