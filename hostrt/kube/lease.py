"""Leader election with a coordination.k8s.io/v1 Lease: one watcher among several replicas.

Every replica runs a `LeaseElector` on the same Lease (`pepr-<uuid>-watcher` in pepr-system for
`hostrt build`'s Deployment). The holder renews `spec.renewTime` every `retry_period`; the others
stand by and take the Lease over once it has not been renewed for `duration` seconds, so the
watcher fails over within the lease duration after its replica dies or loses the API. Writes are
optimistic (PUT with the resourceVersion read; a 409 means someone else won). A leader that
cannot renew for `renew_deadline` (< duration) steps down by itself, so two watchers never run
at once as long as the replicas' clocks agree within `duration - renew_deadline`. A replica that
stops cleanly hands the Lease back (empty holder), so the standby takes over at its next poll.
Admission does not depend on the Lease: it runs in every replica.

Expiry is judged on the holder's `renewTime` (wall clock, as written by the holder), and also on
local observation: a record seen unchanged for `duration + retry_period` is expired even when
the holder's clock runs ahead.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from hostrt.kube.client import KubeClient, KubeError, KubeRequest

log = logging.getLogger("hostrt.lease")

Callback = Callable[[], Awaitable[Any] | Any]


def default_identity() -> str:
    """The pod's name (POD_NAME, set by the Deployment), else host name and process id."""
    return os.environ.get("POD_NAME") or f"{socket.gethostname()}-{os.getpid()}"


