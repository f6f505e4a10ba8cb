"""Leader election on a coordination.k8s.io/v1 Lease (hostrt/kube/lease.py) against the fake API:
one leader, hand-over on a clean stop, take-over within the lease duration after the leader is
killed, step-down when the API is lost."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostrt.kube.client import KubeClient, load_api_client
from hostrt.kube.fakeapi import FakeKubeAPI
from hostrt.kube.lease import LeaseElector, LeaseSettings

FAST = {"duration": 2.0, "renew_deadline": 1.5, "retry_period": 0.2}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[FakeKubeAPI, Path]]:
    with FakeKubeAPI.in_thread() as api:
        yield api, api.write_kubeconfig(tmp_path / "kubeconfig")


def _elector(kubeconfig: Path, identity: str, events: list[str], **timing: float) -> LeaseElector:
    client = KubeClient(load_api_client(str(kubeconfig)))
    return LeaseElector(client, LeaseSettings("w", identity=identity, **{**FAST, **timing}),
                        on_started_leading=lambda: events.append(f"+{identity}"),
                        on_stopped_leading=lambda: events.append(f"-{identity}"))


async def _until(cond: object, timeout: float) -> float:
    start = time.monotonic()
    while not cond():  # type: ignore[operator]
        if time.monotonic() - start > timeout:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
    return time.monotonic() - start


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="retry_period < renew_deadline < duration"):
        LeaseSettings("w", duration=5, renew_deadline=10)


async def test_one_leader_and_clean_handover(server: tuple[FakeKubeAPI, Path]) -> None:
    api, kubeconfig = server
    events: list[str] = []
    a, b = _elector(kubeconfig, "a", events), _elector(kubeconfig, "b", events)
    await a.start()
    await _until(lambda: a.is_leader, 5)
    await b.start()
    await asyncio.sleep(1.0)  # several renewals: b stays standby
    assert a.is_leader and not b.is_leader and b.holder == "a"
    lease = api.get("coordination.k8s.io/v1", "leases", "w", "pepr-system")
    assert lease["spec"]["holderIdentity"] == "a"
    assert lease["spec"]["leaseDurationSeconds"] == 2
    await a.stop()  # hands the Lease back: b takes over at its next poll, not after 2 s
    took = await _until(lambda: b.is_leader, 5)
    assert took < 1.0
    assert events == ["+a", "-a", "+b"]
    lease = api.get("coordination.k8s.io/v1", "leases", "w", "pepr-system")
    assert lease["spec"]["holderIdentity"] == "b" and lease["spec"]["leaseTransitions"] == 1
    await b.stop()


async def test_leader_steps_down_when_the_api_is_lost(server: tuple[FakeKubeAPI, Path]) -> None:
    api, kubeconfig = server
    events: list[str] = []
    a = _elector(kubeconfig, "a", events)
    await a.start()
    await _until(lambda: a.is_leader, 5)
    api.inject("error", resource="leases", times=-1)
    lost = await _until(lambda: not a.is_leader, 5)
    assert lost <= FAST["renew_deadline"] + 2 * FAST["retry_period"] + 0.3
    api.clear_faults()
    await _until(lambda: a.is_leader, 5)
    assert events == ["+a", "-a", "+a"]
    await a.stop()


_CAMPAIGN = """
import asyncio, json, sys, time
from hostrt.kube.client import KubeClient, load_api_client
from hostrt.kube.lease import LeaseElector, LeaseSettings
kubeconfig, identity, duration = sys.argv[1], sys.argv[2], float(sys.argv[3])
def say(event):
    print(json.dumps({"event": event, "id": identity, "t": time.time()}), flush=True)
async def main():
    e = LeaseElector(KubeClient(load_api_client(kubeconfig)),
                     LeaseSettings("w", identity=identity, duration=duration,
                                   renew_deadline=duration * 0.66, retry_period=duration / 6),
                     on_started_leading=lambda: say("leading"))
    await e.start()
    say("started")
    await asyncio.Event().wait()
asyncio.run(main())
"""


def _next_event(procs: dict[str, subprocess.Popen[str]], timeout: float) -> dict[str, object]:
    """The next JSON line any of the processes prints."""
    import selectors
    sel = selectors.DefaultSelector()
    for p in procs.values():
        assert p.stdout is not None
        sel.register(p.stdout, selectors.EVENT_READ)
    ready = sel.select(timeout)
    if not ready:
        raise AssertionError(f"no event within {timeout}s")
    return json.loads(ready[0][0].fileobj.readline())  # type: ignore[union-attr]


def test_standby_process_takes_over_within_the_lease_duration(
        server: tuple[FakeKubeAPI, Path]) -> None:
    """Two processes campaign; the leader is SIGKILLed (no hand-back); the standby leads within
    the lease duration of the kill."""
    _, kubeconfig = server
    duration = 3.0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    procs = {name: subprocess.Popen([sys.executable, "-c", _CAMPAIGN, str(kubeconfig), name,
                                     str(duration)], stdout=subprocess.PIPE, text=True, env=env,
                                    stdin=subprocess.DEVNULL)
             for name in ("one", "two")}
    try:
        seen = [_next_event(procs, 30) for _ in range(3)]  # two "started", one "leading"
        leaders = [e["id"] for e in seen if e["event"] == "leading"]
        assert len(leaders) == 1, seen
        leader = str(leaders[0])
        standby = next(n for n in procs if n != leader)
        time.sleep(duration)  # the standby sees several renewals and stays standby
        killed_at = time.time()
        os.kill(procs[leader].pid, signal.SIGKILL)
        procs[leader].wait(10)
        ev = _next_event({standby: procs[standby]}, duration * 3)
        assert ev == {**ev, "event": "leading", "id": standby}
        took = float(ev["t"]) - killed_at  # type: ignore[arg-type]
        print(f"take-over {took:.2f}s after SIGKILL (lease duration {duration:g}s)")
        # The killed leader's last renewal keeps the Lease valid for `duration` from then, and it
        # may have renewed an instant before the kill: the bound is the duration plus the
        # take-over's own write (a fraction of a second here).
        assert took <= duration + 0.25, f"standby took over {took:.2f}s after the kill"
    finally:
        for p in procs.values():
            p.kill()
            p.wait(10)
