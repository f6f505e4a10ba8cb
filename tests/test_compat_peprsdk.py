"""`hostrt compat --pepr-sdk`: the recorder (fast, on a stand-in bundle) and the real SDK (slow)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import hostrt_cmd, requires_node, run_cmd

from hostrt.compat import peprsdk
from hostrt.shimreg import node_builtin_names

STAND_IN = """
const { EventEmitter, once } = require('node:events');
const e = new EventEmitter();
const b = typeof Buffer;
setTimeout(() => {
  globalThis.__compatRecorder && globalThis.__compatRecorder.phase('request');
  const p = process.env.HOME;
  once(e, 'x').then(() => {
    globalThis.__compatRecorder.answer({ ok: true });
    if (process.env.COMPAT_FAIL) setTimeout(() => { throw new Error('stand-in fails here'); }, 1);
    else process.exit(0);
  });
  e.emit('x');
}, 1);
"""


def _runner(tmp_path: Path) -> Path:
    bundle = tmp_path / "bundle.js"
    bundle.write_text(peprsdk.BANNER + "\n" + STAND_IN)
    cfg = {"mark": peprsdk.MARK, "globals": ["Buffer", "process", "setTimeout", "fetch"],
           "builtins": node_builtin_names()}
    return peprsdk._write_runner(tmp_path, bundle, cfg)


@requires_node
async def test_recorder_in_node_and_hostrt(tmp_path: Path) -> None:
    run = _runner(tmp_path)
    node = await peprsdk.run_in_node(run, 20)
    hostrt = await peprsdk.run_in_hostrt(run, 20)
    for res in (node, hostrt):
        assert res.answer == {"ok": True}, res.failure
        rec = {f"{r['kind']}:{r['name']}": r for r in res.records}
        assert rec["module:events"]["present"] is True
        assert rec["export:events.once"]["phase"] == "load"
        assert rec["global:process"]["phase"] == "request"
        assert rec["global:Buffer"]["phase"] == "load"
        assert rec["global:setTimeout"]["phase"] == "load"
        assert "global:fetch" not in rec  # only what the code touched
        assert res.failure == ""


@requires_node
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm installs the peers (Deno, Bun)")
async def test_recorder_in_peers(tmp_path: Path) -> None:
    """The same runner in Deno and Bun: the recorder works there too, so the SDK verdicts the
    report gives for them come from the same measurement as Node's."""
    from hostrt import peers
    from hostrt.compat.runtimes import PeerRuntime
    peers.ensure_peers(announce=False)
    run = _runner(tmp_path)
    for name in ("deno", "bun"):
        res = await peprsdk.run_in_node(run, 30, PeerRuntime(name))
        assert res.answer == {"ok": True}, (name, res.failure, res.stderr[-500:])
        rec = {f"{r['kind']}:{r['name']}": r for r in res.records}
        assert rec["export:events.once"]["phase"] == "load", name


@requires_node
async def test_first_failure_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPAT_FAIL", "1")
    run = _runner(tmp_path)
    hostrt = await peprsdk.run_in_hostrt(run, 20)
    assert "stand-in fails here" in hostrt.failure
    node = await peprsdk.run_in_node(run, 20)
    assert "stand-in fails here" in node.failure


@pytest.mark.slow
@requires_node
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is needed to install pepr@1.1.4")
def test_real_pepr_sdk(tmp_path: Path) -> None:
    res = run_cmd([*hostrt_cmd(), "compat", "--pepr-sdk", "--format", "json"], timeout=300)
    assert res.code == 0, res.err
    data = json.loads(res.out)
    assert data["node_failure"] == "" and data["node_answer"]["mutate"]["allowed"] is True
    names = {(r["kind"], r["name"]) for r in data["touched"]}
    assert {("module", "http"), ("module", "crypto"), ("global", "process")} <= names
    if data["hostrt_answer"] != data["node_answer"]:
        assert data["hostrt_failure"]
    assert data["line"].startswith("Pepr 1.1.4 touches")
    # Deno and Bun run the same bundle; each gets a verdict, never a silent skip.
    assert set(data["peers"]) == {"deno", "bun"}
    for peer in data["peers"].values():
        if peer["answer"] == data["node_answer"]:
            assert peer["verdict"] == "loads; admission answer matches Node"
        else:
            assert peer["verdict"].startswith(("fails in phase", "loads; admission answer does"))
            assert peer["verdict"] in data["line"]
