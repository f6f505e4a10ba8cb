"""The Pepr Store, live: capability Stores kept in PeprStore resources, as Pepr keeps them.

Layout (Pepr 1.1.4's, so a hostrt controller and a Pepr controller can share one store):
  - CRD `peprstores.pepr.dev`, version v1, kind PeprStore, namespaced, `data: map[string]string`;
  - objects `pepr-<uuid>-store` (capability Stores) and `pepr-<uuid>-schedule` (OnSchedule
    bookkeeping) in `pepr-system`, label `pepr.dev-cacheID`, and the placeholder item
    `__pepr_do_not_delete__: k-thx-bye` (a JSON Patch cannot add to an absent map);
  - one item per key: `<capability>-v2-<key>`; in patch paths the whole data key is escaped as a
    JSON Pointer token (`~` → `~0`, `/` → `~1`).

Behaviour:
  - `start()` creates the CRD and the objects by server-side apply when they are missing, reads
    them, and watches them;
  - writes (`set`, `remove`, `clear`, posted by the pepr shim) are buffered per object, last
    write per key wins, and sent every `flush_interval` seconds as ONE JSON Patch that also sets
    the `pepr.dev-cacheID` label;
  - a failed write is kept and retried, never dropped: a 422 (a key removed meanwhile, a
    hand-edited object) re-reads the object and rebuilds the patch against it; a 404 recreates
    the object; other failures back off (0.5 s doubling to 30 s). Writes made meanwhile join;
  - changes seen by the watch (ours echoed back, or another controller's) are told to the
    subscribers, per capability whose items changed, after a short debounce;
  - an item whose value is not a string, or a `data` that is not a map (hand edits; the real API
    server's schema would refuse them, a fake one may not) is logged once and ignored, key by key.

Pepr differs: it sends every 4 s, drops the whole batch on a 422, and re-queues other failures
under wrong keys; it debounces reads by 1 s. Both intervals are settings here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hostrt.kube.client import KubeClient, KubeError, KubeRequest

log = logging.getLogger("hostrt.store")

GROUP, VERSION, KIND, PLURAL = "pepr.dev", "v1", "PeprStore", "peprstores"
NAMESPACE = "pepr-system"
CACHE_LABEL = "pepr.dev-cacheID"
PLACEHOLDER_KEY, PLACEHOLDER_VALUE = "__pepr_do_not_delete__", "k-thx-bye"
STORES = ("store", "schedule")
FIELD_MANAGER = "pepr"
_V2 = "-v2-"

Subscriber = Callable[[str, str, dict[str, str]], Any]


def data_key(capability: str, key: str) -> str:
    """The PeprStore data key of a capability's key: `<capability>-v2-<key>`."""
    return f"{capability}{_V2}{key}"


def pointer_escape(token: str) -> str:
    """One JSON Pointer reference token (RFC 6901): `~` → `~0`, `/` → `~1`."""
    return token.replace("~", "~0").replace("/", "~1")


def item_path(capability: str, key: str) -> str:
    """The JSON Patch path of one item."""
    return "/data/" + pointer_escape(data_key(capability, key))


def split_key(raw: str) -> tuple[str, str] | None:
    """`<capability>-v2-<key>` → (capability, key); None for other keys (the placeholder, keys
    of Pepr's pre-v2 layout)."""
    cap, sep, key = raw.partition(_V2)
    return (cap, key) if sep and cap else None


def store_crd() -> dict[str, Any]:
    """The PeprStore CRD (the schema Pepr deploys)."""
    return {
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{PLURAL}.{GROUP}"},
        "spec": {"group": GROUP, "scope": "Namespaced",
                 "names": {"plural": PLURAL, "singular": KIND.lower(), "kind": KIND},
                 "versions": [{"name": VERSION, "served": True, "storage": True,
                               "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                                   "data": {"type": "object",
                                            "additionalProperties": {"type": "string"}}}}}}]},
    }


def _now_id() -> str:
    return str(int(time.time() * 1000))


@dataclass
class StoreSettings:
    """How the live Store talks to the cluster."""

    namespace: str = NAMESPACE
    flush_interval: float = 1.0     # seconds between patches (Pepr: 4)
    debounce: float = 0.1           # seconds a burst of watched changes is gathered (Pepr: 1)
    retry_min: float = 0.5
    retry_max: float = 30.0
    create_crd: bool = True
    open_timeout: float = 10.0      # how long start() waits for the watches to open


