"""hostrt/bench/shims.py: each bench runs both runtimes and returns the documented shape."""

from __future__ import annotations

from typing import Any

from conftest import requires_node

from hostrt.bench import shims


def _check(res: dict[str, Any], keys: tuple[str, ...]) -> None:
    assert res["unit"]
    for runtime in ("hostrt", "node"):
        side = res[runtime]
        assert side["samples"], runtime
        assert all(isinstance(x, float) for x in side["samples"])
        for key in keys:
            assert side[key] >= 0, (runtime, key)


@requires_node
def test_bench_functions_run_both_runtimes() -> None:
    """Small runs of every shim bench (timers, console, sha256, randomUUID)."""
    timers = shims.bench_timer_lateness(runs=1, warmup=0, scale=0.1)
    _check(timers, ("p50", "p99"))
    assert timers["hostrt"]["n"] == timers["node"]["n"] == 20
    console = shims.bench_console_log(runs=1, warmup=0, scale=0.02)
    _check(console, ("median",))
    _check(shims.bench_sha256(runs=1), ("median",))
    _check(shims.bench_random_uuid(runs=1), ("median",))


