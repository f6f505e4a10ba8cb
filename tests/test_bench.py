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
from hostrt.bench.harness import BenchConfig, BenchError, measurement_json, run_benchmarks
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
    monkeypatch.setitem(registry.GROUPS, "planned", "a group this build does not have")
    doc = run_benchmarks(["planned"], BenchConfig(runs=1, warmup=0), node=None).to_json()
    assert doc["groups"][0]["available"] is False
    (row,) = doc["results"]
    assert row["available"] is False and row["runtimes"] == {} and row["ratios"] == {}
    assert row["reason"] == "not available in this build (no hostrt/bench/planned.py)"


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
    # A later render from the saved document links the chart drawn from this run, and not a
    # chart of the same name drawn from another run.
    from hostrt.bench.plot import saved_distribution_charts
    assert saved_distribution_charts(doc, tmp_path) == [png]
    other = {**doc, "started": "another run"}
    assert saved_distribution_charts(other, tmp_path) == []
    stale = tmp_path / "stale"
    stale.mkdir()
    (stale / png.name).write_bytes(b"not a png")
    assert saved_distribution_charts(doc, stale) == []


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


def _side(mutate: list[float], validate: list[float], answer: object = "same") -> Any:
    from hostrt.bench.peprwork import SideRun
    return SideRun({"mutate": mutate, "validate": validate},
                   {"mutate": answer, "validate": answer})


def test_decomposition_rows_compare_like_with_like() -> None:
    """(a) is hostrt's Pepr in Node vs hostrt, (b) real Pepr in Node vs hostrt, (c) the two
    implementations in Node; the goal is judged on STPyV8 only, per route."""
    from hostrt.bench.admission import NODE_HOSTRT_PEPR, decomposed
    from hostrt.bench.registry import runtime_key
    engines = ["mini-racer", "stpyv8"]
    runs = {"shim": {"node": _side([10.0] * 3, [8.0] * 3),
                     "mini-racer": _side([50.0] * 3, [40.0] * 3),
                     "stpyv8": _side([14.0] * 3, [13.0] * 3)},
            "real": {"node": _side([20.0] * 3, [10.0] * 3),
                     "mini-racer": _side([90.0] * 3, [70.0] * 3),
                     "stpyv8": _side([40.0] * 3, [12.0] * 3, answer="different")}}
    target = Target(1.5, "p50", of_node=True, runtimes=(runtime_key("stpyv8"),))
    rows = decomposed(None, "admission", "", "t ", runs, engines,  # type: ignore[arg-type]
                      ("mutate", "validate", "pair"), {"series": "s"}, "m", target)
    by = {r.name: r for r in rows}
    assert [r.name for r in rows][:3] == ["runtime-mutate", "real-pepr-mutate",
                                          "implementation-mutate"]
    st = runtime_key("stpyv8")
    assert by["runtime-mutate"].ratio(st) == pytest.approx(1.4)
    assert by["real-pepr-mutate"].ratio(st) == pytest.approx(2.0)
    assert by["runtime-validate"].ratio(st) == pytest.approx(13 / 8)
    # two requests per point: each request's mutate + validate
    assert by["runtime-pair"].value("node") == pytest.approx(18.0)
    impl = by["implementation-mutate"]
    assert set(impl.runtimes) == {"node", NODE_HOSTRT_PEPR} and impl.target is None
    assert impl.ratio(NODE_HOSTRT_PEPR) == pytest.approx(0.5)
    assert "not a runtime result" in impl.title
    assert by["real-pepr-validate"].params["same_answer"] is False
    assert by["runtime-mutate"].params["series"] == "(a) s"
    j = {r.name: measurement_json(r) for r in rows}
    assert j["runtime-mutate"]["target"]["met_by"] == {st: True}
    assert j["runtime-mutate"]["target"]["met"] is True
    assert j["real-pepr-mutate"]["target"]["met"] is False
    from hostrt.bench.render import target_text
    assert target_text(j["real-pepr-mutate"]) == f"≤ 1.5× Node's p50 (30.0 µs): {st}: MISSED"