class _Object:
    """One PeprStore object: the last state seen in the cluster and the writes not yet sent."""

    def __init__(self, kind: str, name: str) -> None:
        self.kind = kind
        self.name = name
        self.data: dict[str, str] = {}          # valid items as last seen (raw data keys)
        self.labels_ok = False                  # metadata.labels is a map
        self.data_ok = False                    # data is a map
        self.rv: str | None = None
        self.pending: dict[str, tuple[str, str | None]] = {}  # path -> ("add", v) | ("remove", None)
        self.warned: set[tuple[str, str]] = set()


class ClusterStore:
    """Capability Stores in PeprStore resources; the same interface as the SQLite `PeprStore`
    (set / remove / clear / items / snapshot / register) plus start / stop / flush / subscribe."""

    live = True  # the pepr shim then waits for the cluster's echo (setItemAndWait as in Pepr)

    def __init__(self, client: KubeClient, uuid: str | None = None,
                 settings: StoreSettings | None = None) -> None:
        self.client = client
        self.uuid = uuid
        self.settings = settings or StoreSettings()
        # Named at start() when the module's uuid is only known once it is loaded; writes made
        # before then wait in `pending`.
        self.objects = {kind: _Object(kind, f"pepr-{uuid}-{kind}") for kind in STORES}
        self._subscribers: list[Subscriber] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._wake = asyncio.Event()
        self._stopping = threading.Event()
        self._streams: dict[str, Any] = {}
        self._changed: dict[tuple[str, str], None] = {}
        self._notify_handle: asyncio.TimerHandle | None = None
        self._last_error: str | None = None
        self._watch_ok = {kind: False for kind in STORES}
        self._opened: dict[str, asyncio.Event] = {}
        self._started = False
        self.patches_sent = 0

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self, uuid: str | None = None) -> None:
        """Make sure the CRD and both objects exist, read them, and start watching and flushing
        (`uuid`: the module's, if not given to the constructor)."""
        if uuid:
            self.uuid = uuid
            for kind, obj in self.objects.items():
                obj.name = f"pepr-{uuid}-{kind}"
        if not self.uuid:
            raise ValueError("ClusterStore.start: the module's uuid is needed to name its PeprStore")
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        if self.settings.create_crd:
            await self._ensure_crd()
        for obj in self.objects.values():
            await self._read_or_create(obj)
        self._opened = {kind: asyncio.Event() for kind in STORES}
        for obj in self.objects.values():
            thread = threading.Thread(target=self._watch_thread, args=(obj,),
                                      name=f"hostrt-store-watch-{obj.kind}", daemon=True)
            thread.start()
        self._tasks.append(asyncio.create_task(self._flusher(), name="hostrt-store-flush"))
        self._started = True
        # Ready once both watches are open (no change after this point can be missed); a slow
        # API leaves it to /readyz to say so.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(e.wait() for e in self._opened.values())),
                                   self.settings.open_timeout)

    async def stop(self, *, flush_timeout: float = 5.0) -> None:
        """Send what is pending (for up to `flush_timeout` s), then stop watching."""
        if self._started:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.flush(), flush_timeout)
        self._stopping.set()
        for resp in list(self._streams.values()):
            with contextlib.suppress(Exception):
                resp.shutdown() if hasattr(resp, "shutdown") else resp.close()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        self._started = False

    def close(self) -> None:
        """The SQLite store's close(); the live store is stopped with `stop()`."""

    @property
    def started(self) -> bool:
        """Whether `start()` ran (and `stop()` did not since)."""
        return self._started

    def health(self) -> tuple[bool, str]:
        """(ok, detail) for /readyz: started, both watches open, and the last write went through."""
        if not self._started:
            return False, "store: not started"
        pending = sum(len(o.pending) for o in self.objects.values())
        if not all(self._watch_ok.values()):
            return False, f"store: watch not open ({pending} writes pending)"
        if self._last_error:
            return True, f"store: retrying writes ({pending} pending): {self._last_error}"
        return True, f"store: ok ({pending} writes pending, {self.patches_sent} patches sent)"

    # -- the shim's interface ----------------------------------------------------------------
    def set(self, store: str, capability: str, key: str, value: Any) -> None:
        """Queue one item (non-string values are stored as their JSON text)."""
        text = value if isinstance(value, str) else json.dumps(value)
        self._queue(store, item_path(capability, str(key)), ("add", text))

    def remove(self, store: str, capability: str, key: str) -> None:
        """Queue the removal of one item."""
        self._queue(store, item_path(capability, str(key)), ("remove", None))

    def clear(self, store: str, capability: str) -> None:
        """Queue the removal of every item of a capability (as seen, plus queued adds)."""
        obj = self._object(store)
        keys = {k for raw in obj.data if (s := split_key(raw)) and s[0] == capability
                for k in [s[1]]}
        prefix = "/data/" + pointer_escape(data_key(capability, ""))
        keys |= {_unescape(p[len("/data/"):])[len(capability) + len(_V2):]
                 for p in obj.pending if p.startswith(prefix)}
        for key in sorted(keys):
            self.remove(store, capability, key)

    def items(self, store: str, capability: str) -> dict[str, str]:
        """One capability's items as the cluster has them (sorted by key)."""
        obj = self._object(store)
        return dict(sorted((s[1], v) for raw, v in obj.data.items()
                           if (s := split_key(raw)) and s[0] == capability))

    def snapshot(self) -> dict[str, dict[str, dict[str, str]]]:
        """{"store": {capability: {key: value}}, "schedule": {...}} as the cluster has them,
        with the writes not yet sent applied on top (what the module wrote is what it loads)."""
        out: dict[str, dict[str, dict[str, str]]] = {kind: {} for kind in STORES}
        for kind, obj in self.objects.items():
            data = dict(obj.data)
            for path, (op, value) in obj.pending.items():
                raw = _unescape(path[len("/data/"):])
                if op == "add":
                    data[raw] = value or ""
                else:
                    data.pop(raw, None)
            for raw, value in sorted(data.items()):
                if (s := split_key(raw)) is not None:
                    out[kind].setdefault(s[0], {})[s[1]] = value
        return out

    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        """Call `fn(store, capability, items)` when a capability's items change in the cluster."""
        self._subscribers.append(fn)
        return lambda: self._subscribers.remove(fn) if fn in self._subscribers else None

    def register(self, api: Any) -> None:
        """Serve the pepr.store.* / pepr.schedule.* ops of a host, and push changes to its JS
        (the `pepr.store.update` handler) so subscribers and setItemAndWait see them."""
        for store in STORES:
            api.op(f"pepr.{store}.set", lambda cap, key, value, _s=store: self.set(_s, cap, key, value))
            api.op(f"pepr.{store}.remove", lambda cap, key, _s=store: self.remove(_s, cap, key))
            api.op(f"pepr.{store}.clear", lambda cap, _s=store: self.clear(_s, cap))
        api.provide("pepr.store.live", True)

        def push(store: str, capability: str, items: dict[str, str]) -> None:
            fut = api.dispatch("pepr.store.update", {"store": store, "capability": capability,
                                                     "data": items})
            fut.add_done_callback(_ignore_result)
        unsubscribe = self.subscribe(push)
        api.on_close(unsubscribe)

    # -- writes ------------------------------------------------------------------------------
    def _object(self, store: str) -> _Object:
        obj = self.objects.get(store)
        if obj is None:
            from hostrt.errors import HostError
            raise HostError(f"pepr store: unknown store {store!r} (expected one of "
                            f"{', '.join(STORES)})", code="ERR_INVALID_ARG_VALUE")
        return obj

    def _queue(self, store: str, path: str, op: tuple[str, str | None]) -> None:
        obj = self._object(store)
        obj.pending.pop(path, None)  # the last write of a key goes last
        obj.pending[path] = op

    def _patch_for(self, obj: _Object, batch: list[tuple[str, tuple[str, str | None]]]
                   ) -> list[dict[str, Any]]:
        """One JSON Patch for `batch` against the object as last seen: removals of items that
        are not there are already done (a JSON Patch would fail on them)."""
        ops: list[dict[str, Any]] = []
        if not obj.data_ok:
            ops.append({"op": "add", "path": "/data", "value": {PLACEHOLDER_KEY: PLACEHOLDER_VALUE}})
        for path, (op, value) in batch:
            raw = _unescape(path[len("/data/"):])
            if op == "add":
                ops.append({"op": "add", "path": path, "value": value or ""})
            elif raw in obj.data and obj.data_ok:
                ops.append({"op": "remove", "path": path})
        if obj.labels_ok:
            ops.append({"op": "add", "path": f"/metadata/labels/{CACHE_LABEL}", "value": _now_id()})
        else:
            ops.append({"op": "add", "path": "/metadata/labels", "value": {CACHE_LABEL: _now_id()}})
        return ops

    async def flush(self) -> None:
        """Send every pending write now (retrying until it goes through)."""
        for obj in self.objects.values():
            delay = self.settings.retry_min
            while obj.pending and not self._stopping.is_set():
                if await self._send(obj):
                    break
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.settings.retry_max)

    async def _flusher(self) -> None:
        delay = self.settings.retry_min
        while True:
            await asyncio.sleep(self.settings.flush_interval)
            ok = True
            for obj in self.objects.values():
                if obj.pending:
                    ok = await self._send(obj) and ok
            if not ok:  # back off before the next try; new writes join the same batch
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.settings.retry_max)
            else:
                delay = self.settings.retry_min

    async def _send(self, obj: _Object) -> bool:
        """Send obj's pending writes as one patch; True when they are all in the cluster."""
        batch = list(obj.pending.items())
        for attempt in range(2):
            patch = self._patch_for(obj, batch)
            try:
                result = await asyncio.to_thread(self.client.patch, self._req(obj.name, patch=patch))
            except KubeError as exc:
                self._last_error = str(exc)
                if exc.status == 404 and attempt == 0:
                    log.warning("PeprStore %s is gone: creating it again", obj.name)
                    await self._read_or_create(obj)
                    continue
                if exc.status == 422 and attempt == 0:
                    # Our view was stale (a key removed elsewhere, a hand-edited object): re-read
                    # and rebuild the patch against what is there.
                    log.info("PeprStore %s patch refused (%s): re-reading it", obj.name, exc)
                    await self._read_or_create(obj)
                    continue
                log.warning("PeprStore %s: %d writes not sent yet, will retry: %s", obj.name,
                            len(batch), exc)
                return False
            for path, op in batch:
                if obj.pending.get(path) is op:
                    del obj.pending[path]
            self.patches_sent += 1
            self._last_error = None
            if isinstance(result, dict):
                self._apply_object(obj, result)
            return True
        return False

    # -- reads -------------------------------------------------------------------------------
    def _req(self, name: str | None = None, **kw: Any) -> KubeRequest:
        return KubeRequest(group=GROUP, version=VERSION, kind=KIND, plural=PLURAL, namespaced=True,
                           namespace=self.settings.namespace, name=name, **kw)

    async def _ensure_crd(self) -> None:
        req = KubeRequest(group="apiextensions.k8s.io", version="v1",
                          kind="CustomResourceDefinition", plural="customresourcedefinitions",
                          namespaced=False, name=f"{PLURAL}.{GROUP}")
        try:
            await asyncio.to_thread(self.client.get, req)
            return
        except KubeError as exc:
            if exc.status not in (403, 404):
                raise
        req.body = store_crd()
        req.force = True
        try:
            await asyncio.to_thread(self.client.apply, req)
            log.info("created the PeprStore CRD %s.%s", PLURAL, GROUP)
        except KubeError as exc:
            if exc.status != 403:
                raise
            log.info("no rights to create the PeprStore CRD (%s); assuming it is deployed", exc)

    async def _read_or_create(self, obj: _Object) -> None:
        try:
            found = await asyncio.to_thread(self.client.get, self._req(obj.name))
        except KubeError as exc:
            if exc.status != 404:
                raise
            found = await asyncio.to_thread(self.client.apply, self._req(
                obj.name, force=True, body={
                    "apiVersion": f"{GROUP}/{VERSION}", "kind": KIND,
                    "metadata": {"name": obj.name, "namespace": self.settings.namespace,
                                 "labels": {CACHE_LABEL: _now_id()}},
                    "data": {PLACEHOLDER_KEY: PLACEHOLDER_VALUE}}))
            log.info("created PeprStore %s/%s", self.settings.namespace, obj.name)
        if isinstance(found, dict):
            self._apply_object(obj, found)

    def _apply_object(self, obj: _Object, body: dict[str, Any]) -> None:
        """Take the object's state; note which capabilities changed."""
        meta = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
        rv = meta.get("resourceVersion")
        if isinstance(rv, str):
            obj.rv = rv
        obj.labels_ok = isinstance(meta.get("labels"), dict)
        raw = body.get("data")
        data: dict[str, str] = {}
        obj.data_ok = isinstance(raw, dict)
        if not obj.data_ok:
            if ("data", repr(raw)[:80]) not in obj.warned:
                obj.warned.add(("data", repr(raw)[:80]))
                log.warning("PeprStore %s: data is %s, not a map of strings: ignored", obj.name,
                            type(raw).__name__)
        else:
            for key, value in raw.items():
                if isinstance(value, str):
                    data[key] = value
                elif (key, repr(value)[:80]) not in obj.warned:
                    obj.warned.add((key, repr(value)[:80]))
                    log.warning("PeprStore %s: item %r is %s, not a string: ignored", obj.name,
                                key, type(value).__name__)
        before = obj.data
        obj.data = data
        changed = {s[0] for k in set(before) ^ set(data) | {k for k in data if before.get(k) != data[k]}
                   if (s := split_key(k)) is not None}
        for cap in changed:
            self._changed[(obj.kind, cap)] = None
        if changed and self._loop is not None and self._notify_handle is None:
            self._notify_handle = self._loop.call_later(self.settings.debounce, self._notify)

    def _notify(self) -> None:
        self._notify_handle = None
        changed, self._changed = list(self._changed), {}
        for kind, cap in changed:
            items = self.items(kind, cap)
            for fn in list(self._subscribers):
                try:
                    fn(kind, cap, items)
                except Exception:  # a subscriber's failure must not stop the others
                    log.exception("store subscriber failed")

    def _watch_thread(self, obj: _Object) -> None:
        """Watch one object (fieldSelector on its name); resume from the last resourceVersion,
        re-read after a 410 or a failure; deliver states on the loop."""
        assert self._loop is not None
        loop = self._loop
        delay = self.settings.retry_min
        need_get = False
        while not self._stopping.is_set():
            try:
                if need_get:
                    body = self.client.get(self._req(obj.name))
                    loop.call_soon_threadsafe(self._apply_object, obj, body)
                    need_get = False
                req = self._req(fields={"metadata.name": obj.name})
                stream = self.client.watch(req, obj.rv)
                self._streams[obj.kind] = next(stream)
                self._watch_ok[obj.kind] = True
                loop.call_soon_threadsafe(self._opened[obj.kind].set)
                for event in stream:
                    if self._stopping.is_set():
                        return
                    delay = self.settings.retry_min
                    kind = event.get("type") if isinstance(event, dict) else None
                    body = event.get("object") if isinstance(event, dict) else None
                    if not isinstance(body, dict):
                        continue
                    if kind == "ERROR":
                        if body.get("code") == 410:
                            obj.rv = None
                            need_get = True
                            break
                        raise KubeError(f"watch error: {body.get('message')}", status=body.get("code"))
                    if (body.get("metadata") or {}).get("name") not in (obj.name, None):
                        continue  # a server that ignores the field selector
                    if kind == "BOOKMARK":
                        rv = (body.get("metadata") or {}).get("resourceVersion")
                        if isinstance(rv, str):
                            obj.rv = rv
                    elif kind == "DELETED":
                        log.warning("PeprStore %s was deleted: creating it again", obj.name)
                        obj.rv = None
                        asyncio.run_coroutine_threadsafe(self._recreate(obj), loop)
                        break
                    elif kind in ("ADDED", "MODIFIED"):
                        loop.call_soon_threadsafe(self._apply_object, obj, body)
                        rv = (body.get("metadata") or {}).get("resourceVersion")
                        if isinstance(rv, str):
                            obj.rv = rv  # resume point, set here so a reconnect starts after it
            except Exception as exc:
                if self._stopping.is_set():
                    return
                self._watch_ok[obj.kind] = False
                if isinstance(exc, KubeError) and exc.status == 410:
                    obj.rv = None
                log.warning("PeprStore %s watch failed, retrying in %.1fs: %s", obj.name, delay, exc)
                need_get = True
                self._stopping.wait(delay)
                delay = min(delay * 2, self.settings.retry_max)
            finally:
                self._streams.pop(obj.kind, None)

    async def _recreate(self, obj: _Object) -> None:
        self._apply_object(obj, {"metadata": {}, "data": {}})
        with contextlib.suppress(KubeError):
            await self._read_or_create(obj)


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _ignore_result(fut: asyncio.Future[Any]) -> None:
    if not fut.cancelled() and fut.exception() is not None:
        log.debug("pepr.store.update failed: %s", fut.exception())
