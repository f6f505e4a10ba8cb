"""`hostrt compat --pepr-sdk`: would the real Pepr SDK run in hostrt?

Installs `pepr@1.1.4` from npm into `$HOSTRT_HOME/compat/pepr-sdk` (once), bundles its runtime
with hostrt's esbuild for Node — the controller (express, pino, prom-client,
kubernetes-fluent-client, undici, ...), a hello-pepr style capability, and one ConfigMap admission
request through Pepr's own mutate and validate processors — then runs the bundle in real Node and
in hostrt with a recorder installed first. The recorder (written by this runner, not part of the
shared loader) wraps the bundle's `require` so every Node built-in it loads comes back behind a
Proxy that notes each export read, and replaces every global Node adds with a getter that notes
the read; each note is tagged with the phase (`load` or `request`).

Node's notes are the list the ADR says would have to be backfilled; hostrt's run shows how far it
gets and where it first fails; every noted name is then checked in hostrt (same typeof as Node)
and given its strategy from the shim declarations.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hostrt.errors import HostError
from hostrt.pepr.reference import PEPR_VERSION, pepr_reference

if TYPE_CHECKING:
    from hostrt.compat.runtimes import Runtime

MARK = "@@hostrt-compat-record@@"

ENTRY_TS = """
import { Capability, PeprModule, a } from "pepr/src/lib";
import { mutateProcessor } from "pepr/src/lib/processors/mutate-processor";
import { validateProcessor } from "pepr/src/lib/processors/validate-processor";
import { karForMutate, karForValidate } from "pepr/src/lib/controller/index.util";

const rec = (globalThis as any).__compatRecorder;
const HelloPepr = new Capability({
  name: "hello-pepr",
  description: "compat probe capability",
  namespaces: ["pepr-demo"],
});
const { When } = HelloPepr;
When(a.ConfigMap)
  .IsCreated()
  .WithName("example-1")
  .Mutate(request => {
    request.SetLabel("pepr", "was-here").SetAnnotation("pepr.dev", "annotations-work-too");
  });
When(a.ConfigMap)
  .IsCreated()
  .Validate(request => (request.HasLabel("reject") ? request.Deny("rejected") : request.Approve()));

const pepr: any = {
  uuid: "compat-sdk",
  onError: "reject",
  webhookTimeout: 10,
  customLabels: { namespace: {} },
  alwaysIgnore: { namespaces: [] },
  includedFiles: [],
  env: {},
};
new PeprModule({ description: "compat", pepr } as any, [HelloPepr], { deferStart: true });

const request: any = {
  uid: "uid-compat-1",
  kind: { group: "", version: "v1", kind: "ConfigMap" },
  resource: { group: "", version: "v1", resource: "configmaps" },
  name: "example-1",
  namespace: "pepr-demo",
  operation: "CREATE",
  userInfo: { username: "compat" },
  object: {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "example-1", namespace: "pepr-demo" },
    data: { key: "ex-1-val" },
  },
  dryRun: false,
};

