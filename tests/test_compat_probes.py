"""The compat lab's probe runner: statuses against real Node, existence probes, strategies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import requires_node

from hostrt.compat import probes as P
from hostrt.compat import strategy
from hostrt.compat.runner import (
    NodeRuntime,
    Options,
    classify_existence,
    classify_run,
    enumerate_node,
    run_compat,
)
from hostrt.compat.runtimes import Outcome
from hostrt.shimreg import load_shims, provided_modules


def _probe(root: Path, rel: str, body: str, api: str = "") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"// probe: {rel}\n// api: {api}\n{body}\n")


@pytest.fixture
def probe_dir(tmp_path: Path) -> Path:
    root = tmp_path / "probes"
    _probe(root, "lab/match.js", "console.log(1 + 1, 'two');")
    # V8 14 (mini-racer) has the Iterator global; Node 20's V8 does not.
    _probe(root, "lab/differs.js", "console.log(typeof Iterator);")
    _probe(root, "lab/hangs.js", "setInterval(() => {}, 1000);", api="timers.setInterval")
    _probe(root, "lab/spin.js", "for (;;) {}")
    _probe(root, "lab/nomodule.js", "require('hostrt-no-such-builtin-zz');")
    return root


@requires_node
async def test_probe_statuses_against_node(probe_dir: Path) -> None:
    report = await run_compat(Options(probe_dir=probe_dir, existence=False, timeout=1.5,
                                      runtimes=("node", "hostrt")))
    rows = {r.probe.id: r for r in report.rows}
    assert rows["lab/match"].results["node"].status == "works"
    assert rows["lab/match"].results["hostrt"].status == "works"
    differs = rows["lab/differs"].results["hostrt"]
    assert differs.status == "differs"
    assert "-undefined" in differs.detail and "+function" in differs.detail
    assert rows["lab/hangs"].results["hostrt"].status == "hangs"
    assert rows["lab/hangs"].results["node"].status == "hangs"
    assert rows["lab/spin"].results["hostrt"].status == "hangs"
    # Node throws MODULE_NOT_FOUND too: same exit code, same (empty) stdout -> works.
    assert rows["lab/nomodule"].results["node"].status == "throws"
    assert rows["lab/hangs"].strategy.strategy == "python"
    s = report.summary()
    assert s["total"] == 5
    # One API per probe here (no two name the same API): match and nomodule behave like Node.
    assert s["apis_total"] == 5 and s["works"] == 2
    assert s["line"].startswith("2 APIs behave like Node (behaviour verified), 0 present only as "
                                "stubs, 0 impossible, 0 missing; 0 more are present")


@requires_node
async def test_bare_baseline_column(probe_dir: Path) -> None:
    report = await run_compat(Options(probe_dir=probe_dir, existence=False, timeout=1.5,
                                      runtimes=("node", "bare")))
    rows = {r.probe.id: r for r in report.rows}
    # Plain strings print the same through the baseline's console.log capture.
    assert rows["lab/match"].results["bare"].status == "works"
    assert rows["lab/nomodule"].results["bare"].status == "missing"
    assert "require is not defined" in rows["lab/nomodule"].results["bare"].detail
    assert rows["lab/spin"].results["bare"].status == "hangs"
    assert rows["lab/hangs"].results["bare"].status == "missing"  # no setInterval in bare V8
    # hostrt did not run: the headline says so rather than counting every API as missing.
    line = report.summary()["line"]
    assert line.startswith("hostrt was not run (--runtimes node,bare)"), line


def test_classify_run_missing_and_throws() -> None:
    ref = Outcome("ok\n", "", 0)
    assert classify_run(ref, Outcome("ok\n", "", 0)).status == "works"
    gone = Outcome("", "Error: hostrt does not provide the Node built-in module 'zlib'", 1)
    assert classify_run(ref, gone).status == "missing"
    assert classify_run(ref, Outcome("", "ReferenceError: Buffer is not defined", 1)).status \
        == "missing"
    broke = classify_run(ref, Outcome("", "TypeError: x.y is not a function\n    at z", 1))
    assert broke.status == "throws" and broke.detail.startswith("TypeError")
    assert classify_run(ref, Outcome("", "", None, hung=True)).status == "hangs"
    assert classify_run(ref, Outcome("ko\n", "", 0)).detail == "-ok\n+ko"


def test_classify_existence() -> None:
    assert classify_existence({"t": "function"}, {"t": "function"}).status == "present"
    assert classify_existence({"t": "function"}, {"t": "object"}).status == "differs"
    assert classify_existence({"t": "function"}, {"m": "not exported"}).status == "missing"
    assert classify_existence({"t": "object"},
                              {"e": "ERR_HOSTRT_UNSUPPORTED_MODULE: no"}).status == "missing"
    assert classify_existence({"t": "object"}, {"e": "TypeError: getter threw"}).status == "throws"


@requires_node
async def test_enumeration_comes_from_node(tmp_path: Path) -> None:
    data = await enumerate_node(NodeRuntime(), tmp_path)
    assert {"Buffer", "process", "structuredClone", "console"} <= set(data["globals"])
    assert "Array" not in data["globals"] and "Math" not in data["globals"]
    assert "readFileSync" in data["modules"]["fs"]
    assert not any(m.startswith("_") for m in data["modules"])


@requires_node
async def test_existence_rows_follow_the_registry() -> None:
    mods = ["timers", "path", "zlib"]
    report = await run_compat(Options(behaviour=False, modules=mods,
                                      runtimes=("node", "hostrt", "bare")))
    rows = {r.probe.id: r for r in report.rows}
    provided = provided_modules()
    for m in mods:
        want = "present" if m in provided else "missing"
        assert rows[f"module:{m}"].results["hostrt"].status == want
        assert rows[f"module:{m}"].results["bare"].status == "missing"
    assert rows["export:timers.setTimeout"].results["hostrt"].status == "present"
    assert rows["export:timers.setTimeout"].strategy.strategy == "python"
    g = rows["global:setTimeout"]
    assert g.results["hostrt"].status == "present"
    # mini-racer's own setTimeout exists in the bare isolate.
    assert g.results["bare"].status == "present"
    assert rows["global:Buffer"].results["node"].status == "present"


def test_check_script_runs_without_require() -> None:
    script = P.check_script([P.Probe("module:fs", "fs", "module", "", "fs", module="fs"),
                             P.Probe("global:JSON", "globals", "global", "", "JSON", name="JSON")])
    assert P.RESULT_MARK in script
    assert P.parse_check_output("noise\n" + P.RESULT_MARK + json.dumps({"a": {"t": "x"}})) == \
        {"a": {"t": "x"}}
    assert P.parse_check_output("nothing") is None


def test_strategy_from_declarations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shim = tmp_path / "shims" / "cp"
    shim.mkdir(parents=True)
    (shim / "cp.js").write_text("module.exports = {};\n")  # the registry checks declared files
    (shim / "shim.toml").write_text(
        'name = "cp"\n[modules]\nchild_process = "cp.js"\n[apis]\n'
        '"child_process" = { strategy = "impossible", reason = "no processes in an isolate" }\n'
        '"child_process.spawn" = { strategy = "stub", note = "throws ERR_HOSTRT_UNSUPPORTED" }\n')
    monkeypatch.setattr(strategy, "load_shims", lambda: load_shims(tmp_path / "shims"))
    monkeypatch.setattr(strategy, "provided_modules", lambda: {})
    assert strategy.lookup("child_process.spawn").strategy == "stub"
    whole = strategy.lookup("child_process.execSync", module="child_process")
    assert (whole.strategy, whole.note, whole.source) == \
        ("impossible", "no processes in an isolate", "declared")
    assert strategy.lookup("zlib.gzip", module="zlib").source == "none"


def test_global_strategy_follows_the_global_target() -> None:
    found = strategy.lookup("setImmediate", is_global=True)
    assert (found.strategy, found.source) == ("js", "declared")


def test_behaviour_probe_headers() -> None:
    found = P.behaviour_probes(P.default_probe_dir())
    areas = {p.area for p in found}
    for area in ("timers", "console", "util", "crypto", "buffer", "process", "events", "url",
                 "path", "querystring", "string_decoder", "encoding", "structured_clone",
                 "abort", "perf_hooks", "fetch", "stream", "fs", "http", "zlib", "os", "net",
                 "child_process", "worker_threads", "assert"):
        assert area in areas
    assert all(p.title and p.api for p in found), [p.id for p in found if not p.api]
