"""`hostrt bench` / `hostrt report`: the harness, the documented JSON, ratios, CLI errors."""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, hostrt_cmd, requires_node, run_cmd

from hostrt.bench import registry
from hostrt.bench.harness import BenchConfig, BenchError, run_benchmarks
from hostrt.bench.registry import Measurement, Series, Target, percentile, workload

SCHEMA_DOC = REPO / "docs" / "bench-schema.md"

# Known samples: p50/p99 and ratios below are worked out by hand from these.
H = [1.0, 2.0, 3.0, 4.0, 100.0]
N = [1.0, 1.0, 1.0, 1.0, 2.0]


@pytest.fixture
def selftest_group() -> Iterator[str]:
    """A tiny registered group with fixed samples (no Node, no isolate)."""
    group = "selftest"

    @workload(group=group, name="fixed", title="fixed samples", needs_node=False)
    def fixed(ctx: Any) -> Measurement:
        calls = ctx.repeat(lambda: 1)  # exercises warm-up + runs
        return Measurement(group=group, name="fixed", title="fixed samples", unit="µs",
                           runtimes={"hostrt": Series(list(H), "h"), "node": Series(list(N), "n"),
                                     "other": Series([2.0], "o")},
                           target=Target(3.5, "p50"), params={"calls": len(calls)})
    yield group
    for key in [k for k in registry._WORKLOADS if k[0] == group]:
        del registry._WORKLOADS[key]


def _documented_fields() -> list[str]:
    text = SCHEMA_DOC.read_text(encoding="utf-8")
    return re.findall(r"^\| `([a-z_]+(?:[.\[\]a-z_0-9<>]*)*)` \|", text, flags=re.M)


def _resolve(doc: Any, path: str) -> list[Any]:
    """Values at a documented path like results[].runtimes.<runtime>.summary.p99."""
    values = [doc]
    for part in re.split(r"\.", path):
        nxt: list[Any] = []
        arr = part.endswith("[]")
        key = part[:-2] if arr else part
        for v in values:
            if key == "<runtime>":
                nxt.extend(v.values())
                continue
            assert isinstance(v, dict) and key in v, f"documented field {path!r} missing ({key})"
            nxt.extend(v[key] if arr else [v[key]])
        values = [x for x in nxt if x is not None] if part != path.split(".")[-1] else nxt
    return values


def test_percentiles_and_ratios_from_known_samples() -> None:
    m = Measurement(group="g", name="n", title="t", unit="µs",
                    runtimes={"hostrt": Series(H), "node": Series(N)})
    assert percentile(H, 50) == 3.0
    # rank (5-1)*0.99 = 3.96 -> 4 + (100-4)*0.96
    assert percentile(H, 99) == pytest.approx(96.16)
    assert m.ratio() == pytest.approx(3.0 / 1.0)
    assert m.ratio(stat="p99") == pytest.approx(96.16 / percentile(N, 99))
    assert m.ratio(stat="median") == pytest.approx(3.0)
    assert Measurement(group="g", name="n", title="t", unit="µs",
                       runtimes={"hostrt": Series(H)}).ratio() is None


def test_harness_emits_every_documented_field(selftest_group: str) -> None:
    report = run_benchmarks([selftest_group], BenchConfig(runs=3, warmup=2), node=None)
    doc = json.loads(json.dumps(report.to_json()))
    fields = _documented_fields()
    assert len(fields) > 40, "schema doc lost its field tables"
    for path in fields:
        _resolve(doc, path)
    (row,) = doc["results"]
    assert row["params"]["calls"] == 3  # runs, not warm-ups
    assert row["ratios"]["hostrt"] == pytest.approx(3.0)
    assert row["ratios"]["other"] == pytest.approx(2.0)
    assert row["runtimes"]["hostrt"]["summary"]["p99"] == pytest.approx(96.16)
    assert row["runtimes"]["hostrt"]["samples"] == H
    assert row["target"] == {"value": 3.5, "stat": "p50", "op": "<=", "met": True,
                             "of_node": False, "bound": 3.5, "met_by": {"hostrt": True}}
    assert doc["method"]["runs"] == 3 and doc["method"]["warmup"] == 2


