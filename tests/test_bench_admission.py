"""The Pepr admission bench: every side runs the same bundle and gives the same answers."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from hostrt.bench import peprwork
from hostrt.bench.harness import BenchConfig, BenchContext, BenchError, fixture
from hostrt.engine import default_engine
from hostrt.errors import HostError
from tests.conftest import requires_node


def _ctx(tmp_path: Path) -> BenchContext:
    return BenchContext(BenchConfig(runs=1, warmup=0), shutil.which("node"), tmp_path)


@requires_node
def test_every_side_answers_hello_pepr_alike(tmp_path: Path) -> None:
    """hostrt's Pepr and real Pepr, each in Node and in hostrt: same answers, n samples each."""
    module = fixture("modules/hello-pepr")
    request = module / "requests" / "04-create-configmap-example-1.json"
    ctx = _ctx(tmp_path)
    bundles = peprwork.build(ctx, module, "t")
    assert bundles.real is not None, bundles.real_missing
    engine = default_engine()
    runs = asyncio.run(peprwork.run_all(ctx, bundles, request, 4, 1, [engine], both=True))
    for kind in ("shim", "real"):
        for side in (runs[kind]["node"], runs[kind][engine]):
            assert all(len(v) == 4 and min(v) > 0 for v in side.samples.values())
        for route in peprwork.ROUTES:
            assert peprwork.same_answers(runs[kind], route), (kind, route)
    mutate = runs["real"]["node"].answers["mutate"]
    assert mutate["status"] == 200 and mutate["body"]["response"]["patchType"] == "JSONPatch"
    # hostrt's Pepr answers what real Pepr answers (the implementation row compares like ends)
    shim = runs["shim"]["node"].answers
    assert {r: shim[r] for r in peprwork.ROUTES} == runs["real"]["node"].answers
    assert len(runs["shim"][engine].samples["both"]) == 4
    # the same log lines went to a file on each side
    logs = {p.name: p.read_text().count("Incoming request")
            for p in bundles.shim.parent.glob("*-shim*.log")}
    assert len(set(logs.values())) == 1 and min(logs.values()) >= 10, logs
    # one side in a process of its own (the memory group's child): samples and heap figures
    import json
    import subprocess
    import sys
    child = subprocess.run([sys.executable, "-m", "hostrt.bench.peprwork", "shim",
                            str(bundles.shim), str(request), "3", engine], capture_output=True,
                           text=True, env=bundles.env, timeout=300)
    assert child.returncode == 0, child.stderr
    doc = json.loads(child.stdout.splitlines()[-1])
    assert [len(doc["samples"][r]) for r in peprwork.ROUTES] == [3, 3]
    assert 0 < doc["heap"]["live"] <= doc["heap"]["used"] * 2


@requires_node
def test_sides_take_turns_in_rounds(tmp_path: Path) -> None:
    """Interleaved rounds: every side stays loaded, n requests are split across the rounds (the
    last one shorter), warm-up samples are not kept, and the answers stay alike."""
    module = fixture("modules/hello-pepr")
    request = module / "requests" / "04-create-configmap-example-1.json"
    ctx = _ctx(tmp_path)
    bundles = peprwork.build(ctx, module, "r")
    engine = default_engine()
    runs = asyncio.run(peprwork.run_all(ctx, bundles, request, 7, 2, [engine], both=True,
                                        rounds=3))
    for kind in ("shim", "real"):
        for side in runs[kind].values():
            assert {r: len(v) for r, v in side.samples.items()} == dict.fromkeys(
                (*peprwork.ROUTES, "both") if kind == "shim" else peprwork.ROUTES, 7)
        for route in peprwork.ROUTES:
            assert peprwork.same_answers(runs[kind], route), (kind, route)
    # 2 warm-up + 7 timed /mutate requests reached each side's module, no more
    logs = {p.name: p.read_text().count('"admissionKind":"Mutate"')
            for p in bundles.real.parent.glob("*-real*.log")} if bundles.real else {}
    assert logs and set(logs.values()) == {9}, logs


def test_missing_fixture_is_clear() -> None:
    with pytest.raises(BenchError, match="'modules/nope' is not run-time data"):
        fixture("modules/nope")
    with pytest.raises(BenchError, match=r"modules/hello-pepr/requests/nope\.json: hostrt's run-time "
                                         "data is missing from this installation"):
        fixture("modules/hello-pepr/requests/nope.json")


def test_pepr_reference_without_npm_is_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shared real-Pepr install names what it needs instead of failing obscurely."""
    from hostrt.pepr import reference
    monkeypatch.setenv("HOSTRT_HOME", str(tmp_path))
    monkeypatch.setattr(reference.shutil, "which", lambda _name: None)
    with pytest.raises(HostError, match=r"Pepr 1\.1\.4 reference needs npm"):
        reference.pepr_reference()
    assert not (tmp_path / "pepr-1.1.4").exists()



