"""The live watcher: a Pepr module's Watch / Reconcile / Finalize / OnSchedule served from
informers on the fake API (hostrt/pepr/watcher.py, hostrt/pepr/watchrun.py)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from hostrt.bench.watch import NAMESPACE, ChurnConfig, churn, truth
from hostrt.kube.client import KubeClient
from hostrt.kube.fakeapi import FakeKubeAPI
from hostrt.kube.informer import InformerConfig
from hostrt.pepr.watcher import WatcherConfig, plan
from hostrt.pepr.watchrun import WatcherRuntime, WatcherRuntimeConfig
from tests.test_informer import kube_client

REPO = Path(__file__).resolve().parent.parent
LIVE = REPO / "js_fixtures" / "modules" / "watch-live"
SCHEDULE = REPO / "js_fixtures" / "modules" / "schedule-live"
FAST = WatcherConfig(InformerConfig(timeout_seconds=30, backoff_base=0.05, backoff_cap=0.5))


def test_plan_shares_informers_and_scopes_namespaces() -> None:
    def binding(kind: str, plural: str, group: str = "", **filters: Any) -> dict[str, Any]:
        return {"isWatch": True, "kind": {"group": group, "version": "v1", "kind": kind,
                                          "plural": plural}, "filters": filters}
    info = {"capabilities": [
        {"name": "scoped", "namespaces": ["b", "a"], "bindings": [
            binding("ConfigMap", "configmaps"),
            binding("ConfigMap", "configmaps"),                      # same informer
            binding("ConfigMap", "configmaps", namespaces=["a"]),    # its own namespace set
            binding("Secret", "secrets", labels={"tier": "web", "app": ""}),
            {"isWatch": False, "isMutate": True, "kind": {"version": "v1", "plural": "pods"}},
        ]},
        {"name": "wide", "namespaces": [], "bindings": [
            binding("ConfigMap", "configmaps", regexNamespaces=["^a"]),
            binding("Namespace", "namespaces"),
            binding("Widget", "widgets", group="x.dev", name="one"),
        ]},
    ]}
    cluster_scoped = {"namespaces"}
    planned = plan(info, lambda g, v, plural, k: plural not in cluster_scoped)
    got = {(p.key.plural, p.key.namespaces, p.key.label_selector, p.key.field_selector):
           p.bindings for p in planned}
    assert got == {
        ("configmaps", ("a", "b"), "", ""): [[0, 0], [0, 1]],
        ("configmaps", ("a",), "", ""): [[0, 2]],
        ("secrets", ("a", "b"), "tier=web,app", ""): [[0, 3]],
        ("configmaps", None, "", ""): [[1, 0]],
        ("namespaces", None, "", ""): [[1, 1]],
        ("widgets", None, "", "metadata.name=one"): [[1, 2]],
    }


@pytest.fixture
async def fake(tmp_path: Path) -> AsyncIterator[tuple[FakeKubeAPI, KubeClient]]:
    async with FakeKubeAPI(bookmark_interval=0.2) as api:
        for ns in ("churn", "q"):
            api.create("v1", "namespaces", {"metadata": {"name": ns}})
        kc = kube_client(api.write_kubeconfig(tmp_path / "kc"))
        try:
            yield api, kc
        finally:
            await asyncio.to_thread(kc.close)


async def runtime(kc: KubeClient, module: Path = LIVE, env: dict[str, str] | None = None,
                  errors: list[int] | None = None, timeout: float = 30.0) -> WatcherRuntime:
    rt = WatcherRuntime(WatcherRuntimeConfig(str(module), env_overrides=env or {},
                                             environ={}, watcher=FAST, timeout=timeout),
                        kc, on_error=errors.append if errors is not None else None)
    await rt.start()
    return rt


async def records_when(rt: WatcherRuntime, ready: Any, timeout: float = 30.0) -> dict[str, Any]:
    """The module's records once `ready(records)` holds (events cross threads and HTTP: poll)."""
    deadline = time.monotonic() + timeout
    while True:
        assert await rt.watcher.drain(timeout)  # type: ignore[union-attr]
        rec = await rt.call("test.records")
        if ready(rec) or time.monotonic() > deadline:
            return rec
        await asyncio.sleep(0.05)


