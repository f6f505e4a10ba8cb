"""`hostrt serve --role watcher|all`: the watcher component from the installed CLI, against the
fake Kubernetes API, with /readyz and /metrics."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from hostrt.kube.fakeapi import FakeKubeAPI
from tests.conftest import run_cmd
from tests.serve_util import Certs, Served, make_certs, serving
from tests.test_resources import installed  # noqa: F401  (the installed-wheel fixture)

LIVE = Path(__file__).resolve().parent.parent / "js_fixtures" / "modules" / "watch-live"


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    return make_certs(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[tuple[FakeKubeAPI, Path]]:
    with FakeKubeAPI.in_thread(bookmark_interval=0.2) as api:
        for ns in ("churn", "q"):
            api.create("v1", "namespaces", {"metadata": {"name": ns}})
        yield api, api.write_kubeconfig(tmp_path / "kubeconfig")


def metrics(served: Served) -> dict[str, float]:
    text = served.request("GET", "/metrics").body.decode()
    out: dict[str, float] = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            key = s.name + ("{" + ",".join(f"{k}={v}" for k, v in sorted(s.labels.items())) + "}"
                            if s.labels else "")
            out[key] = s.value
    return out


def until(cond: Any, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


@pytest.mark.parametrize("role", ["watcher", "all"])
def test_serve_runs_the_watcher(certs: Certs, fake: tuple[FakeKubeAPI, Path], role: str) -> None:
    api, kubeconfig = fake
    api.create("v1", "configmaps", {"metadata": {"name": "before"}}, namespace="churn")
    with serving(LIVE, certs, "--role", role, env={"KUBECONFIG": str(kubeconfig)}) as served:
        until(lambda: served.request("GET", "/readyz").status == 200)
        ready = served.request("GET", "/readyz").json()
        assert ready["components"]["watcher"]["ok"]
        assert "configmaps.v1@churn" in ready["components"]["watcher"]["detail"]
        assert ("admission" in ready["components"]) == (role == "all")
        api.create("v1", "configmaps", {"metadata": {"name": "after"}}, namespace="churn")
        api.create("v1", "configmaps", {"metadata": {"name": "bad", "labels": {"throw": "yes"}}},
                   namespace="churn")
        cm = 'informer=configmaps.v1@churn'
        until(lambda: metrics(served).get(f"hostrt_watch_events_total{{{cm}}}", 0) >= 3)
        until(lambda: metrics(served).get("pepr_errors", 0) >= 1)
        m = metrics(served)
        assert m["hostrt_watch_callback_errors_total"] == 1
        assert m[f"hostrt_watch_relists_total{{{cm}}}"] == 0
        assert 0 <= m[f"hostrt_watch_last_activity_age_seconds{{{cm}}}"] < 60
        assert m["hostrt_watch_queue_depth"] >= 0
        # a dropped watch is resumed, not re-listed
        lists = api.stats()["requests"]["list"]
        api.drop_watches()
        api.create("v1", "configmaps", {"metadata": {"name": "resumed"}}, namespace="churn")
        until(lambda: metrics(served).get(f"hostrt_watch_events_total{{{cm}}}", 0) >= 4)
        assert metrics(served)[f"hostrt_watch_reconnects_total{{{cm}}}"] >= 1
        assert api.stats()["requests"]["list"] == lists
        assert served.terminate() == 143


def test_serve_watcher_without_a_cluster_says_so(certs: Certs, tmp_path: Path) -> None:
    env = {"KUBECONFIG": str(tmp_path / "missing"), "KUBERNETES_SERVICE_HOST": ""}
    with serving(LIVE, certs, "--role", "watcher", env=env, ready=False) as served:
        until(lambda: served.proc.poll() is not None, 60)
    err = "".join(served.stderr)
    assert served.proc.returncode != 0
    assert "4 Watch/Reconcile/Finalize binding(s)" in err or "binding(s) to serve" in err
    assert "no Kubernetes cluster configured" in err and "Traceback" not in err


def test_serve_all_without_a_cluster_admits_and_says_watching_is_off(certs: Certs,
                                                                    tmp_path: Path) -> None:
    env = {"KUBECONFIG": str(tmp_path / "missing"), "KUBERNETES_SERVICE_HOST": ""}
    with serving(LIVE, certs, env=env) as served:
        until(lambda: served.request("GET", "/readyz").status == 200)
        detail = served.request("GET", "/readyz").json()["components"]["watcher"]["detail"]
        assert detail.startswith("NOT WATCHING:") and "no Kubernetes cluster" in detail
        assert "Watch bindings are not served" in "".join(served.stdout)


def test_installed_wheel_fake_api_and_bench_watch(installed: Path,  # noqa: F811 (fixture)
                                                  tmp_path: Path) -> None:
    """From the installed wheel, outside the checkout: the fake API as a process, and
    `hostrt bench watch` (hostrt's informer in its own process; Node's side left out)."""
    import json
    import subprocess

    proc = subprocess.Popen([str(installed), "-m", "hostrt.kube.fakeapi", "--port", "0",
                             "--kubeconfig", str(tmp_path / "kc")], stdout=subprocess.PIPE,
                            text=True, cwd=tmp_path)
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert info["kubeconfig"] == str(tmp_path / "kc") and info["url"].startswith("http://")
    finally:
        proc.terminate()
        assert proc.wait(10) == 0
    out = tmp_path / "watch.json"
    res = run_cmd([str(installed), "-m", "hostrt.cli", "bench", "watch", "--scale", "0.02",
                   "--runs", "1", "--warmup", "0", "--no-node", "--json", str(out)],
                  cwd=tmp_path, timeout=300)
    assert res.code == 0, res.err[-2000:]
    rows = {r["name"]: r for r in json.loads(out.read_text())["results"]}
    got = rows["requests-per-1k-events"]["runtimes"]["hostrt"]["summary"]["median"]
    assert got > 0
    assert rows["duplicate-adds"]["runtimes"]["hostrt"]["summary"]["median"] == 0