def test_registry_imports_no_group_and_the_harness_no_group_statically() -> None:
    """No import cycle: registry and harness load without any group module."""
    code = ("import sys, hostrt.bench.harness; "
            "print(sorted(m for m in sys.modules if m.startswith('hostrt.bench')))")
    res = run_cmd([sys.executable, "-c", code])
    assert res.code == 0, res.err
    assert res.out.strip() == "['hostrt.bench', 'hostrt.bench.harness', 'hostrt.bench.registry']"


def test_every_group_module_is_listed_and_registers_workloads() -> None:
    from hostrt.bench import harness
    status = harness.load_groups()
    for group in ("bridge", "start", "memory", "scaling", "shims", "admission"):
        assert status[group] == "", group
    for group in ("serve", "watch", "cel", "soak"):
        assert group in registry.GROUPS
    assert set(registry.registered_groups()) <= set(registry.GROUPS)


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
    assert "compat `timers`: 3 of 4 probes verify behaviour against Node (3 works, 1 missing)" in text
    assert "compat `console`: not available (no probes in that area)" in text
    assert "Admission (hello-pepr, decomposed): not available" in text
    none = build_report(doc, compat_loaded=(None, "`hostrt compat` is not available"))
    assert "Compat counts: not available (`hostrt compat` is not available)" in none


def test_readme_headline_is_generated_and_docs_quote_no_typed_figures() -> None:
    """README/ARCHITECTURE figures come from a command: the headline block is what
    `hostrt report --readme` renders from the committed run; no other µs/× figure is typed."""
    from hostrt.bench.report import README_BEGIN, README_END, readme_block
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(README_BEGIN), readme.index(README_END) + len(README_END)
    doc = json.loads((REPO / "docs" / "bench" / "results.json").read_text(encoding="utf-8"))
    assert readme[start:end] == readme_block(doc)
    for name, text in (("README.md", readme[:start] + readme[end:]),
                       ("ARCHITECTURE.md", (REPO / "ARCHITECTURE.md").read_text("utf-8"))):
        typed = re.findall(r"[~≈]?\d[\d.,–-]*\s?(?:µs|ns|×)", text)
        assert not typed, f"{name} quotes measurements by hand: {typed}"


def test_readme_block_is_rewritten_in_place(tmp_path: Path) -> None:
    from hostrt.bench.harness import BenchError
    from hostrt.bench.report import README_BEGIN, README_END, update_readme
    doc = json.loads((REPO / "docs" / "bench" / "results.json").read_text(encoding="utf-8"))
    page = tmp_path / "README.md"
    page.write_text(f"intro\n{README_BEGIN}\nold figures\n{README_END}\nrest\n")
    update_readme(page, doc)
    text = page.read_text()
    assert text.startswith("intro\n") and text.endswith(f"{README_END}\nrest\n")
    assert "old figures" not in text and "`hostrt bench admission`" in text
    page.write_text("no block")
    with pytest.raises(BenchError, match="no generated headline block"):
        update_readme(page, doc)


