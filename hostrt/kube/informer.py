"""Informer-grade watches through the official client: LIST once, WATCH from there, resume.

A `Reflector` keeps one collection (a resource in one namespace, or cluster-wide, with label and
field selectors) in a local cache, in its own thread (the official client blocks):

1. a paginated LIST (`limit` + `continue`) gives the objects and the list's resourceVersion;
2. a WATCH from that resourceVersion with `allowWatchBookmarks=true` and a server-side
   `timeoutSeconds`; every event, and every BOOKMARK, moves the resume point;
3. when the stream ends (the server's timeout, a dropped connection, a half-written event), the
   WATCH is reopened from the last resourceVersion seen: no re-list;
4. only `410 Gone` (the resume point was compacted away) re-lists, and the new list is diffed
   against the cache: objects it lacks are DELETED, new ones ADDED, changed ones MODIFIED, so the
   events missed in the gap still reach the handlers, and no object is reported as new twice;
5. 429 and 5xx answers (and network errors) back off exponentially with full jitter; a
   `Retry-After` header sets the delay instead.

An `Informer` is the set of reflectors for one key: (group, version, resource, namespace set,
label selector, field selector): one reflector per named namespace (the API cannot watch a set
of namespaces in one request), or one cluster-wide. Deltas go to its handlers on the event loop,
in order per reflector. `InformerSet` shares informers between users that ask for the same key.
This module knows nothing of Pepr (`hostrt.pepr.watcher` maps bindings onto informers).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from hostrt import wirejson
from hostrt.kube.client import KubeClient, KubeError

log = logging.getLogger("hostrt.watch")
Obj = dict[str, Any]
Handler = Callable[[str, Obj], Awaitable[None]]


@dataclass(frozen=True)
class WatchTarget:
    """One collection to keep: a resource, in one namespace (None: all / cluster-scoped)."""

    group: str
    version: str
    plural: str
    kind: str = ""
    namespace: str | None = None
    label_selector: str = ""
    field_selector: str = ""

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    def path(self) -> str:
        """The collection's REST path."""
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        if self.namespace:
            base += f"/namespaces/{quote(self.namespace, safe='')}"
        return f"{base}/{self.plural}"

    def describe(self) -> str:
        """Short text for logs and health: plural.group/version[@ns][{selectors}]."""
        text = f"{self.plural}.{self.api_version}"
        if self.namespace:
            text += f"@{self.namespace}"
        sel = ",".join(s for s in (self.label_selector, self.field_selector) if s)
        return f"{text}{{{sel}}}" if sel else text


@dataclass
class InformerConfig:
    """Tuning. Defaults suit a real cluster; tests shrink the times."""

    page_size: int = 500           # LIST limit
    timeout_seconds: int = 300     # server-side WATCH timeoutSeconds
    bookmarks: bool = True         # allowWatchBookmarks
    backoff_base: float = 0.5      # first retry delay ceiling (seconds), doubles per failure
    backoff_cap: float = 30.0      # largest delay
    stale_after: float = 600.0     # health: no event, bookmark or connect for this long
    connect_timeout: float = 10.0


@dataclass
class WatchStats:
    """Counters of one reflector (read by health and metrics; written by its thread)."""

    events: int = 0          # deltas handed on (including those a re-list produced)
    bookmarks: int = 0
    watches: int = 0         # WATCH requests opened
    reconnects: int = 0      # WATCH requests after the first
    lists: int = 0           # LIST cycles (the first included)
    relists: int = 0         # LIST cycles after the first (only 410 causes them)
    list_pages: int = 0      # LIST requests
    gone: int = 0            # 410 Gone answers or ERROR events
    throttled: int = 0       # 429
    server_errors: int = 0   # 5xx
    network_errors: int = 0  # dropped streams, refused connections, half-written events
    malformed: int = 0       # objects / lines skipped
    last_activity: float = 0.0  # monotonic time of the last event, bookmark or (re)connect
    synced: bool = False     # the first LIST is done
    backing_off_until: float = 0.0
    last_error: str = ""

    def requests(self) -> int:
        """API requests this reflector made."""
        return self.list_pages + self.watches


