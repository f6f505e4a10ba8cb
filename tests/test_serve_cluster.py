"""`hostrt serve` with the cluster: the module's Store in the PeprStore resources, shared by
replicas, and the watcher elected with a Lease (admission in every replica)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hostrt.kube.fakeapi import FakeKubeAPI
from tests.serve_util import BUILT, HELLO_REQUESTS, Certs, make_certs, serving

UUID = "6f9e3f1c-4c3a-4d1b-9a49-0c8c2d1e5b7a"
STORE = ("pepr.dev/v1", "peprstores", f"pepr-{UUID}-store", "pepr-system")
LEASE = ("coordination.k8s.io/v1", "leases", "hello-watcher", "pepr-system")


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    return make_certs(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[FakeKubeAPI, dict[str, str]]]:
    with FakeKubeAPI.in_thread() as api:
        kubeconfig = api.write_kubeconfig(tmp_path / "kubeconfig")
        yield api, {"KUBECONFIG": str(kubeconfig), "LOG_LEVEL": "info"}


def _wait(cond: Any, timeout: float, what: str) -> float:
    start = time.monotonic()
    while True:
        try:
            if cond():
                return time.monotonic() - start
        except Exception:  # not there yet
            pass
        if time.monotonic() - start > timeout:
            raise AssertionError(f"{what}: not within {timeout}s")
        time.sleep(0.05)


def _readyz(served: Any) -> dict[str, Any]:
    return json.loads(served.request("GET", "/readyz").body)


def test_store_lives_in_the_peprstore_and_replicas_share_it(
        cluster: tuple[FakeKubeAPI, dict[str, str]], certs: Certs) -> None:
    api, env = cluster
    review = (HELLO_REQUESTS / "04-create-configmap-example-1.json").read_bytes()
    with serving(BUILT, certs, env=env) as one:
        ans = one.admit("mutate", review)
        assert ans.status == 200 and ans.json()["response"]["allowed"] is True
        # hello-pepr's example-1 Mutate writes Store "example-1" = "was-here" (Pepr's layout).
        _wait(lambda: api.get(*STORE)["data"].get("hello-pepr-v2-example-1") == "was-here", 10,
              "the Store write in the PeprStore")
        store = api.get(*STORE)
        assert store["metadata"]["labels"]["pepr.dev-cacheID"].isdigit()
        assert store["data"]["__pepr_do_not_delete__"] == "k-thx-bye"
        ready = _readyz(one)
        assert ready["ready"] is True and "store: ok" in ready["components"]["admission"]["detail"]
    # A new replica comes up on the same PeprStore (created once, read by both).
    with serving(BUILT, certs, env=env) as two:
        assert two.request("GET", "/healthz").status == 200
        text = "".join(two.stdout)
        assert "Using the PeprStore resources" in text


def test_no_cluster_means_memory(certs: Certs, tmp_path: Path) -> None:
    env = {"KUBECONFIG": str(tmp_path / "missing"), "KUBERNETES_SERVICE_HOST": ""}
    with serving(BUILT, certs, env=env) as served:
        assert served.request("GET", "/healthz").status == 200
        assert "Using the PeprStore resources" not in "".join(served.stdout)


def test_store_cluster_without_a_cluster_is_a_clear_error(certs: Certs, tmp_path: Path) -> None:
    env = {"KUBECONFIG": str(tmp_path / "missing"), "KUBERNETES_SERVICE_HOST": ""}
    with pytest.raises(AssertionError) as exc, serving(BUILT, certs, "--store", "cluster", env=env):
        pass
    assert "no Kubernetes cluster configured" in str(exc.value)
    assert "Traceback" not in str(exc.value)


def test_lease_elects_one_watcher_and_both_admit(
        cluster: tuple[FakeKubeAPI, dict[str, str]], certs: Certs) -> None:
    api, env = cluster
    review = (HELLO_REQUESTS / "04-create-configmap-example-1.json").read_bytes()
    lease = ["--lease", "hello-watcher", "--lease-duration", "3"]
    with serving(BUILT, certs, *lease, env=env) as one, serving(BUILT, certs, *lease, env=env) as two:
        _wait(lambda: api.get(*LEASE)["spec"]["holderIdentity"], 10, "a leader")
        holder = api.get(*LEASE)["spec"]["holderIdentity"]
        for served in (one, two):
            assert served.admit("mutate", review).status == 200
            ready = _readyz(served)
            assert ready["ready"] is True, ready
            assert "lease" in ready["components"]
        details = [_readyz(s)["components"]["lease"]["detail"] for s in (one, two)]
        assert sum("leader" in d and "standby" not in d for d in details) == 1, details
        assert sum("standby" in d for d in details) == 1, details
        assert holder