async def test_watch_reconcile_finalize_live(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    for i in range(5):
        api.create("v1", "configmaps", {"metadata": {"name": f"pre{i}"}}, namespace="churn")
    api.create("v1", "configmaps", {"metadata": {"name": "other-ns"}}, namespace="default")
    errors: list[int] = []
    rt = await runtime(kc, errors=errors)
    try:
        assert rt.health()[0], rt.health()
        for name in ("s1", "s2"):
            api.create("v1", "secrets", {"metadata": {"name": name}}, namespace="q")
        api.patch("v1", "secrets", "s1", {"data": {"a": "YQ=="}}, namespace="q")
        for name, fin in (("f-go", "go"), ("f-keep", "keep")):
            api.create("v1", "configmaps", {"metadata": {
                "name": name, "labels": {"fin": fin}, "finalizers": ["pepr.dev/finalizer"]}},
                namespace="q")
            api.delete("v1", "configmaps", name, namespace="q")
        api.create("v1", "configmaps", {"metadata": {"name": "bad", "labels": {"throw": "yes"}}},
                   namespace="churn")
        api.create("v1", "configmaps", {"metadata": {"name": "after-bad"}}, namespace="churn")
        rec = await records_when(rt, lambda r: "churn/after-bad" in r["seen"]
                                 and len(r["reconciled"]) >= 3 and len(r["finalized"]) >= 2)
        assert set(rec["seen"]) == {f"churn/pre{i}" for i in range(5)} | {"churn/after-bad"}
        # Reconcile: per object in order, both events
        s1 = [(n, phase) for n, _, phase in rec["reconciled"] if n == "s1"]
        assert s1 == [("s1", "ADDED"), ("s1", "MODIFIED")]
        # Finalize: the callback ran for both; the finalizer was removed (object gone) unless the
        # callback returned false
        assert sorted(rec["finalized"]) == ["f-go", "f-keep"]
        with pytest.raises(Exception, match="not found"):
            api.get("v1", "configmaps", "f-go", namespace="q")
        kept = api.get("v1", "configmaps", "f-keep", namespace="q")
        assert kept["metadata"]["finalizers"] == ["pepr.dev/finalizer"]
        assert api.stats()["requests"].get("patch") == 1
        # a throwing callback: logged by the module, counted, not fatal
        assert rt.watcher.errors == 1 and errors == [1]  # type: ignore[union-attr]
        # only the named namespaces are watched (churn; q for the queue capability)
        assert "other-ns" not in json.dumps(rec)
        stats = rt.watcher.stats()  # type: ignore[union-attr]
        assert set(stats["informers"]) == {"configmaps.v1@churn", "configmaps.v1@churn{spin}",
                                           "secrets.v1@q", "configmaps.v1@q{fin}"}
    finally:
        await rt.stop()


async def test_runaway_callback_replaces_the_isolate_and_watching_goes_on(
        fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    errors: list[int] = []
    rt = await runtime(kc, errors=errors, timeout=2.0)
    try:
        api.create("v1", "configmaps", {"metadata": {"name": "spin", "labels": {"spin": "y"}}},
                   namespace="churn")
        deadline = time.monotonic() + 60
        while rt.restarts == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert rt.restarts == 1
        api.create("v1", "configmaps", {"metadata": {"name": "after-spin"}}, namespace="churn")
        rec = await records_when(rt, lambda r: "churn/after-spin" in r["seen"])
        assert "churn/after-spin" in rec["seen"]  # the fresh isolate gets the events
        assert sum(errors) >= 1 and rt.health()[0]
    finally:
        await rt.stop()


@pytest.mark.parametrize("strategy,overlap_allowed", [("global", False), ("kindNsName", True)])
async def test_reconcile_strategy(fake: tuple[FakeKubeAPI, KubeClient], strategy: str,
                                  overlap_allowed: bool) -> None:
    api, kc = fake
    rt = await runtime(kc, env={"PEPR_RECONCILE_STRATEGY": strategy})
    try:
        for i in range(8):
            api.create("v1", "secrets", {"metadata": {"name": f"s{i}"}}, namespace="q")
        rec = await records_when(rt, lambda r: len(r["reconciled"]) >= 8)
        assert len(rec["reconciled"]) == 8
        if not overlap_allowed:
            assert rec["overlap"] == 0
            assert [r[0] for r in rec["reconciled"]] == [f"s{i}" for i in range(8)]
    finally:
        await rt.stop()


async def module_view(rt: WatcherRuntime) -> tuple[dict[str, str], dict[str, Any]]:
    rec = await rt.call("test.records")
    live = {key.split("/", 1)[1]: v["rv"] for key, v in rec["seen"].items()
            if v["phase"] != "DELETED" and key.startswith(f"{NAMESPACE}/")}
    return live, rec


async def churn_through_module(api: FakeKubeAPI, kc: KubeClient, cfg: ChurnConfig) -> None:
    rt = await runtime(kc)
    try:
        done = await churn(api, cfg)
        deadline = time.monotonic() + cfg.converge_timeout
        while True:
            live, rec = await module_view(rt)
            if live == truth(api) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        assert live == truth(api), "the module's callbacks did not see every final state"
        # deleted objects the module saw: their last event was DELETED. (One created and deleted
        # while a 410 forced a re-list never existed for the watcher, as in client-go.)
        ever = {f"obj-{i:05d}" for i in range(cfg.objects)}
        gone = ever - set(truth(api))
        last = {n: rec["seen"].get(f"{NAMESPACE}/{n}", {}).get("phase") for n in gone}
        assert all(phase in ("DELETED", None) for phase in last.values())
        assert max(rec["added"].values()) == 1, "an object was seen as new twice"
        stats = rt.watcher.stats()["informers"]["configmaps.v1@churn"]  # type: ignore[union-attr]
        assert stats["reconnects"] >= 1 and sum(done["faults"].values()) >= 5
        if any(phase is None for phase in last.values()):
            assert stats["relists"] >= 1
    finally:
        await rt.stop()


async def test_fault_injected_churn_small(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    await churn_through_module(api, kc, ChurnConfig(objects=300, fault_every=40, rate=600,
                                                    converge_timeout=30))


@pytest.mark.slow
@pytest.mark.timeout(900)
async def test_fault_injected_churn_10k(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    api, kc = fake
    await churn_through_module(api, kc, ChurnConfig(objects=10_000, fault_every=300,
                                                    converge_timeout=300))


@pytest.mark.timeout(60)
async def test_on_schedule_runs_on_the_real_clock(fake: tuple[FakeKubeAPI, KubeClient]) -> None:
    _, kc = fake
    rt = await runtime(kc, SCHEDULE)
    try:
        assert rt.health() == (True, "no watch bindings")
        began = time.time() * 1000
        for _ in range(200):
            runs = await rt.call("test.runs")
            if runs:
                break
            await asyncio.sleep(0.1)
        assert len(runs) == 1 and runs[0] - began >= 8000  # 10 s after start, real time
        await asyncio.sleep(0.1)
        saved = json.loads(rt.store.snapshot()["schedule"]["timed"]["tick"])
        assert saved["completions"] == 1 and saved["name"] == "tick"
    finally:
        await rt.stop()


async def test_bench_watch_measures_the_informer_in_its_own_process() -> None:
    from hostrt.bench.watch import measure
    results = await measure(ChurnConfig(objects=150, fault_every=30, rate=600,
                                        converge_timeout=30), None)
    hostrt = results["hostrt"]
    assert isinstance(hostrt, dict) and hostrt["converged"] and hostrt["duplicate_adds"] == 0
    assert hostrt["requests"] == hostrt["list"] + hostrt["watch"] > 0
    assert hostrt["requests_per_1k"] == pytest.approx(hostrt["requests"] * 1000 / hostrt["writes"])
    assert sum(hostrt["faults"].values()) >= 5
    assert results["node"] == "Node.js is not available (--no-node, or no `node` on PATH)"