(async () => {
  if (rec) rec.phase("request");
  const config: any = { ...pepr, description: "compat" };
  const meta = { uid: request.uid, namespace: request.namespace, name: "/example-1" };
  const mutated = await mutateProcessor(config, [HelloPepr], request, meta);
  const validated = await validateProcessor(config, [HelloPepr], request, meta);
  const answer = {
    mutate: karForMutate(mutated).response,
    validate: karForValidate(request, validated).response,
  };
  if (rec) rec.answer(answer);
  if (rec) rec.phase("done");
  process.exit(0);
})();
"""

# Installed before the bundle runs, in Node and in hostrt alike. %s: the JSON config.
RECORDER_JS = r"""
(function () {
  'use strict';
  const cfg = %s;
  const MARK = cfg.mark;
  const builtins = new Set(cfg.builtins);
  // key -> {kind, name, phase ('load', 'request' or 'load+request'), present}
  const seen = new Map();
  let phase = 'load';
  let answer = null;
  let failure = null;
  // In hostrt every change is posted to Python at once: posts leave with the tick's outbox even
  // when the isolate stops after process.exit or an uncaught error.
  const hostBridge = (() => {
    try { return require('hostrt:bridge'); } catch (e) { return null; }
  })();
  // Node only: what the recorder itself needs, taken before the globals are wrapped.
  const proc = hostBridge ? null : process;
  const fs = hostBridge ? null : require('fs');
  const post = (what, value) => { if (hostBridge) hostBridge.post('compat.record', what, value); };
  const note = (kind, name, present) => {
    const key = kind + ':' + name;
    const had = seen.get(key);
    if (had === undefined) {
      const entry = { kind, name, phase, present };
      seen.set(key, entry);
      post('note', entry);
    } else if (phase !== 'done' && !had.phase.split('+').includes(phase)) {
      had.phase += '+' + phase;
      post('note', had);
    }
  };
  const proxies = new Map();
  const wrapModule = (name, mod) => {
    if (mod === null || (typeof mod !== 'object' && typeof mod !== 'function')) return mod;
    if (proxies.has(mod)) return proxies.get(mod);
    const p = new Proxy(mod, {
      get(target, key, receiver) {
        if (typeof key === 'string' && !key.startsWith('__') && key !== 'default') {
          note('export', name + '.' + key, key in target);
        }
        return Reflect.get(target, key, receiver);
      },
    });
    proxies.set(mod, p);
    return p;
  };
  function wrapRequire(req) {
    const wrapped = function require(id) {
      const name = typeof id === 'string' ? id.replace(/^node:/, '') : id;
      if (!builtins.has(name)) return req(id);
      let mod;
      try {
        mod = req(id);
      } catch (e) {
        note('module', name, false);
        throw e;
      }
      note('module', name, true);
      return wrapModule(name, mod);
    };
    Object.assign(wrapped, req);
    return wrapped;
  }
  for (const name of cfg.globals) {
    if (name === 'globalThis' || name === 'global') continue;
    const desc = Object.getOwnPropertyDescriptor(globalThis, name);
    if (desc && !desc.configurable) continue;
    let value;
    let resolved = false;
    const read = () => {
      if (!resolved) {
        resolved = true;
        if (desc) value = desc.get ? desc.get.call(globalThis) : desc.value;
      }
      return value;
    };
    Object.defineProperty(globalThis, name, {
      configurable: true,
      enumerable: desc ? desc.enumerable : false,
      get() { note('global', name, desc !== undefined); return read(); },
      set(v) { resolved = true; value = v; },
    });
  }
  const dump = () => ({ records: [...seen.values()], answer, failure, phase });
  const rec = {
    wrapRequire,
    phase(p) { phase = p; post('phase', p); },
    answer(a) { answer = a; post('answer', a); },
    fail(e) { if (!failure) failure = { message: String(e && e.stack || e), phase }; },
    dump,
  };
  Object.defineProperty(globalThis, '__compatRecorder', { value: rec, configurable: true });
  if (!hostBridge) {
    proc.on('uncaughtException', (e) => { rec.fail(e); proc.exit(1); });
    proc.on('exit', () => { fs.writeSync(1, '\n' + MARK + JSON.stringify(dump()) + '\n'); });
  }
})();
"""

# Makes the bundle's `require` the recorder's; a no-op when no recorder is installed.
BANNER = ("if (globalThis.__compatRecorder) require = "
          "globalThis.__compatRecorder.wrapRequire(require);")


def ensure_pepr(announce: bool = True) -> Path:
    """The folder whose node_modules holds pepr@1.1.4 (the shared reference install)."""
    return pepr_reference(PEPR_VERSION, announce=announce).parent


def build_bundle(target: Path) -> Path:
    """Bundle the SDK entry for Node with hostrt's esbuild; return the bundle's path."""
    from hostrt.loader.npm import ensure_installed, esbuild_path
    ensure_installed()
    entry = target / "compat-entry.ts"
    entry.write_text(ENTRY_TS)
    out = target / "compat-bundle.js"
    proc = subprocess.run(
        [str(esbuild_path()), str(entry), "--bundle", "--platform=node", "--format=cjs",
         "--target=es2022", "--keep-names", f"--outfile={out}", f"--banner:js={BANNER}",
         "--log-level=error", "--color=false"],
        cwd=target, capture_output=True, text=True)
    if proc.returncode != 0:
        raise HostError(f"bundling the Pepr SDK failed:\n{proc.stderr.strip()}",
                        code="ERR_HOSTRT_BUILD")
    return out


@dataclass
class SdkRun:
    """One runtime's run of the SDK bundle."""

    records: list[dict[str, Any]] = field(default_factory=list)
    answer: Any = None
    failure: str = ""
    phase: str = ""
    stderr: str = ""


