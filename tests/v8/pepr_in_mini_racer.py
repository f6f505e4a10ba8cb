#!/usr/bin/env python3
"""Run hostrt's `pepr` shim inside a bare V8 isolate (PyPI mini-racer), no Node at all.

    python tests/v8/pepr_in_mini_racer.py --module <pepr.ts|.js> [--esbuild <esbuild binary>]
        [--env K=V ...] <request.json | dir>...

Prints the same JSON lines as tests/node/hostrt_pepr_under_node.js, so tests/node/diff_pepr.js
can compare them with real Pepr (`--hostrt-cmd`). This is a stand-in for the hostrt engine
until it exists: a 60-line CommonJS loader, virtual-time timers and a `process` that holds
only `env`. There is no Buffer, console output, os, fs, or bridge, so it also proves the shim
needs none of them for admission. The module is bundled by esbuild with `pepr` left external;
`undici` (imported by the hello-pepr sample for a Watch action) is replaced by an inert stub.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from py_mini_racer import MiniRacer

ROOT = Path(__file__).resolve().parents[2]
SHIM = ROOT / "shims" / "pepr"

PRELUDE = r"""
var __sources = {};          // absolute path -> CommonJS source
var __cache = {};
var __timers = [];           // {id, at, fn, args, every}
var __now = 0, __timerSeq = 0;
globalThis.setTimeout = function (fn, ms) {
  var args = Array.prototype.slice.call(arguments, 2);
  var t = {id: ++__timerSeq, at: __now + Math.max(1, +ms || 0), fn: fn, args: args, every: 0};
  __timers.push(t); return t.id;
};
globalThis.setInterval = function (fn, ms) {
  var t = {id: ++__timerSeq, at: __now + Math.max(1, +ms || 0), fn: fn, args: [], every: Math.max(1, +ms || 0)};
  __timers.push(t); return t.id;
};
globalThis.clearTimeout = globalThis.clearInterval = function (id) {
  __timers = __timers.filter(function (t) { return t.id !== id; });
};
// Fire the earliest timer (virtual clock); returns false when none is left below `limit` ms.
function __fireNext(limit) {
  if (!__timers.length) return false;
  __timers.sort(function (a, b) { return a.at - b.at || a.id - b.id; });
  var t = __timers[0];
  if (t.at > limit) return false;
  __now = t.at;
  if (t.every) t.at += t.every; else __timers.shift();
  t.fn.apply(null, t.args);
  return true;
}
var __origNow = Date.now;
function __dirname(p) { return p.slice(0, p.lastIndexOf('/')) || '/'; }
function __norm(p) {
  var out = [];
  p.split('/').forEach(function (s) {
    if (s === '' || s === '.') return;
    if (s === '..') out.pop(); else out.push(s);
  });
  return '/' + out.join('/');
}
function __resolve(from, req) {
  if (req === 'pepr') return '/pepr/index.js';
  if (req === 'undici') return '/stubs/undici.js';
  if (req === 'hostrt:bridge') throw new Error("Cannot find module 'hostrt:bridge'");
  if (req[0] !== '.' && req[0] !== '/') throw new Error("Cannot find module '" + req + "'");
  var base = __norm(req[0] === '/' ? req : __dirname(from) + '/' + req);
  var tries = [base, base + '.js', base + '.json', base + '/index.js'];
  for (var i = 0; i < tries.length; i++) if (tries[i] in __sources) return tries[i];
  throw new Error("Cannot find module '" + req + "' from " + from);
}
function __require(from, req) {
  var path = __resolve(from, req);
  if (__cache[path]) return __cache[path].exports;
  var module = {exports: {}};
  __cache[path] = module;
  if (path.slice(-5) === '.json') { module.exports = JSON.parse(__sources[path]); return module.exports; }
  var fn = new Function('exports', 'require', 'module', '__filename', '__dirname', __sources[path] + '\n//# sourceURL=' + path);
  fn(module.exports, function (r) { return __require(path, r); }, module, path, __dirname(path));
  return module.exports;
}
__sources['/stubs/undici.js'] = 'class MockAgent { get() { return { intercept() { return { reply() {} }; } }; } }\n' +
  'module.exports = { MockAgent, setGlobalDispatcher() {} };';
"""


def bundle(entry: Path, esbuild: str) -> str:
    out = Path(tempfile.mkdtemp(prefix="pepr-v8-")) / "module.js"
    subprocess.run(
        [esbuild, str(entry), "--bundle", "--platform=node", "--format=cjs", "--keep-names",
         "--external:pepr", "--external:undici", f"--outfile={out}", "--log-level=error"],
        check=True,
    )
    return out.read_text()


def request_files(items: list[str]) -> list[Path]:
    out: list[Path] = []
    for item in items:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.suffix == ".json"))
        else:
            out.append(p)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--module", required=True)
    ap.add_argument("--esbuild", default=os.environ.get("ESBUILD_BIN", "/tmp/esb/node_modules/.bin/esbuild"))
    ap.add_argument("--env", action="append", default=[], help="K=V for process.env")
    # accepted for command-line compatibility with the Node runners
    ap.add_argument("--pepr", default=None)
    ap.add_argument("--logs", action="store_true")
    ap.add_argument("requests", nargs="*")
    args = ap.parse_args()

    env = {k: v for k, v in os.environ.items() if k.startswith(("PEPR_", "NODE_ENV", "LOG_LEVEL"))}
    env.update(dict(kv.split("=", 1) for kv in args.env))
    env["PEPR_API_PATH"] = "hostrt-reference"  # the path the reference runner POSTs to

    source = bundle(Path(args.module).resolve(), args.esbuild)
    m = MiniRacer()
    try:
        m.eval(PRELUDE)
        m.eval("globalThis.process = {env: %s};" % json.dumps(env))
        for f in sorted(SHIM.rglob("*.js")):
            rel = "/pepr/" + f.relative_to(SHIM).as_posix()
            m.eval("__sources[%s] = %s;" % (json.dumps(rel), json.dumps(f.read_text())))
        m.eval("__sources['/module/module.js'] = %s;" % json.dumps(source))
        m.eval("var __pepr = __require('/', 'pepr'); __require('/', '/module/module.js');")
        # let start-up timers (store readiness) run
        while m.eval("__fireNext(__now + 50)"):
            pass
        for file in request_files(args.requests):
            raw = file.read_text()
            results = {}
            for kind in ("mutate", "validate"):
                m.eval("var __res = undefined; __pepr.__handleAdmission(%s, %s).then(function (r) { __res = r; },"
                       " function (e) { __res = {status: -1, body: String(e && e.stack || e)}; });"
                       % (json.dumps(kind), json.dumps(raw)))
                while m.eval("__res === undefined"):
                    if not m.eval("__fireNext(Infinity)"):
                        raise RuntimeError(f"{file}: admission never finished")
                results[kind] = json.loads(m.eval("JSON.stringify(__res)"))
            line = {"file": str(file)}
            statuses = {}
            for kind in ("mutate", "validate"):
                line[kind] = results[kind]["body"]
                statuses[kind] = results[kind]["status"]
            if any(s != 200 for s in statuses.values()):
                line["httpStatus"] = statuses
            sys.stdout.write(json.dumps(line) + "\n")
    finally:
        m.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
