"""`hostrt compat --node-tests`: Node-style test files in hostrt and Node, pass/fail/skip."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import REPO, hostrt_cmd, requires_node, run_cmd

from hostrt.compat import nodetests

OURS = REPO / "js_fixtures" / "node-tests"
LAB = REPO / "js_fixtures" / "node-tests-lab"  # files that must fail or be skipped for flags


@requires_node
async def test_verdicts_in_every_runtime() -> None:
    """Node, hostrt, and the peers (Deno, Bun) run the same files with the same harness."""
    from hostrt import peers
    peers.ensure_peers(announce=False)
    tests = nodetests.find_tests(OURS, "test-compat-*")
    await nodetests.run_tests(tests, OURS, timeout=20)
    lab = nodetests.find_tests(LAB, "test-*")
    await nodetests.run_tests(lab, LAB, timeout=20)
    got = {t.path.name: t.verdicts for t in [*tests, *lab]}
    for rt in ("node", "hostrt", "deno", "bun"):
        assert got["test-compat-timers-pass.js"][rt].status == "pass", got
        fail = got["test-compat-mustcall-fail.js"][rt]
        assert fail.status == "fail" and "Expected exactly 2, actual 1" in fail.detail
        flags = got["test-compat-flags.js"][rt]
        assert (flags.status, flags.detail) == ("skip", "needs flags: --expose-internals")
        skipped = got["test-compat-skip.js"][rt]
        assert (skipped.status, skipped.detail) == ("skip", "this test only runs on Windows")
    assert got["test-compat-assert-events.js"]["node"].status == "pass"
    totals = nodetests.totals(tests)
    for rt in ("node", "hostrt", "deno", "bun"):
        c = totals[rt]
        assert c["pass"] + c["fail"] + c["skip"] == len(tests), rt
        assert c["of_node_passes"] <= totals["node"]["pass"]
    assert totals["node"]["of_node_passes"] == totals["node"]["pass"]
    line = nodetests.summary_line(tests)
    assert f"of Node's {totals['node']['pass']} passes" in line and "; bun: " in line


def _node_like_checkout(tmp_path: Path) -> Path:
    """A directory shaped like Node's test/: parallel/ plus a common/ that needs internals."""
    root = tmp_path / "test"
    (root / "parallel").mkdir(parents=True)
    (root / "common").mkdir()
    (root / "common" / "index.js").write_text(
        "'use strict';\nrequire('internal/test/binding');\nmodule.exports = {};\n")
    shutil.copy(OURS / "parallel" / "test-compat-timers-pass.js", root / "parallel")
    (root / "parallel" / "helper-not-a-test.js").write_text("throw new Error('not run');\n")
    return root


@requires_node
async def test_their_common_versus_ours(tmp_path: Path) -> None:
    root = _node_like_checkout(tmp_path)
    theirs = nodetests.find_tests(root, "test-*")
    assert [t.rel for t in theirs] == ["parallel/test-compat-timers-pass.js"]
    await nodetests.run_tests(theirs, root, common="theirs", timeout=10)
    assert theirs[0].verdicts["hostrt"].status == "fail"
    ours = nodetests.find_tests(root, "test-*")
    await nodetests.run_tests(ours, root, common="ours", timeout=10)
    assert ours[0].verdicts["hostrt"].status == "pass"
    assert ours[0].verdicts["node"].status == "pass"


@requires_node
def test_cli_json_and_totals(tmp_path: Path) -> None:
    res = run_cmd([*hostrt_cmd(), "compat", "--node-tests", str(LAB), "--format", "json"],
                  timeout=120)
    assert res.code == 0, res.err
    data = json.loads(res.out)
    assert data["schema"] == "hostrt-compat-node-tests/1"
    assert {f["file"] for f in data["files"]} >= {"parallel/test-compat-flags.js"}
    assert data["totals"]["node"] == {"pass": 0, "fail": 1, "skip": 1, "of_node_passes": 0}
    assert "pass" in data["line"] and "files" in data["line"]


def test_cli_bad_directory_is_a_clear_error(tmp_path: Path) -> None:
    res = run_cmd([*hostrt_cmd(), "compat", "--node-tests", str(tmp_path / "nope")])
    assert res.code == 1
    assert "--node-tests must be a directory" in res.err and "Traceback" not in res.err
