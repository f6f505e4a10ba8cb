"""`hostrt serve`: the controller over real HTTPS, run as the CLI (a subprocess per server)."""

from __future__ import annotations

import base64
import json
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import engine_params, hostrt_cmd, run_cmd
from tests.serve_util import (
    API_PATH,
    BUILT,
    DEADLINE,
    HELLO_REQUESTS,
    SLOWSTART,
    SOONSTART,
    Certs,
    configmap_review,
    make_certs,
    serving,
)


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    return make_certs(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module", params=engine_params())
def hello(request: pytest.FixtureRequest, certs: Certs):
    """hello-pepr served on each engine backend (the tests using it run once per engine)."""
    with serving(BUILT, certs, "--engine", str(request.param)) as served:
        yield served


def _run_answers(path: Path) -> dict[str, Any]:
    """What `hostrt run --admission` answers (diff-tested against real Pepr elsewhere)."""
    res = run_cmd([*hostrt_cmd(), "run", str(BUILT), "--admission", str(path)],
                  env={"PEPR_API_PATH": API_PATH}, timeout=120)
    return json.loads(res.out.splitlines()[0])


def test_admission_answers_and_errors(hello: Any) -> None:
    body = (HELLO_REQUESTS / "04-create-configmap-example-1.json").read_bytes()
    ans = hello.admit("mutate", body)
    assert ans.status == 200
    assert ans.headers["content-type"].startswith("application/json")
    review = ans.json()
    assert review["response"]["allowed"] is True
    ops = json.loads(base64.b64decode(review["response"]["patch"]))
    assert {"op": "add", "path": "/metadata/labels", "value": {"pepr": "was-here"}} in ops
    assert hello.admit("validate", body).json()["response"]["allowed"] is True

    # Wrong API path: Pepr's 401 text, non-word characters shown as "_".
    bad = hello.admit("mutate", body, api_path="not%20it!")
    assert (bad.status, bad.body) == (401, b"Unauthorized: invalid path 'not_it_'")
    # express.json parses before the path is checked: a bad body still gets its 400.
    assert hello.admit("mutate", b"{bad", api_path="wrong").status == 400

    big = b'{"request": {"x": "' + b"a" * (2 * 1024 * 1024) + b'"}}'
    too = hello.admit("validate", big)
    assert too.status == 413
    assert b"PayloadTooLargeError: request entity too large" in too.body

    mal = hello.admit("mutate", b'{"request": ')
    assert mal.status == 400 and b"SyntaxError" in mal.body

    # Not found: Express's page.
    nf = hello.request("GET", "/nope")
    assert nf.status == 404 and b"Cannot GET /nope" in nf.body
    assert hello.proc.poll() is None  # nothing took the server down


def test_review_without_request_matches_hostrt_run(hello: Any, tmp_path: Path) -> None:
    review = tmp_path / "no-request.json"
    review.write_text('{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}')
    expected = _run_answers(review)
    for route in ("mutate", "validate"):
        ans = hello.admit(route, review.read_bytes())
        want_status = expected.get("httpStatus", {}).get(route, 200)
        assert ans.status == want_status
        got = ans.json() if ans.status == 200 else ans.body.decode()
        assert got == expected[route]


def test_healthz_readyz_metrics(hello: Any) -> None:
    h = hello.request("GET", "/healthz")
    assert (h.status, h.body) == (200, b"OK")
    r = hello.request("GET", "/readyz")
    assert r.status == 200
    assert r.json()["components"]["admission"]["ok"] is True
    hello.admit("mutate", b"{}", api_path="wrong-path")
    m = hello.request("GET", "/metrics")
    assert m.status == 200
    families = {f.name: f for f in text_string_to_metric_families(m.body.decode())}
    for name in ("pepr_errors", "pepr_alerts", "pepr_mutate", "pepr_validate",
                 "pepr_mutate_timeouts", "pepr_validate_timeouts", "hostrt_crossings",
                 "hostrt_isolate_restarts", "hostrt_heap_used_bytes", "hostrt_heap_limit_bytes",
                 "hostrt_requests_in_flight"):
        assert name in families, name
    alerts = [s.value for s in families["pepr_alerts"].samples]
    assert alerts and alerts[0] >= 1
    assert families["pepr_mutate"].type == "summary"
    assert next(s.value for s in families["hostrt_heap_used_bytes"].samples) > 0
    assert next(s.value for s in families["hostrt_crossings"].samples) > 0


def test_concurrent_requests_share_crossings(hello: Any) -> None:
    """Requests in flight together cross into JS together (fewer crossings than requests)."""
    def crossings() -> float:
        text = hello.request("GET", "/metrics").body.decode()
        fam = {f.name: f for f in text_string_to_metric_families(text)}
        return fam["hostrt_crossings"].samples[0].value

    body = (HELLO_REQUESTS / "04-create-configmap-example-1.json").read_bytes()
    before = crossings()
    statuses: list[int] = []
    barrier = threading.Barrier(24)

    def one() -> None:
        barrier.wait()
        statuses.append(hello.admit("mutate", body).status)

    threads = [threading.Thread(target=one) for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [200] * 24
    used = crossings() - before - 1  # the /metrics read itself does not cross; margin of one
    assert used < 24, f"{used} crossings for 24 concurrent requests"


def test_healthz_before_ready(certs: Certs) -> None:
    with serving(SLOWSTART, certs, ready=False) as served:
        early = served.request("GET", "/healthz")
        assert early.status == 404 and b"Cannot GET /healthz" in early.body
        notready = served.request("GET", "/readyz")
        assert notready.status == 503
        # (--role all: the watcher component is not started either)
        assert notready.json()["notReady"] in (["admission"], ["admission", "watcher"])
        assert served.admit("mutate", configmap_review("good")).status == 404
        served.wait_ready()
        assert served.request("GET", "/readyz").status == 200


def test_module_created_by_a_timer_due_at_the_store_hand_off(certs: Certs) -> None:
    # The turn that answers "no PeprModule yet" runs the timer that creates it, and leaves
    # nothing pending: the hand-off is tried again, not given up.
    with serving(SOONSTART, certs, "--role", "admission") as served:
        assert served.admit("validate", configmap_review("good")).status == 200


def test_runaway_answered_per_on_error_while_good_request_answered(certs: Certs,
                                                                 engine: str) -> None:
    with serving(DEADLINE, certs, "--engine", engine) as served:
        results: dict[str, Any] = {}

        def send(name: str, delay: float) -> None:
            time.sleep(delay)
            t0 = time.monotonic()
            ans = served.admit("mutate", configmap_review(name, uid=f"uid-{name}"))
            results[name] = (ans, time.monotonic() - t0)

        threads = [threading.Thread(target=send, args=("runaway", 0.0)),
                   threading.Thread(target=send, args=("good", 0.2))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        runaway, took = results["runaway"]
        assert runaway.status == 200
        resp = runaway.json()["response"]
        assert resp["uid"] == "uid-runaway" and resp["allowed"] is False  # onError: reject
        assert "reject on error" in resp["status"]["message"]
        assert took < 5.0  # answered before the API server's webhookTimeout (5 s)
        good, took_good = results["good"]
        gresp = good.json()["response"]
        assert good.status == 200 and gresp["allowed"] is True and gresp["uid"] == "uid-good"
        assert {"op": "add", "path": "/metadata/labels", "value": {"answered": "good"}} in \
            json.loads(base64.b64decode(gresp["patch"]))
        assert took_good < 5.0
        # The isolate was replaced and serves again.
        again = served.admit("mutate", configmap_review("after"))
        assert again.json()["response"]["allowed"] is True
        text = served.request("GET", "/metrics").body.decode()
        fams = {f.name: f for f in text_string_to_metric_families(text)}
        restarts = sum(s.value for s in fams["hostrt_isolate_restarts"].samples
                       if s.name.endswith("_total"))
        assert restarts >= 1


def test_sigterm_drains_in_flight(certs: Certs, engine: str) -> None:
    with serving(DEADLINE, certs, "--engine", engine) as served:
        answers: list[Any] = []

        def slow(i: int) -> None:
            answers.append(served.admit("mutate", configmap_review("slow", uid=f"u{i}")))

        threads = [threading.Thread(target=slow, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.5)  # all four are in the module's 1.5 s timer
        served.proc.send_signal(signal.SIGTERM)
        for t in threads:
            t.join(30)
        code = served.proc.wait(20)
        assert code == 143
        assert len(answers) == 4
        for ans in answers:
            assert ans.status == 200
            assert ans.json()["response"]["allowed"] is True
        logs = "".join(served.stdout)
        assert "Received SIGTERM, closing server." in logs and "Server closed." in logs


def test_two_workers_on_one_port(certs: Certs) -> None:
    with serving(BUILT, certs, "--workers", "2") as served:
        end = time.monotonic() + 90
        while time.monotonic() < end:
            pids = {line.split("(pid ")[1].split(")")[0] for line in list(served.stderr)
                    if "listening on" in line and "(pid " in line}
            if len(pids) == 2:
                break
            time.sleep(0.1)
        assert len(pids) == 2, served.stderr  # two processes, one port
        body = (HELLO_REQUESTS / "04-create-configmap-example-1.json").read_bytes()
        for _ in range(20):  # a new connection each: the kernel spreads them over both
            assert served.admit("mutate", body).status == 200
        assert served.terminate() == 143


def test_bad_configuration_is_a_clear_error(certs: Certs, tmp_path: Path) -> None:
    res = run_cmd([*hostrt_cmd(), "serve", str(BUILT), "--port", "0"], timeout=60,
                  env={"PEPR_API_PATH": ""})
    assert res.code == 1 and "API path not found" in res.err and "Traceback" not in res.err
    res = run_cmd([*hostrt_cmd(), "serve", str(BUILT), "--port", "0", "--api-path", "x",
                   "--tls-cert", str(tmp_path / "missing.crt"), "--tls-key", str(certs.key)])
    assert res.code == 1 and "missing.crt: TLS certificate not found" in res.err


def test_pepr_environment_then_flags(tmp_path: Path) -> None:
    from hostrt.errors import HostError
    from hostrt.serve.config import resolve
    missing = tmp_path / "none"
    base = {"PEPR_API_PATH": "from-env"}
    assert resolve("m", environ=base, api_path_file=missing).role == "all"
    assert resolve("m", environ={**base, "PEPR_WATCH_MODE": "false"}).role == "admission"
    assert resolve("m", environ={"PEPR_WATCH_MODE": "true"}).role == "watcher"
    assert resolve("m", environ={**base, "PEPR_WATCH_MODE": "true"}, role="all").role == "all"
    cfg = resolve("m", environ={**base, "SSL_CERT_PATH": "/c.crt", "SSL_KEY_PATH": "/k.key",
                                "PEPR_KEEP_ALIVE_TIMEOUT_MS": "5000", "LOG_LEVEL": "debug"})
    assert (cfg.port, cfg.api_path, cfg.tls_cert, cfg.tls_key) == (3000, "from-env",
                                                                   Path("/c.crt"), Path("/k.key"))
    assert (cfg.keep_alive_timeout_ms, cfg.headers_timeout_ms, cfg.log_level) == (5000, 32000,
                                                                                  "debug")
    cfg = resolve("m", environ={**base, "SSL_CERT_PATH": "/c.crt"}, tls_cert="/flag.crt", port=0,
                  api_path="from-flag")
    assert (cfg.tls_cert, cfg.port, cfg.api_path) == (Path("/flag.crt"), 0, "from-flag")
    secret = tmp_path / "value"
    secret.write_text("  abc123\n")
    assert resolve("m", environ={}, api_path_file=secret).api_path == "abc123"
    with pytest.raises(HostError, match="PEPR_KEEP_ALIVE_TIMEOUT_MS='soon'"):
        resolve("m", environ={**base, "PEPR_KEEP_ALIVE_TIMEOUT_MS": "soon"})
    with pytest.raises(HostError, match="API path not found"):
        resolve("m", environ={}, api_path_file=missing)


# What `hostrt serve` must not import when it does not use it (its ready time and RSS are among
# the figures #12 measures): other commands' dependencies, the Kubernetes client without a
# cluster, and the watcher in Pepr's admission pod.
HEAVY = ("hypothesis", "kubernetes", "kubernetes_validate", "matplotlib", "rich", "yaml",
         "hostrt.bench", "hostrt.compat", "hostrt.fuzz", "hostrt.build", "hostrt.serve.watcher",
         "hostrt.kube.informer")


def test_serve_imports_only_what_it_uses(certs: Certs, tmp_path: Path) -> None:
    env = {"PYTHONPROFILEIMPORTTIME": "1", "KUBECONFIG": str(tmp_path / "no-kubeconfig")}
    with serving(BUILT, certs, "--role", "admission", env=env) as served:
        assert served.admit("mutate", configmap_review("imports")).status == 200
        assert served.terminate() == 143
    imported = {line.rsplit("|", 1)[1].strip() for line in served.stderr
                if line.startswith("import time:")}
    assert "aiohttp.web" in imported and "py_mini_racer" in imported  # the profile is real
    heavy = sorted(m for m in imported if m.split(".")[0] in HEAVY
                   or any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []
