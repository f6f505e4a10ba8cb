"""Admission latency: hostrt against real Pepr 1.1.4, in process, on the same module and request.

`bench_admission()` runs, in one call:

- hostrt: the module loaded in a Host (bundled with Pepr's build settings), once per installed
  engine backend (mini-racer: V8 on its own thread; stpyv8: V8 in this thread); each iteration is
  `Host.dispatch("pepr.admission.both", ...)` (both routes, one crossing) with the request file's text,
  i.e. Pepr's whole /mutate + /validate route work (body parsing, processors, AdmissionReview
  answer) plus the Python -> V8 crossings, timed from Python;
- node: real Pepr 1.1.4 on Node, `mutateProcessor` then `validateProcessor` awaited in process
  (hostrt/bench/pepr_processors.js), timed with process.hrtime; pepr@1.1.4 is installed from npm
  into $HOSTRT_HOME/pepr-1.1.4 on first use (hostrt/pepr/reference.py).

Default workload: hello-pepr (js_fixtures/modules/hello-pepr) and its ConfigMap `example-1`
CREATE request. Both sides log at LOG_LEVEL=error so neither pays for log lines.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from hostrt.errors import HostError
from hostrt.pepr.reference import pepr_reference

_REPO = Path(__file__).resolve().parents[2]
DEFAULT_MODULE = _REPO / "js_fixtures" / "modules" / "hello-pepr"
DEFAULT_REQUEST = DEFAULT_MODULE / "requests" / "04-create-configmap-example-1.json"
_NODE_SCRIPT = Path(__file__).with_name("pepr_processors.js")
# hello-pepr imports undici's MockAgent for one fetch example, not on the admission path; while
# hostrt has no undici module the bench bundles a stand-in that fails if it is ever used.
_UNDICI_STANDIN = """'use strict';
const unused = name => function () { throw new Error('undici.' + name + ' is a bench stand-in'); };
module.exports = { MockAgent: unused('MockAgent'),
  setGlobalDispatcher: unused('setGlobalDispatcher') };
