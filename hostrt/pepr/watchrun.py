"""The watcher role: a Pepr module in its own isolate, in watch mode, fed by live informers.

`WatcherRuntime` loads the module the way Pepr's watcher pod runs it (`PEPR_WATCH_MODE=true`:
no admission routes; Watch / Reconcile / Finalize bindings and `OnSchedule` active), hands it its
Stores, keeps its event loop turning on the real clock (so OnSchedule fires, with its state in
the capability's `-schedule` store), and starts a `PeprWatcher` on the official client. It has the
serve component shape (`name`, `async start()`, `async stop()`, `health()`), so `hostrt serve`
runs it for `--role watcher`. With `--role all`, the serve layer gives `PeprWatcher` the
admission component's host instead (one isolate in `PEPR_MODE=dev`, as `npx pepr dev` runs).

An isolate lost to a deadline or the heap cap is replaced (module and Stores reloaded); the watch
events in flight then count as errors, as a crash of Pepr's watcher pod would lose them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from hostrt.errors import DeadlineExceeded, HeapLimitExceeded, HostError, JSError
from hostrt.kube.client import KubeClient, load_api_client
from hostrt.pepr.watcher import PeprWatcher, WatcherConfig, no_cluster_error, watch_bindings
from hostrt.permissions import Permissions

log = logging.getLogger("hostrt.watch")


@dataclass
class WatcherRuntimeConfig:
    """What the watcher role needs: the module, its environment, engine limits."""

    module: str
    env_overrides: dict[str, str] = field(default_factory=dict)
    environ: dict[str, str] | None = None  # default: os.environ
    engine: str | None = None
    timeout: float = 30.0        # longest CPU-bound stretch of one tick (seconds)
    max_heap_mb: int | None = None
    store_path: str | None = None
    watcher: WatcherConfig = field(default_factory=WatcherConfig)
    # What the module may reach (deny-by-default for a Pepr module; hostrt/permissions.py).
    permissions: Permissions = field(default_factory=lambda: Permissions(enforced=True))


class WatcherRuntime:
    """Serve component "watcher": the module's own isolate plus its informers."""

    name = "watcher"

    def __init__(self, cfg: WatcherRuntimeConfig, client: KubeClient | None = None, *,
                 on_error: Any = None, store: Any = None) -> None:
        self.cfg = cfg
        self.client = client
        self.on_error = on_error
        self.host: Any = None
        # The capability Stores: a `hostrt.pepr.store.PeprStore` (SQLite at `store_path`, else
        # memory) unless the caller gives one, e.g. the cluster's PeprStores
        # (`hostrt.kube.peprstore.ClusterStore`, started here once the module names its uuid).
        self.store: Any = store
        self._own_store = store is None
        self.watcher: PeprWatcher | None = None
        self.info: dict[str, Any] = {}
        self.restarts = 0
        self._task: asyncio.Task[None] | None = None
        self._hold: Any = None
        self._stopping = False
        self._state = "starting"
        self._own_client = False

    async def start(self) -> None:
        """Load the module, start driving it, start the informers (waits for their LISTs)."""
        from hostrt.host import Host, HostOptions
        from hostrt.pepr.module import module_env, resolve_module
        from hostrt.pepr.store import PeprStore
        from hostrt.settings import KubeSettings, PeprSettings

        spec = resolve_module(self.cfg.module)
        environ = dict(os.environ if self.cfg.environ is None else self.cfg.environ)
        env = module_env(spec.config, self.cfg.permissions.host_env(environ), watch=True,
                         admission=False,
                         overrides=self.cfg.env_overrides)
        if self.store is None:
            self.store = PeprStore(self.cfg.store_path)
        engine = {"engine": self.cfg.engine} if self.cfg.engine else {}
        opts = HostOptions(**engine, timeout=self.cfg.timeout, max_heap_mb=self.cfg.max_heap_mb,
                           env=env, argv=[str(spec.entry)], track_rejections=False,
                           permissions=self.cfg.permissions,
                           pepr=PeprSettings(store=self.store),
                           kube=KubeSettings(client=self.client))
        self.host = Host(opts)
        await self.host.start()
        await self.host.load(spec.entry, bundle=spec.bundle)
        self._check_loaded()
        await self._start_store(spec)
        await self._load_store()
        self.info = await self.host.dispatch("pepr.info", None)
        if self.client is None and watch_bindings(self.info):
            try:
                self.client = KubeClient(await asyncio.to_thread(load_api_client))
            except HostError as exc:
                raise no_cluster_error(self.cfg.module, self.info, exc) from exc
            self._own_client = True
        self._hold = self.host.loop.hold()  # informers and timers keep the module alive
        self._task = asyncio.create_task(self._drive(), name="hostrt-watcher-driver")
        self._state = "ok"
        self.watcher = PeprWatcher(self.client, self.info, self._dispatch,
                                   config=self.cfg.watcher, on_error=self.on_error)
        await self.watcher.start()

    def _dispatch(self, handler: str, payload: Any) -> Any:
        # The bridge is replaced with the isolate: look it up at each dispatch; while the
        # isolate is being replaced, refuse (PeprWatcher holds the event and retries).
        if self._state != "ok":
            raise HostError("the watcher isolate is being replaced", code="ERR_HOSTRT_CLOSED")
        return self.host.send(handler, payload)

    def _check_loaded(self) -> None:
        if self.host.fatal is not None or self.host.exit_code is not None:
            raise HostError(f"{self.cfg.module}: the module failed while loading (its error is "
                            "printed above)", code="ERR_HOSTRT_MODULE")

    async def _start_store(self, spec: Any) -> None:
        from hostrt.kube.peprstore import ClusterStore
        if isinstance(self.store, ClusterStore) and not self.store.started:
            uuid = str(spec.config.get("uuid") or "")
            if not uuid:
                uuid = str((await self.host.dispatch("pepr.info", None)).get("uuid") or "")
            if not uuid:
                raise HostError(f"{self.cfg.module}: the module has no pepr.uuid: its PeprStore "
                                "(pepr-<uuid>-store) cannot be named", code="ERR_HOSTRT_BAD_INPUT")
            await self.store.start(uuid)

    async def _load_store(self) -> None:
        try:
            await self.host.dispatch("pepr.store.load", self.store.snapshot())
        except JSError as exc:
            if exc.code == "ERR_HOSTRT_NO_HANDLER":
                raise HostError(f"{self.cfg.module}: no PeprModule was created: a Pepr module's "
                                "entry must run `new PeprModule(cfg, [capabilities])`",
                                code="ERR_HOSTRT_NOT_PEPR") from exc
            raise

    async def _drive(self) -> None:
        while not self._stopping:
            try:
                await self.host.run_until(until=lambda: self._stopping)
            except (DeadlineExceeded, HeapLimitExceeded) as exc:
                await self._replace(str(exc))
                continue
            except Exception as exc:
                await self._replace(repr(exc))
                continue
            if self._stopping:
                break
            await self._replace("the module exited or threw an uncaught error")

    async def _replace(self, reason: str) -> None:
        self._state = "recycling"
        log.error("watcher isolate lost (%s); replacing it", reason)
        while not self._stopping:
            try:
                await self.host.recycle()  # a fresh isolate (new bridge and loop), module reloaded
                self._check_loaded()
                await self._load_store()
                self._hold = self.host.loop.hold()
                break
            except Exception as exc:
                log.error("replacing the watcher isolate failed (%s); trying again", exc)
                await asyncio.sleep(0.5)
        self.restarts += 1  # counted once the fresh isolate serves
        self._state = "ok"

    async def stop(self) -> None:
        """Stop the informers, the driver and the isolate. Idempotent."""
        self._stopping = True
        if self.watcher is not None:
            await self.watcher.stop()
        if self._hold is not None:
            self._hold.cancel()
            self._hold = None
        if self._task is not None:
            self.host.wake()  # an idle loop waiting for its next timer re-checks now
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 10)
            self._task = None
        if self.host is not None:
            with contextlib.suppress(Exception):
                await self.host.close()
        if self.store is not None and self._own_store:
            self.store.close()
            self.store = None
        if self._own_client and self.client is not None:
            client, self.client = self.client, None
            await asyncio.to_thread(client.close)
        self._state = "stopped"

    def health(self) -> tuple[bool, str]:
        """(ok, detail): the isolate is serving and every informer is healthy."""
        if self._state != "ok" or self.watcher is None:
            return False, f"watcher {self._state}"
        return self.watcher.health()

    async def call(self, handler: str, payload: Any = None) -> Any:
        """Dispatch into the module while the driver runs (tests, debugging)."""
        return await self.host.send(handler, payload)
