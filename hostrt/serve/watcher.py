"""The watcher component of `hostrt serve` (`--role watcher`, or `all`).

- `--role watcher`: the module runs in its own isolate in watch mode (`PEPR_WATCH_MODE=true`,
  as Pepr's watcher pod), driven by `hostrt.pepr.watchrun.WatcherRuntime`; OnSchedule runs there.
- `--role all`: the admission component's isolate (loaded in `PEPR_MODE=dev`, which activates
  both admission and watch bindings, as `npx pepr dev`) also receives the watch events; one
  isolate, one module state, as Pepr's dev mode.

The informers use the official client configured from KUBECONFIG or the in-cluster service
account. /readyz reports each informer (listed, silent for how long, last error); /metrics gets
`hostrt_watch_*` families (last event/bookmark age, reconnects, relists, 410s, queue depth,
requests, errors by kind), and a watch callback that throws adds to Pepr's `pepr_errors`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from hostrt.errors import HostError
from hostrt.kube.client import KubeClient, load_api_client
from hostrt.pepr.watcher import PeprWatcher, WatcherConfig, no_cluster_error, watch_bindings
from hostrt.pepr.watchrun import WatcherRuntime, WatcherRuntimeConfig
from hostrt.serve.component import Health, ServeContext, register_component

_COUNTERS = {
    "events": "Watch events handed to the module (re-list diffs included)",
    "bookmarks": "BOOKMARK events received",
    "reconnects": "WATCH requests reopened (resumed from the last resourceVersion)",
    "relists": "LISTs after the first (only a 410 Gone causes one)",
    "gone": "410 Gone answers (resume point compacted away)",
    "throttled": "429 answers (backed off, Retry-After honoured)",
    "server_errors": "5xx answers (backed off)",
    "network_errors": "dropped streams and unreachable API server",
    "malformed": "objects or lines from the API skipped as malformed",
    "requests": "API requests made (LIST pages + WATCHes)",
}


class WatchMetrics(Collector):
    """hostrt_watch_* families, read from the watcher at each scrape."""

    def __init__(self, component: WatcherComponent) -> None:
        self.component = component

    def collect(self) -> Iterator[Metric]:
        """Yield the families (per informer, labelled `informer`)."""
        watcher = self.component.watcher
        informers = watcher.informer_list() if watcher is not None else []
        totals = {i.name: i.totals() for i in informers}
        for key, doc in _COUNTERS.items():
            fam = CounterMetricFamily(f"hostrt_watch_{key}", doc, labels=["informer"])
            for name, t in totals.items():
                fam.add_metric([name], float(t.get(key, 0)))
            yield fam
        age = GaugeMetricFamily("hostrt_watch_last_activity_age_seconds",
                                "Seconds since the last event, bookmark or (re)connect (the "
                                "oldest of the informer's namespaces)", labels=["informer"])
        for name, t in totals.items():
            value = t["last_activity_age"]
            age.add_metric([name], value if value != float("inf") else -1.0)
        yield age
        depth = GaugeMetricFamily("hostrt_watch_queue_depth",
                                  "Watch events waiting to enter the module or in flight")
        depth.add_metric([], float(watcher.queue_depth() if watcher is not None else 0))
        yield depth
        errors = CounterMetricFamily("hostrt_watch_callback_errors",
                                     "Watch callbacks that threw (also in pepr_errors)")
        errors.add_metric([], float(watcher.errors if watcher is not None else 0))
        yield errors


class WatcherComponent:
    """Serve component "watcher"."""

    name = "watcher"

    def __init__(self, ctx: ServeContext) -> None:
        self.ctx = ctx
        self.watcher: PeprWatcher | None = None
        self.runtime: WatcherRuntime | None = None
        self.client: KubeClient | None = None
        self.disabled = ""  # why --role all serves no watch bindings (no cluster configured)
        self._store: Any = None      # the watcher runtime's Store
        self._own_store = False
        ctx.metrics.registry.register(WatchMetrics(self))

    def _count_errors(self, n: int) -> None:
        self.ctx.metrics.pepr.inc("errors", float(n))

    async def start(self) -> None:
        """Start the informers on the shared isolate (role all) or on the watcher's own."""
        cfg = self.ctx.config
        admission: Any = self.ctx.components.get("admission")
        # With a Lease the elected watcher gets its own isolate in watch mode (OnSchedule runs
        # only there, not in every replica's admission isolate), sharing the admission Store.
        if (admission is not None and getattr(admission, "host", None) is not None
                and not cfg.lease):
            host = admission.host
            info = await host.send("pepr.info", None)
            if watch_bindings(info):
                try:
                    self.client = KubeClient(await asyncio.to_thread(load_api_client))
                except HostError as exc:
                    # The default role: admission still serves; say loudly what is not served.
                    self.disabled = str(no_cluster_error(cfg.module, info, exc))
                    self.ctx.log.warn("Watch bindings are not served", reason=self.disabled)
                    return
            # The admission component may replace the isolate; `host.send` reaches the current one.
            self.watcher = PeprWatcher(self.client, info, host.send,
                                       config=WatcherConfig(), on_error=self._count_errors)
            await self.watcher.start()
        else:
            from hostrt.serve.store import make_store
            store = getattr(admission, "store", None)
            self._own_store = store is None
            if store is None:  # --role watcher: the cluster's PeprStores when configured
                store = await make_store(cfg.store)
            self._store = store
            self.runtime = WatcherRuntime(
                WatcherRuntimeConfig(cfg.module, env_overrides=cfg.env_overrides,
                                     environ=cfg.environ, engine=cfg.engine,
                                     max_heap_mb=cfg.max_heap_mb, permissions=cfg.permissions),
                None, on_error=self._count_errors, store=store)
            await self.runtime.start()
            self.watcher = self.runtime.watcher
        assert self.watcher is not None
        self.ctx.log.info("Watcher started", informers=[i.name for i in
                                                        self.watcher.informer_list()])

    async def stop(self) -> None:
        """Stop the informers (and the watcher's isolate). Idempotent."""
        if self.runtime is not None:
            await self.runtime.stop()  # closes the client it made
            self.runtime = None
            if self._own_store and self._store is not None:
                from hostrt.serve.store import close_store
                await close_store(self._store)
            self._store = None
        elif self.watcher is not None:
            await self.watcher.stop()
        self.watcher = None
        if self.client is not None:
            client, self.client = self.client, None
            await asyncio.to_thread(client.close)

    def health(self) -> Health:
        """Every informer listed and recently heard from."""
        if self.runtime is not None:
            ok, detail = self.runtime.health()
        elif self.watcher is not None:
            ok, detail = self.watcher.health()
        elif self.disabled:
            ok, detail = True, f"NOT WATCHING: {self.disabled}"
        else:
            ok, detail = False, "watcher not started"
        return Health(ok, detail)


def _factory(ctx: ServeContext) -> WatcherComponent:
    return WatcherComponent(ctx)


register_component("watcher", "watcher", _factory)