class _Gone(Exception):
    """The resume point is too old (410): re-list."""


def backoff_delay(attempt: int, base: float, cap: float, retry_after: float | None = None,
                  rand: Callable[[], float] = random.random) -> float:
    """Exponential backoff with full jitter; a server's Retry-After wins (plus up to 10 %)."""
    if retry_after is not None:
        return retry_after * (1.0 + 0.1 * rand())
    return rand() * min(cap, base * (2 ** attempt))


def _valid(obj: Any) -> str | None:
    """What is wrong with an object from the API (None: fine)."""
    if not isinstance(obj, dict):
        return f"not an object but {type(obj).__name__}"
    meta = obj.get("metadata")
    if not isinstance(meta, dict):
        return "no metadata"
    if not isinstance(meta.get("name"), str) or not meta["name"]:
        return "no metadata.name"
    if not isinstance(meta.get("resourceVersion"), str) or not meta["resourceVersion"]:
        return "no metadata.resourceVersion"
    return None


def _key(obj: Obj) -> tuple[str, str]:
    meta = obj["metadata"]
    return (meta.get("namespace") or "", meta["name"])


def _newer(a: str, b: str) -> bool:
    """Whether resourceVersion a is after b (numbers compared as numbers; else: differs)."""
    if a.isdigit() and b.isdigit():
        return int(a) > int(b)
    return a != b


