"""Hostile modules are contained: js_fixtures/modules/hostile misbehaves one way per request.

Each misbehaving request is answered (per the module's onError — "reject" here — when the
module gives no answer: deadline, heap cap, never settling), the isolate is replaced when
needed, the next well-behaved request is answered correctly, and no Python traceback appears.
`hostrt run --admission` answers them in one process; `hostrt serve` answers them concurrently
over HTTPS within the module's webhookTimeout. JS-level failures (deep recursion, throwing
getters) are answered by Pepr's own error handling, compared here with real Pepr 1.1.4.

Requests share one realm per isolate, as Pepr's requests share one Node process: the "tamper"
request replaces JSON.stringify, and every later answer of this isolate carries an empty patch
(its mutations are lost) — the bridge's own JSON is unaffected, so the answers still arrive.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from hostrt.fuzz.admission import CANARY
from hostrt.pepr.compare import answer_lines, compare_bodies, compare_values
from hostrt.pepr.reference import REFERENCE_RUNNER
from tests.conftest import NODE, REPO, engine_params, hostrt_cmd

HOSTILE = REPO / "js_fixtures" / "modules" / "hostile"
# Misbehaviours in the order sent; "ok" requests sit between them. tamper goes last: it changes
# every later answer of the isolate.
LOST = ["spin", "microtasks", "timer", "never", "never-busy", "alloc"]
JS_LEVEL = ["recurse", "getters", "flood"]
SEQUENCE = [*LOST, *JS_LEVEL, "tamper"]


def review(name: str, uid: str) -> dict[str, Any]:
    """A ConfigMap CREATE in namespace "hostile" named for the misbehaviour it triggers."""
    r = copy.deepcopy(CANARY)
    r["request"].update(name=name, namespace="hostile", uid=uid)
    r["request"]["object"]["metadata"] = {"name": name, "namespace": "hostile"}
    return r


def patch_of(answer: dict[str, Any]) -> list[Any]:
    return json.loads(base64.b64decode(answer["response"]["patch"]))


def module_copy(folder: Path, pepr_node_modules: Path, **config: Any) -> Path:
    module = folder / "hostile"
    shutil.copytree(HOSTILE, module)
    (module / "node_modules").symlink_to(pepr_node_modules, target_is_directory=True)
    if config:
        pkg = json.loads((module / "package.json").read_text())
        pkg["pepr"].update(config)
        (module / "package.json").write_text(json.dumps(pkg))
    return module


@pytest.fixture(scope="module")
def run_all(tmp_path_factory: pytest.TempPathFactory, pepr_node_modules: Path) -> dict[str, Any]:
    """`hostrt run hostile --admission DIR` over every misbehaviour, each followed by "ok"."""
    tmp = tmp_path_factory.mktemp("hostile")
    module = module_copy(tmp, pepr_node_modules)
    reqs = tmp / "requests"
    reqs.mkdir()
    names = []
    for i, what in enumerate(["ok", *[x for m in SEQUENCE for x in (m, f"ok-after-{m}")]]):
        name = what if not what.startswith("ok-after-") else "ok"
        file = f"{i:02d}-{what}.json"
        (reqs / file).write_text(json.dumps(review(name, f"uid-{i:02d}-{what}")))
        names.append(file)
    err_path = tmp / "stderr.txt"
    started = time.monotonic()
    with err_path.open("wb") as err:
        proc = subprocess.run([*hostrt_cmd(), "run", str(module), "--admission", str(reqs),
                               "--max-heap-mb", "256"], stdout=subprocess.PIPE, stderr=err,
                              stdin=subprocess.DEVNULL, timeout=300,
                              env={**os.environ, "PEPR_API_PATH": "hostrt-reference"})
    took = time.monotonic() - started
    size = err_path.stat().st_size
    with err_path.open("rb") as f:  # the log holds 100 MB of "x" lines: keep what matters
        report = [line.decode() for line in f if line.startswith((b"hostrt:", b"Traceback"))]
    answers = answer_lines(proc.stdout.decode())
    return {"answers": answers, "names": names, "code": proc.returncode, "report": report,
            "stderr_bytes": size, "seconds": took, "reqs": reqs, "module": module}


def _answer(run_all: dict[str, Any], what: str) -> dict[str, Any]:
    file = next(n for n in run_all["names"] if n.endswith(f"-{what}.json"))
    return run_all["answers"][file]


def test_every_request_answered_without_traceback(run_all: dict[str, Any]) -> None:
    assert not any(line.startswith("Traceback") for line in run_all["report"])
    assert sorted(run_all["answers"]) == sorted(run_all["names"])
    assert run_all["code"] == 1  # the lost requests are reported


@pytest.mark.parametrize("what", LOST)
def test_lost_request_answered_per_on_error_then_next_answered(run_all: dict[str, Any],
                                                               what: str) -> None:
    got = _answer(run_all, what)
    assert "httpStatus" not in got
    resp = got["mutate"]["response"]
    file = next(n for n in run_all["names"] if n.endswith(f"-{what}.json"))
    assert resp["uid"] == f"uid-{file[:-5]}"
    assert resp["allowed"] is False and resp["status"]["code"] == 500
    assert resp["status"]["message"].startswith("Pepr module configured to reject on error: hostrt:")
    # The validate route did not misbehave: retried alone on the fresh isolate, answered.
    assert got["validate"]["response"]["allowed"] is True
    assert any(f"-{what}.json (mutate):" in line for line in run_all["report"])
    after = _answer(run_all, f"ok-after-{what}")
    labels = {op["path"]: op["value"] for op in patch_of(after["mutate"])}
    assert labels["/metadata/labels"]["hostile"] == "survived"
    # A fresh isolate served it: the module's request counter started again.
    assert labels["/metadata/labels"]["requests"] == "1"


def test_lost_reasons_name_the_limit(run_all: dict[str, Any]) -> None:
    message = {w: _answer(run_all, w)["mutate"]["response"]["status"]["message"] for w in LOST}
    for what in ("spin", "timer", "never-busy"):
        assert "did not finish within its deadline of 2.4s" in message[what], message[what]
    assert "heap out of memory (cap 256 MiB" in message["alloc"]
    assert "never settled" in message["never"]
    assert ("deadline" in message["microtasks"] or "heap out of memory" in message["microtasks"])


def test_flood_of_console_output_is_written_and_answered(run_all: dict[str, Any]) -> None:
    got = _answer(run_all, "flood")
    assert got["mutate"]["response"]["allowed"] is True
    assert run_all["stderr_bytes"] >= 100 * 1024 * 1024


def test_tamper_changes_later_answers_of_the_shared_realm(run_all: dict[str, Any]) -> None:
    """JSON.stringify replaced in one request: Pepr's patch text for every later request is
    "[]" (mutations lost) — the consequence of sharing a realm, as in Pepr on Node."""
    after = _answer(run_all, "ok-after-tamper")
    assert after["mutate"]["response"]["allowed"] is True
    assert patch_of(after["mutate"]) == []
    before = _answer(run_all, "ok-after-flood")
    assert patch_of(before["mutate"]) != []


@pytest.mark.skipif(NODE is None or shutil.which("npm") is None,
                    reason="the reference is real Pepr on Node.js; node/npm missing")
@pytest.mark.parametrize("what", ["recurse", "getters"])
def test_js_level_failures_answered_like_real_pepr(run_all: dict[str, Any], what: str,
                                                   pepr_node_modules: Path,
                                                   esbuild_package: Path, tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    file = next(n for n in run_all["names"] if n.endswith(f"-{what}.json"))
    shutil.copy(run_all["reqs"] / file, folder / file)
    env = {**os.environ}
    env.pop("LOG_LEVEL", None)
    ref = subprocess.run([str(NODE), str(REFERENCE_RUNNER), "--module",
                          str(run_all["module"] / "pepr.ts"), "--pepr", str(pepr_node_modules),
                          "--esbuild", str(esbuild_package), str(folder)], capture_output=True,
                         text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)
    assert ref.returncode == 0, ref.stderr[-2000:]
    want = answer_lines(ref.stdout)[file]
    got = run_all["answers"][file]
    diffs: list[str] = []
    compare_values(want.get("httpStatus"), got.get("httpStatus"), "httpStatus", diffs)
    for kind in ("mutate", "validate"):
        compare_bodies(want[kind], got[kind], kind, diffs, [])
    assert not diffs, diffs


def test_on_error_ignore_admits_unchanged_with_a_warning(tmp_path: Path,
                                                         pepr_node_modules: Path) -> None:
    module = module_copy(tmp_path, pepr_node_modules, onError="ignore", webhookTimeout=2)
    reqs = tmp_path / "requests"
    reqs.mkdir()
    (reqs / "1-spin.json").write_text(json.dumps(review("spin", "uid-spin")))
    proc = subprocess.run([*hostrt_cmd(), "run", str(module), "--admission", str(reqs)],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in proc.stderr
    got = json.loads(proc.stdout.splitlines()[0])
    resp = got["mutate"]["response"]
    assert resp == {"uid": "uid-spin", "allowed": True, "warnings": [
        "hostrt: the call did not finish within its deadline of 1.6s; allowed (onError: ignore)"]}


def _serve_hostile(tmp_path: Path, pepr_node_modules: Path,
                   engine: str) -> dict[str, tuple[Any, float]]:
    """Three runaways (loop, allocation bomb, never settling) and six good requests sent at
    once (the good ones 0.3 s later) to `hostrt serve --engine ENGINE`; answers and latencies
    by key."""
    from tests.serve_util import make_certs, serving
    module = module_copy(tmp_path, pepr_node_modules, webhookTimeout=5)
    certs = make_certs(tmp_path)
    results: dict[str, tuple[Any, float]] = {}
    with serving(module, certs, "--max-heap-mb", "256", "--engine", engine) as served:

        def send(key: str, name: str) -> None:
            if key.startswith("ok"):
                time.sleep(0.3)  # good requests arrive while the runaways run
            t0 = time.monotonic()
            ans = served.admit("mutate", json.dumps(review(name, f"uid-{key}")).encode())
            results[key] = (ans, time.monotonic() - t0)

        keys = {"spin": "spin", "alloc": "alloc", "never-busy": "never-busy",
                **{f"ok{i}": "ok" for i in range(6)}}
        threads = [threading.Thread(target=send, args=(k, n)) for k, n in keys.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert set(results) == set(keys)
        again = served.admit("mutate", json.dumps(review("ok", "uid-again")).encode())
        results["again"] = (again, 0.0)
        assert served.proc.poll() is None  # the host stayed up
    print("serve latencies (s):", {k: round(t, 2) for k, (_, t) in results.items()})
    return results


@pytest.fixture(scope="module", params=engine_params())
def served_hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                   pepr_node_modules: Path) -> tuple[str, dict[str, tuple[Any, float]]]:
    """Once per engine backend: serve contains hostile requests on either."""
    engine = str(request.param)
    return engine, _serve_hostile(tmp_path_factory.mktemp("serve-hostile"), pepr_node_modules,
                                  engine)


def test_serve_answers_hostile_and_good_requests_concurrently(
        served_hostile: tuple[str, dict[str, tuple[Any, float]]]) -> None:
    """Every request answered (200, its own uid), runaways denied per onError, the server up
    and answering correctly afterwards."""
    served = served_hostile[1]
    for key, (ans, _) in served.items():
        assert ans.status == 200, (key, ans.status, ans.body[:300])
        resp = ans.json()["response"]
        assert resp["uid"] == f"uid-{key}"
        if key in ("spin", "alloc", "never-busy"):
            assert resp["allowed"] is False, (key, resp)
        elif resp["allowed"] is False:  # a good request answered per onError, never dropped
            assert resp["status"]["message"].startswith("Pepr module configured to reject")
    again = served["again"][0].json()
    assert again["response"]["allowed"] is True
    labels = {op["path"]: op["value"] for op in patch_of(again)}
    assert labels["/metadata/labels"]["hostile"] == "survived"


def test_serve_good_requests_answered_correctly_within_webhook_timeout(
        served_hostile: tuple[str, dict[str, tuple[Any, float]]]) -> None:
    engine, served = served_hostile
    # On STPyV8 a runaway's tick and the isolate replacement after it run on the thread that
    # answers deadlines, so a runaway's own deadline answer can come late under load (seen:
    # 5.16 s); the good requests beside them must still make it on both engines.
    judged = served if engine == "mini-racer" else {
        k: v for k, v in served.items() if k.startswith("ok")}
    late = {k: round(t, 2) for k, (_, t) in judged.items() if t >= 5.0}
    assert not late
    for key, (ans, _) in served.items():
        if key.startswith("ok"):
            assert ans.json()["response"]["allowed"] is True, key
