"""`hostrt fuzz admission`: hostile AdmissionReviews through `hostrt run --admission`.

The default suite sends a small campaign (HOSTRT_FUZZ_CASES, default 60, with a 20-case
differential against real Pepr 1.1.4); `HOSTRT_FUZZ_CASES=100000 pytest -m fuzz` runs a big one.
The strategies themselves are checked to produce what they claim.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostrt import wirejson
from hostrt.fuzz.cases import CHUNK, case_at, generate
from hostrt.fuzz.kinds import KINDS
from tests.conftest import NODE, REPO, hostrt_cmd, run_cmd

HELLO = REPO / "js_fixtures" / "modules" / "hello-pepr"
CASES = int(os.environ.get("HOSTRT_FUZZ_CASES", "60"))


def test_every_kind_breaks_reviews_the_way_it_says() -> None:
    cases = list(generate(300, seed=7))
    assert len(cases) == 300
    seen = {c.kind for c in cases}
    assert seen == set(KINDS)
    for case in cases:
        try:
            text = case.body.decode("utf-8")
        except UnicodeDecodeError:
            assert case.kind in ("bytes", "unicode"), case
            continue
        if case.kind == "truncated":
            with pytest.raises(ValueError):
                wirejson.loads(text)
        elif case.kind == "unicode" and text.startswith("\ufeff"):
            wirejson.loads(text[1:])
        elif case.kind == "number":
            assert any(n in text for n in ("e400", "e-400", "-0", "9" * 30, "12345678901234567890",
                                           "e308", "e-324", "0.1e1", "E+2")), case.detail
        elif case.kind == "deep":
            assert text.count("[") + text.count("{") >= 10
        elif case.kind == "not-review":
            value = wirejson.loads(text)
            assert not (isinstance(value, dict) and isinstance(value.get("request"), dict)
                        and value["request"].get("uid"))
    # Same seed and count, same cases.
    assert [c.body for c in generate(40, seed=7)] == [c.body for c in generate(40, seed=7)]


def test_a_case_is_drawn_again_from_its_seed_and_index(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Cases are numbered: any one can be drawn alone (the campaign's files carry the number),
    a campaign can start anywhere, and worker processes draw the same cases as this one — also
    after a module full of constants was loaded (Hypothesis mixes constants of loaded local
    modules into its draws unless told not to)."""
    run = [c.body for c in generate(CHUNK + 30, seed=9)]
    (tmp_path / "constants_here.py").write_text(
        "ALL = " + repr([f"hostrt-constant-{i}" for i in range(300)] + list(range(10**6, 10**6 + 300)))
        + "\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("constants_here")
    assert len(set(run)) > 0.75 * len(run)  # mostly distinct (a few bodies, such as "", recur)
    assert run[CHUNK:] != run[:30]  # the second chunk is not the first again
    for index in (0, 7, CHUNK - 1, CHUNK, CHUNK + 29):
        assert case_at(9, index).body == run[index]
    assert [c.body for c in generate(40, seed=9, start=CHUNK - 10)] == run[CHUNK - 10:CHUNK + 30]
    assert [c.body for c in generate(CHUNK + 30, seed=9, workers=2)] == run
    assert [c.body for c in generate(5, seed=10)] != run[:5]  # another seed, other cases


def test_the_fuzz_command_does_not_load_hypothesis_for_other_commands() -> None:
    """Every `hostrt` command builds the whole parser; `hostrt fuzz`'s part must not cost the
    others Hypothesis's import."""
    res = run_cmd([sys.executable, "-c", "import sys; from hostrt.cli import build_parser; "
                   "build_parser(); print('hypothesis' in sys.modules)"])
    assert res.code == 0 and res.out.strip() == "False", res.err


@pytest.mark.fuzz
@pytest.mark.skipif(NODE is None or shutil.which("npm") is None,
                    reason="the differential half compares with real Pepr on Node.js")
def test_fuzz_campaign_from_the_cli(tmp_path: Path, pepr_node_modules: Path) -> None:
    module = tmp_path / "hello-pepr"
    shutil.copytree(HELLO, module, ignore=shutil.ignore_patterns("requests", "watch"))
    (module / "node_modules").symlink_to(pepr_node_modules, target_is_directory=True)
    random_paths = json.loads((HELLO / "fixture.json").read_text())["randomPatchPaths"]
    out = tmp_path / "figures.json"
    diff = min(CASES, max(20, CASES // 100))
    res = run_cmd([*hostrt_cmd(), "fuzz", "admission", str(module), "--cases", str(CASES),
                   "--seed", "11", "--batch", "40", "--canary-every", "10",
                   "--differential", str(diff), "--json", str(out), "--keep",
                   str(tmp_path / "kept"),
                   *[a for p in random_paths for a in ("--random-patch-path", p)]],
                  timeout=300 + CASES)
    assert "Traceback" not in res.err, res.err[-3000:]
    figures = json.loads(out.read_text())
    assert figures["problems"] == [], figures["problems"]
    assert figures["cases"] == figures["answered"] == CASES
    assert figures["tracebacks"] == figures["crashes"] == figures["hangs"] == 0
    assert figures["canaries"] >= CASES // 10 and figures["canaries_wrong"] == 0
    d = figures["differential"]
    # Sampled cases nested past the stack-safe depth are compared apart and replaced.
    assert d["compared"] == d["equal"] == diff, d
    assert d["stack_bound"]["equal"] <= d["stack_bound"]["compared"]
    assert figures["ok"] is True and res.code == 0, res.err[-2000:]


def test_cli_refuses_what_is_not_a_module(tmp_path: Path) -> None:
    res = run_cmd([*hostrt_cmd(), "fuzz", "admission", str(tmp_path / "nope"), "--cases", "1"])
    assert res.code == 1 and "no such file or directory" in res.err
    assert "Traceback" not in res.err
    bad = run_cmd([*hostrt_cmd(), "fuzz", "admission", str(HELLO), "--cases", "many"])
    assert bad.code == 2 and "expected a whole number" in bad.err


@pytest.mark.fuzz
@pytest.mark.skipif(NODE is None or shutil.which("npm") is None,
                    reason="the differential half compares with real Pepr on Node.js")
def test_fuzz_through_hostrt_serve_over_https(tmp_path: Path, pepr_node_modules: Path) -> None:
    """The same campaign against one `hostrt serve` process: each case POSTed to /mutate and
    /validate over verified TLS; the server must answer all, stay up and stop cleanly."""
    module = tmp_path / "hello-pepr"
    shutil.copytree(HELLO, module, ignore=shutil.ignore_patterns("requests", "watch"))
    (module / "node_modules").symlink_to(pepr_node_modules, target_is_directory=True)
    random_paths = json.loads((HELLO / "fixture.json").read_text())["randomPatchPaths"]
    out = tmp_path / "figures.json"
    cases = max(30, CASES // 2)
    res = run_cmd([*hostrt_cmd(), "fuzz", "admission", str(module), "--via", "serve",
                   "--cases", str(cases), "--seed", "12", "--canary-every", "10",
                   "--differential", "10", "--json", str(out),
                   *[a for p in random_paths for a in ("--random-patch-path", p)]],
                  timeout=300 + cases)
    assert "Traceback" not in res.err, res.err[-3000:]
    figures = json.loads(out.read_text())
    assert figures["problems"] == [], figures["problems"]
    assert figures["cases"] == figures["answered"] == cases and figures["processes"] == 1
    assert figures["tracebacks"] == figures["crashes"] == figures["hangs"] == 0
    assert figures["canaries_wrong"] == 0 and figures["canaries"] >= cases // 10
    d = figures["differential"]
    assert d["compared"] == d["equal"] == 10, d
    assert figures["complete"] is True and res.code == 0


@pytest.mark.fuzz
def test_a_signal_stops_a_served_campaign_cleanly(tmp_path: Path,
                                                   pepr_node_modules: Path) -> None:
    """SIGINT during a long campaign: the cases in flight are answered, the server is stopped
    and checked, and the figures say how far it got (complete: false, exit status 1)."""
    module = tmp_path / "hello-pepr"
    shutil.copytree(HELLO, module, ignore=shutil.ignore_patterns("requests", "watch"))
    (module / "node_modules").symlink_to(pepr_node_modules, target_is_directory=True)
    out = tmp_path / "figures.json"
    proc = subprocess.Popen([*hostrt_cmd(), "fuzz", "admission", str(module), "--via", "serve",
                             "--cases", "100000", "--seed", "13", "--batch", "20",
                             "--concurrency", "3", "--json", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 240
        while not out.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)  # the first progress figures: the campaign is under way
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "Traceback" not in err, err[-3000:]
    assert proc.returncode == 1 and "stopped after" in err, err[-2000:]
    figures = json.loads(out.read_text())
    assert figures["complete"] is False and 20 <= figures["cases"] < 100000
    assert figures["problems"] == [], figures["problems"]
    assert figures["answered"] == figures["cases"]
    assert figures["tracebacks"] == figures["crashes"] == figures["hangs"] == 0
    assert figures["canaries_wrong"] == 0