def _write_runner(work: Path, bundle: Path, cfg: dict[str, Any]) -> Path:
    (work / "recorder.js").write_text(RECORDER_JS % json.dumps(cfg))
    run = work / "run.js"
    run.write_text(f"require('./recorder.js');\nrequire({json.dumps(str(bundle))});\n")
    return run


async def run_in_node(run: Path, timeout: float, runtime: Runtime | None = None) -> SdkRun:
    """The bundle in real Node (the reference list), or in a peer runtime run the same way."""
    from hostrt.compat.runtimes import NodeRuntime
    out = await (runtime or NodeRuntime()).run_file(run, timeout)
    result = SdkRun(stderr=out.stderr)
    for line in out.stdout.splitlines():
        if line.startswith(MARK):
            data = json.loads(line[len(MARK):])
            result.records, result.answer, result.phase = (data["records"], data["answer"],
                                                           data["phase"])
            if data.get("failure"):
                result.failure = data["failure"]["message"]
    if out.hung:
        result.failure = result.failure or "timed out"
    elif not result.records:
        result.failure = result.failure or (out.stderr.strip()[:500] or "no record printed")
    return result


async def run_in_hostrt(run: Path, timeout: float) -> SdkRun:
    """The bundle in hostrt; the recorder posts each note to the `compat.record` op."""
    from hostrt.host import Host, HostOptions
    out, err = io.StringIO(), io.StringIO()
    result = SdkRun()
    notes: dict[str, dict[str, Any]] = {}

    def record(what: str, value: Any) -> None:
        if what == "note":
            notes[f"{value['kind']}:{value['name']}"] = value
        elif what == "answer":
            result.answer = value
        elif what == "phase":
            result.phase = value
    async with Host(HostOptions(timeout=timeout, stdout=out, stderr=err, argv=[str(run)],
                                cwd=str(run.parent))) as host:
        host.op("compat.record", record)
        try:
            await asyncio.wait_for(host.load(run), timeout)
            if host.fatal is None and host.exit_code is None:
                await asyncio.wait_for(host.run_until_idle(), timeout)
        except TimeoutError:
            result.failure = "timed out"
        except HostError as exc:
            result.failure = str(exc)
        if host.fatal is not None:
            result.failure = str(host.fatal.get("stack") or host.fatal.get("message"))
    result.records = list(notes.values())
    result.stderr = err.getvalue()
    if not result.failure and result.answer is None:
        result.failure = f"stopped in phase {result.phase!r} without answering"
    return result


async def check_in_hostrt(records: list[dict[str, Any]], work: Path,
                          timeout: float) -> dict[str, dict[str, str]]:
    """Existence check of each touched name in hostrt, keyed by `kind:name`."""
    from hostrt.compat import probes as P
    from hostrt.compat.runtimes import HostrtRuntime
    probes = []
    for r in records:
        if r["kind"] == "global":
            probes.append(P.Probe(f"global:{r['name']}", "globals", "global", r["name"], r["name"],
                                  name=r["name"]))
        elif r["kind"] == "module":
            probes.append(P.Probe(f"module:{r['name']}", r["name"], "module", r["name"],
                                  r["name"], module=r["name"]))
        else:
            mod, _, name = r["name"].partition(".")
            probes.append(P.Probe(f"export:{r['name']}", mod, "export", r["name"], r["name"],
                                  module=mod, name=name))
    results: dict[str, dict[str, str]] = {}
    by_mod: dict[str, list[P.Probe]] = {}
    for p in probes:
        by_mod.setdefault(p.module or "", []).append(p)
    rt = HostrtRuntime()
    for i, group in enumerate(by_mod.values()):
        script = work / f"sdk-check-{i}.js"
        script.write_text(P.check_script(group))
        out = await rt.run_file(script, timeout)
        parsed = P.parse_check_output(out.stdout) or {}
        for p in group:
            results[p.id] = parsed.get(p.id, {"e": "check did not complete"})
    return results


