"""Deno 2 and Bun as peers of Node: installed from the shipped lockfile, run in their
Node-compatibility mode, classified against Node like every other column."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import hostrt_cmd, requires_node, run_cmd

from hostrt import peers
from hostrt.compat.runner import RUNTIME_ORDER, Options, make_runtimes, run_compat
from hostrt.compat.runtimes import RUNTIMES, PeerRuntime


@pytest.fixture(scope="module")
def installed_peers() -> None:
    """The peers, installed once by the same code `hostrt setup --peers` runs (needs npm)."""
    peers.ensure_peers(announce=False)


def test_every_runtime_is_one_table_entry() -> None:
    # The column order, the CLI's choices and the factories all come from one table.
    assert tuple(RUNTIMES) == RUNTIME_ORDER
    assert RUNTIME_ORDER[0] == "node"
    assert {"deno", "bun"} <= set(RUNTIME_ORDER)


def test_absent_peer_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOSTRT_HOME", str(tmp_path / "empty-home"))
    rt = PeerRuntime("deno")
    assert not rt.available
    assert rt.note == "Deno is not installed (run `hostrt setup --peers`)"


@requires_node
async def test_absent_peer_column_is_reported_not_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOSTRT_HOME", str(tmp_path / "empty-home"))
    probes = tmp_path / "probes"
    (probes / "lab").mkdir(parents=True)
    (probes / "lab" / "one.js").write_text("// probe: lab/one\nconsole.log(1);\n")
    report = await run_compat(Options(probe_dir=probes, existence=False,
                                      runtimes=("node", "bun")))
    (bun,) = [rt for rt in report.runtimes if rt.name == "bun"]
    assert not bun.available and "hostrt setup --peers" in bun.note
    assert "bun" not in report.rows[0].results


@requires_node
def test_setup_peers_installs_pinned_versions(installed_peers: None) -> None:
    res = run_cmd([*hostrt_cmd(), "setup", "--peers"], timeout=300)
    assert res.code == 0, res.err
    assert f"peer deno 2.9.6 at {peers.binary('deno')}" in res.out
    assert f"peer bun 1.4.5 at {peers.binary('bun')}" in res.out


@requires_node
async def test_peers_run_probes_against_node(installed_peers: None, tmp_path: Path) -> None:
    probes = tmp_path / "probes"
    (probes / "lab").mkdir(parents=True)
    # CommonJS with require, as Node scripts are written: Deno needs its CJS detection for it.
    (probes / "lab" / "cjs.js").write_text(
        "// probe: lab/cjs\nconst path = require('path');\nconsole.log(path.join('a', 'b'));\n")
    # Deno and Bun print strings inside arrays with double quotes; Node with single quotes.
    (probes / "lab" / "quotes.js").write_text("// probe: lab/quotes\nconsole.log(['x']);\n")
    (probes / "lab" / "exit.js").write_text("// probe: lab/exit\nprocess.exitCode = 3;\n")
    report = await run_compat(Options(probe_dir=probes, existence=False, timeout=20,
                                      runtimes=("node", "deno", "bun")))
    labels = {rt.name: rt.label for rt in report.runtimes}
    assert labels["deno"] == "Deno 2.9.6" and labels["bun"] == "Bun 1.4.5"
    rows = {r.probe.id: r.results for r in report.rows}
    for peer in ("deno", "bun"):
        assert rows["lab/cjs"][peer].status == "works", rows["lab/cjs"][peer].detail
        assert rows["lab/exit"][peer].status == "works", rows["lab/exit"][peer].detail
        quotes = rows["lab/quotes"][peer]
        assert quotes.status == "differs"
        assert "-[ 'x' ]" in quotes.detail and '+[ "x" ]' in quotes.detail


def test_make_runtimes_keeps_column_order() -> None:
    names = [rt.name for rt in make_runtimes(("node", "bun", "hostrt", "deno"))]
    assert names == ["node", "hostrt", "deno", "bun"]


@pytest.mark.slow
@requires_node
def test_bench_peers_runs_the_same_bundle_everywhere(installed_peers: None) -> None:
    """`hostrt bench peers`: real Pepr's /mutate and /validate and the start rows carry Node,
    Deno, Bun and hostrt figures from one run, and every runtime gave Node's answer."""
    import json
    res = run_cmd([*hostrt_cmd(), "bench", "peers", "--runs", "1", "--warmup", "0",
                   "--scale", "0.01", "--json", "-"], timeout=900)
    assert res.code == 0, res.err[-3000:]
    doc = json.loads(res.out)
    rows = {r["name"]: r for r in doc["results"] if r["group"] == "peers"}
    for route in ("mutate", "validate"):
        row = rows[f"admission-real-pepr-{route}"]
        assert row["available"], row.get("reason")
        assert {"node", "deno", "bun", "hostrt"} <= set(row["runtimes"])
        assert row["params"]["same_answer"] is True, row["params"]
        assert all(v["summary"]["n"] > 0 for v in row["runtimes"].values())
        assert "--unstable-detect-cjs" in row["method"]
    for name in ("peers-empty", "peers-hello-pepr-real-pepr", "peers-hello-pepr-real-pepr-rss"):
        assert {"node", "deno", "bun", "hostrt"} <= set(rows[name]["runtimes"]), name


