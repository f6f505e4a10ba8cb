"""Serve a Pepr module's Watch, Reconcile and Finalize bindings live, through shared informers.

Pepr opens one kubernetes-fluent-client watcher per binding, cluster-wide, and filters on the
client. Here the bindings a module lists (`pepr.info`) are grouped by what they make the API
server send: (group, version, resource, namespace set, label selector, field selector). Each
group gets one `hostrt.kube.informer.Informer`, and every delta it produces is dispatched into the
module once, as `pepr.watch {type, object, bindings}` naming the bindings that informer serves.
The in-engine `pepr` then runs exactly what Pepr runs for each: the binding's filters, the
Reconcile FIFO queue of `PEPR_RECONCILE_STRATEGY`, the Finalize callback and the JSON Patch that
removes `pepr.dev/finalizer` (through the `kube.patch` op).

- Namespaces: a binding's `InNamespace(...)`, else its capability's `namespaces`; a binding with
  `InNamespaceRegex` or none of these watches all namespaces. Cluster-scoped kinds (from the API's
  discovery) are watched cluster-wide.
- Server-side selectors are the ones Pepr's watcher sends: `WithLabel` -> labelSelector
  (`key=value`, or `key` for a label without value), `WithName` -> `metadata.name=` field selector.
- Dispatches are not awaited one by one: up to `max_in_flight` run at once, entering the engine in
  the order the informers produced them, so per-key Reconcile order holds while a slow callback
  for one object does not stall the others (KFC too hands events on without waiting).
- A callback that throws is logged by the module (Pepr's "Error executing watch callback"),
  counted in `errors` (`pepr_errors` in /metrics) and, as in Pepr, not retried: the object is
  handed on again at its next change. A dispatch lost with its isolate counts as an error too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hostrt.errors import HostError
from hostrt.kube.client import KubeClient, KubeError
from hostrt.kube.informer import Informer, InformerConfig, InformerKey, InformerSet

log = logging.getLogger("hostrt.watch")
Dispatch = Callable[[str, Any], "asyncio.Future[Any]"]


@dataclass
class WatcherConfig:
    """Watcher settings (the informer's are in `informer`)."""

    informer: InformerConfig = field(default_factory=InformerConfig)
    max_in_flight: int = 64
    recycle_wait: float = 60.0  # how long an event waits for a replaced isolate to come back
    sync_timeout: float = 60.0  # start() waits this long for the first LISTs


@dataclass
class PlannedInformer:
    """One informer key, its kind, and the bindings ([capability, binding] indexes) it feeds."""

    key: InformerKey
    kind: str
    bindings: list[list[int]]
    describe: list[str]


def _label_selector(labels: Any) -> str:
    if not isinstance(labels, dict):
        return ""
    return ",".join(f"{k}={v}" if v not in (None, "") else str(k) for k, v in labels.items())


def _namespaces(binding: dict[str, Any], capability: dict[str, Any]) -> tuple[str, ...] | None:
    filters = binding.get("filters") or {}
    if filters.get("regexNamespaces"):
        return None
    for names in (filters.get("namespaces"), capability.get("namespaces")):
        if isinstance(names, list) and names:
            return tuple(sorted({str(n) for n in names}))
    return None


def watch_bindings(info: dict[str, Any]) -> int:
    """How many Watch / Reconcile / Finalize bindings a module's `pepr.info` lists."""
    return sum(1 for cap in info.get("capabilities") or []
               for b in cap.get("bindings") or [] if b.get("isWatch"))


def no_cluster_error(module: str, info: dict[str, Any], exc: Exception) -> HostError:
    """The error for a module with watch bindings and no cluster to watch."""
    return HostError(f"{module}: the module has {watch_bindings(info)} Watch/Reconcile/Finalize "
                     f"binding(s) to serve, but {exc} (or run `hostrt serve --role admission`)",
                     code="ERR_HOSTRT_NO_CLUSTER")


def plan(info: dict[str, Any], namespaced: Callable[[str, str, str, str], bool]
         ) -> list[PlannedInformer]:
    """Group a module's watch bindings (from `pepr.info`) into informers.

    `namespaced(group, version, plural, kind)` says whether a resource is namespaced.
    """
    planned: dict[InformerKey, PlannedInformer] = {}
    for ci, cap in enumerate(info.get("capabilities") or []):
        for bi, binding in enumerate(cap.get("bindings") or []):
            if not binding.get("isWatch"):
                continue
            kind = binding.get("kind") or {}
            group, version = str(kind.get("group") or ""), str(kind.get("version") or "")
            plural, kname = str(kind.get("plural") or ""), str(kind.get("kind") or "")
            if not version or not plural:
                log.warning("capability %s: a watch binding without version/plural (%r) is not "
                            "served", cap.get("name"), kind)
                continue
            filters = binding.get("filters") or {}
            ns = _namespaces(binding, cap) if namespaced(group, version, plural, kname) else None
            name = filters.get("name")
            key = InformerKey(group, version, plural, ns, _label_selector(filters.get("labels")),
                              f"metadata.name={name}" if name else "")
            entry = planned.setdefault(key, PlannedInformer(key, kname, [], []))
            entry.bindings.append([ci, bi])
            what = "Finalize" if binding.get("isFinalize") else \
                "Reconcile" if binding.get("isQueue") else "Watch"
            entry.describe.append(f"{cap.get('name')}:{what}({kname})")
    return list(planned.values())


class Discovery:
    """Which resources are namespaced, from the API's discovery documents (cached)."""

    def __init__(self, client: KubeClient) -> None:
        self.client = client
        self._docs: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def namespaced(self, group: str, version: str, plural: str, kind: str) -> bool:
        """True unless discovery says the resource is cluster-scoped (unknown: namespaced)."""
        key = (group, version)
        if key not in self._docs:
            path = f"/apis/{group}/{version}" if group else f"/api/{version}"
            try:
                doc = self.client.request("GET", path)
                self._docs[key] = list((doc or {}).get("resources") or [])
            except KubeError as exc:
                log.warning("discovery %s failed (%s); %s is taken as namespaced", path, exc,
                            plural)
                self._docs[key] = []
        for res in self._docs[key]:
            if res.get("name") == plural or (not plural and res.get("kind") == kind):
                return bool(res.get("namespaced", True))
        return True


class PeprWatcher:
    """The informers of one module and the dispatch of their deltas into it."""

    def __init__(self, client: KubeClient | None, info: dict[str, Any], dispatch: Dispatch, *,
                 config: WatcherConfig | None = None,
                 on_error: Callable[[int], None] | None = None) -> None:
        self.client = client
        self.info = info
        self.dispatch = dispatch
        self.cfg = config or WatcherConfig()
        self.on_error = on_error
        self.informers = InformerSet(client, self.cfg.informer)  # type: ignore[arg-type]
        self.planned: list[PlannedInformer] = []
        self.errors = 0
        self.delivered = 0
        self.in_flight = 0
        self._slots = asyncio.Semaphore(self.cfg.max_in_flight)
        self._pending: set[asyncio.Future[Any]] = set()
        self._started = False

    async def start(self) -> None:
        """Plan and start the informers; wait (up to `sync_timeout`) for their first LISTs."""
        if not watch_bindings(self.info):
            self._started = True  # nothing to watch: no cluster needed
            return
        if self.client is None:
            raise HostError("the module has watch bindings but no Kubernetes client was given",
                            code="ERR_HOSTRT_NO_CLUSTER")
        discovery = Discovery(self.client)
        self.planned = await asyncio.to_thread(plan, self.info, discovery.namespaced)
        for entry in self.planned:
            informer = self.informers.get(entry.key, entry.kind)
            informer.add_handler(self._handler(entry.bindings))
            log.info("watching %s for %s", informer.name, ", ".join(entry.describe))
        await self.informers.start()
        self._started = True
        await asyncio.gather(*(i.wait_synced(self.cfg.sync_timeout)
                               for i in self.informers.informers.values()))

    def _handler(self, bindings: list[list[int]]) -> Callable[[str, dict[str, Any]], Any]:
        async def handle(kind: str, obj: dict[str, Any]) -> None:
            await self._slots.acquire()
            self.in_flight += 1
            payload = {"type": kind, "object": obj, "bindings": bindings}
            loop = asyncio.get_running_loop()
            give_up = loop.time() + self.cfg.recycle_wait
            while True:
                try:
                    fut = self.dispatch("pepr.watch", payload)
                    break
                except HostError:
                    # The isolate is being replaced (host closed): hold this event, and the
                    # informer's next ones behind it, until the fresh isolate takes dispatches.
                    if loop.time() < give_up:
                        await asyncio.sleep(0.05)
                        continue
                    self._settle_slot()
                    raise
                except Exception:
                    self._settle_slot()
                    raise
            self._pending.add(fut)
            fut.add_done_callback(self._settled)
        return handle

    def _settle_slot(self) -> None:
        self.in_flight -= 1
        self._slots.release()

    def _settled(self, fut: asyncio.Future[Any]) -> None:
        self._pending.discard(fut)
        self._settle_slot()
        self.delivered += 1
        if fut.cancelled():
            return
        exc = fut.exception()
        failed = 0
        if exc is not None:
            failed = 1
            log.error("a watch event could not be delivered to the module: %s", exc)
        else:
            result = fut.result()
            if isinstance(result, dict) and isinstance(result.get("errors"), int):
                failed = result["errors"]
        if failed:
            self.errors += failed
            if self.on_error is not None:
                self.on_error(failed)

    async def drain(self, timeout: float = 30.0) -> bool:
        """Wait until every informer's queue is empty and no dispatch is in flight."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if not self._pending and all(i.queue.empty() for i in
                                         self.informers.informers.values()):
                return True
            await asyncio.sleep(0.02)
        return False

    async def stop(self) -> None:
        """Stop the informers; dispatches in flight are left to finish with the host."""
        if self._started:
            await self.informers.stop()
            self._started = False
        for fut in list(self._pending):
            with contextlib.suppress(Exception):
                fut.remove_done_callback(self._settled)
        self._pending.clear()

    def queue_depth(self) -> int:
        """Deltas waiting to enter the module plus those in flight."""
        return self.in_flight + sum(i.queue.qsize() for i in self.informers.informers.values())

    def health(self) -> tuple[bool, str]:
        """(ok, detail) over every informer."""
        if not self._started:
            return False, "watcher not started"
        parts, ok = [], True
        for informer in self.informers.informers.values():
            good, detail = informer.health()
            ok = ok and good
            parts.append(detail)
        if not parts:
            return True, "no watch bindings"
        return ok, "; ".join(parts)

    def stats(self) -> dict[str, Any]:
        """Per-informer counters and the watcher's own."""
        return {
            "informers": {i.name: i.totals() for i in self.informers.informers.values()},
            "delivered": self.delivered, "errors": self.errors, "inFlight": self.in_flight,
            "queueDepth": self.queue_depth(),
        }

    def informer_list(self) -> list[Informer]:
        """The informers (for metrics)."""
        return list(self.informers.informers.values())