@dataclass
class SdkReport:
    """What the SDK touches, and how hostrt fares."""

    node: SdkRun
    hostrt: SdkRun
    rows: list[dict[str, Any]]
    # Deno and Bun run the same bundle and recorder as Node (a peer not installed: a note).
    peers: dict[str, SdkRun] = field(default_factory=dict)
    peer_labels: dict[str, str] = field(default_factory=dict)

    def peer_verdict(self, name: str) -> str:
        """Does the real SDK load in this peer, and answer as in Node? Where does it fail?"""
        run = self.peers[name]
        if run.failure and run.answer is None:
            return f"fails in phase {run.phase!r}: {run.failure.splitlines()[0][:300]}"
        if self.node.answer is not None and run.answer == self.node.answer:
            return "loads; admission answer matches Node"
        return "loads; admission answer does not match Node"

    def line(self) -> str:
        """The summary line."""
        kinds = {k: sum(1 for r in self.rows if r["kind"] == k)
                 for k in ("module", "export", "global")}
        lacking = sum(1 for r in self.rows if r["hostrt"] != "present")
        stubs = sum(1 for r in self.rows if r["hostrt"] == "present" and r["strategy"] == "stub")
        where = self.hostrt.failure.splitlines()[0] if self.hostrt.failure else "none"
        same = (self.hostrt.answer == self.node.answer) and self.node.answer is not None
        return (f"Pepr {PEPR_VERSION} touches {kinds['module']} built-in modules, "
                f"{kinds['export']} of their exports and {kinds['global']} globals in Node; "
                f"hostrt lacks or differs on {lacking} and has {stubs} only as stubs; "
                f"hostrt first fails: {where}; "
                f"admission answer {'matches Node' if same else 'does not match Node'}" +
                "".join(f"; {self.peer_labels.get(n, n)}: {self.peer_verdict(n)}"
                        for n in self.peers))


async def run_sdk(timeout: float = 30.0, peers: tuple[str, ...] = ("deno", "bun")) -> SdkReport:
    """Install, bundle, run in Node, hostrt and the installed peers, check every touched name in
    hostrt."""
    from hostrt.compat import strategy
    from hostrt.compat.runner import NodeRuntime, classify_existence, enumerate_node
    from hostrt.compat.runtimes import PeerRuntime
    target = await asyncio.to_thread(ensure_pepr)
    bundle = await asyncio.to_thread(build_bundle, target)
    node = NodeRuntime()
    if not node.available:
        raise HostError("--pepr-sdk needs real Node.js on PATH", code="ERR_HOSTRT_COMPAT")
    with tempfile.TemporaryDirectory(prefix="hostrt-peprsdk-") as tmp:
        work = Path(tmp)
        enum = await enumerate_node(node, work)
        from hostrt.shimreg import node_builtin_names
        cfg = {"mark": MARK, "globals": enum["globals"],
               "builtins": sorted(set(node_builtin_names()) | set(enum["modules"]))}
        run = _write_runner(work, bundle, cfg)
        node_run = await run_in_node(run, timeout)
        hostrt_run = await run_in_hostrt(run, timeout)
        peer_runs: dict[str, SdkRun] = {}
        peer_labels: dict[str, str] = {}
        for name in peers:
            rt = PeerRuntime(name)
            peer_labels[name] = rt.label
            if rt.available:
                peer_runs[name] = await run_in_node(run, timeout, rt)
            else:
                peer_runs[name] = SdkRun(failure=rt.note, phase="not run")
        checks = await check_in_hostrt(node_run.records, work, timeout)
    # Committed reports must not carry this machine's paths.
    for res in (node_run, hostrt_run, *peer_runs.values()):
        res.failure = res.failure.replace(str(work) + "/", "").replace(str(target) + "/", "")
    rows = []
    reached = {f"{r['kind']}:{r['name']}" for r in hostrt_run.records}
    for r in node_run.records:
        key = f"{r['kind']}:{r['name']}"
        res = classify_existence({"t": "?"}, checks.get(key))
        status = "present" if res.status == "differs" else res.status  # typeof is not recorded
        module = r["name"].split(".")[0] if r["kind"] != "global" else None
        strat = strategy.lookup(r["name"], is_global=r["kind"] == "global", module=module)
        rows.append({"kind": r["kind"], "name": r["name"], "phase": r["phase"],
                     "hostrt": status, "detail": res.detail, "reached": key in reached,
                     "strategy": strat.strategy, "strategy_note": strat.note})
    order = {"module": 0, "global": 1, "export": 2}
    rows.sort(key=lambda r: (order[r["kind"]], r["name"]))
    return SdkReport(node_run, hostrt_run, rows, peer_runs, peer_labels)