def test_missing_groups_are_reported_not_faked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A planned group whose module is not in the build is a row saying so, with no figures."""
    from hostrt.bench import harness
    monkeypatch.setitem(harness.KNOWN_GROUPS, "planned", "a group this build does not have")
    doc = run_benchmarks(["planned"], BenchConfig(runs=1, warmup=0), node=None).to_json()
    assert doc["groups"][0]["available"] is False
    (row,) = doc["results"]
    assert row["available"] is False and row["runtimes"] == {} and row["ratios"] == {}
    assert row["reason"] == ("not available in this build "
                             "(no hostrt/bench/planned.py workloads registered)")


def test_from_pair_adapter() -> None:
    m = Measurement.from_pair("shims", "sha256", {
        "hostrt": {"samples": [10, 20, 30], "label": "h"}, "node": {"value": 40}, "unit": "MB/s"},
        value_key="value", stats=("median",), better="higher")
    assert m.unit == "MB/s"
    assert m.runtimes["hostrt"].samples == [10.0, 20.0, 30.0]
    assert m.runtimes["node"].samples == [40.0]
    assert m.ratio() == pytest.approx(0.5)


def test_unknown_group_is_a_clear_error() -> None:
    with pytest.raises(BenchError, match="unknown bench group 'nope'"):
        run_benchmarks(["nope"], BenchConfig(runs=1, warmup=0), node=None)
    res = run_cmd([*hostrt_cmd(), "bench", "nope"])
    assert res.code == 1
    assert "unknown bench group 'nope'" in res.err
    assert "Traceback" not in res.err
    res = run_cmd([*hostrt_cmd(), "bench", "bridge", "--only", "nothing"])
    assert res.code == 1 and "unknown workload 'nothing' in bridge" in res.err
    assert "roundtrip" in res.err


@pytest.mark.parametrize("cmd", ["bench", "report"])
def test_cli_help(cmd: str) -> None:
    res = run_cmd([*hostrt_cmd(), cmd, "--help"])
    assert res.code == 0
    for opt in (["--json", "--md", "--plot", "--runs", "--warmup"] if cmd == "bench"
                else ["--out", "--from", "--compat"]):
        assert opt in res.out


def test_bad_from_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"schema": "other"}')
    res = run_cmd([*hostrt_cmd(), "bench", "--from", str(bad)])
    assert res.code == 1 and "field 'schema'" in res.err and "Traceback" not in res.err


def test_plot_without_matplotlib_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from hostrt.bench.plot import require_matplotlib
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(BenchError, match=r"pip install 'hostrt\[bench\]'"):
        require_matplotlib()


def test_markdown_and_plots(selftest_group: str, tmp_path: Path) -> None:
    from hostrt.bench import render
    doc = run_benchmarks([selftest_group], BenchConfig(runs=1, warmup=0), node=None).to_json()
    md = render.markdown(doc)
    assert "| selftest | fixed samples | p50 | 3.00 µs | 1.00 µs | 3× |" in md
    assert "≤ 3.50 µs (p50): met" in md
    pytest.importorskip("matplotlib", reason="matplotlib is the optional hostrt[bench] extra")
    from hostrt.bench.plot import write_plots
    row = doc["results"][0]
    row["runtimes"]["hostrt"]["samples"] = [float(x) for x in range(1, 41)]
    (png,) = write_plots(doc, tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@requires_node
def test_spawner_peak_rss_is_the_childs_own() -> None:
    """A child forked from a big parent must not report the parent's RSS as its peak."""
    from hostrt.bench.procs import spawn
    ballast = b"\x01" * (400 * 1024 * 1024)
    run = spawn([str(shutil.which("node")), "-e", "0"])
    assert 5 < run.peak_rss_mib < 300
    del ballast


@requires_node
def test_bridge_roundtrip_side_by_side() -> None:
    """A real (tiny) bridge run: hostrt, Node and mini-racer columns, ratio from this run."""
    res = run_cmd([*hostrt_cmd(), "bench", "bridge", "--only", "roundtrip", "--runs", "1",
                   "--warmup", "0", "--scale", "0.02", "--json", "-"], timeout=120)
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    row, cpu = doc["results"]
    assert cpu["name"] == "roundtrip-cpu" and cpu["runtimes"]["hostrt"]["summary"]["n"] == 1
    rts = row["runtimes"]
    assert {"hostrt", "node", "mini-racer"} <= set(rts)
    assert rts["hostrt"]["summary"]["n"] >= 30
    h, n = rts["hostrt"]["summary"]["p50"], rts["node"]["summary"]["p50"]
    assert row["ratios"]["hostrt"] == pytest.approx(h / n, rel=1e-4)
    assert "setImmediate" in rts["node"]["label"]
    assert "Method:" in res.err and "Machine:" in res.err


def test_plain_bench_functions_are_adapted() -> None:
    """A helper module with `bench_<name>()` returning {"hostrt": ..., "node": ...} plugs in."""
    import types

    from hostrt.bench.harness import BenchContext, _adapt_plain_functions
    mod = types.ModuleType("fake_shims")
    seen: dict[str, int] = {}

    def bench_sha256(runs: int) -> dict[str, Any]:
        """sha256 throughput."""
        seen["runs"] = runs
        return {"hostrt": {"samples": [100.0, 300.0]}, "node": {"samples": [400.0]},
                "unit": "MB/s", "better": "higher"}
    def bench_timer_lateness() -> dict[str, Any]:
        """setTimeout lateness."""
        return {"unit": "ms", "hostrt": {"samples": [1.0, 2.0, 3.0], "p50": 2.0},
                "node": {"samples": [0.5, 1.0, 1.5], "p50": 1.0}}
    mod.bench_sha256 = bench_sha256  # type: ignore[attr-defined]
    mod.bench_timer_lateness = bench_timer_lateness  # type: ignore[attr-defined]
    mod.helper = lambda: None  # type: ignore[attr-defined]
    try:
        _adapt_plain_functions("fakegroup", mod)
        w, t = registry.workloads("fakegroup")
        assert (w.name, w.title) == ("sha256", "sha256 throughput.")
        ctx = BenchContext(BenchConfig(runs=4, warmup=0), None, Path("."), None)
        m = w.fn(ctx)
        assert seen["runs"] == 4
        assert (m.unit, m.better, m.stats) == ("MB/s", "higher", ("median",))
        assert m.ratio() == pytest.approx(200.0 / 400.0)
        lat = t.fn(ctx)
        assert (t.name, lat.stats, lat.better) == ("timer-lateness", ("p50", "p99"), "lower")
        assert lat.ratio() == pytest.approx(2.0)
    finally:
        registry._WORKLOADS.pop(("fakegroup", "sha256"), None)
        registry._WORKLOADS.pop(("fakegroup", "timer-lateness"), None)