"""


def _stats(samples_us: list[float]) -> dict[str, Any]:
    ordered = sorted(samples_us)
    n = len(ordered)

    def pct(p: float) -> float:
        return ordered[min(n - 1, int(p / 100 * n))]
    total_s = sum(ordered) / 1e6
    return {"n": n, "p50_us": pct(50), "p99_us": pct(99), "mean_us": statistics.fmean(ordered),
            "req_per_s": n / total_s if total_s else 0.0}


def _round(d: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 1) if isinstance(v, float) else v) for k, v in d.items()}


async def _bench_hostrt(module: Path, request: Path, n: int, warmup: int,
                        log_level: str, standin: Path, engine: str) -> dict[str, Any]:
    from dataclasses import replace

    from hostrt.host import Host, HostOptions
    from hostrt.pepr.module import module_env, resolve_module
    from hostrt.pepr.store import PeprStore
    from hostrt.shimreg import provided_modules

    spec = resolve_module(module)
    bundle = spec.bundle
    if bundle is not None and "undici" not in provided_modules():
        bundle = replace(bundle, extra_args=(*bundle.extra_args, f"--alias:undici={standin}"))
    env = module_env(spec.config, dict(os.environ), watch=False, admission=True,
                     overrides={"LOG_LEVEL": log_level})
    sink = io.StringIO()
    store = PeprStore()
    opts = HostOptions(timeout=10, env=env, stdout=sink, stderr=sink, track_rejections=False,
                       engine=engine, argv=[str(spec.entry)], extra={"pepr.store": store})
    text = request.read_text(encoding="utf-8")
    both = {"review": text}
    start = time.perf_counter()
    async with Host(opts) as host:
        await host.load(spec.entry, bundle=bundle)
        if host.fatal is not None:
            raise HostError(f"{module}: the module failed to load in hostrt:\n{sink.getvalue()}")
        await host.dispatch("pepr.store.load", store.snapshot())
        ready_ms = (time.perf_counter() - start) * 1000
        first = None
        samples: list[float] = []
        for i in range(warmup + n):
            t0 = time.perf_counter_ns()
            answers = await host.dispatch("pepr.admission.both", both)
            m, v = answers["mutate"], answers["validate"]
            took = (time.perf_counter_ns() - t0) / 1000
            if first is None:
                first = {"mutate": m, "validate": v}
                if m.get("status") != 200 or v.get("status") != 200:
                    raise HostError(f"{request}: hostrt answered HTTP {m.get('status')}/"
                                    f"{v.get('status')}: {m.get('body')!r}")
            if i >= warmup:
                samples.append(took)
    store.close()
    out = _round(_stats(samples))
    out["startup_ms"] = round(ready_ms, 1)
    return out


def _bench_node(module: Path, request: Path, n: int, warmup: int, log_level: str,
                standin: Path) -> dict[str, Any]:
    from hostrt.loader.npm import ensure_installed
    node = shutil.which("node")
    if node is None:
        raise HostError("the Pepr reference needs node (v20) on PATH", code="ERR_HOSTRT_SETUP")
    pepr = pepr_reference()
    esbuild = Path(ensure_installed()) / "node_modules" / "esbuild"
    entry = module / "pepr.ts" if module.is_dir() else module
    args = [node, str(_NODE_SCRIPT), "--pepr", str(pepr), "--esbuild", str(esbuild),
            "--module", str(entry), "--request", str(request), "--n", str(n),
            "--warmup", str(warmup)]
    if not (pepr / "undici").is_dir():
        args += ["--alias", f"undici={standin}"]
    env = {**os.environ, "LOG_LEVEL": log_level}
    proc = subprocess.run(args, capture_output=True, text=True, env=env, timeout=900)
    if proc.returncode != 0:
        raise HostError(f"the Node reference bench failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return _round(result)


def bench_admission(module: str | Path | None = None, request: str | Path | None = None, *,
                    n: int = 2000, warmup: int = 200, log_level: str = "error",
                    node: bool = True, engines: list[str] | None = None) -> dict[str, Any]:
    """Measure mutate+validate for one request: {"hostrt": {...}, "node": {...}}.

    Each side reports n, p50_us, p99_us, mean_us and req_per_s (sequential requests); hostrt
    also reports startup_ms (isolate + module load + store load). `node=False` skips Node.
    `engines` (default: the default backend, then every other installed one) are measured one
    after the other; the default backend's figures are under "hostrt", another's under
    "hostrt-<engine>".
    """
    from hostrt.bench.registry import engine_runtime, other_engines
    from hostrt.engine import default_engine
    default = default_engine()
    chosen = engines if engines is not None else [default, *other_engines()]
    mod = Path(module) if module is not None else DEFAULT_MODULE
    req = Path(request) if request is not None else DEFAULT_REQUEST
    for p in (mod, req):
        if not p.exists():
            raise HostError(f"{p}: no such file or directory", code="ERR_HOSTRT_NOT_FOUND")
    with tempfile.TemporaryDirectory(prefix="hostrt-bench-") as tmp:
        standin = Path(tmp) / "undici-standin.js"
        standin.write_text(_UNDICI_STANDIN)
        result: dict[str, Any] = {
            "workload": {"module": str(mod), "request": str(req), "log_level": log_level}}
        for engine in chosen:
            key = "hostrt" if engine == default else engine_runtime(engine)
            result[key] = asyncio.run(_bench_hostrt(mod, req, n, warmup, log_level, standin,
                                                    engine))
        if node:
            result["node"] = _bench_node(mod, req, n, warmup, log_level, standin)
    return result


if __name__ == "__main__":  # pragma: no cover - manual use: python -m hostrt.bench.admission
    import sys
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(json.dumps(bench_admission(n=count), indent=2))
