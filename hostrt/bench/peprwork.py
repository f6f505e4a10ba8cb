"""Pepr admission work, decomposed: what the admission and scaling groups time.

For one module and one AdmissionReview, every side times `/mutate` and `/validate` as separate
requests (two crossings in hostrt, as a cluster sends them), and optionally the one-crossing
"both routes" variant of hostrt's Pepr:

- `shim`  — hostrt's own Pepr (`shims/pepr/`): the module bundled once with `pepr` left external
  (Pepr's build settings); hostrt resolves `pepr` to its shim, Node (`pepr_node.js`) resolves it
  to the same shim file. hostrt dispatches `pepr.admission`; Node calls the very handler the module
  registered. Identical JavaScript: the difference is the runtime.
- `real`  — real Pepr 1.1.4: the module bundled whole with Pepr's own source (as
  `hostrt compat --pepr-sdk` does), `pepr` replaced by Pepr's lib whose `PeprModule` only keeps the
  capabilities, plus a route doing what Pepr's controller route does (body parse, request log,
  processor, "Check response" log, AdmissionReview, request-log line, metrics). The same file runs
  in hostrt (dispatch `bench.route`) and in Node.

Both sides log at the same level into the same kind of sink: a file in the bench's scratch
folder (Node: its stdout and stderr; hostrt: the Host's stdout and stderr). Node runs the same
JSON work a dispatch does in JS (parse the payload text, stringify the answer).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt.bench.harness import BenchContext, BenchError

ROUTES = ("mutate", "validate")
_NODE_DRIVER = Path(__file__).with_name("pepr_node.js")
# hello-pepr imports undici's MockAgent for one fetch example, not on the admission path; both
# sides get this stand-in (one bundle, the same JS) and it fails loudly if ever used.
_UNDICI_STANDIN = """'use strict';
const unused = name => function () { throw new Error('undici.' + name + ' is a bench stand-in'); };
module.exports = { MockAgent: unused('MockAgent'),
  setGlobalDispatcher: unused('setGlobalDispatcher') };
"""

# Real Pepr's lib as `pepr`, its PeprModule replaced by one that keeps (config, capabilities).
_REAL_WRAPPER = """export * from {lib};
export class PeprModule {{
  constructor(cfg: any, capabilities: any[] = []) {{
    (globalThis as any).__hostrtBenchPepr = {{ cfg, capabilities }};
  }}
}}
"""

# The bench entry: the module, then a route doing what Pepr 1.1.4's controller does per request
# (src/lib/controller/index.ts: #admissionReq and the #logger middleware), minus Express.
_REAL_ENTRY = """import {module};
import {{ mutateProcessor }} from {src_mutate};
import {{ validateProcessor }} from {src_validate};
import {{ karForMutate, karForValidate }} from {src_util};
import Log from {src_logger};
import {{ metricsCollector, MetricsCollector }} from {src_metrics};

const bench = (globalThis as any).__hostrtBenchPepr;
if (!bench) throw new Error("the module created no PeprModule");
for (const cap of bench.capabilities) {{
  const store = cap.registerStore();
  store.registerSender(() => {{}});
  store.receive({{}});
}}
const config = {{ ...bench.cfg.pepr, description: bench.cfg.description }};
const apiPath = process.env.PEPR_API_PATH || "";

async function route(kind: string, body: string): Promise<any> {{
  const started = Date.now();
  const startTime = MetricsCollector.observeStart();
  const admissionKind = kind === "mutate" ? "Mutate" : "Validate";
  const parsed = JSON.parse(body);
  const request = parsed?.request || {{}};
  const name = request?.name ? `/${{request.name}}` : "";
  const namespace = request?.namespace || "";
  const gvk = request?.kind || {{ group: "", version: "", kind: "" }};
  const reqMetadata = {{ uid: request.uid, namespace, name }};
  Log.info({{ ...reqMetadata, gvk, operation: request.operation, admissionKind }}, "Incoming request");
  Log.debug({{ ...reqMetadata, request }}, "Incoming request body");
  const response: any = admissionKind === "Mutate"
    ? await mutateProcessor(config, bench.capabilities, request, reqMetadata)
    : await validateProcessor(config, bench.capabilities, request, reqMetadata);
  [response].flat().map((res: any) => Log.info({{ ...reqMetadata, res }}, "Check response"));
  const kar = admissionKind === "Mutate" ? karForMutate(response) : karForValidate(request, response);
  Log.debug({{ ...reqMetadata, kubeAdmissionResponse: kar.response }}, "Outgoing response");
  metricsCollector.observeEnd(startTime, admissionKind);
  Log.info({{ uid: request.uid, method: "POST", url: `/${{kind}}/${{apiPath}}`, status: 200,
    duration: `${{Date.now() - started}} ms` }});
  return {{ status: 200, body: kar }};
}}

