"""`hostrt bench serve`: rows, ratios and goals from measured results; not available without wrk;
a short real run (slow) against both live controllers."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from hostrt.bench import serve
from hostrt.bench.registry import HOSTRT, NODE
from tests.conftest import run_cmd


def _result(label: str, rps: float, p99: float, rss: float, total: int) -> serve.ServerResult:
    res = serve.ServerResult(label, ready_s=0.4, rss_ready_mb=rss, rss_total_mb=rss * 2,
                             total_requests=total)
    for route in serve.ROUTES:
        res.routes[route] = serve.WrkRun(int(rps * 10), 10.0, 1.0, 2.0, p99, 0, cpu_s=5.0)
    return res


def test_rows_ratios_and_goals() -> None:
    results = {HOSTRT: _result("hostrt", 5000, 3.0, 60, 200_000),
               NODE: _result("pepr", 2000, 4.0, 150, 200_000),
               serve.WORKERS2: _result("w2", 8000, 2.0, 120, 200_000)}
    rows = {m.name: m for m in serve.measurements(results, 10.0, 200_000)}
    rps = rows["mutate-rps"]
    assert rps.value(HOSTRT) == 5000 and rps.value(NODE) == 2000
    assert rps.ratio() == pytest.approx(2.5)
    assert rps.target is not None and rps.target.met(rps.runtimes[HOSTRT], rps.runtimes[NODE])
    lat = rows["validate-latency"]
    assert lat.value(HOSTRT, "p99") == 3.0 and lat.value(NODE, "p99") == 4.0
    cpu = rows["alternate-cpu"]
    assert cpu.value(HOSTRT) == pytest.approx(5.0 / 50_000 * 1000)
    rss = rows["rss-200k"]
    assert rss.ratio() == pytest.approx(120 / 300)
    assert rows["ready"].value(HOSTRT) == 0.4


def test_rss_after_200k_needs_200k_requests() -> None:
    results = {HOSTRT: _result("hostrt", 5000, 3.0, 60, 1000), NODE: _result("pepr", 1, 1, 1, 1)}
    rows = {m.name: m for m in serve.measurements(results, 10.0, 200_000)}
    assert HOSTRT not in rows["rss-200k"].runtimes or not rows["rss-200k"].available


def test_a_server_that_fails_is_reported_not_estimated() -> None:
    results = {HOSTRT: serve.ServerResult("hostrt", failure="boom"),
               NODE: _result("pepr", 2000, 4.0, 150, 200_000)}
    rows = serve.measurements(results, 10.0, 200_000)
    assert all(not m.available and "boom" in m.reason for m in rows)


def test_without_wrk_the_group_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from hostrt.bench.harness import BenchConfig, BenchContext
    real = shutil.which
    monkeypatch.setattr(serve.shutil, "which", lambda name: None if name == "wrk" else real(name))
    rows = serve.serve_https(BenchContext(BenchConfig(runs=1, warmup=0), None, tmp_path))
    assert len(rows) == 1 and not rows[0].available and "wrk is not installed" in rows[0].reason


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("wrk") is None or shutil.which("node") is None,
                    reason="needs wrk and Node.js")
def test_short_real_run(tmp_path: Path) -> None:
    out = tmp_path / "serve.json"
    res = run_cmd([sys.executable, "-m", "hostrt.cli", "bench", "serve", "--scale", "0.01",
                   "--runs", "1", "--warmup", "0", "--json", str(out)], timeout=600)
    assert res.code == 0, res.err
    rows = {r["name"]: r for r in json.loads(out.read_text())["results"] if r["group"] == "serve"}
    from hostrt.engine import engine_installed
    stpyv8 = [serve.STPYV8] if engine_installed("stpyv8") else []
    for name in ("mutate-rps", "validate-rps", "alternate-rps", "ready", "rss-ready"):
        assert rows[name]["available"], rows[name]
        for side in (HOSTRT, NODE, serve.WORKERS2, *stpyv8):
            assert rows[name]["runtimes"][side]["summary"]["median"] > 0


def test_floor_notes_say_what_the_goals_leave() -> None:
    results = {HOSTRT: _result("hostrt", 5000, 3.0, 110, 200_000),
               NODE: _result("pepr", 2000, 4.0, 160, 200_000)}
    rows = {m.name: m for m in serve.measurements(results, 10.0, 200_000, floor=(0.3, 80.0))}
    assert "0.30 s, 60% of the 0.5 s goal" in rows["ready"].params["note"]
    assert "80 MB, 0.50x Pepr's RSS at ready" in rows["rss-ready"].params["note"]
    assert "leaves 0 MB" in rows["rss-ready"].params["note"]
    without = {m.name: m for m in serve.measurements(results, 10.0, 200_000)}
    assert "note" not in without["ready"].params


def test_floor_is_measured() -> None:
    floor = serve.measure_floor(runs=1)
    assert floor is not None
    secs, mb = floor
    assert 0 < secs < 60 and 20 < mb < 1000


def test_appendix_quotes_the_floor_notes() -> None:
    from hostrt.bench.harness import measurement_json
    from hostrt.bench.report import _serve_lines
    results = {HOSTRT: _result("hostrt", 5000, 3.0, 110, 200_000),
               NODE: _result("pepr", 2000, 4.0, 160, 200_000)}
    rows = serve.measurements(results, 10.0, 200_000, floor=(0.3, 80.0))
    text = "\n".join(_serve_lines({"results": [measurement_json(m) for m in rows]}))
    assert "The floor in this run: that same bare process holds 80 MB" in text
    assert "of the 0.5 s goal." in text


def test_goals_chart(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="matplotlib is the optional hostrt[bench] extra")
    from hostrt.bench.harness import measurement_json
    from hostrt.bench.plot import _goal_ratios, chart_names, write_plots
    results = {HOSTRT: _result("hostrt", 5000, 3.0, 110, 200_000),
               NODE: _result("pepr", 2000, 4.0, 160, 200_000),
               serve.WORKERS2: _result("w2", 8000, 2.0, 220, 200_000)}
    doc = {"results": [measurement_json(m) for m in serve.measurements(results, 10.0, 200_000)]}
    rows = {r["name"]: r for r in doc["results"]}
    # At the statistic each goal names: p99 for latency, not the headline p50.
    assert _goal_ratios(rows["mutate-latency"]) == {HOSTRT: 0.75, serve.WORKERS2: 0.5}
    assert _goal_ratios(rows["mutate-rps"])[HOSTRT] == pytest.approx(2.5)
    written = write_plots(doc, tmp_path)
    goals = tmp_path / "serve-goals.png"
    assert goals in written and goals.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "serve-goals" in chart_names(doc)


def test_ready_is_the_median_of_several_starts(tmp_path: Path) -> None:
    from contextlib import contextmanager
    times = iter([0.9, 0.3, 0.4])
    started: list[int] = []

    @contextmanager
    def start():
        started.append(1)
        yield serve.Served(pid=0, port=0, ready_s=next(times))

    results = serve.measure_all({HOSTRT: start}, 1.0, 0, tmp_path / "b", tmp_path / "s",
                                rounds=0, starts=3)
    assert len(started) == 3
    assert results[HOSTRT].ready_runs == [0.9, 0.3, 0.4]
    assert results[HOSTRT].ready_s == 0.4


def test_stpyv8_rows_beside_mini_racer_and_in_the_appendix() -> None:
    from hostrt.bench.harness import measurement_json
    from hostrt.bench.report import _serve_lines
    results = {HOSTRT: _result("hostrt", 5000, 3.0, 110, 200_000),
               NODE: _result("pepr", 2000, 4.0, 160, 200_000),
               serve.STPYV8: _result("stpyv8", 6000, 2.0, 100, 200_000)}
    rows = {m.name: m for m in serve.measurements(results, 10.0, 200_000)}
    for name in ("mutate-rps", "validate-latency", "alternate-cpu", "ready", "rss-ready",
                 "rss-200k"):
        assert serve.STPYV8 in rows[name].runtimes, name
    assert rows["mutate-rps"].ratio(serve.STPYV8) == pytest.approx(3.0)
    assert "stpyv8" in rows["mutate-rps"].runtimes[serve.STPYV8].label
    doc = {"results": [measurement_json(m) for m in rows.values()]}
    text = "\n".join(_serve_lines(doc))
    assert "hostrt 5,000 req/s vs Node 2,000 req/s (2.5×, median); on stpyv8 6,000 req/s (3×)" \
        in text
    assert "`stpyv8` is the one process on `--engine stpyv8`" in text


def test_stpyv8_not_installed_is_said_on_the_rows_and_in_the_appendix() -> None:
    from hostrt.bench.harness import measurement_json
    from hostrt.bench.report import _serve_lines
    results = {HOSTRT: _result("hostrt", 5000, 3.0, 110, 200_000),
               NODE: _result("pepr", 2000, 4.0, 160, 200_000),
               serve.STPYV8: serve.ServerResult("stpyv8", failure="not installed: x")}
    rows = serve.measurements(results, 10.0, 200_000)
    assert all(serve.STPYV8 not in m.runtimes for m in rows)
    assert rows[0].params["not measured"] == {
        "hostrt serve --engine stpyv8 (1 process)": "not installed: x"}
    text = "\n".join(_serve_lines({"results": [measurement_json(m) for m in rows]}))
    assert "- hostrt serve --engine stpyv8 (1 process): not measured — not installed: x." in text


def test_server_starters_run_the_engine_asked_for(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, str | None]] = []
    monkeypatch.setattr(serve, "hostrt_server",
                        lambda bundle, cert, key, workers, env, engine=None:
                        seen.append((workers, engine)))
    starters = serve.server_starters(tmp_path, {serve.WORKERS2: 2}, {serve.STPYV8: "stpyv8"})
    assert list(starters)[-2:] == [serve.STPYV8, serve.WORKERS2]
    for key in (HOSTRT, serve.STPYV8, serve.WORKERS2):
        starters[key]()
    assert seen == [(1, None), (1, "stpyv8"), (2, None)]


def test_rss_breakdown_by_stage_is_measured_and_quoted() -> None:
    from hostrt.bench.harness import measurement_json
    from hostrt.bench.report import _serve_lines
    from hostrt.bench.serve_rss import STAGES
    stages = serve.measure_stages(serve.built_bundle())
    assert stages is not None and [s["stage"] for s in stages] == list(STAGES)
    for st in stages:
        assert st["rss"] > 0 and abs(st["anon"] + st["file"] + st["shmem"] - st["rss"]) < 1.0
    # Each stage adds to the one before it, up to the module; ready has the heap figures.
    assert stages[0]["rss"] < stages[4]["rss"] < stages[6]["rss"]
    assert stages[4]["lib_mb"] > 0 and stages[-1]["v8_heap_mb"] > 0
    results = {HOSTRT: _result("hostrt", 5000, 3.0, 110, 200_000),
               NODE: _result("pepr", 2000, 4.0, 160, 200_000)}
    results[HOSTRT].rss_ready_split = {"rss": 110.0, "anon": 58.0, "file": 52.0}
    results[NODE].rss_ready_split = {"rss": 160.0, "anon": 120.0, "file": 40.0}
    rows = {m.name: m for m in serve.measurements(results, 10.0, 200_000, floor=(0.3, 85.0),
                                                  stages=stages)}
    note = rows["rss-ready"].params["note"]
    assert note.startswith("floor in this run: that same bare process holds 85 MB, 0.53x")
    assert "over a 0.5x goal by 5 MB before any shim or module is loaded" in note
    assert "in one fresh process (MB resident = anonymous + file-backed): python " in note
    assert "At ready in this run (anonymous + file-backed): hostrt 110 (58 + 52), Pepr 160 " \
           "(120 + 40)" in note
    text = "\n".join(_serve_lines({"results": [measurement_json(m) for m in rows.values()]}))
    assert "+V8 initialised" in text and "ready (after V8 GC, gc.collect, malloc_trim)" in text


def test_tree_rss_split_adds_up() -> None:
    import os
    split = serve.tree_rss_split(os.getpid())
    assert split["rss"] > 0 and split["anon"] > 0 and split["file"] > 0
    assert split["anon"] + split["file"] <= split["rss"] + 1.0