def main(args: argparse.Namespace) -> int:
    """The `--pepr-sdk` handler."""
    report = asyncio.run(run_sdk(max(args.probe_timeout, 30.0)))
    if args.format == "json":
        data = {"schema": "hostrt-compat-pepr-sdk/1", "pepr": PEPR_VERSION,
                "line": report.line(), "node_answer": report.node.answer,
                "node_failure": report.node.failure, "hostrt_answer": report.hostrt.answer,
                "hostrt_failure": report.hostrt.failure,
                "peers": {n: {"label": report.peer_labels.get(n, n),
                              "verdict": report.peer_verdict(n), "answer": r.answer,
                              "failure": r.failure, "phase": r.phase}
                          for n, r in report.peers.items()},
                "touched": report.rows}
        text = json.dumps(data, indent=1) + "\n"
        if args.output:
            args.output.write_text(text)
        else:
            sys.stdout.write(text)
        return 0
    if args.format == "md":
        text = render_md(report)
        if args.output:
            args.output.write_text(text)
        else:
            sys.stdout.write(text)
        return 0
    from rich.console import Console
    from rich.table import Table
    console = Console(file=args.output.open("w") if args.output else None)
    table = Table(title=f"Node built-ins and globals the Pepr {PEPR_VERSION} SDK touches "
                        "(recorded in Node)")
    for col in ("kind", "name", "phase", "hostrt", "reached in hostrt", "strategy"):
        table.add_column(col, overflow="fold")
    for r in report.rows:
        style = "green" if r["hostrt"] == "present" else "red"
        table.add_row(r["kind"], r["name"], r["phase"], f"[{style}]{r['hostrt']}[/]",
                      "yes" if r["reached"] else "", r["strategy"] or "—")
    console.print(table)
    if report.node.failure:
        console.print(f"[yellow]Node run problem:[/] {report.node.failure[:500]}")
    console.print(f"[bold]hostrt first failure:[/] {report.hostrt.failure or 'none'}"[:2000])
    for name in report.peers:
        console.print(f"[bold]{report.peer_labels.get(name, name)}:[/] "
                      f"{report.peer_verdict(name)}")
    console.print(f"[bold]{report.line()}[/]")
    return 0


def render_md(report: SdkReport) -> str:
    """The backfill list as Markdown."""
    out = [f"# Pepr {PEPR_VERSION} SDK in hostrt", "", f"**{report.line()}.**", "",
           "| kind | name | phase | hostrt | strategy |", "|---|---|---|---|---|"]
    for r in report.rows:
        out.append(f"| {r['kind']} | `{r['name']}` | {r['phase']} | {r['hostrt']} | "
                   f"{r['strategy'] or '—'} |")
    fail = report.hostrt.failure.replace("\n", "\n    ") if report.hostrt.failure else "none"
    out += ["", "hostrt's first failure:", "", "    " + fail, ""]
    if report.peers:
        out += ["The same bundle and recorder in the peer runtimes (Node-compatibility mode):", "",
                "| runtime | verdict |", "|---|---|"]
        out += [f"| {report.peer_labels.get(n, n)} | {report.peer_verdict(n)} |"
                for n in report.peers]
        out.append("")
    return "\n".join(out)