def _case(tmp_path: Path, n_requests: int = 2) -> Path:
    """A module folder: the built hello-pepr bundle and its first requests."""
    import shutil

    from hostrt.resources import data_path
    built, source = data_path("modules/hello-pepr-built"), data_path("modules/hello-pepr")
    folder = tmp_path / "mods" / "hello-built"
    (folder / "requests").mkdir(parents=True)
    for f in built.glob("pepr-*.js"):
        shutil.copy(f, folder / f.name)
    shutil.copy(built / "fixture.json", folder / "fixture.json")
    for req in sorted((source / "requests").glob("*.json"))[:n_requests]:
        shutil.copy(req, folder / "requests" / req.name)
    return folder


def test_module_verdicts_compare_answers_like_the_differential(tmp_path: Path) -> None:
    from hostrt.compat.modules import Answers, find_modules, verdict
    (case,) = find_modules([_case(tmp_path, 1)])
    name = case.requests[0].name
    review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
              "response": {"uid": "u", "allowed": True}}
    ref = Answers({name: {"file": name, "mutate": review, "validate": review}})
    assert verdict(ref, ref, case) == ("identical", "")
    denied = {**review, "response": {"uid": "u", "allowed": False}}
    status, detail = verdict(ref, Answers({name: {"file": name, "mutate": review,
                                                  "validate": denied}}), case)
    assert status == "differs" and f"{name} validate" in detail
    assert verdict(ref, Answers(failure="boom"), case) == ("fails", "boom")


@requires_node
def test_compat_modules_on_peers(installed_peers: None, tmp_path: Path) -> None:
    """`hostrt compat --modules DIR`: the same real-Pepr answers in Node, Deno and Bun."""
    import json
    folder = _case(tmp_path)
    res = run_cmd([*hostrt_cmd(), "compat", "--modules", str(folder.parent), "--format", "json"],
                  timeout=600)
    assert res.code == 0, res.err[-2000:]
    doc = json.loads(res.out)
    (row,) = doc["modules"]
    assert row["module"] == "hello-built" and row["requests"] == 2
    assert row["status"] == {"node": "reference", "deno": "identical", "bun": "identical"}, row
    assert doc["line"] == ("Deno 2.9.6: 1 of 1 modules answer as Node; "
                           "Bun 1.4.5: 1 of 1 modules answer as Node")


def test_compat_modules_bad_dir_is_a_clear_error(tmp_path: Path) -> None:
    res = run_cmd([*hostrt_cmd(), "compat", "--modules", str(tmp_path / "nope")])
    assert res.code == 1 and "must name a directory of Pepr module folders" in res.err
    assert "Traceback" not in res.err


def test_appendix_section_puts_the_evidence_side_by_side() -> None:
    """Section 7 of the appendix from saved documents: compat shares per runtime, the SDK and
    module verdicts, the cost rows with ratios, and which hostrt deviations the peers share."""
    from hostrt.bench.report_peers import compat_extract, section
    rows = [
        {"id": "a/1", "area": "a", "status": {"node": "works", "hostrt": "works",
                                              "deno": "works", "bun": "differs"}},
        {"id": "a/2", "area": "a", "status": {"node": "works", "hostrt": "throws",
                                              "deno": "throws", "bun": "works"}},
        {"id": "b/1", "area": "b", "status": {"node": "present", "hostrt": "missing",
                                              "deno": "present", "bun": "present"}},
    ]
    compat = {"runtimes": [{"name": n, "label": n.title(), "available": True}
                           for n in ("node", "hostrt", "deno", "bun")], "rows": rows}
    peers = compat_extract(compat)
    assert [d["id"] for d in peers["hostrt_deviations"]] == ["a/2", "b/1"]
    bench = {"results": [{
        "group": "peers", "name": "admission-real-pepr-mutate", "title": "real Pepr: /mutate",
        "available": True, "headline": "p50", "unit": "µs",
        "params": {"same_answer": True},
        "ratios": {"deno": 1.25, "bun": 0.5, "hostrt": 3.0},
        "runtimes": {rt: {"summary": {"p50": v}} for rt, v in
                     (("node", 100.0), ("hostrt", 300.0), ("deno", 125.0), ("bun", 50.0))}}]}
    docs = {"pepr_sdk": ({"hostrt_answer": {"x": 1}, "node_answer": {"x": 1},
                          "peers": {"deno": {"label": "Deno 2.9.6",
                                             "verdict": "loads; admission answer matches Node"}}},
                         "saved"),
            "modules": (None, "could not read `x`")}
    text = "\n".join(section(bench, peers, docs))
    assert "| Deno | 3 | 1 (33%) | 1 (33%) | 0 (0%) | 0 (0%) | 1 (33%) | 0 (0%) |" in text
    assert "- Deno 2.9.6: loads; admission answer matches Node" in text
    assert "- hostrt: loads; admission answer matches Node" in text
    assert "- not available (could not read `x`)" in text
    assert "deno 125 µs (1.25×)" in text and "bun 50.0 µs (0.5×)" in text
    assert "every runtime gave Node's answer" in text
    assert "Of hostrt's 2 deviations from Node" in text
    assert "1 are shared by Deno or Bun and 1 are hostrt's alone" in text
