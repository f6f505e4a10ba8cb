#!/usr/bin/env python3
"""Run hostrt's `pepr` shim inside a bare V8 isolate (PyPI mini-racer), no Node at all.

    python tests/v8/pepr_in_mini_racer.py --module <pepr.ts|.js> [--esbuild <esbuild binary>]
        [--env K=V ...] <request.json | dir>...

Prints the same JSON lines as tests/node/hostrt_pepr_under_node.js, so tests/node/diff_pepr.js
can compare them with real Pepr (`--hostrt-cmd`). This is a stand-in for the hostrt engine
until it exists: a 60-line CommonJS loader, virtual-time timers and a `process` that holds
only `env`. There is no Buffer, console output, os, fs, or bridge, so it also proves the shim
needs none of them for admission. The module is bundled by esbuild with `pepr` left external;
`undici` (imported by the hello-pepr sample for a Watch action) is replaced by a small mock
whose MockAgent answers a global fetch it installs.
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
  if (req === 'hostrt:bridge') {
    if ('/stubs/bridge.js' in __sources) return '/stubs/bridge.js';
    throw new Error("Cannot find module 'hostrt:bridge'");
  }
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
// undici stand-in: just enough MockAgent for the hello-pepr sample, plus a global fetch that
// answers from the installed mock agent (a bare isolate has no fetch at all).
__sources['/stubs/undici.js'] = [
  'var dispatcher = null;',
  'class MockAgent {',
  '  constructor() { this.routes = []; }',
  '  get(origin) { var self = this; return { intercept: function (o) { return { reply: function (status, body, opts) {',
  '    self.routes.push({ origin: origin.replace(/\\/$/, ""), path: o.path, method: o.method || "GET", status: status, body: body,',
  '      headers: (opts && opts.headers) || {} }); } }; } }; }',
  '}',
  'function setGlobalDispatcher(d) { dispatcher = d; }',
  'globalThis.fetch = function (url, init) {',
  '  var u = String(url), method = (init && init.method) || "GET";',
  '  var r = dispatcher && dispatcher.routes.find(function (x) {',
  '    return (u === x.origin + x.path || (x.path === "/" && u === x.origin)) && x.method === method; });',
  '  if (!r) return Promise.reject(new Error("fetch failed: no route for " + u));',
  '  var h = {}; Object.keys(r.headers).forEach(function (k) { h[k.toLowerCase()] = r.headers[k]; });',
  '  var text = typeof r.body === "string" ? r.body : JSON.stringify(r.body);',
  '  return Promise.resolve({ ok: r.status >= 200 && r.status < 300, status: r.status, statusText: "",',
  '    headers: { get: function (k) { return h[k.toLowerCase()] || null; } },',
  '    json: function () { return Promise.resolve(JSON.parse(text)); },',
  '    text: function () { return Promise.resolve(text); } });',
  '};',
  'module.exports = { MockAgent: MockAgent, setGlobalDispatcher: setGlobalDispatcher };',
].join('\n');
"""


# Watch mode: a bridge standing in for the host, recording like tests/node/hostrt_pepr_under_node.js
FAKE_BRIDGE = r"""
var calls = [], store = [], known = {}, handlers = {};
module.exports = {
  calls: calls, store: store, handlers: handlers,
  call: function (op, payload) {
    var rec = {op: op.replace(/^kube\./, ''), group: payload.group, version: payload.version,
               kind: payload.kind, namespace: payload.namespace, name: payload.name};
    if (op === 'kube.apply') { rec.body = payload.body; rec.force = !!payload.force; }
    if (op === 'kube.create') rec.body = payload.body;
    if (op === 'kube.patch') rec.patch = payload.patch;
    if (op === 'kube.watch') return Promise.resolve({});
    calls.push(JSON.parse(JSON.stringify(rec)));
    if (op === 'kube.get') { var e = new Error('not found'); e.status = 404; return Promise.reject(e); }
    if (op === 'kube.list') return Promise.resolve({items: []});
    if (op === 'kube.apply' || op === 'kube.create') return Promise.resolve(payload.body);
    if (op === 'kube.patch') return Promise.resolve({});
    return Promise.resolve(undefined);
  },
  post: function (op, capability, key, value) {
    var kind = op.indexOf('pepr.schedule.') === 0 ? 'schedule' : 'store';
    op = op.replace('pepr.schedule.', 'pepr.store.');
    var id = kind + '|' + capability;
    var keys = known[id] = known[id] || [];
    if (op === 'pepr.store.set') {
      if (keys.indexOf(key) < 0) keys.push(key);
      store.push({store: kind, capability: capability, op: 'set', key: key, value: value});
    } else if (op === 'pepr.store.remove') {
      if (keys.indexOf(key) >= 0) keys.splice(keys.indexOf(key), 1);
      store.push({store: kind, capability: capability, op: 'remove', key: key});
    } else if (op === 'pepr.store.clear') {
      keys.forEach(function (k) { store.push({store: kind, capability: capability, op: 'remove', key: k}); });
      keys.length = 0;
    }
  },
  handle: function (name, fn) { handlers[name] = fn; }
};
"""


