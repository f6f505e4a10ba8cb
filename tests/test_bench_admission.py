"""The admission benchmark function: both sides measure the same request and report figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from hostrt.bench.admission import bench_admission
from hostrt.engine import ENGINES, default_engine, engine_installed
from hostrt.errors import HostError
from tests.conftest import requires_node

KEYS = {"n", "p50_us", "p99_us", "mean_us", "req_per_s"}


@requires_node
def test_bench_reports_both_sides() -> None:
    out = bench_admission(n=20, warmup=5)
    sides = ["hostrt", "node"] + [f"hostrt-{e}" for e in ENGINES
                                  if e != default_engine() and engine_installed(e)]
    assert set(out) == {"workload", *sides}
    for side in sides:
        assert set(out[side]) >= KEYS
        fig = out[side]
        assert fig["n"] == 20
        assert 0 < fig["p50_us"] <= fig["p99_us"]
        assert fig["req_per_s"] > 0
    assert out["hostrt"]["startup_ms"] > 0


def test_bench_runs_the_engines_asked_for() -> None:
    out = bench_admission(n=5, warmup=1, node=False, engines=["mini-racer"])
    assert set(out) == {"workload", "hostrt"} and out["hostrt"]["n"] == 5


def test_bench_missing_request_is_clear(tmp_path: Path) -> None:
    with pytest.raises(HostError, match="no such file"):
        bench_admission(request=tmp_path / "nope.json", n=1, node=False)


def test_pepr_reference_without_npm_is_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shared real-Pepr install names what it needs instead of failing obscurely."""
    from hostrt.pepr import reference
    monkeypatch.setenv("HOSTRT_HOME", str(tmp_path))
    monkeypatch.setattr(reference.shutil, "which", lambda _name: None)
    with pytest.raises(HostError, match=r"Pepr 1\.1\.4 reference needs npm"):
        reference.pepr_reference()
    assert not (tmp_path / "pepr-1.1.4").exists()