def test_admission_adapter_keeps_given_statistics(monkeypatch: pytest.MonkeyPatch) -> None:
    """hostrt/bench/admission.py reports statistics, not samples: they pass through unchanged."""
    import types

    from hostrt.bench import adapters
    from hostrt.bench.harness import BenchContext, measurement_json
    fake = types.ModuleType("hostrt.bench.admission")
    asked: dict[str, int] = {}

    def bench_admission(n: int, warmup: int) -> dict[str, Any]:
        asked.update(n=n, warmup=warmup)
        return {"workload": {"module": "m"},
                "hostrt": {"n": n, "p50_us": 300.0, "p99_us": 900.0, "mean_us": 350.0,
                           "req_per_s": 2800.0, "startup_ms": 120.0},
                "node": {"n": n, "p50_us": 150.0, "p99_us": 1200.0, "mean_us": 200.0,
                         "req_per_s": 5000.0},
                "hostrt-stpyv8": {"n": n, "p50_us": 120.0, "p99_us": 500.0, "mean_us": 130.0,
                                  "req_per_s": 7000.0, "startup_ms": 60.0}}
    fake.bench_admission = bench_admission  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "hostrt.bench.admission", fake)
    saved = dict(registry._WORKLOADS)
    try:
        registry._WORKLOADS.pop(("admission", "hello-pepr"), None)
        adapters.register()
        (w,) = registry.workloads("admission")
        rows = w.fn(BenchContext(BenchConfig(runs=1, warmup=0, scale=0.01), None, Path("."),
                                 None))
        assert asked == {"n": 20, "warmup": 5}
        lat, thr, ready = rows
        assert lat.ratio() == pytest.approx(2.0) and lat.ratio(stat="p99") == pytest.approx(0.75)
        assert (thr.better, thr.ratio()) == ("higher", pytest.approx(0.56))
        assert ready.value("hostrt") == 120.0 and ready.ratio() is None
        j = measurement_json(lat)
        assert j["runtimes"]["hostrt"]["raw"] is False
        assert j["runtimes"]["hostrt"]["samples"] == []
        assert j["runtimes"]["node"]["summary"]["max"] is None
        # The goal is relative: p50 no slower than Node's, judged per hostrt engine.
        assert j["target"]["bound"] == 150.0 and j["target"]["of_node"] is True
        assert j["target"]["met"] is False
        assert j["target"]["met_by"] == {"hostrt": False, "hostrt-stpyv8": True}
        assert lat.ratio("hostrt-stpyv8") == pytest.approx(0.8)
        assert ready.value("hostrt-stpyv8") == 60.0
        from hostrt.bench.render import target_text
        assert target_text(j) == "≤ Node's p50 (150 µs): MISSED; hostrt-stpyv8: met"
    finally:
        registry._WORKLOADS.clear()
        registry._WORKLOADS.update(saved)


def test_report_answers_each_claim(selftest_group: str) -> None:
    """The appendix has the five ADR claims, the compat count it was given, and says what is
    missing instead of inventing it."""
    from hostrt.bench.report import build_report
    doc = run_benchmarks([selftest_group], BenchConfig(runs=1, warmup=0), node=None).to_json()
    compat = {"node_version": "v20", "summary": {"line": "7 of 9 probes match Node", "differs": 1,
                                                 "missing": 1, "throws": 0, "impossible": 0},
              "areas": [{"area": "timers", "total": 4, "works": 3, "missing": 1},
                        {"area": "crypto", "total": 5, "works": 4, "differs": 1}]}
    text = build_report(doc, compat_loaded=(compat, "given"))
    for claim in ('"Not a drop-in replacement"', "setTimeout/setInterval/console",
                  '"Instability in crypto"', '"Potential performance gains"',
                  '"Dev and cluster would run different runtimes"'):
        assert f"{claim}" in text
    assert "**7 of 9 probes match Node**" in text
    assert "compat `timers`: 3 of 4 probes match Node (3 works, 1 missing)" in text
    assert "compat `console`: not available (no probes in that area)" in text
    assert "Admission (hello-pepr vs real Pepr 1.1.4 processors): not available" in text
    none = build_report(doc, compat_loaded=(None, "`hostrt compat` is not available"))
    assert "Compat counts: not available (`hostrt compat` is not available)" in none