# Same summary as tests/node/runner_common.js summarize(): what each capability registered.
SUMMARIZE = r"""
JSON.stringify({file: '<bindings>', bindings: JSON.parse(JSON.stringify(__pepr.__capabilities().map(function (cap) {
  return {name: cap.name, description: cap.description, namespaces: cap.namespaces, hasSchedule: cap.hasSchedule,
    bindings: cap.bindings.map(function (b) {
      return {model: b.model && b.model.name, kind: b.kind, event: b.event, filters: b.filters, alias: b.alias,
        isMutate: b.isMutate, isValidate: b.isValidate, isWatch: b.isWatch, isQueue: b.isQueue, isFinalize: b.isFinalize,
        callbacks: ['mutateCallback', 'validateCallback', 'watchCallback', 'finalizeCallback']
          .filter(function (k) { return typeof b[k] === 'function'; })
          .map(function (k) { return k + ':' + b[k].name; })};
    })};
}))) })
"""


def run_until(m: MiniRacer, condition: str, what: str) -> None:
    while m.eval(condition):
        if not m.eval("__fireNext(Infinity)"):
            raise RuntimeError(f"{what} never finished")


def bundle(entry: Path, esbuild: str) -> str:
    with tempfile.TemporaryDirectory(prefix="pepr-v8-") as tmp:
        out = Path(tmp) / "module.js"
        subprocess.run(
            [
                esbuild,
                str(entry),
                "--bundle",
                "--platform=node",
                "--format=cjs",
                "--keep-names",
                "--external:pepr",
                "--external:undici",
                f"--outfile={out}",
                "--log-level=error",
            ],
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
    from hostrt.loader.npm import esbuild_path  # the esbuild `hostrt setup` installed
    ap.add_argument("--esbuild", default=os.environ.get("ESBUILD_BIN", str(esbuild_path())))
    ap.add_argument("--env", action="append", default=[], help="K=V for process.env")
    # accepted for command-line compatibility with the Node runners
    ap.add_argument("--pepr", default=None)
    ap.add_argument("--logs", action="store_true")
    ap.add_argument("--watch", action="store_true", help="the files are watch events (use PEPR_MODE=dev)")
    ap.add_argument("requests", nargs="*")
    args = ap.parse_args()

    env = {k: v for k, v in os.environ.items() if k.startswith(("PEPR_", "NODE_ENV", "LOG_LEVEL"))}
    env.update(dict(kv.split("=", 1) for kv in args.env))
    env["PEPR_API_PATH"] = "hostrt-reference"  # the path the reference runner POSTs to

    source = bundle(Path(args.module).resolve(), args.esbuild)
    m = MiniRacer()
    try:
        m.eval(PRELUDE)
        m.eval(f"globalThis.process = {{env: {json.dumps(env)}}};")
        for f in sorted(SHIM.rglob("*.js")):
            rel = "/pepr/" + f.relative_to(SHIM).as_posix()
            m.eval(f"__sources[{json.dumps(rel)}] = {json.dumps(f.read_text())};")
        m.eval(f"__sources['/module/module.js'] = {json.dumps(source)};")
        if args.watch:
            m.eval(f"__sources['/stubs/bridge.js'] = {json.dumps(FAKE_BRIDGE)};")
        m.eval("var __pepr = __require('/', 'pepr'); __require('/', '/module/module.js');")
        # let start-up timers (store readiness) run
        while m.eval("__fireNext(__now + 50)"):
            pass
        if args.watch:
            m.eval(
                "var __bridge = __require('/', 'hostrt:bridge'); var __done = false;"
                "Promise.resolve(__bridge.handlers['pepr.store.load']({})).then(function () { __done = true; });"
            )
            run_until(m, "!__done", "pepr.store.load")
            m.eval(
                "globalThis.__records = globalThis.__records || []; __records.length = 0;"
                "__bridge.calls.length = 0; __bridge.store.length = 0;"
            )
            for file in request_files(args.requests):
                m.eval(
                    f"__done = false; Promise.resolve(__bridge.handlers['pepr.watch']({file.read_text()}))"
                    ".then(function () { __done = true; }, function (e) { __done = String(e); });"
                )
                run_until(m, "__done === false", str(file))
                # let callbacks' own timers (e.g. a short sleep) finish, like the Node runners' settle
                while m.eval("__fireNext(__now + 5)"):
                    pass
                out = json.loads(
                    m.eval(
                        "JSON.stringify({records: __records.splice(0), kube: __bridge.calls.splice(0),"
                        " store: __bridge.store.splice(0)})"
                    )
                )
                sys.stdout.write(json.dumps({"file": str(file), **out}) + "\n")
            sys.stdout.write(m.eval(SUMMARIZE) + "\n")
            return 0
        for file in request_files(args.requests):
            raw = file.read_text()
            results = {}
            for kind in ("mutate", "validate"):
                m.eval(
                    f"var __res = undefined; __pepr.__handleAdmission({json.dumps(kind)}, {json.dumps(raw)}).then(function (r) {{ __res = r; }},"
                    " function (e) { __res = {status: -1, body: String(e && e.stack || e)}; });"
                )
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
        sys.stdout.write(m.eval(SUMMARIZE) + "\n")
    finally:
        m.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