declare const require: any;
const host = (globalThis as any).__hostrtBenchBridge || require("hostrt:bridge");
host.handle("bench.route", (p: any) => route(p.kind, p.review));
"""


@dataclass
class Bundles:
    """One module's two bundles and the environment both runtimes give it."""

    shim: Path
    real: Path | None
    env: dict[str, str]
    real_missing: str = ""


@dataclass
class SideRun:
    """One runtime's samples per route (µs) and its first answer per route."""

    samples: dict[str, list[float]] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    heap: dict[str, float | None] = field(default_factory=dict)  # bytes: used, live (after GC)


def _esbuild(args: list[str], cwd: Path) -> None:
    from hostrt.loader.npm import ensure_installed, esbuild_path
    ensure_installed()
    proc = subprocess.run([str(esbuild_path()), *args, "--bundle", "--platform=node",
                           "--format=cjs", "--keep-names", "--log-level=error", "--color=false"],
                          cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise BenchError(f"bundling {args[0]} failed:\n{proc.stderr.strip()[-2000:]}")


def build(ctx: BenchContext, module: Path, tag: str, log_level: str = "info") -> Bundles:
    """Bundle `module` (a Pepr project directory or its pepr.ts) both ways under the scratch
    folder; real Pepr is installed on first use (a bundle that cannot be made is reported)."""
    from hostrt.pepr.module import PEPR_BUILD, module_env, resolve_module
    spec = resolve_module(module)
    work = ctx.workdir / f"pepr-{tag}"
    work.mkdir(parents=True, exist_ok=True)
    standin = work / "undici-standin.js"
    standin.write_text(_UNDICI_STANDIN, encoding="utf-8")
    alias = f"--alias:undici={standin}"
    shim = work / "shim-bundle.js"
    # Pepr's build settings (minify, tree shaking), `pepr` external: hostrt's Pepr on both sides.
    flags = ["--minify"] if PEPR_BUILD.minify else []
    _esbuild([str(spec.entry), "--external:pepr", alias, *flags, f"--outfile={shim}"], work)
    env = module_env(spec.config, dict(os.environ), watch=False, admission=True,
                     overrides={"LOG_LEVEL": log_level})
    src = _real_src()
    if isinstance(src, str):
        return Bundles(shim, None, env, src)
    lib = src / "lib"
    source = _REAL_ENTRY.format(
        module=json.dumps(str(spec.entry)),
        src_mutate=json.dumps(str(lib / "processors" / "mutate-processor.ts")),
        src_validate=json.dumps(str(lib / "processors" / "validate-processor.ts")),
        src_util=json.dumps(str(lib / "controller" / "index.util.ts")),
        src_logger=json.dumps(str(lib / "telemetry" / "logger.ts")),
        src_metrics=json.dumps(str(lib / "telemetry" / "metrics.ts")))
    real, _ = build_real_entry(ctx, source, tag, extra=[alias, *flags])
    return Bundles(shim, real, env)


def _real_src() -> Path | str:
    """Real Pepr's TypeScript source folder (installed on first use), or why it is missing."""
    from hostrt.errors import HostError
    from hostrt.pepr.reference import pepr_reference
    try:
        return pepr_reference() / "pepr" / "src"
    except HostError as exc:
        return f"real Pepr 1.1.4 is not available: {str(exc).splitlines()[0]}"


def build_real_entry(ctx: BenchContext, source: str, tag: str,
                     extra: list[str] | None = None) -> tuple[Path | None, str]:
    """Bundle a TypeScript entry whole with `pepr` = real Pepr 1.1.4's lib (its PeprModule
    keeps `{cfg, capabilities}` in globalThis.__hostrtBenchPepr); (path, '') or (None, why)."""
    src = _real_src()
    if isinstance(src, str):
        return None, src
    work = ctx.workdir / f"pepr-{tag}"
    work.mkdir(parents=True, exist_ok=True)
    wrapper = work / "real-pepr.ts"
    wrapper.write_text(_REAL_WRAPPER.format(lib=json.dumps(str(src / "lib.ts"))),
                       encoding="utf-8")
    entry = work / "real-entry.ts"
    entry.write_text(source, encoding="utf-8")
    real = work / "real-bundle.js"
    _esbuild([str(entry), f"--alias:pepr={wrapper}", "--external:hostrt:bridge", *(extra or []),
              f"--outfile={real}"], work)
    return real, ""


def run_node(ctx: BenchContext, bundles: Bundles, kind: str, request: Path, n: int,
             warmup: int, routes: tuple[str, ...] = ROUTES, *, cmd: list[str] | None = None,
             label: str = "node") -> SideRun:
    """Time `routes` in Node for the `shim` or `real` bundle; logs go to a file. `cmd` runs the
    same driver in another runtime (a peer's command prefix; `label` names it)."""
    if cmd is None and ctx.node is None:
        raise BenchError("node is not on PATH")
    bundle = bundles.shim if kind == "shim" else bundles.real
    assert bundle is not None
    out = bundle.with_name(f"{label}-{kind}-result.json")
    args = node_command(ctx, bundles, kind, request, n, warmup, out, routes, cmd=cmd)
    log = bundle.with_name(f"{label}-{kind}.log")
    with log.open("w", encoding="utf-8") as sink:
        proc = subprocess.run(args, stdout=sink, stderr=sink, stdin=subprocess.DEVNULL,
                              env=bundles.env, cwd=bundle.parent, timeout=1800)
    if proc.returncode != 0:
        raise BenchError(f"{label} ({kind} Pepr) failed: {_tail(log)}")
    doc = json.loads(out.read_text(encoding="utf-8"))
    return SideRun({r: [float(x) for x in v] for r, v in doc["samples"].items()},
                   {r: json.loads(a) for r, a in doc["answers"].items()}, doc.get("heap", {}))


def node_command(ctx: BenchContext, bundles: Bundles, kind: str, request: Path, n: int,
                 warmup: int, out: Path, routes: tuple[str, ...] = ROUTES, *,
                 cmd: list[str] | None = None) -> list[str]:
    """The `node pepr_node.js ...` command line for one side (run it with `bundles.env`); `cmd`
    is another runtime's command prefix (a peer: no gc(), so no live-heap figure)."""
    bundle = bundles.shim if kind == "shim" else bundles.real
    assert (cmd or ctx.node) is not None and bundle is not None
    args = [*(cmd or [str(ctx.node), "--expose-gc"]), str(_NODE_DRIVER), "--bundle", str(bundle),
            "--request",
            str(request), "--out", str(out), "--routes", ",".join(routes), "--n", str(n),
            "--warmup", str(warmup)]
    if kind == "shim":
        args += ["--shim", str(shim_entry()), "--store", json.dumps(_empty_store())]
    return args


def shim_entry() -> Path:
    """hostrt's Pepr: the shim's entry file."""
    from hostrt.shimreg import load_shims
    for shim in load_shims():
        if shim.name == "pepr":
            return shim.path / "index.js"
    raise BenchError("the pepr shim is not in this build")


def _empty_store() -> dict[str, Any]:
    from hostrt.pepr.store import PeprStore
    store = PeprStore()
    try:
        return store.snapshot()
    finally:
        store.close()


def _tail(log: Path) -> str:
    try:
        lines = [ln for ln in log.read_text(encoding="utf-8", errors="replace").splitlines()
                 if ln.strip()]
    except OSError:
        return "(no log)"
    return "\n".join(lines[-15:])[-2000:] or "(no output)"


async def run_hostrt(bundles: Bundles, kind: str, request: Path, n: int, warmup: int,
                     engine: str, routes: tuple[str, ...] = ROUTES) -> SideRun:
    """Time `routes` in hostrt on `engine`: one Host.dispatch per request, logs to a file."""
    side = HostrtSide(bundles, kind, request, engine, routes)
    await side.start()
    try:
        await side.round(warmup, n)
    finally:
        await side.finish()
    return side.run


class HostrtSide:
    """One hostrt side kept loaded between rounds (the interleaved bench takes turns)."""

    def __init__(self, bundles: Bundles, kind: str, request: Path, engine: str,
                 routes: tuple[str, ...] = ROUTES) -> None:
        bundle = bundles.shim if kind == "shim" else bundles.real
        assert bundle is not None
        self.bundles, self.kind, self.engine, self.bundle = bundles, kind, engine, bundle
        text = request.read_text(encoding="utf-8")
        handler = {"mutate": "pepr.admission", "validate": "pepr.admission",
                   "both": "pepr.admission.both"} if kind == "shim" else {}
        self.payloads = [(r, handler.get(r, "bench.route"), {"kind": r, "review": text})
                         for r in routes]
        self.run = SideRun({r: [] for r in routes})
        self._sink: Any = None
        self._host: Any = None

    async def start(self) -> None:
        """Start the Host and load the bundle (logs to a file beside it)."""
        from hostrt.host import Host, HostOptions
        self._sink = self.bundle.with_name(f"hostrt-{self.kind}-{self.engine}.log").open(
            "w", encoding="utf-8")
        opts = HostOptions(timeout=30, env=self.bundles.env, stdout=self._sink,
                           stderr=self._sink, track_rejections=False, engine=self.engine,
                           argv=[str(self.bundle)], cwd=str(self.bundle.parent))
        self._host = Host(opts)
        await self._host.__aenter__()
        await self._host.load(self.bundle)
        if self._host.fatal is not None:
            raise BenchError(f"hostrt ({self.kind} Pepr, {self.engine}) could not load the "
                             f"module: {self._host.fatal.get('message')}")
        if self.kind == "shim":
            await self._host.dispatch("pepr.store.load", _empty_store())

    async def round(self, warmup: int, n: int) -> None:
        """`warmup` untimed then `n` timed requests per route."""
        host, run = self._host, self.run
        for i in range(warmup + n):
            for route, name, payload in self.payloads:
                t0 = _now()
                answer = await host.dispatch(name, payload)
                took = (_now() - t0) / 1000
                if i >= warmup:
                    run.samples[route].append(took)
                run.answers.setdefault(route, answer)

    async def finish(self) -> None:
        """Heap figures, close the Host, check every route answered 200."""
        if self._host is not None:
            self.run.heap["used"] = self._host.heap_stats().get("used_heap_size")
            self._host.collect_garbage()
            self.run.heap["live"] = self._host.heap_stats().get("used_heap_size")
        await self.close()
        for route, answer in self.run.answers.items():
            status = [a.get("status") for a in (answer.values() if route == "both" else [answer])]
            if status != [200] * len(status):
                raise BenchError(f"hostrt ({self.kind} Pepr, {self.engine}) answered {route} "
                                 f"with HTTP {status}: {str(answer)[:300]}")

    async def close(self) -> None:
        """Close the Host and the log (idempotent; also after a failure)."""
        host, self._host = self._host, None
        try:
            if host is not None:
                await host.__aexit__(None, None, None)
        finally:
            if self._sink is not None:
                self._sink.close()
                self._sink = None


class NodeSide:
    """One Node side (pepr_node.js --rounds) kept running between rounds."""

    def __init__(self, ctx: BenchContext, bundles: Bundles, kind: str, request: Path,
                 routes: tuple[str, ...] = ROUTES) -> None:
        bundle = bundles.shim if kind == "shim" else bundles.real
        assert bundle is not None
        self.kind, self.bundles = kind, bundles
        self.out = bundle.with_name(f"node-{kind}-result.json")
        self.log = bundle.with_name(f"node-{kind}.log")
        self.args = node_command(ctx, bundles, kind, request, 0, 0, self.out, routes)
        self.run = SideRun()
        self._proc: subprocess.Popen[str] | None = None
        self._ctrl: Any = None

    def start(self) -> None:
        """Start Node; it loads the bundle and waits for the first round."""
        read, write = os.pipe()
        with self.log.open("w", encoding="utf-8") as sink:
            # The inherited `write` fd is the control pipe: Node writes "done" after each round.
            self._proc = subprocess.Popen(
                [*self.args, "--rounds", str(write)], stdin=subprocess.PIPE, stdout=sink,
                stderr=sink, text=True, env=self.bundles.env, cwd=self.out.parent,
                pass_fds=(write,))
        os.close(write)
        self._ctrl = os.fdopen(read, "r", encoding="utf-8")

    def round(self, warmup: int, n: int) -> None:
        """One round, blocking until Node says it is done."""
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write(f"{warmup} {n}\n")
            self._proc.stdin.flush()
        except BrokenPipeError:
            pass
        if self._ctrl.readline().strip() != "done":
            self._proc.wait(timeout=30)
            raise BenchError(f"node ({self.kind} Pepr) failed: {_tail(self.log)}")

    def finish(self) -> None:
        """End the run and read Node's samples."""
        assert self._proc is not None and self._proc.stdin is not None
        try:
            self._proc.stdin.write("end\n")
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        code = self._proc.wait(timeout=120)
        self._ctrl.close()
        if code != 0:
            raise BenchError(f"node ({self.kind} Pepr) failed: {_tail(self.log)}")
        doc = json.loads(self.out.read_text(encoding="utf-8"))
        self.run = SideRun({r: [float(x) for x in v] for r, v in doc["samples"].items()},
                           {r: json.loads(a) for r, a in doc["answers"].items()},
                           doc.get("heap", {}))

    def kill(self) -> None:
        """Stop Node if it is still running (after a failure elsewhere)."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()


def _now() -> int:
    import time
    return time.perf_counter_ns()


async def run_all(ctx: BenchContext, bundles: Bundles, request: Path, n: int, warmup: int,
                  engines: list[str], both: bool = False,
                  rounds: int = 1) -> dict[str, dict[str, SideRun]]:
    """Every side: {"shim" | "real": {"node" | <engine>: SideRun}}; real is absent when real
    Pepr could not be bundled.

    All sides stay loaded and take turns: `rounds` rounds of n/rounds requests each, the order
    of the sides reversed every other round, so that a burst of load from elsewhere on a shared
    machine lands on every side rather than on whichever ran during it. Each side warms up
    (`warmup` requests) in its first round only, so its JIT state carries over."""
    shim_routes = (*ROUTES, "both") if both else ROUTES
    per = -(-n // max(1, rounds))
    nodes = {"shim": NodeSide(ctx, bundles, "shim", request, shim_routes)}
    hosts = {("shim", e): HostrtSide(bundles, "shim", request, e, shim_routes) for e in engines}
    if bundles.real is not None:
        nodes["real"] = NodeSide(ctx, bundles, "real", request)
        hosts.update({("real", e): HostrtSide(bundles, "real", request, e) for e in engines})
    order: list[tuple[str, str]] = [(k, "node") for k in nodes] + list(hosts)
    order.sort(key=lambda side: side[0] != "shim")  # shim sides first, as before
    started: list[Any] = []
    try:
        for side in order:
            if side[1] == "node":
                nodes[side[0]].start()
                started.append(nodes[side[0]])
            else:
                await hosts[side].start()
                started.append(hosts[side])
        done = 0
        for r in range(max(1, rounds)):
            k = min(per, n - done)
            if k <= 0:
                break
            for side in (order if r % 2 == 0 else order[::-1]):
                w = warmup if r == 0 else 0
                if side[1] == "node":
                    await asyncio.to_thread(nodes[side[0]].round, w, k)
                else:
                    await hosts[side].round(w, k)
            done += k
        for side in order:
            if side[1] == "node":
                await asyncio.to_thread(nodes[side[0]].finish)
            else:
                await hosts[side].finish()
    finally:
        for s in started:
            if isinstance(s, NodeSide):
                s.kill()
            else:
                await s.close()
    out: dict[str, dict[str, SideRun]] = {}
    for kind, node in nodes.items():
        out.setdefault(kind, {})["node"] = node.run
    for (kind, engine), host in hosts.items():
        out[kind][engine] = host.run
    return out


def same_answers(sides: dict[str, SideRun], route: str) -> bool:
    """Whether every side answered `route` with the same status and body."""
    answers = [json.dumps(s.answers.get(route), sort_keys=True) for s in sides.values()]
    return len(set(answers)) == 1


def main(argv: list[str]) -> int:
    """`python -m hostrt.bench.peprwork KIND BUNDLE REQUEST N ENGINE`: one hostrt side in a
    process of its own (the memory group reads its peak RSS); the environment is the module's.
    Prints {"samples", "heap"} as one JSON line; logs go to BUNDLE's folder."""
    import os
    import sys
    if len(argv) != 5 or argv[0] not in ("shim", "real"):
        print("usage: python -m hostrt.bench.peprwork shim|real BUNDLE REQUEST N ENGINE",
              file=sys.stderr)
        return 2
    kind, bundle, request, n, engine = argv
    path = Path(bundle)
    bundles = Bundles(path, path, dict(os.environ))
    run = asyncio.run(run_hostrt(bundles, kind, Path(request), int(n), 0, engine))
    print(json.dumps({"samples": run.samples, "heap": run.heap}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(__import__("sys").argv[1:]))
