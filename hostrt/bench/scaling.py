"""`scaling` group: admission latency as bindings grow (1, 10, 100 on a 1 KB ConfigMap) and as
the object grows (1 KB, 100 KB, 1 MB with 10 bindings), decomposed like the admission group.

Each point is a generated Pepr module (`admitjs.write_pepr_module`) and request, measured as
`hostrt.bench.peprwork` does: (a) hostrt's Pepr in Node vs in hostrt on each backend, (b) real
Pepr 1.1.4 in Node vs in hostrt, (c) hostrt's Pepr vs real Pepr in Node. A point's figure is
one request's /mutate plus its /validate, sent as two requests (two crossings).
"""

from __future__ import annotations

import json

from hostrt.bench import admitjs, peprwork
from hostrt.bench.admission import decomposed
from hostrt.bench.harness import BenchContext
from hostrt.bench.registry import Measurement, installed_engines, workload

KB = 1024
BINDINGS = (1, 10, 100)
SIZES = (1 * KB, 100 * KB, 1024 * KB)


def size_label(n: int) -> str:
    """1024 -> '1 KB', 1048576 -> '1 MB'."""
    return f"{n // (KB * KB)} MB" if n >= KB * KB else f"{n // KB} KB"


def iterations(ctx: BenchContext, object_bytes: int) -> int:
    """Requests per run: fewer for big objects so a run stays around a second."""
    return ctx.n(max(20, 400 * KB // max(object_bytes, 4 * KB)), minimum=3)


async def _point(ctx: BenchContext, bindings: int, size: int, series: str,
                 x: str) -> list[Measurement]:
    name = (f"bindings-{bindings}-" if x == "bindings"
            else f"object-{size_label(size).replace(' ', '')}-")
    module = admitjs.write_pepr_module(ctx.workdir / f"pepr-bench-{bindings}", bindings)
    request = ctx.write(f"review-{size}.json", json.dumps(admitjs.review(size)))
    n = iterations(ctx, size) * ctx.runs
    warmup = max(5, iterations(ctx, size) * ctx.warmup)
    engines = installed_engines()
    bundles = peprwork.build(ctx, module, f"{bindings}-{size}")
    runs = await peprwork.run_all(ctx, bundles, request, n, warmup, engines, rounds=ctx.runs)
    params = {"series": series, "x": x, "bindings": bindings, "object_bytes": size,
              "requests": n, "module": "generated Pepr module", "log_level": "info"}
    method = (f"{admitjs.PEPR_LABEL}; {n} requests after {warmup} warm-up, each the sum of a "
              "/mutate and a /validate request (two crossings), measured as the admission group "
              f"does (hostrt/bench/peprwork.py): every side loaded at once, {ctx.runs} rounds "
              "taken in turns")
    rows = decomposed(ctx, "scaling", name, f"{bindings} binding(s), {size_label(size)} object, ",
                      runs, engines, ("pair",), params, method)
    if bundles.real is None:
        rows.append(Measurement.unavailable("scaling", f"{name}real-pepr", "(b) real Pepr",
                                            bundles.real_missing))
    return rows


@workload(group="scaling", name="bindings", title="latency as bindings grow (1 KB object)")
async def by_bindings(ctx: BenchContext) -> list[Measurement]:
    """1, 10, 100 bindings on a 1 KB ConfigMap."""
    return [m for b in BINDINGS for m in await _point(
        ctx, b, 1 * KB, "latency vs bindings (1 KB object)", "bindings")]


@workload(group="scaling", name="object-size", title="latency as the object grows (10 bindings)")
async def by_size(ctx: BenchContext) -> list[Measurement]:
    """1 KB, 100 KB, 1 MB ConfigMaps with 10 bindings."""
    return [m for s in SIZES for m in await _point(
        ctx, 10, s, "latency vs object size (10 bindings)", "object_bytes")]
