"""The fake Kubernetes API (hostrt/kube/fakeapi.py) through the official client and raw HTTP."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import urllib3
from kubernetes import client, config, dynamic, watch

from hostrt.kube.fakeapi import FakeKubeAPI


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[FakeKubeAPI, client.ApiClient]]:
    with FakeKubeAPI.in_thread(bookmark_interval=0.2) as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
        api_client = _client(kubeconfig)
        try:
            yield server, api_client
        finally:
            api_client.close()


def _client(kubeconfig: Path) -> client.ApiClient:
    # No urllib3 retries: it would silently retry a 429 after its Retry-After.
    cfg = client.Configuration()
    config.load_kube_config(config_file=str(kubeconfig), client_configuration=cfg)
    cfg.retries = 0
    return client.ApiClient(cfg)


def _cm(name: str, **labels: str) -> dict[str, Any]:
    return {"metadata": {"name": name, "labels": labels}, "data": {"k": name}}


def _status_of(exc: client.ApiException) -> dict[str, Any]:
    return json.loads(exc.body)


def test_crud_and_status_errors(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    made = v1.create_namespaced_config_map("default", _cm("a"))
    assert made.metadata.uid and made.metadata.resource_version == str(server.resource_version)
    with pytest.raises(client.ApiException) as exc:
        v1.create_namespaced_config_map("default", _cm("a"))
    assert exc.value.status == 409
    assert _status_of(exc.value)["reason"] == "AlreadyExists"
    with pytest.raises(client.ApiException) as exc:
        v1.read_namespaced_config_map("missing", "default")
    body = _status_of(exc.value)
    assert (exc.value.status, body["kind"], body["reason"]) == (404, "Status", "NotFound")
    assert body["message"] == 'configmaps "missing" not found'
    with pytest.raises(client.ApiException) as exc:
        v1.create_namespaced_config_map("nowhere", _cm("a"))
    assert exc.value.status == 404 and "namespaces \"nowhere\"" in _status_of(exc.value)["message"]

    # PUT with a stale resourceVersion conflicts; with the current one it succeeds
    stale = made.metadata.resource_version
    made.data = {"k": "v2"}
    v1.replace_namespaced_config_map("a", "default", made)
    made.data = {"k": "v3"}
    made.metadata.resource_version = stale
    with pytest.raises(client.ApiException) as exc:
        v1.replace_namespaced_config_map("a", "default", made)
    assert exc.value.status == 409 and _status_of(exc.value)["reason"] == "Conflict"
    assert v1.read_namespaced_config_map("a", "default").data == {"k": "v2"}

    # the patch flavours: JSON Patch (list body), strategic merge (dict body)
    v1.patch_namespaced_config_map("a", "default", [{"op": "add", "path": "/data/x", "value": "1"}])
    v1.patch_namespaced_config_map("a", "default", {"data": {"y": "2", "k": None}})
    assert v1.read_namespaced_config_map("a", "default").data == {"x": "1", "y": "2"}
    with pytest.raises(client.ApiException) as exc:
        v1.patch_namespaced_config_map("a", "default", [{"op": "test", "path": "/data/x",
                                                         "value": "no"}])
    assert exc.value.status == 422

    v1.delete_namespaced_config_map("a", "default")
    with pytest.raises(client.ApiException) as exc:
        v1.delete_namespaced_config_map("a", "default")
    assert exc.value.status == 404


def test_no_op_write_keeps_the_resource_version(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    v1.create_namespaced_config_map("default", _cm("same"))
    before = server.resource_version
    v1.patch_namespaced_config_map("same", "default", {"data": {"k": "same"}})
    assert server.resource_version == before


def test_list_pages_are_a_consistent_snapshot(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    for i in range(7):
        v1.create_namespaced_config_map("default", _cm(f"cm{i}"))
    first = v1.list_namespaced_config_map("default", limit=3)
    list_rv = first.metadata.resource_version
    assert [i.metadata.name for i in first.items] == ["cm0", "cm1", "cm2"]
    assert first.metadata.remaining_item_count == 4
    # writes after the first page do not show in later pages
    v1.delete_namespaced_config_map("cm5", "default")
    v1.create_namespaced_config_map("default", _cm("cm9"))
    names, token = [], first.metadata._continue
    while token:
        page = v1.list_namespaced_config_map("default", limit=3, _continue=token)
        assert page.metadata.resource_version == list_rv
        names += [i.metadata.name for i in page.items]
        token = page.metadata._continue
    assert names == ["cm3", "cm4", "cm5", "cm6"]
    # an evicted snapshot: 410 Expired, as the apiserver answers for a compacted continue
    again = v1.list_namespaced_config_map("default", limit=2)
    server.compact()
    with pytest.raises(client.ApiException) as exc:
        v1.list_namespaced_config_map("default", limit=2, _continue=again.metadata._continue)
    assert exc.value.status == 410 and _status_of(exc.value)["reason"] == "Expired"


def test_selectors(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    _, c = api
    v1 = client.CoreV1Api(c)
    v1.create_namespaced_config_map("default", _cm("a", tier="web", env="prod"))
    v1.create_namespaced_config_map("default", _cm("b", tier="db"))
    v1.create_namespaced_config_map("kube-system", _cm("c", tier="web"))

    def names(**kw: Any) -> list[str]:
        return sorted(i.metadata.name for i in v1.list_config_map_for_all_namespaces(**kw).items)
    assert names(label_selector="tier=web") == ["a", "c"]
    assert names(label_selector="tier in (web,db),!env") == ["b", "c"]
    assert names(label_selector="tier!=web") == ["b"]
    assert names(label_selector="env") == ["a"]
    assert names(field_selector="metadata.namespace=kube-system") == ["c"]
    assert names(field_selector="metadata.name!=a,metadata.namespace=default") == ["b"]
    with pytest.raises(client.ApiException) as exc:
        v1.list_config_map_for_all_namespaces(label_selector="a in b")
    assert exc.value.status == 400


def test_watch_replays_from_a_resource_version(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    v1.create_namespaced_config_map("default", _cm("a"))
    rv = str(server.resource_version)
    v1.create_namespaced_config_map("default", _cm("b"))
    v1.patch_namespaced_config_map("a", "default", {"data": {"k": "2"}})
    v1.delete_namespaced_config_map("b", "default")
    v1.create_namespaced_config_map("kube-system", _cm("other"))
    seen = []
    for ev in watch.Watch().stream(v1.list_namespaced_config_map, "default", resource_version=rv,
                                   timeout_seconds=1):
        seen.append((ev["type"], ev["object"].metadata.name, ev["object"].metadata.resource_version))
    assert [s[:2] for s in seen] == [("ADDED", "b"), ("MODIFIED", "a"), ("DELETED", "b")]
    rvs = [int(s[2]) for s in seen]
    assert rvs == sorted(rvs) and rvs[0] > int(rv)
    # without a resourceVersion: the current objects as ADDED
    current = [(e["type"], e["object"].metadata.name) for e in watch.Watch().stream(
        v1.list_namespaced_config_map, "default", timeout_seconds=1)]
    assert current == [("ADDED", "a")]


def test_watch_selector_transitions_and_live_events(
        api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    v1.create_namespaced_config_map("default", _cm("a", tier="web"))
    rv = str(server.resource_version)
    v1.patch_namespaced_config_map("a", "default", {"metadata": {"labels": {"tier": "db"}}})
    v1.patch_namespaced_config_map("a", "default", {"metadata": {"labels": {"tier": "web"}}})
    events = [(e["type"], e["object"].metadata.labels["tier"]) for e in watch.Watch().stream(
        v1.list_namespaced_config_map, "default", resource_version=rv, label_selector="tier=web",
        timeout_seconds=1)]
    assert events == [("DELETED", "db"), ("ADDED", "web")]


def test_bookmarks_and_timeout(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    v1.create_namespaced_config_map("default", _cm("a"))
    rv = str(server.resource_version)
    started = time.monotonic()
    events = list(watch.Watch().stream(v1.list_namespaced_config_map, "default",
                                       resource_version=rv, allow_watch_bookmarks=True,
                                       timeout_seconds=1))
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 10
    assert events and all(e["type"] == "BOOKMARK" for e in events)
    assert events[-1]["raw_object"]["metadata"]["resourceVersion"] == rv


def test_watch_410_after_compaction(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    v1.create_namespaced_config_map("default", _cm("a"))
    old = str(server.resource_version)
    v1.create_namespaced_config_map("default", _cm("b"))
    server.compact()
    resp = v1.list_namespaced_config_map("default", watch=True, resource_version=old,
                                         _preload_content=False)
    lines = [json.loads(line) for line in resp.read().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0]["type"] == "ERROR"
    assert lines[0]["object"]["code"] == 410 and lines[0]["object"]["reason"] == "Expired"
    # from the compaction point on, resuming works again
    fresh = str(server.resource_version)
    v1.create_namespaced_config_map("default", _cm("c"))
    names = [e["object"].metadata.name for e in watch.Watch().stream(
        v1.list_namespaced_config_map, "default", resource_version=fresh, timeout_seconds=1)]
    assert names == ["c"]


def test_fault_throttle_error_slow(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    server.inject("throttle", verbs=["list"], retry_after=7)
    with pytest.raises(client.ApiException) as exc:
        v1.list_namespaced_config_map("default")
    assert exc.value.status == 429 and exc.value.headers["Retry-After"] == "7"
    assert _status_of(exc.value)["details"]["retryAfterSeconds"] == 7
    v1.list_namespaced_config_map("default")  # the fault was used up
    server.inject("error", resource="configmaps", times=2)
    for _ in range(2):
        with pytest.raises(client.ApiException) as exc:
            v1.list_namespaced_config_map("default")
        assert exc.value.status == 500
    v1.list_namespaced_config_map("default")
    v1.list_namespaced_pod("default")
    server.inject("slow", delay=0.5)
    started = time.monotonic()
    v1.list_namespaced_pod("default")
    assert time.monotonic() - started >= 0.5
    stats = server.stats()
    assert stats["counters"]["fault_throttle"] == 1 and stats["counters"]["fault_error"] == 2
    assert stats["requests"]["list"] == 7


def test_fault_drop_cuts_a_watch_mid_event(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    rv = str(server.resource_version)
    for i in range(5):
        v1.create_namespaced_config_map("default", _cm(f"cm{i}"))
    server.inject("drop", after_events=2)
    resp = v1.list_namespaced_config_map("default", watch=True, resource_version=rv,
                                         _preload_content=False)
    got = b""
    with pytest.raises(urllib3.exceptions.ProtocolError):
        for chunk in resp.stream(64, decode_content=True):
            got += chunk
    lines = got.split(b"\n")
    assert len([json.loads(x) for x in lines[:2]]) == 2  # two whole events
    assert lines[2] and not lines[2].endswith(b"}")  # then half of the third
    with pytest.raises(ValueError):
        json.loads(lines[2])


def test_fault_gone_on_a_watch(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    server.inject("gone", verbs=["watch"])
    resp = v1.list_namespaced_config_map("default", watch=True, resource_version="1",
                                         _preload_content=False)
    event = json.loads(resp.read().splitlines()[0])
    assert event["type"] == "ERROR" and event["object"]["code"] == 410
    server.inject("gone", verbs=["watch"], http_gone=True)
    with pytest.raises(client.ApiException) as exc:
        v1.list_namespaced_config_map("default", watch=True, resource_version="1")
    assert exc.value.status == 410


def test_finalizers_hold_a_deleted_object(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    server, c = api
    v1 = client.CoreV1Api(c)
    body = _cm("held")
    body["metadata"]["finalizers"] = ["pepr.dev/finalizer"]
    v1.create_namespaced_config_map("default", body)
    rv = str(server.resource_version)
    v1.delete_namespaced_config_map("held", "default")
    live = v1.read_namespaced_config_map("held", "default")
    assert live.metadata.deletion_timestamp is not None
    v1.patch_namespaced_config_map("held", "default", [
        {"op": "replace", "path": "/metadata/finalizers", "value": []}])
    with pytest.raises(client.ApiException):
        v1.read_namespaced_config_map("held", "default")
    kinds = [e["type"] for e in watch.Watch().stream(
        v1.list_namespaced_config_map, "default", resource_version=rv, timeout_seconds=1)]
    assert kinds == ["MODIFIED", "DELETED"]


def test_crd_lease_peprstore_and_apply(api: tuple[FakeKubeAPI, client.ApiClient]) -> None:
    _, c = api
    ext = client.ApiextensionsV1Api(c)
    ext.create_custom_resource_definition({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "widgets.example.com"},
        "spec": {"group": "example.com", "scope": "Namespaced",
                 "names": {"plural": "widgets", "singular": "widget", "kind": "Widget"},
                 "versions": [{"name": "v1", "served": True, "storage": True,
                               "subresources": {"status": {}},
                               "schema": {"openAPIV3Schema": {"type": "object"}}}]}})
    custom = client.CustomObjectsApi(c)
    custom.create_namespaced_custom_object("example.com", "v1", "default", "widgets", {
        "apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"},
        "spec": {"size": 1}, "status": {"ignored": True}})
    got = custom.get_namespaced_custom_object("example.com", "v1", "default", "widgets", "w")
    assert got["kind"] == "Widget" and got["metadata"]["generation"] == 1
    custom.patch_namespaced_custom_object("example.com", "v1", "default", "widgets", "w",
                                          {"spec": {"size": 2}})
    custom.patch_namespaced_custom_object_status("example.com", "v1", "default", "widgets", "w",
                                                 {"status": {"ready": True}})
    got = custom.get_namespaced_custom_object("example.com", "v1", "default", "widgets", "w")
    assert got["spec"] == {"size": 2} and got["status"] == {"ready": True}
    assert got["metadata"]["generation"] == 2

    # the dynamic client reads discovery
    dyn = dynamic.DynamicClient(c)
    widgets = dyn.resources.get(api_version="example.com/v1", kind="Widget")
    assert [w.metadata.name for w in widgets.get(namespace="default").items] == ["w"]

    coord = client.CoordinationV1Api(c)
    coord.create_namespaced_lease("pepr-system", {"metadata": {"name": "leader"},
                                                  "spec": {"holderIdentity": "me"}})
    assert coord.read_namespaced_lease("leader", "pepr-system").spec.holder_identity == "me"

    # server-side apply creates, then merges
    for spec in ({"data": {"a": "1"}}, {"data": {"b": "2"}}):
        c.call_api(*_apply_args(c, "/apis/pepr.dev/v1/namespaces/pepr-system/peprstores/s", spec))
    store = custom.get_namespaced_custom_object("pepr.dev", "v1", "pepr-system", "peprstores", "s")
    assert store["data"] == {"a": "1", "b": "2"}

    ext.delete_custom_resource_definition("widgets.example.com")
    with pytest.raises(client.ApiException) as exc:
        custom.list_namespaced_custom_object("example.com", "v1", "default", "widgets")
    assert exc.value.status == 404


def _apply_args(c: client.ApiClient, path: str, body: dict[str, Any]) -> tuple[Any, ...]:
    doc = {"apiVersion": "pepr.dev/v1", "kind": "PeprStore", "metadata": {"name": "s"}, **body}
    method, url, headers, data, _ = c.param_serialize(
        "PATCH", path, query_params=[("fieldManager", "test")],
        header_params={"Content-Type": "application/apply-patch+yaml",
                       "Accept": "application/json"},
        body=json.dumps(doc), auth_settings=["BearerToken"])
    return method, url, headers, data


async def test_raw_http_in_process() -> None:
    async with FakeKubeAPI(token="s3cret", bookmark_interval=0.1) as server, \
            aiohttp.ClientSession(base_url=server.url) as http:
        async with http.get("/api/v1/namespaces") as resp:
            assert resp.status == 401
        auth = {"Authorization": "Bearer s3cret"}
        async with http.get("/apis", headers=auth) as resp:
            groups = {g["name"] for g in (await resp.json())["groups"]}
        assert {"apps", "coordination.k8s.io", "pepr.dev"} <= groups
        async with http.get("/api/v1", headers=auth) as resp:
            names = {r["name"] for r in (await resp.json())["resources"]}
        assert {"pods", "pods/status", "configmaps", "namespaces"} <= names
        async with http.post("/api/v1/namespaces", headers=auth,
                             json={"metadata": {"name": "team"}}) as resp:
            assert resp.status == 201
        async with http.get("/api/v1/namespaces/team/configmaps", headers=auth,
                            params={"watch": "true", "allowWatchBookmarks": "true",
                                    "timeoutSeconds": "5"}) as resp:
            await asyncio.sleep(0.05)
            server.create("v1", "configmaps", _cm("x"), namespace="team")
            first = json.loads(await resp.content.readline())
            bookmark = json.loads(await resp.content.readline())
        assert (first["type"], first["object"]["metadata"]["name"]) == ("ADDED", "x")
        assert bookmark["type"] == "BOOKMARK"
        async with http.post("/_fake/faults", json={"kind": "nonsense"}) as resp:
            assert resp.status == 400 and "nonsense" in (await resp.json())["message"]
        async with http.post("/_fake/faults", json={"kind": "error", "verbs": ["get"]}) as resp:
            assert resp.status == 201
        async with http.get("/api/v1/namespaces/team", headers=auth) as resp:
            assert resp.status == 500
        async with http.get("/_fake/stats") as resp:
            stats = await resp.json()
        assert stats["requests"]["watch"] == 1 and stats["requests"]["get"] == 1
        async with http.post("/api/v1/namespaces/team/configmaps", headers=auth,
                             data=b"{not json") as resp:
            assert resp.status == 400 and "not valid JSON" in (await resp.json())["message"]


def test_subprocess_on_port_zero(tmp_path: Path) -> None:
    kubeconfig = tmp_path / "kc.yaml"
    proc = subprocess.Popen([sys.executable, "-m", "hostrt.kube.fakeapi", "--port", "0",
                             "--kubeconfig", str(kubeconfig)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        info = json.loads(proc.stdout.readline())
        assert info["url"].startswith("http://127.0.0.1:") and info["kubeconfig"] == str(kubeconfig)
        c = config.new_client_from_config(str(kubeconfig))
        names = {n.metadata.name for n in client.CoreV1Api(c).list_namespace().items}
        assert {"default", "pepr-system"} <= names
        c.close()
    finally:
        proc.terminate()
        assert proc.wait(10) == 0
