"""`hostrt bench soak`: the pool, the verdicts from constructed numbers, rows and ratios, a short
real run through `hostrt serve` whose answers are checked against `hostrt run`, and (slow) the
installed CLI against both live controllers."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hostrt.bench import soak
from hostrt.bench.registry import HOSTRT, NODE
from tests.conftest import run_cmd
from tests.serve_util import BUILT

NEEDS_WRK = pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk (Debian `wrk`)")


def _chunk(i: int, rss: float, p99: float, answered: int = 100, sent: int = 100,
           expected: dict[str, int] | None = None, got: dict[str, int] | None = None
           ) -> soak.Chunk:
    return soak.Chunk(i, i * 100, sent, answered, 1, 1.0, p99 / 2, p99, p99 * 2,
                      {"connect": 0, "read": 0, "write": 0, "timeout": 0}, 0,
                      expected or {"200": sent}, got or {"200": answered}, rss)


def _side(rss: list[float], p99: list[float], lost_in_last: int = 0) -> soak.SideResult:
    res = soak.SideResult("x")
    for i, (r, p) in enumerate(zip(rss, p99, strict=True)):
        last = i == len(rss) - 1
        res.chunks.append(_chunk(i, r, p, answered=100 - (lost_in_last if last else 0)))
    return res


def test_verdicts_from_constructed_numbers() -> None:
    ten = [100.0] * 9
    ok = _side([*ten, 119.0], [*[10.0] * 9, 11.9])
    assert soak.rss_growth(ok) == pytest.approx(1.19)
    assert soak.p99_drift(ok) == pytest.approx(1.19)
    assert soak.verdicts(ok) == {"rss": True, "p99": True, "lost": True}
    bad = _side([*ten, 121.0], [*[10.0] * 9, 12.1], lost_in_last=3)
    assert bad.lost == 3
    assert soak.verdicts(bad) == {"rss": False, "p99": False, "lost": False}
    # The goal compares the last chunk with the first, not with the best or the mean.
    early_peak = _side([150.0, *[100.0] * 8, 170.0], [30.0, *[5.0] * 8, 33.0])
    assert soak.verdicts(early_peak) == {"rss": True, "p99": True, "lost": True}
    # A run cut short is not judged.
    short = _side([100.0, 100.0], [1.0, 1.0])
    assert soak.verdicts(short) == {"rss": None, "p99": None, "lost": None}


def test_changed_answers_and_status_classes() -> None:
    res = soak.SideResult("x")
    res.chunks.append(_chunk(0, 1, 1, expected={"200": 98, "400": 1, "413": 1},
                             got={"200": 98, "500": 1, "413": 1}))
    assert res.changed() == 1
    assert res.statuses() == {"200": 98, "413": 1, "500": 1}
    assert soak.status_classes(res.statuses()) == {"2xx": 98, "4xx": 1, "5xx": 1}
    lost = soak.SideResult("y")
    lost.chunks.append(_chunk(0, 1, 1, answered=99, expected={"200": 99, "400": 1},
                              got={"200": 99}))
    assert lost.lost == 1 and lost.changed() == 0  # a lost answer is not also "changed"
    assert soak.status_matches("400", "4xx") and not soak.status_matches("500", "4xx")
    assert soak.status_matches("413", "413") and not soak.status_matches("400", "413")


def test_rows_ratios_and_goals() -> None:
    results = {HOSTRT: _side([100.0] * 9 + [110.0], [4.0] * 9 + [4.4]),
               NODE: _side([200.0] * 9 + [300.0], [8.0] * 9 + [16.0], lost_in_last=2)}
    results[HOSTRT].metrics = {'hostrt_isolate_restarts_total{reason="deadline"}': 2.0}
    rows = {m.name: m for m in soak.measurements(results, 1000)}
    growth = rows["rss-growth"]
    assert growth.value(HOSTRT) == pytest.approx(1.1) and growth.value(NODE) == pytest.approx(1.5)
    assert growth.ratio() == pytest.approx(1.1 / 1.5)
    assert growth.target is not None and growth.target.met(growth.runtimes[HOSTRT]) is True
    drift = rows["p99-drift"]
    assert drift.value(HOSTRT) == pytest.approx(1.1) and drift.value(NODE) == pytest.approx(2.0)
    assert rows["lost"].value(HOSTRT) == 0 and rows["lost"].value(NODE) == 2
    assert rows["lost"].target is not None
    assert rows["lost"].target.met(rows["lost"].runtimes[HOSTRT]) is True
    assert rows["lost"].target.met(rows["lost"].runtimes[NODE]) is False
    assert rows["isolate-restarts"].value(HOSTRT) == 2
    assert rows["rss"].value(HOSTRT, "max") == 110 and rows["rss"].value(NODE, "min") == 200
    v = rows["rss"].params["verdicts"]
    assert v[HOSTRT] == {"rss": True, "p99": True, "lost": True}
    assert v[NODE] == {"rss": False, "p99": False, "lost": False}
    curve = rows["rss"].params["curve"]
    assert curve["points"][HOSTRT][-1] == [1000, 110.0]
    assert curve["points"][HOSTRT][0] == [0, 0.0]  # RSS at ready (not set here)
    assert rows["socket-errors"].params["same_as_pepr"] is None  # no unloaded answers given


def test_unloaded_answers_compared_with_pepr() -> None:
    a, b = soak.SideResult("a"), soak.SideResult("b")
    a.unloaded = {"x /mutate": "200", "y /mutate": "400", "z /validate": "500"}
    b.unloaded = {"x /mutate": "200", "y /mutate": "400", "z /validate": "200"}
    same = soak.same_as_pepr({HOSTRT: a, NODE: b})
    assert same == {"compared": 3, "same_status": 2, "differ": {"z /validate": "500 vs 200"}}


def test_a_server_that_fails_is_reported_not_estimated() -> None:
    rows = soak.measurements({HOSTRT: soak.SideResult("x", failure="boom")}, 1000)
    assert len(rows) == 1 and not rows[0].available and "boom" in rows[0].reason


def test_without_wrk_the_group_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from hostrt.bench.harness import BenchConfig, BenchContext
    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "wrk" else real(name))
    rows = soak.soak_steady(BenchContext(BenchConfig(runs=1, warmup=0), None, tmp_path))
    assert len(rows) == 1 and not rows[0].available and "wrk is not installed" in rows[0].reason


def test_request_count(monkeypatch: pytest.MonkeyPatch) -> None:
    from hostrt.bench.harness import BenchError
    monkeypatch.delenv(soak.ENV_REQUESTS, raising=False)
    assert soak.requested_total(1.0) == 1_000_000
    assert soak.requested_total(0.01) == 10_000
    monkeypatch.setenv(soak.ENV_REQUESTS, "2500")
    assert soak.requested_total(1.0) == 2500
    monkeypatch.setenv(soak.ENV_REQUESTS, "lots")
    with pytest.raises(BenchError, match=soak.ENV_REQUESTS):
        soak.requested_total(1.0)


def test_pool_is_reproducible_and_holds_the_nasty_bodies(tmp_path: Path) -> None:
    a = soak.build_pool(tmp_path / "a", hostile=12)
    b = soak.build_pool(tmp_path / "b", hostile=12)
    assert [e.file.read_bytes() for e in a] == [e.file.read_bytes() for e in b]
    valid = [e for e in a if e.cls == "valid"]
    assert len(valid) == 2 * len(list((BUILT.parent.parent / "hello-pepr" / "requests")
                                      .glob("*.json")))
    nasty = {e.file.stem: e.file.read_bytes() for e in a if e.kind == "nasty"}
    assert len(nasty["over-2MB"]) > 2 * 1024 * 1024
    assert 1_900_000 < len(nasty["huge-string-1.9MB"]) < 2 * 1024 * 1024
    assert nasty["deep-100000"].count(b"[") >= 100_000
    assert nasty["empty"] == b""
    with pytest.raises(UnicodeDecodeError):
        nasty["non-utf8"].decode("utf-8")
    for name in ("malformed-json", "truncated"):
        with pytest.raises(ValueError):
            json.loads(nasty[name])
    kinds = {e.kind for e in a if e.cls == "hostile"}
    assert "nasty" in kinds and len(kinds) > 2  # drawn from the fuzzer's kinds too
    assert {e.route for e in a if e.kind == "nasty"} == {"mutate", "validate"}


def _hostrt_run_answers(entries: list[soak.Entry], folder: Path) -> dict[tuple[str, str], Any]:
    """Each distinct body answered by `hostrt run --admission` (both routes)."""
    folder.mkdir()
    bodies = {e.file for e in entries}
    for f in bodies:
        (folder / f"{f.stem}.json").write_bytes(f.read_bytes())
    proc = subprocess.run([sys.executable, "-m", "hostrt.cli", "run", str(BUILT), "--admission",
                           str(folder)], capture_output=True, env={
                               **__import__("os").environ, "LOG_LEVEL": "error"}, timeout=300)
    out: dict[tuple[str, str], Any] = {}
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        if not line.startswith('{"file"'):
            continue
        rec = json.loads(line)
        stem = Path(rec["file"]).stem
        for route in ("mutate", "validate"):
            status = (rec.get("httpStatus") or {}).get(route, 200)
            out[(stem, route)] = (status, rec[route])
    return out


def _shape(body: Any) -> Any:
    """An answer with its patch decoded to (op, path) pairs (patch values may be random)."""
    if not isinstance(body, dict):
        return body
    resp = dict(body.get("response") or {})
    if "patch" in resp:
        resp["patch"] = [(op["op"], op["path"]) for op in
                         json.loads(base64.b64decode(resp["patch"]))]
    return {**body, "response": resp}


@NEEDS_WRK
def test_short_run_through_hostrt_serve(tmp_path: Path) -> None:
    """A few thousand requests of the mix through `hostrt serve`: every one answered, hostile
    bodies answered as `hostrt run` answers them (4xx/5xx where Express gives one), RSS and p99
    per chunk present, verdicts computed."""
    from hostrt.bench.serve import hostrt_server
    from hostrt.serve.tls import generate_self_signed
    entries = soak.build_pool(tmp_path / "bodies", hostile=16)
    certs = generate_self_signed(tmp_path / "tls.crt", tmp_path / "tls.key")
    seen: list[Any] = []
    real_calibrate = soak.calibrate

    def calibrate(port: int, es: list[soak.Entry]) -> list[Any]:
        got = real_calibrate(port, es)
        seen.append(got)
        return got

    soak.calibrate = calibrate  # type: ignore[assignment]
    try:
        results = soak.soak({HOSTRT: lambda: hostrt_server(BUILT, certs.cert, certs.key, 1,
                                                           {"LOG_LEVEL": "error"})},
                            entries, tmp_path, total=3000, chunks=3)
    finally:
        soak.calibrate = real_calibrate  # type: ignore[assignment]
    res = results[HOSTRT]
    assert not res.failure, res.failure
    assert len(res.chunks) == 3
    assert res.answered == 3000 and res.lost == 0
    assert sum(c.hostile for c in res.chunks) == 30
    assert all(c.p99_ms > 0 and c.p50_ms > 0 and c.rss_mb > 20 for c in res.chunks)
    assert res.rss_timer and all(mb > 20 for _, mb in res.rss_timer)
    assert res.changed() == 0 and not res.exits
    # The 30 hostile requests sent include every fixed nasty body on both routes, answered
    # with the status the unloaded request got (so 413 over 2 MB, 400 on bad JSON).
    assert sum(e.kind == "nasty" for e in entries) == 16
    assert sum(res.statuses().values()) == 3000
    assert set(soak.verdicts(res, 3)) == {"rss", "p99", "lost"}
    assert soak.verdicts(res, 3)["lost"] is True

    # The unloaded answers (what the run was checked against) are `hostrt run`'s answers.
    answers = seen[0]
    assert None not in answers, "a request of the pool got no answer"
    ref = _hostrt_run_answers(entries, tmp_path / "run")
    for e, (status, body) in zip(entries, answers, strict=True):
        want_status, want_body = ref[(e.file.stem, e.route)]
        assert status == want_status, e.key
        if e.cls == "valid":
            assert status == 200
            assert _shape(json.loads(body)) == _shape(want_body), e.key
        if e.expect_class:
            assert soak.status_matches(str(status), e.expect_class), e.key
    assert res.calibration["unexpected"] == []
    assert len(res.unloaded) == len(entries)
    nasty = res.calibration["nasty"]
    assert nasty["over-2MB /mutate"] == "413" and nasty["malformed-json /validate"] == "400"
    assert nasty["truncated /mutate"] == "400" and nasty["deep-100000 /mutate"] == "500"


@pytest.mark.slow
@pytest.mark.timeout(600)  # two controllers started and loaded in turn; minutes on a busy machine
@pytest.mark.skipif(shutil.which("wrk") is None or shutil.which("node") is None,
                    reason="needs wrk and Node.js")
def test_installed_cli_against_both_controllers(tmp_path: Path) -> None:
    out = tmp_path / "soak.json"
    env = {soak.ENV_REQUESTS: "2000"}
    res = run_cmd([sys.executable, "-m", "hostrt.cli", "bench", "soak", "--json", str(out),
                   "--plot", str(tmp_path / "plots")], cwd=tmp_path, timeout=540, env=env)
    assert res.code == 0, res.err
    rows = {r["name"]: r for r in json.loads(out.read_text())["results"] if r["group"] == "soak"}
    for name in ("rss", "p99", "lost", "rss-growth", "p99-drift"):
        assert rows[name]["available"], rows[name]
        assert set(rows[name]["runtimes"]) == {HOSTRT, NODE}
    assert rows["lost"]["runtimes"][HOSTRT]["summary"]["max"] == 0
    assert (tmp_path / "plots" / "soak.png").stat().st_size > 10_000


@pytest.mark.slow
@NEEDS_WRK
def test_a_server_killed_mid_run_is_counted_restarted_and_its_requests_lost(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The crash path (what Pepr may do on hostile input): requests in flight are lost, the exit
    is recorded, the server is started again and the next chunk is answered."""
    import os
    import signal
    import threading
    from contextlib import contextmanager

    from hostrt.bench.serve import hostrt_server
    from hostrt.serve.tls import generate_self_signed
    monkeypatch.setattr(soak, "GRACE", 2)
    entries = soak.build_pool(tmp_path / "bodies", hostile=4)
    certs = generate_self_signed(tmp_path / "tls.crt", tmp_path / "tls.key")
    starts: list[int] = []

    @contextmanager
    def start():  # type: ignore[no-untyped-def]
        with hostrt_server(BUILT, certs.cert, certs.key, 1, {"LOG_LEVEL": "error"}) as s:
            starts.append(s.pid)
            if len(starts) == 1:
                # The first server dies 1 s into the first chunk (after calibration).
                def kill() -> None:
                    while not (tmp_path / "manifest-hostrt.tsv").exists():
                        threading.Event().wait(0.05)
                    threading.Event().wait(1.0)
                    os.kill(s.pid, signal.SIGKILL)
                threading.Thread(target=kill, daemon=True).start()
            yield s

    results = soak.soak({HOSTRT: start}, entries, tmp_path, total=20_000, chunks=2)
    res = results[HOSTRT]
    assert len(starts) == 2 and len(res.exits) == 1 and str(starts[0]) in res.exits[0]
    first, second = res.chunks
    assert first.lost > 0 and first.answered < 10_000
    assert second.lost == 0 and second.answered == 10_000
    assert soak.verdicts(res, 2)["lost"] is False