def test_headline_quotes_a_b_c_and_explains_the_floor() -> None:
    """The appendix/README headline: (a), (b), (c) per route and backend, the crossing floor, and
    how much of the slower backend's gap the floor explains — all from the document's rows."""
    from hostrt.bench.admission import decomposed
    from hostrt.bench.report import headline_lines
    runs = {"shim": {"node": _side([10.0] * 3, [10.0] * 3),
                     "mini-racer": _side([100.0] * 3, [80.0] * 3),
                     "stpyv8": _side([14.0] * 3, [12.0] * 3)},
            "real": {"node": _side([20.0] * 3, [10.0] * 3),
                     "mini-racer": _side([90.0] * 3, [70.0] * 3),
                     "stpyv8": _side([28.0] * 3, [16.0] * 3)}}
    rows = decomposed(None, "admission", "", "", runs, ["mini-racer", "stpyv8"],  # type: ignore[arg-type]
                      ("mutate", "validate"), {}, "m",
                      Target(1.5, "p50", of_node=True, runtimes=("hostrt-stpyv8",)))
    rows += [Measurement(group="admission", name=f"floor-{k}", title=k, unit="µs",
                         runtimes={"hostrt": Series([v * 10] * 3), "hostrt-stpyv8": Series([v] * 3)})
             for k, v in (("tick", 1.0), ("dispatch", 3.0))]
    doc = {"machine": {"hostrt_engine": "mini-racer"}, "groups": [],
           "results": [measurement_json(r) for r in rows]}
    a, b, c, floor, why = headline_lines(doc)
    assert a.startswith("**(a) Runtime cost") and "`/mutate` Node 10.0 µs, mini-racer 100 µs " \
        "(10×), stpyv8 14.0 µs (1.4×); goal ≤ 1.5× on stpyv8: met" in a
    assert "`/validate` Node 10.0 µs, mini-racer 80.0 µs (8×), stpyv8 12.0 µs (1.2×)" in a
    assert "stpyv8 28.0 µs (1.4×)" in b and "stpyv8 16.0 µs (1.6×); goal ≤ 1.5× on stpyv8: " \
        "MISSED" in b
    assert "not a runtime result" in c and "`/mutate` real Pepr 20.0 µs, hostrt's Pepr 10.0 µs " \
        "(0.5×)" in c
    assert "mini-racer 10.0 µs (a no-op dispatch 30.0 µs), stpyv8 1.00 µs" in floor
    # mini-racer: 180 against Node's 20; crossings 2 x (30 - 3) = 54; the rest 180 - 26 - 54
    assert "a gap of 160 µs" in why and "accounts for 54.0 µs" in why and "other 100 µs" in why


def _doc(started: str, rows: dict[str, list[str]], available: set[str]) -> dict[str, Any]:
    return {"schema": "hostrt-bench/1", "started": started, "machine": {"load_avg": [1.5, 2, 3]},
            "groups": [{"name": g, "available": g in available} for g in rows],
            "results": [{"group": g, "name": n, "available": g in available, "method": "m"}
                        for g, names in rows.items() for n in names]}


def test_merge_replaces_only_the_groups_the_part_measured() -> None:
    from hostrt.bench.harness import merge_reports
    base = _doc("base", {"bridge": ["old-a", "old-b"], "serve": ["old-rps"]}, {"bridge", "serve"})
    part = _doc("T1", {"serve": ["rps", "p99"], "soak": ["rss"], "start": ["x"]},
                {"serve", "soak"})
    assert merge_reports(base, part, "part.json") == ["serve", "soak"]
    names = [(r["group"], r["name"]) for r in base["results"]]
    # bridge kept; serve replaced (old row gone); soak added; the unavailable start group ignored
    assert names == [("bridge", "old-a"), ("bridge", "old-b"), ("serve", "rps"),
                     ("serve", "p99"), ("soak", "rss")]
    assert [g["name"] for g in base["groups"]] == ["bridge", "serve", "soak"]
    merged = [r for r in base["results"] if r["group"] == "serve"]
    assert all("merged from part.json: run started T1, load average 1.5/2/3" in r["method"]
               and r["params"]["run_started"] == "T1" for r in merged)
    assert all(r["method"] == "m" for r in base["results"] if r["group"] == "bridge")


def test_merge_needs_from() -> None:
    res = run_cmd([*hostrt_cmd(), "bench", "--merge", "x.json"])
    assert res.code != 0 and "--merge needs --from" in res.err and "Traceback" not in res.err


@pytest.mark.parametrize(("args", "message"), [
    (["--runs", "0"], "argument --runs: expected a positive whole number, got '0'"),
    (["--runs", "1.5"], "argument --runs: expected a whole number, got '1.5'"),
    (["--warmup", "-1"], "argument --warmup: expected 0 or more, got '-1'"),
    (["--scale", "0"], "argument --scale: expected a scale in (0, 100], got '0'"),
    (["--scale", "x"], "argument --scale: expected a number, got 'x'"),
])
def test_bad_numbers_name_the_flag_and_the_rule(args: list[str], message: str) -> None:
    res = run_cmd([*hostrt_cmd(), "bench", *args, "--list"])
    assert res.code == 2 and message in res.err and "Traceback" not in res.err
