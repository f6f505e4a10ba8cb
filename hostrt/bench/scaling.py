"""`scaling` group: admission latency as bindings grow (1, 10, 100) and as the object grows
(1 KB, 100 KB, 1 MB).

With the pepr edge's `hostrt/bench/admission.py` in this build, each point is a generated real
Pepr module (`admitjs.write_pepr_module`), run by hostrt's pepr and by real Pepr 1.1.4 in Node.
Until then, the module is the plain-JS stand-in of
`hostrt.bench.admitjs` (clearly labelled in every row): the same file runs in hostrt (each
request one `Host.dispatch` from Python, JSON both ways) and in Node (in process:
`JSON.parse(body)`, admit, `JSON.stringify`), so both columns do identical JS work.
"""

from __future__ import annotations

import asyncio
import io
import json
import time
from typing import Any

from hostrt.bench import admitjs
from hostrt.bench.harness import BenchContext
from hostrt.bench.registry import HOSTRT, NODE, Measurement, Series, describe_group, workload

describe_group("scaling", "admission latency as bindings (1/10/100) and object size "
                          "(1 KB/100 KB/1 MB) grow (a generated Pepr module; a plain-JS stand-in "
                          "when the pepr edge is not in this build)")

KB = 1024
BINDINGS = (1, 10, 100)
SIZES = (1 * KB, 100 * KB, 1024 * KB)


def size_label(n: int) -> str:
    """1024 -> '1 KB', 1048576 -> '1 MB'."""
    return f"{n // (KB * KB)} MB" if n >= KB * KB else f"{n // KB} KB"


def iterations(ctx: BenchContext, object_bytes: int) -> int:
    """Requests per run: fewer for big objects so a run stays around a second."""
    return ctx.n(max(20, 400 * KB // max(object_bytes, 4 * KB)), minimum=3)


async def hostrt_admit(ctx: BenchContext, module: str, payload: dict[str, Any],
                       n: int) -> tuple[list[float], Any]:
    """Per-request µs of Host.dispatch('bench.admit', payload), and the last response."""
    from hostrt.host import Host, HostOptions
    samples: list[float] = []
    async with Host(HostOptions(stdout=io.StringIO(), stderr=io.StringIO(), timeout=120)) as host:
        await host.load(module)

        last: list[Any] = [None]

        async def run() -> list[float]:
            out = []
            for _ in range(n):
                t0 = time.perf_counter()
                last[0] = await host.dispatch("bench.admit", payload)
                out.append((time.perf_counter() - t0) * 1e6)
            return out
        for r in await ctx.arepeat(run):
            samples.extend(r)
        return samples, last[0]


def node_admit(ctx: BenchContext, module: str, request_path: str, n: int) -> dict[str, Any]:
    """Node's per-request µs for the same module, in process."""
    doc: dict[str, Any] = ctx.node_json(admitjs.NODE_DRIVER, module, request_path, str(n),
                                        str(ctx.runs), str(ctx.warmup))
    return doc


def _pepr_bench() -> Any:
    """`bench_admission` of hostrt/bench/admission.py when it is in this build, else None."""
    from hostrt.bench.adapters import _present
    if not _present("hostrt.bench.admission"):
        return None
    from hostrt.bench.admission import bench_admission  # type: ignore[import-not-found]
    return bench_admission


def _name(bindings: int, size: int, x: str) -> str:
    return (f"bindings-{bindings}" if x == "bindings"
            else f"object-{size_label(size).replace(' ', '')}")


async def _pepr_point(ctx: BenchContext, bench: Any, bindings: int, size: int, series: str,
                      x: str) -> Measurement:
    """The point with a generated real Pepr module: hostrt's pepr against real Pepr 1.1.4."""
    module = admitjs.write_pepr_module(ctx.workdir / f"pepr-bench-{bindings}", bindings)
    req = ctx.write(f"review-{size}.json", json.dumps(admitjs.review(size)))
    n = iterations(ctx, size)
    # bench_admission runs its own event loop: give it a thread of its own.
    res = await asyncio.to_thread(bench, module, req, n=n * ctx.runs,
                                  warmup=max(1, n * ctx.warmup))
    sides = {rt: res[rt] for rt in (HOSTRT, NODE) if isinstance(res.get(rt), dict)}
    m = Measurement.from_pair(
        "scaling", _name(bindings, size, x), sides, unit="µs", unit_suffix="_us",
        stats=("p50", "p99"),
        title=f"admit (Pepr module): {bindings} binding(s), {size_label(size)} object",
        params={"series": series, "x": x, "bindings": bindings, "object_bytes": size,
                "requests": n * ctx.runs, "module": "pepr"},
        method=(f"{admitjs.PEPR_LABEL}; {n * ctx.runs} mutate+validate pairs after warm-up, "
                "through hostrt/bench/admission.py (hostrt: Host.dispatch of pepr.admission; "
                "Node: real Pepr 1.1.4 processors in process); statistics as that module "
                "reports them"))
    m.runtimes.get(HOSTRT, Series([])).label = "hostrt pepr: Host.dispatch('pepr.admission', …)"
    m.runtimes.get(NODE, Series([])).label = "real Pepr 1.1.4 mutate+validate processors"
    return m


async def _point(ctx: BenchContext, bindings: int, size: int, series: str,
                 x: str) -> Measurement:
    bench = _pepr_bench()
    if bench is not None:
        return await _pepr_point(ctx, bench, bindings, size, series, x)
    module = ctx.write(f"admit-{bindings}.js", admitjs.module_source(bindings))
    payload = admitjs.request(size)
    req = ctx.write(f"request-{size}.json", json.dumps(payload))
    n = iterations(ctx, size)
    hostrt, response = await hostrt_admit(ctx, str(module), payload, n)
    node = node_admit(ctx, str(module), str(req), n)
    # Differential check: both runtimes must give the same AdmissionResponse.
    same = response == node.get("response")
    name = _name(bindings, size, x)
    return Measurement(
        group="scaling", name=name,
        title=f"admit (plain-JS stand-in): {bindings} binding(s), {size_label(size)} object",
        unit="µs", stats=("p50", "p99"),
        params={"series": series, "x": x, "bindings": bindings, "object_bytes": size,
                "requests": n, "module": "stand-in", "same_response": same},
        method=(f"{admitjs.STAND_IN_LABEL}; {n} requests per run; hostrt: one Host.dispatch per "
                "request timed in Python (json.dumps, tick, JSON.parse, admit, JSON.stringify, "
                "json.loads); Node: JSON.parse(body), admit, JSON.stringify timed with hrtime"),
        runtimes={HOSTRT: Series(hostrt, "Host.dispatch('bench.admit', request)"),
                  NODE: Series(node["samples"], "JSON.stringify(admit(JSON.parse(body)))")})


@workload(group="scaling", name="bindings", title="latency as bindings grow (1 KB object)")
async def by_bindings(ctx: BenchContext) -> list[Measurement]:
    """1, 10, 100 bindings on a 1 KB ConfigMap."""
    return [await _point(ctx, b, 1 * KB, "latency vs bindings (1 KB object)", "bindings")
            for b in BINDINGS]


@workload(group="scaling", name="object-size", title="latency as the object grows (10 bindings)")
async def by_size(ctx: BenchContext) -> list[Measurement]:
    """1 KB, 100 KB, 1 MB ConfigMaps with 10 bindings."""
    return [await _point(ctx, 10, s, "latency vs object size (10 bindings)", "object_bytes")
            for s in SIZES]