class Reflector:
    """LIST + WATCH of one target in a thread, a cache, deltas to `emit` (from that thread)."""

    def __init__(self, client: KubeClient, target: WatchTarget, cfg: InformerConfig,
                 emit: Callable[[str, Obj], None]) -> None:
        self.client = client
        self.target = target
        self.cfg = cfg
        self._emit_fn = emit
        self.stats = WatchStats()
        self.cache: dict[tuple[str, str], Obj] = {}
        self.rv: str | None = None
        self._stop = threading.Event()
        self._resp: Any = None
        self._thread: threading.Thread | None = None
        self._failures = 0

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the thread."""
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name=f"informer-{self.target.describe()}")
        self._thread.start()

    def stop(self) -> None:
        """Ask the thread to end (an open stream is shut down so the read returns)."""
        self._stop.set()
        resp = self._resp
        if resp is not None:
            with contextlib.suppress(Exception):
                resp.shutdown() if hasattr(resp, "shutdown") else resp.close()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the thread."""
        if self._thread is not None:
            self._thread.join(timeout)

    # -- the loop -------------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.rv is None:
                    self._list()
                self._watch()
            except _Gone:
                self.stats.gone += 1
                self.rv = None  # re-list at once: the resume point is gone
            except KubeError as exc:
                if self._stop.is_set():
                    break
                status = exc.status
                if status == 410:
                    self.stats.gone += 1
                    self.rv = None
                    continue
                if status == 429:
                    self.stats.throttled += 1
                elif status is not None and status >= 500:
                    self.stats.server_errors += 1
                elif status is None:
                    self.stats.network_errors += 1
                self._fail(str(exc), exc.retry_after)
            except Exception as exc:  # a dropped stream, a half-written event, a reset socket
                if self._stop.is_set():
                    break
                self.stats.network_errors += 1
                self._fail(f"{type(exc).__name__}: {exc}", None)

    def _fail(self, message: str, retry_after: float | None) -> None:
        # `_failures` counts failures since the last request the server answered with success:
        # a stream that was open and then dropped retries at once (within the jittered base).
        self.stats.last_error = message
        delay = backoff_delay(self._failures, self.cfg.backoff_base, self.cfg.backoff_cap,
                              retry_after)
        self._failures += 1
        log.warning("watch %s: %s; retrying in %.2fs", self.target.describe(), message, delay)
        self.stats.backing_off_until = time.monotonic() + delay
        self._stop.wait(delay)
        self.stats.backing_off_until = 0.0

    def _emit(self, kind: str, obj: Obj) -> None:
        self.stats.events += 1
        self._emit_fn(kind, obj)

    def _complete(self, obj: Obj) -> Obj:
        # Items of a LIST of built-in kinds carry no apiVersion/kind; handlers want them.
        if not obj.get("kind") and self.target.kind:
            obj["kind"] = self.target.kind
        if not obj.get("apiVersion"):
            obj["apiVersion"] = self.target.api_version
        return obj

    def _selectors(self) -> list[tuple[str, str]]:
        query = []
        if self.target.label_selector:
            query.append(("labelSelector", self.target.label_selector))
        if self.target.field_selector:
            query.append(("fieldSelector", self.target.field_selector))
        return query

    def _list(self) -> None:
        """A full paginated LIST, diffed against the cache."""
        items: dict[tuple[str, str], Obj] = {}
        token: str | None = None
        list_rv = ""
        while True:
            query = [("limit", str(self.cfg.page_size)), *self._selectors()]
            if token:
                query.append(("continue", token))
            self.stats.list_pages += 1
            try:
                page = self.client.request("GET", self.target.path(), query=query,
                                           timeout=(self.cfg.connect_timeout, 60))
            except KubeError as exc:
                if exc.status == 410 and token:  # the continue token expired: start over
                    items, token = {}, None
                    continue
                raise
            self._failures = 0
            if not isinstance(page, dict) or not isinstance(page.get("items", []), list):
                raise KubeError(f"LIST {self.target.path()}: the answer is not a list object",
                                status=500)
            for obj in page.get("items") or []:
                problem = _valid(obj)
                if problem:
                    self.stats.malformed += 1
                    log.warning("watch %s: skipped a listed object (%s)",
                                self.target.describe(), problem)
                    continue
                items[_key(obj)] = self._complete(obj)
            meta = page.get("metadata") or {}
            list_rv = str(meta.get("resourceVersion") or list_rv)
            token = meta.get("continue") or None
            if not token:
                break
        first = self.stats.lists == 0
        self.stats.lists += 1
        if not first:
            self.stats.relists += 1
        self._diff(items)
        self.rv = list_rv or None
        self.stats.synced = True
        self.stats.last_activity = time.monotonic()
        if self.rv is None:
            raise KubeError(f"LIST {self.target.path()}: no resourceVersion in the answer",
                            status=500)

    def _diff(self, items: dict[tuple[str, str], Obj]) -> None:
        old = self.cache
        for key, obj in items.items():
            cached = old.get(key)
            if cached is None:
                self._emit("ADDED", obj)
            elif cached["metadata"].get("uid") != obj["metadata"].get("uid"):
                self._emit("DELETED", cached)  # deleted and created again while we were away
                self._emit("ADDED", obj)
            elif cached["metadata"]["resourceVersion"] != obj["metadata"]["resourceVersion"]:
                self._emit("MODIFIED", obj)
        for key, cached in old.items():
            if key not in items:
                self._emit("DELETED", cached)
        self.cache = items

    def _watch(self) -> None:
        """One WATCH request, read to its end."""
        assert self.rv is not None
        query = [("watch", "true"), ("resourceVersion", self.rv),
                 ("timeoutSeconds", str(self.cfg.timeout_seconds)), *self._selectors()]
        if self.cfg.bookmarks:
            query.append(("allowWatchBookmarks", "true"))
        if self.stats.watches:
            self.stats.reconnects += 1
        self.stats.watches += 1
        resp = self.client.request("GET", self.target.path(), query=query, stream=True,
                                   timeout=(self.cfg.connect_timeout,
                                            self.cfg.timeout_seconds + 30))
        self._resp = resp
        self.stats.last_activity = time.monotonic()
        buf = b""
        opened = time.monotonic()
        heard = False
        try:
            for chunk in resp.stream(65536, decode_content=True):
                if self._stop.is_set():
                    return
                if not heard:
                    heard = True
                    self._failures = 0  # the stream works: a later drop retries at once
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    if line.strip():
                        self._line(line)
            if buf.strip() and not self._stop.is_set():
                self._line(buf)
            if not heard and time.monotonic() - opened < 1.0 and not self._stop.is_set():
                # A server that accepts the WATCH and closes it at once must not make us spin.
                raise KubeError(f"WATCH {self.target.path()}: the stream ended at once",
                                status=None)
        finally:
            self._resp = None
            with contextlib.suppress(Exception):
                resp.release_conn()

    def _line(self, line: bytes) -> None:
        try:
            event = wirejson.loads(line)
        except ValueError:
            self.stats.malformed += 1
            log.warning("watch %s: skipped a line that is not JSON: %.200r",
                        self.target.describe(), line)
            return
        kind = event.get("type") if isinstance(event, dict) else None
        obj = event.get("object") if isinstance(event, dict) else None
        if kind == "ERROR":
            code = obj.get("code") if isinstance(obj, dict) else None
            if code == 410:
                raise _Gone()
            message = obj.get("message") if isinstance(obj, dict) else obj
            raise KubeError(f"WATCH {self.target.path()}: {code} {message}",
                            status=code if isinstance(code, int) else 500)
        if kind == "BOOKMARK":
            rv = ((obj or {}).get("metadata") or {}).get("resourceVersion") \
                if isinstance(obj, dict) else None
            if isinstance(rv, str) and rv:
                self.rv = rv
                self.stats.bookmarks += 1
                self.stats.last_activity = time.monotonic()
            else:
                self.stats.malformed += 1
            return
        problem = _valid(obj) if kind in ("ADDED", "MODIFIED", "DELETED") else \
            f"unknown event type {kind!r}"
        if problem:
            self.stats.malformed += 1
            log.warning("watch %s: skipped an event (%s)", self.target.describe(), problem)
            return
        assert isinstance(obj, dict)
        self._apply(kind, self._complete(obj))

    def _apply(self, kind: str, obj: Obj) -> None:
        meta = obj["metadata"]
        self.rv = meta["resourceVersion"]
        self.stats.last_activity = time.monotonic()
        key = _key(obj)
        cached = self.cache.get(key)
        if kind == "DELETED":
            if cached is not None:
                del self.cache[key]
                self._emit("DELETED", obj)
            return
        self.cache[key] = obj
        if cached is None or cached["metadata"].get("uid") != meta.get("uid"):
            if cached is not None:
                self._emit("DELETED", cached)
            self._emit("ADDED", obj)
        elif _newer(meta["resourceVersion"], cached["metadata"]["resourceVersion"]):
            self._emit("MODIFIED", obj)


