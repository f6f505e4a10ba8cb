"""`scaling` group: admission latency as bindings grow (1, 10, 100) and as the object grows
(1 KB, 100 KB, 1 MB).

Until `require('pepr')` is in this build, the module is the plain-JS stand-in of
`hostrt.bench.admitjs` (clearly labelled in every row): the same file runs in hostrt (each
request one `Host.dispatch` from Python, JSON both ways) and in Node (in process:
`JSON.parse(body)`, admit, `JSON.stringify`), so both columns do identical JS work.
"""

from __future__ import annotations

import io
import json
import time
from typing import Any

from hostrt.bench import admitjs
from hostrt.bench.harness import BenchContext
from hostrt.bench.registry import HOSTRT, NODE, Measurement, Series, describe_group, workload

describe_group("scaling", "admission-like latency as bindings (1/10/100) and object size "
                          "(1 KB/100 KB/1 MB) grow — plain-JS stand-in until pepr is merged")

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


async def _point(ctx: BenchContext, bindings: int, size: int, series: str,
                 x: str) -> Measurement:
    module = ctx.write(f"admit-{bindings}.js", admitjs.module_source(bindings))
    payload = admitjs.request(size)
    req = ctx.write(f"request-{size}.json", json.dumps(payload))
    n = iterations(ctx, size)
    hostrt, response = await hostrt_admit(ctx, str(module), payload, n)
    node = node_admit(ctx, str(module), str(req), n)
    # Differential check: both runtimes must give the same AdmissionResponse.
    same = response == node.get("response")
    name = (f"bindings-{bindings}" if x == "bindings"
            else f"object-{size_label(size).replace(' ', '')}")
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
