"""Thin adapters for group modules other helpers write in their own format.

`hostrt/bench/admission.py` (the pepr-edge helper) exposes `bench_admission(n=, warmup=)`
returning ``{"hostrt": {n, p50_us, p99_us, mean_us, req_per_s, startup_ms}, "node": {...}}``:
statistics without raw samples. The adapter turns that into Measurements (latency, throughput,
hostrt's module start-up) with the statistics marked as given. Registered only when the module is
in this build, so a missing group stays "not available in this build".
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Any

from hostrt.bench.registry import (
    HOSTRT,
    Measurement,
    Series,
    Target,
    describe_group,
    engine_runtime,
    is_hostrt,
    workload,
    workloads,
)
from hostrt.engine import ENGINES, default_engine


def register() -> None:
    """Register adapters for the helper modules present in this build."""
    if _present("hostrt.bench.admission") and not workloads("admission"):
        _register_admission()


def _present(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ValueError:  # already imported without a spec (e.g. a test double)
        return module in sys.modules


def _register_admission() -> None:
    describe_group("admission", "in-process mutate+validate of hello-pepr: hostrt against real "
                                "Pepr 1.1.4 processors in Node")
    labels = {
        HOSTRT: f"Host.dispatch('pepr.admission.both', request text) on {default_engine()}",
        "node": "real Pepr 1.1.4 mutateProcessor then validateProcessor, awaited in process",
    }
    for engine in ENGINES:
        labels[engine_runtime(engine)] = f"the same dispatch on the {engine} engine backend"

    @workload(group="admission", name="hello-pepr", title="hello-pepr mutate+validate")
    def admission(ctx: Any) -> list[Measurement]:
        from hostrt.bench.admission import bench_admission  # type: ignore[import-not-found]
        res: dict[str, Any] = bench_admission(n=ctx.n(2000, minimum=20),
                                              warmup=ctx.n(200, minimum=5))
        sides = {rt: side for rt, side in res.items()
                 if (is_hostrt(rt) or rt == "node") and isinstance(side, dict)}
        params = dict(res.get("workload", {}))
        n = sides.get(HOSTRT, {}).get("n")
        method = (f"{n} sequential requests after warm-up, one mutate+validate pair each, timed "
                  "per pair (hostrt: perf_counter around one Host.dispatch that runs both "
                  "routes; Node: hrtime around "
                  "the two processors); statistics as computed by hostrt/bench/admission.py "
                  "(nearest-rank percentiles, no raw samples)")
        latency = Measurement.from_pair("admission", "hello-pepr", sides, unit="µs",
                                        unit_suffix="_us", stats=("p50", "p99", "mean"),
                                        title="hello-pepr ConfigMap: mutate+validate, in process",
                                        method=method, params=params,
                                        target=Target(1.0, "p50", of_node=True))
        for rt, series in latency.runtimes.items():
            series.label = labels.get(rt, series.label)
        rows = [latency]
        thr = {rt: Series([], labels.get(rt, ""), {"mean": float(side["req_per_s"]),
                                                   "n": float(side.get("n", 0))})
               for rt, side in sides.items() if isinstance(side.get("req_per_s"), int | float)}
        if thr:
            rows.append(Measurement(
                group="admission", name="hello-pepr-throughput", unit="req/s", better="higher",
                title="hello-pepr: sequential mutate+validate pairs per second", stats=("mean",),
                method="n / sum of per-pair times (one at a time)", params=params, runtimes=thr))
        ready = {rt: Series([], labels.get(rt, ""), {"mean": float(side["startup_ms"]), "n": 1})
                 for rt, side in sides.items() if isinstance(side.get("startup_ms"), int | float)}
        if ready:
            rows.append(Measurement(
                group="admission", name="hello-pepr-ready", unit="ms", stats=("mean",),
                title="hostrt: isolate + module load + store load (in process)",
                method="perf_counter from Host start to the module loaded with its store",
                params=params, runtimes=ready))
        return rows