def micro_time(when: dt.datetime | None = None) -> str:
    """A Kubernetes MicroTime: RFC 3339 with microseconds, UTC."""
    return (when or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: Any) -> dt.datetime | None:
    """A MicroTime or Time string, or None when absent or unreadable."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass
class LeaseSettings:
    """Which Lease, who we are, and the timings (client-go's defaults)."""

    name: str
    namespace: str = "pepr-system"
    identity: str = field(default_factory=default_identity)
    duration: float = 15.0
    renew_deadline: float = 10.0
    retry_period: float = 2.0

    def __post_init__(self) -> None:
        if not 0 < self.retry_period < self.renew_deadline < self.duration:
            raise ValueError("lease timings must satisfy 0 < retry_period < renew_deadline < "
                             f"duration (got {self.retry_period}, {self.renew_deadline}, "
                             f"{self.duration})")


class LeaseElector:
    """Campaigns for the Lease; calls `on_started_leading` / `on_stopped_leading` on changes."""

    name = "lease"

    def __init__(self, client: KubeClient, settings: LeaseSettings, *,
                 on_started_leading: Callback | None = None,
                 on_stopped_leading: Callback | None = None) -> None:
        self.client = client
        self.settings = settings
        self.on_started_leading = on_started_leading
        self.on_stopped_leading = on_stopped_leading
        self.is_leader = False
        self.holder: str | None = None
        self.transitions = 0            # times this replica became leader
        self._last_renew = 0.0          # monotonic time of our last successful write
        self._observed: tuple[Any, Any] | None = None
        self._observed_at = 0.0
        self._expires_at: dt.datetime | None = None
        self._task: asyncio.Task[None] | None = None
        self._last_error: str | None = None

    # -- component interface -----------------------------------------------------------------
    async def start(self) -> None:
        """Start campaigning (returns at once; standing by is a normal state)."""
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"hostrt-lease-{self.settings.name}")

    async def stop(self) -> None:
        """Stop campaigning; a leader stops leading and hands the Lease back."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        if self.is_leader:
            await self._step_down("stopping")
            with contextlib.suppress(Exception):
                await self._release()

    def health(self) -> tuple[bool, str]:
        """Always ok (a standby is healthy); the detail says who leads."""
        if self.is_leader:
            return True, f"lease {self.settings.name}: leader ({self.settings.identity})"
        holder = self.holder or "nobody"
        err = f"; last error: {self._last_error}" if self._last_error else ""
        return True, f"lease {self.settings.name}: standby (held by {holder}){err}"

    # -- the loop ----------------------------------------------------------------------------
    def _req(self, body: Any = None) -> KubeRequest:
        return KubeRequest(group="coordination.k8s.io", version="v1", kind="Lease",
                           plural="leases", namespaced=True, namespace=self.settings.namespace,
                           name=self.settings.name, body=body)

    def _spec(self, *, acquire: str | None, transitions: int) -> dict[str, Any]:
        now = micro_time()
        return {"holderIdentity": self.settings.identity,
                "leaseDurationSeconds": max(1, round(self.settings.duration)),
                "acquireTime": acquire or now, "renewTime": now,
                "leaseTransitions": transitions}

    async def _run(self) -> None:
        s = self.settings
        while True:
            try:
                await self._try_once()
                self._last_error = None
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the API is unreachable or refuses: keep trying
                self._last_error = str(exc)
                log.warning("lease %s: %s", s.name, exc)
            if self.is_leader and time.monotonic() - self._last_renew > s.renew_deadline:
                await self._step_down(f"could not renew for {s.renew_deadline:g}s")
            await asyncio.sleep(self._next_delay())

    def _next_delay(self) -> float:
        s = self.settings
        if self.is_leader or self._expires_at is None:
            return s.retry_period
        # A standby wakes when the holder's lease runs out, not up to a poll period later.
        left = (self._expires_at - dt.datetime.now(dt.UTC)).total_seconds()
        return max(0.05, min(s.retry_period, left + 0.01))

    async def _try_once(self) -> None:
        try:
            lease = await asyncio.to_thread(self.client.get, self._req())
        except KubeError as exc:
            if exc.status != 404:
                raise
            body = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                    "metadata": {"name": self.settings.name, "namespace": self.settings.namespace},
                    "spec": self._spec(acquire=None, transitions=0)}
            try:
                await asyncio.to_thread(self.client.create, self._req(body))
            except KubeError as exc2:
                if exc2.status == 409:  # another replica created it first
                    return
                raise
            await self._became_leader()
            return
        spec = lease.get("spec") if isinstance(lease.get("spec"), dict) else {}
        holder = spec.get("holderIdentity") or None
        self.holder = holder
        renew = parse_time(spec.get("renewTime")) or parse_time(spec.get("acquireTime"))
        duration = spec.get("leaseDurationSeconds")
        duration = float(duration) if isinstance(duration, int | float) and duration > 0 \
            else self.settings.duration
        record = (holder, spec.get("renewTime"))
        if record != self._observed:
            self._observed, self._observed_at = record, time.monotonic()
        now = dt.datetime.now(dt.UTC)
        self._expires_at = renew + dt.timedelta(seconds=duration) if renew else None
        expired = (holder is None or self._expires_at is None or now >= self._expires_at
                   or time.monotonic() - self._observed_at > duration + self.settings.retry_period)
        transitions = spec.get("leaseTransitions") if isinstance(spec.get("leaseTransitions"), int) else 0
        if holder == self.settings.identity:
            lease["spec"] = self._spec(acquire=spec.get("acquireTime"), transitions=transitions)
            # (not yet leader: e.g. this replica restarted with the same identity)
            if await self._write(lease) and not self.is_leader:
                await self._became_leader()
            return
        if self.is_leader:  # someone else holds it now
            await self._step_down(f"the lease is held by {holder}")
        if not expired:
            return
        lease["spec"] = self._spec(acquire=None, transitions=transitions + 1)
        if await self._write(lease):
            log.info("lease %s: taken over from %s", self.settings.name, holder or "nobody")
            await self._became_leader()

    async def _write(self, lease: dict[str, Any]) -> bool:
        """PUT with the resourceVersion read; False when another replica wrote first."""
        try:
            await asyncio.to_thread(self.client.replace, self._req(lease))
        except KubeError as exc:
            if exc.status == 409:
                return False
            raise
        self._last_renew = time.monotonic()
        self.holder = self.settings.identity
        return True

    async def _became_leader(self) -> None:
        self._last_renew = time.monotonic()
        self.holder = self.settings.identity
        if self.is_leader:
            return
        self.is_leader = True
        self.transitions += 1
        log.info("lease %s: %s is the leader", self.settings.name, self.settings.identity)
        await _call(self.on_started_leading, "on_started_leading")

    async def _step_down(self, why: str) -> None:
        if not self.is_leader:
            return
        self.is_leader = False
        log.warning("lease %s: %s stops leading: %s", self.settings.name, self.settings.identity, why)
        await _call(self.on_stopped_leading, "on_stopped_leading")

    async def _release(self) -> None:
        lease = await asyncio.to_thread(self.client.get, self._req())
        spec = lease.get("spec") or {}
        if spec.get("holderIdentity") != self.settings.identity:
            return
        spec["holderIdentity"] = None
        spec["leaseDurationSeconds"] = 1
        lease["spec"] = spec
        await asyncio.to_thread(self.client.replace, self._req(lease))
        log.info("lease %s: released by %s", self.settings.name, self.settings.identity)


async def _call(fn: Callback | None, what: str) -> None:
    if fn is None:
        return
    try:
        result = fn()
        if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
            await result
    except Exception:
        log.exception("lease: %s failed", what)
