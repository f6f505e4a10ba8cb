"""The Lease gate: with `--lease NAME`, the watcher-role components run only in the replica that
holds the coordination.k8s.io/v1 Lease; admission runs in every replica (hostrt/kube/lease.py).

The gate is itself a component ("lease"): it campaigns from `start()`, starts the gated
components when this replica becomes the leader and stops them when it loses the Lease (or
cannot renew it in time). A standby is healthy: /readyz reports it as such, so every replica
keeps answering admission.
"""

from __future__ import annotations

import asyncio
from typing import Any

from hostrt.errors import HostError
from hostrt.kube.client import KubeClient, load_api_client
from hostrt.kube.lease import LeaseElector, LeaseSettings
from hostrt.serve.component import Component, Health, ServeContext


class LeaseGate:
    """Component "lease": elects this replica's watcher."""

    name = "lease"

    def __init__(self, ctx: ServeContext, gated: list[Component]) -> None:
        self.ctx = ctx
        self.gated = gated
        self.elector: LeaseElector | None = None
        self.client: KubeClient | None = None
        self._lock = asyncio.Lock()
        self._running = False
        self._error: str | None = None
        self._retrying: asyncio.Future[None] | None = None

    async def start(self) -> None:
        """Connect and start campaigning (a standby replica is started too)."""
        cfg = self.ctx.config
        try:
            self.client = KubeClient(await asyncio.to_thread(load_api_client))
        except HostError as exc:
            raise HostError(f"--lease {cfg.lease}: leader election needs the Kubernetes API: "
                            f"{exc}", code="ERR_HOSTRT_NO_CLUSTER") from exc
        duration = cfg.lease_duration
        settings = LeaseSettings(cfg.lease or "", namespace=cfg.lease_namespace,
                                 identity=cfg.lease_identity or LeaseSettings("x").identity,
                                 duration=duration, renew_deadline=duration * 2 / 3,
                                 retry_period=max(0.1, min(2.0, duration / 7.5)))
        self.elector = LeaseElector(self.client, settings, on_started_leading=self._lead,
                                    on_stopped_leading=self._follow)
        self.ctx.log.info("Campaigning for the watcher Lease", lease=settings.name,
                          namespace=settings.namespace, identity=settings.identity,
                          leaseDurationSeconds=duration)
        await self.elector.start()

    async def _lead(self) -> None:
        async with self._lock:
            if self._running:
                return
            self.ctx.log.info("Leading: starting the watcher", lease=self.ctx.config.lease)
            try:
                for comp in self.gated:
                    await comp.start()
                self._running = True
                self._error = None
            except Exception as exc:  # not half-started: stop what started, try again soon
                self._error = str(exc)
                self.ctx.log.error("Starting the watcher failed; retrying in 5s", err=str(exc))
                for comp in reversed(self.gated):
                    await _quietly(comp.stop(), self.ctx)
                asyncio.get_running_loop().call_later(5.0, self._retry)

    def _retry(self) -> None:
        if self.elector is not None and self.elector.is_leader and not self._running:
            self._retrying = asyncio.ensure_future(self._lead())

    async def _follow(self) -> None:
        async with self._lock:
            if not self._running:
                return
            self.ctx.log.info("Lost the Lease: stopping the watcher", lease=self.ctx.config.lease)
            self._running = False
            for comp in reversed(self.gated):
                await _quietly(comp.stop(), self.ctx)

    async def stop(self) -> None:
        """Stop campaigning; a leader stops its watcher and hands the Lease back."""
        if self.elector is not None:
            await self.elector.stop()
            self.elector = None
        await self._follow()
        if self.client is not None:
            client, self.client = self.client, None
            await asyncio.to_thread(client.close)

    @property
    def leading(self) -> bool:
        """Whether this replica runs the watcher now."""
        return self._running

    def health(self) -> Health:
        """The leader reports its watcher's health; a standby is ok."""
        if self.elector is None:
            return Health(False, "lease: not started")
        ok, detail = self.elector.health()
        if self._error:
            return Health(False, f"{detail}; the watcher failed to start: {self._error}")
        if not self._running:
            return Health(ok, detail)
        parts = [comp.health() for comp in self.gated]
        return Health(all(h.ok for h in parts),
                      "; ".join([detail, *(h.detail for h in parts)]))


async def _quietly(aw: Any, ctx: ServeContext) -> None:
    try:
        await aw
    except Exception as exc:  # stopping must go on with the other components
        ctx.log.error("Stopping a watcher component failed", err=str(exc))
