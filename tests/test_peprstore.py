"""The live Store (hostrt/kube/peprstore.py) against the fake Kubernetes API: Pepr's layout,
one JSON Patch per flush, changes watched back, failed writes retried, hand edits ignored."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from hostrt.kube.client import KubeClient, load_api_client
from hostrt.kube.fakeapi import FakeKubeAPI
from hostrt.kube.peprstore import (
    CACHE_LABEL,
    PLACEHOLDER_KEY,
    ClusterStore,
    StoreSettings,
    item_path,
    split_key,
)

STORE = ("pepr.dev/v1", "peprstores")
FAST = StoreSettings(flush_interval=0.1, debounce=0.02, retry_min=0.05, retry_max=0.2)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[FakeKubeAPI, Path]]:
    with FakeKubeAPI.in_thread(bookmark_interval=0.2) as api:
        yield api, api.write_kubeconfig(tmp_path / "kubeconfig")


@pytest.fixture
async def store(server: tuple[FakeKubeAPI, Path]) -> AsyncIterator[ClusterStore]:
    _, kubeconfig = server
    client = KubeClient(load_api_client(str(kubeconfig)))
    st = ClusterStore(client, "t1", FAST)
    await st.start()
    try:
        yield st
    finally:
        await st.stop()
        client.close()


def _obj(api: FakeKubeAPI, kind: str = "store") -> dict[str, Any]:
    return api.get(*STORE, f"pepr-t1-{kind}", "pepr-system")


async def _until(cond: Any, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not cond():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def test_keys() -> None:
    assert item_path("cap", "a/b~c") == "/data/cap-v2-a~1b~0c"
    assert split_key("cap-v2-a/b~c") == ("cap", "a/b~c")
    assert split_key(PLACEHOLDER_KEY) is None
    assert split_key("cap-oldkey") is None


async def test_created_as_pepr_lays_it_out(server: tuple[FakeKubeAPI, Path],
                                           store: ClusterStore) -> None:
    api, _ = server
    crd = api.get("apiextensions.k8s.io/v1", "customresourcedefinitions", "peprstores.pepr.dev")
    assert crd["spec"]["names"]["kind"] == "PeprStore" and crd["spec"]["scope"] == "Namespaced"
    for kind in ("store", "schedule"):
        obj = _obj(api, kind)
        assert obj["data"] == {PLACEHOLDER_KEY: "k-thx-bye"}
        assert obj["metadata"]["labels"][CACHE_LABEL].isdigit()
    assert store.health()[0]


async def test_writes_batched_into_one_patch(server: tuple[FakeKubeAPI, Path],
                                             store: ClusterStore) -> None:
    api, _ = server
    label_before = _obj(api)["metadata"]["labels"][CACHE_LABEL]
    await asyncio.sleep(0.01)
    api.reset_stats()
    store.set("store", "cap", "a/b~c", "1")
    store.set("store", "cap", "k", "first")
    store.set("store", "cap", "k", "second")          # last write of a key wins
    store.set("store", "other", "gone", "x")
    store.remove("store", "other", "gone")
    store.remove("store", "cap", "never-there")       # nothing to remove: not sent
    store.set("schedule", "cap", "last", "42")
    await store.flush()
    patches = api.stats()["byResource"].get("patch peprstores", 0)
    assert patches == 2  # one per object (store, schedule)
    obj = _obj(api)
    assert obj["data"] == {PLACEHOLDER_KEY: "k-thx-bye", "cap-v2-a/b~c": "1", "cap-v2-k": "second"}
    assert obj["metadata"]["labels"][CACHE_LABEL] != label_before
    assert _obj(api, "schedule")["data"]["cap-v2-last"] == "42"
    assert store.items("store", "cap") == {"a/b~c": "1", "k": "second"}


async def test_changes_watched_back_and_told(server: tuple[FakeKubeAPI, Path],
                                             store: ClusterStore) -> None:
    api, _ = server
    told: list[tuple[str, str, dict[str, str]]] = []
    store.subscribe(lambda *a: told.append(a))
    # Another controller (Pepr's) writes: a JSON Patch on the object.
    api.patch(*STORE, "pepr-t1-store", [{"op": "add", "path": "/data/cap-v2-peer", "value": "hi"}],
              namespace="pepr-system", content_type="application/json-patch+json")
    await _until(lambda: told)
    assert told[-1] == ("store", "cap", {"peer": "hi"})
    assert store.snapshot()["store"] == {"cap": {"peer": "hi"}}
    store.clear("store", "cap")
    await store.flush()
    await _until(lambda: told[-1] == ("store", "cap", {}))
    assert "cap-v2-peer" not in _obj(api)["data"]


async def test_failed_writes_are_retried_never_dropped(server: tuple[FakeKubeAPI, Path],
                                                       store: ClusterStore,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    api, _ = server
    caplog.set_level(logging.INFO, logger="hostrt.store")
    store.set("store", "cap", "doomed", "1")
    await store.flush()
    # 500s and a 429 on the next patches: the writes wait and go through afterwards.
    api.inject("error", verbs=["patch"], resource="peprstores", times=2)
    api.inject("throttle", verbs=["patch"], resource="peprstores", times=1, retry_after=0)
    store.set("store", "cap", "a", "1")
    await _until(lambda: _obj(api)["data"].get("cap-v2-a") == "1")
    counters = api.stats()["counters"]
    assert counters.get("fault_error") == 2 and counters.get("fault_throttle") == 1
    # A 422: the key we remove was removed by someone else after we saw it, in the same batch
    # as a new write. Pepr drops the whole batch; here the patch is rebuilt and sent.
    api.patch(*STORE, "pepr-t1-store", [{"op": "remove", "path": "/data/cap-v2-doomed"}],
              namespace="pepr-system", content_type="application/json-patch+json")
    # No await since that patch: the watch's news of it has not been applied, our view is stale.
    assert "cap-v2-doomed" in store.objects["store"].data
    store.remove("store", "cap", "doomed")
    store.set("store", "cap", "b", "2")
    await store.flush()
    assert "patch refused" in caplog.text and "re-reading" in caplog.text
    data = _obj(api)["data"]
    assert data.get("cap-v2-b") == "2" and "cap-v2-doomed" not in data
    assert not store.objects["store"].pending


async def test_deleted_object_is_recreated(server: tuple[FakeKubeAPI, Path],
                                           store: ClusterStore) -> None:
    api, _ = server
    api.delete(*STORE, "pepr-t1-store", namespace="pepr-system")
    store.set("store", "cap", "after", "1")
    await _until(lambda: _safe_data(api).get("cap-v2-after") == "1")
    assert _obj(api)["data"][PLACEHOLDER_KEY] == "k-thx-bye"


def _safe_data(api: FakeKubeAPI) -> dict[str, Any]:
    try:
        return _obj(api).get("data") or {}
    except Exception:
        return {}


async def test_hand_edited_invalid_object_is_ignored_key_by_key(
        server: tuple[FakeKubeAPI, Path], store: ClusterStore,
        caplog: pytest.LogCaptureFixture) -> None:
    api, _ = server
    caplog.set_level(logging.WARNING, logger="hostrt.store")
    obj = _obj(api)
    obj["data"] = {PLACEHOLDER_KEY: "k-thx-bye", "cap-v2-good": "yes", "cap-v2-bad": 5,
                   "cap-v2-worse": {"nested": True}}
    api.update(*STORE, obj)
    await _until(lambda: store.items("store", "cap") == {"good": "yes"})
    assert "cap-v2-bad" in caplog.text and "not a string" in caplog.text
    # `data` replaced by a string: nothing readable, still running; the next write repairs it.
    obj = _obj(api)
    obj["data"] = "garbage"
    api.update(*STORE, obj)
    await _until(lambda: store.items("store", "cap") == {})
    assert "not a map" in caplog.text
    store.set("store", "cap", "again", "1")
    await store.flush()
    assert _obj(api)["data"] == {PLACEHOLDER_KEY: "k-thx-bye", "cap-v2-again": "1"}
    assert store.health()[0]


MODULE = """
const { PeprModule, Capability } = require("pepr");
const c = new Capability({ name: "cap", description: "live store" });
c.Store.onReady(async () => {
  const out = { before: c.Store.getItem("k") };
  const p = c.Store.setItemAndWait("k", "v");
  out.rightAfterSet = c.Store.getItem("k");      // Pepr: still the old value
  out.set = await p;
  out.afterWait = c.Store.getItem("k");
  out.removed = await c.Store.removeItemAndWait("k");
  out.afterRemove = c.Store.getItem("k");
  console.log(JSON.stringify(out));
});
new PeprModule({ description: "t", pepr: { uuid: "t1", onError: "ignore" } }, [c]);
"""


async def test_module_store_round_trips_through_the_cluster(
        server: tuple[FakeKubeAPI, Path], store: ClusterStore, tmp_path: Path) -> None:
    """setItemAndWait / removeItemAndWait resolve once the cluster has the change, as in Pepr."""
    from hostrt.host import Host, HostOptions
    from hostrt.settings import PeprSettings
    api, _ = server
    entry = tmp_path / "module.js"
    entry.write_text(MODULE)
    out = io.StringIO()
    opts = HostOptions(stdout=out, stderr=io.StringIO(), track_rejections=False,
                       env={"LOG_LEVEL": "error"}, pepr=PeprSettings(store=store))
    async with Host(opts) as host:
        await host.load(entry)
        await host.dispatch("pepr.store.load", store.snapshot())
        await host.run_until(until=lambda: "afterRemove" in out.getvalue() or host.fatal is not None,
                             time_ms=20_000)
    got = json.loads(out.getvalue().strip().splitlines()[-1])
    assert got == {"before": None, "rightAfterSet": None, "set": "ok", "afterWait": "v",
                   "removed": "ok", "afterRemove": None}
    assert "cap-v2-k" not in _obj(api)["data"]
