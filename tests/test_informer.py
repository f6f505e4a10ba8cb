"""The informer (hostrt/kube/informer.py) against the fake API: resume, 410 re-list, backoff."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from kubernetes import client, config

from hostrt.kube.client import KubeClient
from hostrt.kube.fakeapi import FakeKubeAPI
from hostrt.kube.informer import (
    Informer,
    InformerConfig,
    InformerKey,
    InformerSet,
    backoff_delay,
)

FAST = InformerConfig(page_size=4, timeout_seconds=30, backoff_base=0.02, backoff_cap=0.2)


def kube_client(kubeconfig: Path) -> KubeClient:
    """A KubeClient on the official client, without urllib3's own retries."""
    cfg = client.Configuration()
    config.load_kube_config(config_file=str(kubeconfig), client_configuration=cfg)
    cfg.retries = 0
    return KubeClient(client.ApiClient(cfg))


class Recorder:
    """A handler keeping what it was told: the events, the live view, ADDED counts per uid."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, str]] = []
        self.live: dict[str, str] = {}
        self.added: dict[str, int] = {}

    async def __call__(self, kind: str, obj: dict[str, Any]) -> None:
        meta = obj["metadata"]
        self.events.append((kind, meta["name"], meta["resourceVersion"]))
        if kind == "DELETED":
            self.live.pop(meta["name"], None)
        else:
            self.live[meta["name"]] = meta["resourceVersion"]
        if kind == "ADDED":
            self.added[meta["uid"]] = self.added.get(meta["uid"], 0) + 1


@pytest.fixture
async def fake(tmp_path: Path) -> AsyncIterator[tuple[FakeKubeAPI, KubeClient]]:
    async with FakeKubeAPI(bookmark_interval=0.1) as api:
        api.create("v1", "namespaces", {"metadata": {"name": "team"}})
        kc = kube_client(api.write_kubeconfig(tmp_path / "kc"))
        try:
            yield api, kc
        finally:
            await asyncio.to_thread(kc.close)


def cm(name: str, value: str = "0", **labels: str) -> dict[str, Any]:
    return {"metadata": {"name": name, "labels": labels}, "data": {"v": value}}


def truth(api: FakeKubeAPI, namespace: str = "team") -> dict[str, str]:
    res = api.store.resource("", "v1", "configmaps")
    return {o["metadata"]["name"]: o["metadata"]["resourceVersion"]
            for o in api.store.list(res, namespace)["items"]}


async def until(cond: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


async def started(kc: KubeClient, cfg: InformerConfig = FAST, namespaces: tuple[str, ...] = ("team",),
                  label_selector: str = "") -> tuple[Informer, Recorder]:
    informer = InformerSet(kc, cfg).get(InformerKey("", "v1", "configmaps", namespaces,
                                                    label_selector), "ConfigMap")
    rec = Recorder()
    informer.add_handler(rec)
    await informer.start()
    assert await informer.wait_synced(10)
    return informer, rec


async def test_paginated_list_then_watch_from_its_version(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    for i in range(10):
        api.create("v1", "configmaps", cm(f"c{i}"), namespace="team")
    api.create("v1", "configmaps", cm("elsewhere"), namespace="default")
    informer, rec = await started(kc)
    try:
        assert sorted(n for k, n, _ in rec.events) == sorted(f"c{i}" for i in range(10))
        assert {k for k, _, _ in rec.events} == {"ADDED"}
        stats = api.stats()
        assert stats["byResource"]["list configmaps"] == 3  # 10 objects, pages of 4
        api.patch("v1", "configmaps", "c1", {"data": {"v": "1"}}, namespace="team")
        await until(lambda: rec.live["c1"] == truth(api)["c1"])
        assert rec.events[-1][:2] == ("MODIFIED", "c1")
        # the objects carry apiVersion/kind even where a LIST omits them
        assert informer.reflectors[0].cache[("team", "c1")]["kind"] == "ConfigMap"
    finally:
        await informer.stop()


async def test_reconnects_resume_without_relisting(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    api.create("v1", "configmaps", cm("a"), namespace="team")
    informer, rec = await started(kc, InformerConfig(page_size=50, timeout_seconds=1,
                                                     backoff_base=0.02))
    try:
        lists = api.stats()["requests"]["list"]
        api.inject("drop", after_events=1)  # cut the stream in the middle of the 2nd event
        for i in range(5):
            api.patch("v1", "configmaps", "a", {"data": {"v": str(i)}}, namespace="team")
        api.create("v1", "configmaps", cm("b"), namespace="team")
        await until(lambda: rec.live == truth(api))
        await asyncio.sleep(1.5)  # a server-side timeoutSeconds expiry, resumed too
        api.create("v1", "configmaps", cm("c"), namespace="team")
        await until(lambda: rec.live == truth(api))
        t = informer.totals()
        assert t["network_errors"] >= 1 and t["reconnects"] >= 2
        assert t["relists"] == 0 and api.stats()["requests"]["list"] == lists
        assert t["bookmarks"] >= 1
        assert all(n == 1 for n in rec.added.values())
        # every change arrived, in resourceVersion order, none twice
        rvs = [int(rv) for _, _, rv in rec.events]
        assert rvs == sorted(set(rvs))
    finally:
        await informer.stop()


async def test_410_relists_and_diffs_against_the_cache(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    for name in ("keep", "change", "remove", "recreate"):
        api.create("v1", "configmaps", cm(name), namespace="team")
    informer, rec = await started(kc)
    try:
        old_uid = informer.reflectors[0].cache[("team", "recreate")]["metadata"]["uid"]
        before = dict(rec.live)
        # The stream is cut and the next WATCH fails (500); meanwhile, in the same loop turn (the
        # server cannot send anything), objects change and the history is compacted away.
        api.inject("error", verbs=["watch"])
        api.drop_watches()
        api.patch("v1", "configmaps", "change", {"data": {"v": "9"}}, namespace="team")
        api.delete("v1", "configmaps", "remove", namespace="team")
        api.delete("v1", "configmaps", "recreate", namespace="team")
        api.create("v1", "configmaps", cm("recreate", "2"), namespace="team")
        api.create("v1", "configmaps", cm("new"), namespace="team")
        api.compact()
        await until(lambda: rec.live == truth(api))
        t = informer.totals()
        assert t["gone"] == 1 and t["relists"] == 1 and t["server_errors"] == 1
        tail = rec.events[4:]
        assert sorted(tail) == sorted([
            ("MODIFIED", "change", truth(api)["change"]), ("DELETED", "remove", before["remove"]),
            ("DELETED", "recreate", before["recreate"]), ("ADDED", "recreate", truth(api)["recreate"]),
            ("ADDED", "new", truth(api)["new"])])
        new_uid = informer.reflectors[0].cache[("team", "recreate")]["metadata"]["uid"]
        assert new_uid != old_uid and rec.added[new_uid] == 1 and rec.added[old_uid] == 1
    finally:
        await informer.stop()


async def test_429_honours_retry_after(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    api.create("v1", "configmaps", cm("a"), namespace="team")
    api.inject("throttle", verbs=["list"], retry_after=1, times=2)
    began = time.monotonic()
    informer, rec = await started(kc)
    try:
        assert time.monotonic() - began >= 2.0  # two Retry-After: 1 waits
        assert informer.totals()["throttled"] == 2 and rec.live == truth(api)
    finally:
        await informer.stop()


def test_backoff_is_exponential_with_full_jitter() -> None:
    assert backoff_delay(0, 0.5, 30, rand=lambda: 1.0) == 0.5
    assert backoff_delay(3, 0.5, 30, rand=lambda: 1.0) == 4.0
    assert backoff_delay(10, 0.5, 30, rand=lambda: 1.0) == 30.0
    assert backoff_delay(10, 0.5, 30, rand=lambda: 0.0) == 0.0
    assert backoff_delay(0, 0.5, 30, retry_after=7, rand=lambda: 0.0) == 7.0
    assert 7.0 <= backoff_delay(0, 0.5, 30, retry_after=7) <= 7.7


async def test_5xx_backs_off_and_recovers(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    api.inject("error", verbs=["list"], times=3)
    informer, _ = await started(kc)
    try:
        assert informer.totals()["server_errors"] == 3 and informer.health()[0]
    finally:
        await informer.stop()


async def test_malformed_input_is_skipped(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    informer, rec = await started(kc)
    try:
        for sub in api.store.subscriptions:
            sub.deliver(("event", ("ADDED", {"metadata": {"name": "no-rv"}})))
            sub.deliver(("event", ("ADDED", {"metadata": "not an object"})))
        api.send_raw(b"this is not json\n")
        api.send_raw(json.dumps({"type": "SURPRISE", "object": {}}).encode() + b"\n")
        api.create("v1", "configmaps", cm("fine"), namespace="team")
        await until(lambda: "fine" in rec.live)
        t = informer.totals()
        assert t["malformed"] == 4 and t["network_errors"] == 0 and t["relists"] == 0
        assert [n for _, n, _ in rec.events] == ["fine"]
    finally:
        await informer.stop()


async def test_handler_failure_does_not_stop_the_informer(
        fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    informer, rec = await started(kc)

    async def broken(kind: str, obj: dict[str, Any]) -> None:
        raise RuntimeError("handler bug")
    informer.handlers.insert(0, broken)
    try:
        api.create("v1", "configmaps", cm("a"), namespace="team")
        api.create("v1", "configmaps", cm("b"), namespace="team")
        await until(lambda: rec.live == truth(api))
        assert informer.handler_errors == 2
    finally:
        await informer.stop()


async def test_only_named_namespaces_and_selectors(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    api.create("v1", "namespaces", {"metadata": {"name": "other"}})
    informers = InformerSet(kc, FAST)
    key = InformerKey("", "v1", "configmaps", ("other", "team"), "tier=web")
    assert informers.get(key) is informers.get(InformerKey("", "v1", "configmaps",
                                                           ("other", "team"), "tier=web"))
    informer = informers.get(key, "ConfigMap")
    assert [t.namespace for t in informer.targets] == ["other", "team"]
    rec = Recorder()
    informer.add_handler(rec)
    await informers.start()
    try:
        assert await informer.wait_synced(10)
        api.create("v1", "configmaps", cm("t", tier="web"), namespace="team")
        api.create("v1", "configmaps", cm("o", tier="web"), namespace="other")
        api.create("v1", "configmaps", cm("d", tier="web"), namespace="default")
        api.create("v1", "configmaps", cm("db", tier="db"), namespace="team")
        await until(lambda: set(rec.live) == {"t", "o"})
        await asyncio.sleep(0.2)
        assert set(rec.live) == {"t", "o"}
        assert api.stats()["byResource"]["watch configmaps"] == 2  # one per namespace
    finally:
        await informers.stop()


async def test_health_reports_unsynced_and_stale(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    api.inject("error", verbs=["list"], times=-1)
    informer = InformerSet(kc, FAST).get(InformerKey("", "v1", "configmaps", ("team",)))
    await informer.start()
    try:
        await until(lambda: informer.totals()["server_errors"] >= 2)
        ok, detail = informer.health()
        assert not ok and "not listed yet" in detail and "500" in detail
        api.clear_faults()
        assert await informer.wait_synced(10)
        assert informer.health()[0]
        informer.cfg.stale_after = 0.0
        await asyncio.sleep(0.01)
        ok, detail = informer.health()
        assert not ok and "silent for" in detail
    finally:
        informer.cfg.stale_after = 600
        await informer.stop()