@dataclass
class Informer:
    """The reflectors of one key and the handlers they feed (on the event loop)."""

    client: KubeClient
    targets: list[WatchTarget]
    cfg: InformerConfig = field(default_factory=InformerConfig)
    handlers: list[Handler] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.reflectors: list[Reflector] = []
        self.queue: asyncio.Queue[tuple[str, Obj] | None] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self.handled = 0
        self.handler_errors = 0

    def add_handler(self, handler: Handler) -> None:
        """Receive every delta (type, object); awaited one at a time, in order."""
        self.handlers.append(handler)

    @property
    def name(self) -> str:
        return " ".join(t.describe() for t in self.targets)

    async def start(self) -> None:
        """Start the reflectors (returns at once; `synced` tells when all have listed)."""
        loop = asyncio.get_running_loop()

        def emit(kind: str, obj: Obj) -> None:
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody listens
                loop.call_soon_threadsafe(self.queue.put_nowait, (kind, obj))
        self._task = asyncio.ensure_future(self._deliver())
        for target in self.targets:
            reflector = Reflector(self.client, target, self.cfg, emit)
            self.reflectors.append(reflector)
            reflector.start()

    async def _deliver(self) -> None:
        while True:
            item = await self.queue.get()
            if item is None:
                return
            for handler in self.handlers:
                try:
                    await handler(*item)
                except Exception:
                    self.handler_errors += 1
                    log.exception("watch %s: a handler failed", self.name)
            self.handled += 1

    async def stop(self) -> None:
        """Stop the reflectors and the delivery task."""
        for r in self.reflectors:
            r.stop()
        await asyncio.gather(*(asyncio.to_thread(r.join, 10) for r in self.reflectors))
        if self._task is not None:
            self.queue.put_nowait(None)
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    @property
    def synced(self) -> bool:
        return all(r.stats.synced for r in self.reflectors)

    async def wait_synced(self, timeout: float) -> bool:
        """Wait until every reflector listed and its deltas were handled."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.synced and self.queue.empty():
                return True
            await asyncio.sleep(0.02)
        return False

    def totals(self) -> dict[str, float]:
        """Counters summed over the reflectors, plus queue depth and last-activity age."""
        out: dict[str, float] = {}
        for r in self.reflectors:
            for key, value in vars(r.stats).items():
                if isinstance(value, bool) or not isinstance(value, int):
                    continue
                out[key] = out.get(key, 0) + value
        now = time.monotonic()
        ages = [now - r.stats.last_activity for r in self.reflectors if r.stats.last_activity]
        out["last_activity_age"] = max(ages) if ages else float("inf")
        out["queue_depth"] = self.queue.qsize()
        out["requests"] = sum(r.stats.requests() for r in self.reflectors)
        return out

    def health(self) -> tuple[bool, str]:
        """(ok, detail): every reflector listed, none silent for longer than `stale_after`."""
        now = time.monotonic()
        problems = []
        for r in self.reflectors:
            name = r.target.describe()
            if not r.stats.synced:
                why = f": {r.stats.last_error}" if r.stats.last_error else ""
                problems.append(f"{name} not listed yet{why}")
            elif now - r.stats.last_activity > self.cfg.stale_after:
                problems.append(f"{name} silent for {now - r.stats.last_activity:.0f}s "
                                f"(last error: {r.stats.last_error or 'none'})")
        if problems:
            return False, "; ".join(problems)
        t = self.totals()
        return True, (f"{self.name}: {int(t['events'])} events, {int(t['reconnects'])} "
                      f"reconnects, {int(t['relists'])} relists, {int(t['gone'])} 410s, "
                      f"queue {int(t['queue_depth'])}")


@dataclass(frozen=True)
class InformerKey:
    """What makes two watches the same: resource, namespace set, selectors."""

    group: str
    version: str
    plural: str
    namespaces: tuple[str, ...] | None  # None: all namespaces (or cluster-scoped)
    label_selector: str = ""
    field_selector: str = ""


class InformerSet:
    """One shared informer per key."""

    def __init__(self, client: KubeClient, cfg: InformerConfig | None = None) -> None:
        self.client = client
        self.cfg = cfg or InformerConfig()
        self.informers: dict[InformerKey, Informer] = {}

    def get(self, key: InformerKey, kind: str = "") -> Informer:
        """The informer for `key`, created on first use (not started)."""
        informer = self.informers.get(key)
        if informer is None:
            namespaces: tuple[str | None, ...] = key.namespaces if key.namespaces else (None,)
            targets = [WatchTarget(key.group, key.version, key.plural, kind, ns,
                                   key.label_selector, key.field_selector)
                       for ns in sorted(namespaces, key=lambda n: n or "")]
            informer = Informer(self.client, targets, self.cfg)
            self.informers[key] = informer
        return informer

    async def start(self) -> None:
        """Start every informer."""
        for informer in self.informers.values():
            await informer.start()

    async def stop(self) -> None:
        """Stop every informer."""
        await asyncio.gather(*(i.stop() for i in self.informers.values()))
