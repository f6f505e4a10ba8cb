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
  require(outfile);
  await common.settle(50);

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
  process.exit(0);
}

main().catch(e => {
  process.stderr.write(`hostrt_pepr_under_node: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
