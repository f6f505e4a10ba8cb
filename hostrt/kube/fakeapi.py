"""A fake Kubernetes API server with real resourceVersion semantics and faults on command.

No real kube-apiserver can be installed on the machines hostrt is developed on, so the watcher,
the Store and the Lease are tested against this server instead. It speaks the API's REST and
watch protocol closely enough for the official `kubernetes` client, kubernetes-fluent-client and
plain HTTP:

- discovery (`/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`, `/version`), namespaced and
  cluster-scoped resources of core, apps, batch, coordination.k8s.io (Leases), RBAC, admission
  registration, apiextensions.k8s.io and `pepr.dev` PeprStores; POSTing a
  CustomResourceDefinition serves its resource at once;
- GET, LIST (`limit` + `continue` over a consistent snapshot, label and field selectors), POST,
  PUT (409 on a stale resourceVersion), PATCH (JSON Patch, merge, strategic merge treated as a
  merge with named lists merged by name, server-side apply as a merge), DELETE (finalizers keep
  the object with a deletionTimestamp), deletecollection, pods/eviction; errors are `Status`
  bodies with the apiserver's reasons (NotFound, AlreadyExists, Conflict, Invalid, Expired...);
- WATCH from a resourceVersion (history replayed), `allowWatchBookmarks` (a BOOKMARK every
  `bookmark_interval` seconds), `timeoutSeconds`, 410 Gone (an ERROR event, as the apiserver
  sends it) once the history is compacted (`compact()` or more than `history` writes ago);
- faults on command (`inject`): `drop` cuts a watch stream in the middle of an event line,
  `gone` answers 410, `throttle` 429 with Retry-After, `error` 500, `slow` delays the answer;
- a request counter per verb (get, list, watch, create, update, patch, delete, ...).

Not modelled: authentication beyond one bearer token, admission webhooks, field ownership of
server-side apply, garbage collection of owned objects, namespace deletion cascading.

In process:  `async with FakeKubeAPI() as api: api.write_kubeconfig(path)` (or
`FakeKubeAPI.in_thread()` for synchronous callers). As a process:
`python -m hostrt.kube.fakeapi --port 0 --kubeconfig PATH` prints one JSON line
`{"url", "kubeconfig", "pid"}`; its `/_fake/*` endpoints inject faults and read the counters.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import signal
import sys
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from aiohttp import web

from hostrt import wirejson
from hostrt.kube.fakestore import (
    DEFAULT_NAMESPACES,
    ApiStatus,
    FakeStore,
    Obj,
    Resource,
    Subscription,
    bad_request,
)

T = TypeVar("T")
FAULT_KINDS = ("drop", "gone", "throttle", "error", "slow")
_GONE = web.RequestKey("hostrt_gone", bool)
VERSION_INFO = {"major": "1", "minor": "31", "gitVersion": "v1.31.0-hostrt-fake",
                "platform": "linux/amd64", "goVersion": "n/a (hostrt fake API)"}


@dataclass
class Fault:
    """One injected fault; `times` requests (or watch events for `drop`) take it (-1: forever).

    kind: drop (cut a watch stream mid-event after `after_events` more events), gone (410),
    throttle (429 + Retry-After: `retry_after` seconds), error (500), slow (`delay` seconds).
    `verbs` / `resource` (a plural) narrow which requests it hits; `http_gone` sends a watch's
    410 as an HTTP status instead of an ERROR event in a 200 stream.
    """

    kind: str
    verbs: tuple[str, ...] = ()
    resource: str | None = None
    times: int = 1
    after_events: int = 0
    retry_after: int = 1
    delay: float = 1.0
    http_gone: bool = False
    id: int = 0
    fired: int = 0

    def hits(self, verb: str, plural: str) -> bool:
        """Whether this fault applies to a request."""
        if self.times == 0:
            return False
        if self.verbs and verb not in self.verbs:
            return False
        return self.resource is None or self.resource == plural

    def take(self) -> None:
        """Count one use."""
        self.fired += 1
        if self.times > 0:
            self.times -= 1


@dataclass
class _Target:
    res: Resource
    namespace: str | None
    name: str | None
    subresource: str | None


class _Watch:
    """One open watch stream."""

    def __init__(self, sub: Subscription, response: web.StreamResponse,
                 request: web.Request) -> None:
        self.sub = sub
        self.response = response
        self.request = request
        self.queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()


class FakeKubeAPI:
    """The server. Start with `await start()` (or `async with`); `url` is then set."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, token: str | None = None,
                 bookmark_interval: float = 1.0, history: int = 100_000, pepr: bool = True,
                 namespaces: tuple[str, ...] = DEFAULT_NAMESPACES,
                 default_watch_timeout: float = 1800.0) -> None:
        self.store = FakeStore(history=history, pepr=pepr, namespaces=namespaces)
        self.host = host
        self.port = port
        self.token = token
        self.bookmark_interval = bookmark_interval
        self.default_watch_timeout = default_watch_timeout
        self.requests: Counter[str] = Counter()
        self.requests_by_resource: Counter[str] = Counter()
        self.counters: Counter[str] = Counter()  # events/bookmarks sent, faults fired
        self.faults: list[Fault] = []
        self._fault_ids = itertools.count(1)
        self._watches: set[_Watch] = set()
        self._runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread_id: int | None = None
        self.url = ""

    # -- lifecycle ------------------------------------------------------------------------------
    async def start(self) -> FakeKubeAPI:
        """Listen (port 0: the OS picks one) and set `url`."""
        self._loop = asyncio.get_running_loop()
        self._thread_id = threading.get_ident()
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False,
                                     shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://{self.host}:{self.port}"
        return self

    async def stop(self) -> None:
        """End every watch and stop listening."""
        for watch in list(self._watches):
            watch.queue.put_nowait(("close", None))
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeKubeAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @classmethod
    @contextlib.contextmanager
    def in_thread(cls, **kwargs: Any) -> Iterator[FakeKubeAPI]:
        """Run a server on its own event loop in a thread (for synchronous callers)."""
        api = cls(**kwargs)
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        thread = threading.Thread(target=lambda: (asyncio.set_event_loop(loop),
                                                  loop.run_until_complete(api.start()),
                                                  ready.set(), loop.run_forever()),
                                  name="fake-kube-api", daemon=True)
        thread.start()
        if not ready.wait(30):
            raise RuntimeError("the fake Kubernetes API did not start within 30 s")
        try:
            yield api
        finally:
            asyncio.run_coroutine_threadsafe(api.stop(), loop).result(30)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(30)
            loop.close()

    def write_kubeconfig(self, path: str | os.PathLike[str], *, namespace: str = "default") -> Path:
        """Write a kubeconfig pointing at this server (current context `hostrt-fake`)."""
        config = {
            "apiVersion": "v1", "kind": "Config", "preferences": {},
            # @kubernetes/client-node (kubernetes-fluent-client, Pepr) refuses plain http
            # unless TLS verification is declared off.
            "clusters": [{"name": "hostrt-fake", "cluster": {
                "server": self.url, "insecure-skip-tls-verify": True}}],
            "users": [{"name": "hostrt-fake", "user": {"token": self.token or "hostrt-fake"}}],
            "contexts": [{"name": "hostrt-fake", "context": {
                "cluster": "hostrt-fake", "user": "hostrt-fake", "namespace": namespace}}],
            "current-context": "hostrt-fake",
        }
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        return out

    # -- commands (safe from any thread) --------------------------------------------------------
    def _on_loop(self, fn: Callable[[], T]) -> T:
        if self._loop is None or threading.get_ident() == self._thread_id:
            return fn()

        async def call() -> T:
            return fn()
        return asyncio.run_coroutine_threadsafe(call(), self._loop).result(60)

    def inject(self, kind: str, *, verbs: tuple[str, ...] | list[str] = (),
               resource: str | None = None, times: int = 1, after_events: int = 0,
               retry_after: int = 1, delay: float = 1.0, http_gone: bool = False) -> Fault:
        """Arm a fault (see `Fault`); the next matching requests take it."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}: expected one of {', '.join(FAULT_KINDS)}")
        fault = Fault(kind, tuple(verbs), resource, times, after_events, retry_after, delay,
                      http_gone, next(self._fault_ids))
        self._on_loop(lambda: self.faults.append(fault))
        return fault

    def clear_faults(self) -> None:
        """Disarm every fault."""
        self._on_loop(self.faults.clear)

    def compact(self) -> int:
        """Forget the watch history; watches resuming from older RVs get 410. The RV it cut at."""
        return self._on_loop(self.store.compact)

    def drop_watches(self) -> int:
        """Cut every open watch stream now (the socket is closed, whatever is queued); how many."""
        def cut() -> int:
            for watch in self._watches:
                if watch.request.transport is not None:
                    watch.request.transport.close()
                watch.queue.put_nowait(("cut", None))
            return len(self._watches)
        return self._on_loop(cut)

    def send_raw(self, data: bytes) -> int:
        """Write `data` as is into every open watch stream (a broken server); how many."""
        def send() -> int:
            for watch in self._watches:
                watch.queue.put_nowait(("raw", data))
            return len(self._watches)
        return self._on_loop(send)

    def stats(self) -> dict[str, Any]:
        """Request counts per verb and per verb/resource, events sent, faults fired."""
        return self._on_loop(lambda: {
            "requests": dict(self.requests), "total": sum(self.requests.values()),
            "byResource": dict(self.requests_by_resource), "counters": dict(self.counters),
            "resourceVersion": self.store.rv, "openWatches": len(self._watches),
            "faults": [asdict(f) for f in self.faults if f.times != 0]})

    def reset_stats(self) -> None:
        """Zero the counters."""
        def reset() -> None:
            self.requests.clear()
            self.requests_by_resource.clear()
            self.counters.clear()
        self._on_loop(reset)

    @property
    def resource_version(self) -> int:
        """The current (last written) resourceVersion."""
        return self.store.rv

    # direct object access for tests and benches: no HTTP, not counted, watches see the writes
    def _res(self, api_version: str, plural: str) -> Resource:
        group, _, version = api_version.rpartition("/")
        return self.store.resource(group, version, plural)

    def create(self, api_version: str, plural: str, body: Obj,
               namespace: str | None = None) -> Obj:
        """Create an object (like POST)."""
        return self._on_loop(lambda: self.store.create(self._res(api_version, plural),
                                                       namespace, body))

    def get(self, api_version: str, plural: str, name: str, namespace: str | None = None) -> Obj:
        """Read an object (like GET)."""
        return self._on_loop(lambda: self.store.get(self._res(api_version, plural),
                                                    namespace, name))

    def update(self, api_version: str, plural: str, body: Obj) -> Obj:
        """Replace an object (like PUT, without the resourceVersion check)."""
        meta = body.get("metadata") or {}
        return self._on_loop(lambda: self.store.update(
            self._res(api_version, plural), meta.get("namespace"), meta["name"], body,
            check_rv=False))

    def patch(self, api_version: str, plural: str, name: str, body: Any, *,
              namespace: str | None = None,
              content_type: str = "application/merge-patch+json") -> Obj:
        """Patch an object (like PATCH)."""
        return self._on_loop(lambda: self.store.patch(
            self._res(api_version, plural), namespace, name, content_type, body,
            field_manager="hostrt-fake"))

    def delete(self, api_version: str, plural: str, name: str,
               namespace: str | None = None) -> Obj:
        """Delete an object (like DELETE: finalizers keep it, with a deletionTimestamp)."""
        return self._on_loop(lambda: self.store.delete(self._res(api_version, plural),
                                                       namespace, name))

    # -- HTTP -----------------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path.rstrip("/") or "/"
        if path.startswith("/_fake"):
            return await self._control(request, path)
        if self.token and request.headers.get("Authorization") != f"Bearer {self.token}":
            return _status(ApiStatus(401, "Unauthorized", "Unauthorized"))
        try:
            if path in ("/healthz", "/readyz", "/livez"):
                return web.Response(text="ok")
            if path == "/version":
                return web.json_response(VERSION_INFO)
            if request.method == "GET" and self._is_discovery(path):
                self._count("discovery", "")
                return web.json_response(self._discovery(path))
            target = self._parse(path)
            verb = self._verb(request, target)
            self._count(verb, target.res.plural)
            fault = self._fault_for(verb, target.res.plural)
            if fault is not None:
                answer = await self._apply_fault(fault, verb, request)
                if answer is not None:
                    return answer
            if verb == "watch":
                return await self._watch(request, target)
            return await self._rest(request, target, verb)
        except ApiStatus as status:
            return _status(status)

    def _count(self, verb: str, plural: str) -> None:
        self.requests[verb] += 1
        if plural:
            self.requests_by_resource[f"{verb} {plural}"] += 1

    def _fault_for(self, verb: str, plural: str) -> Fault | None:
        for fault in self.faults:
            if fault.kind != "drop" and fault.hits(verb, plural):
                return fault
        return None

    async def _apply_fault(self, fault: Fault, verb: str,
                           request: web.Request) -> web.StreamResponse | None:
        fault.take()
        self.counters[f"fault_{fault.kind}"] += 1
        if fault.kind == "slow":
            await asyncio.sleep(fault.delay)
            return None
        if fault.kind == "throttle":
            return _status(ApiStatus(429, "TooManyRequests", "Too many requests, please try "
                                     "again later.", details={"retryAfterSeconds": fault.retry_after},
                                     headers={"Retry-After": str(fault.retry_after)}))
        if fault.kind == "error":
            return _status(ApiStatus(500, "InternalError", "Internal error occurred: injected "
                                     "fault (hostrt fake API)"))
        if verb == "watch" and not fault.http_gone:
            request[_GONE] = True  # _watch sends an ERROR event inside a 200 stream
            return None
        return _status(ApiStatus(410, "Expired", "too old resource version (injected fault)"))

    def _is_discovery(self, path: str) -> bool:
        parts = path.strip("/").split("/")
        return (parts[0] == "api" and len(parts) <= 2) or (parts[0] == "apis" and len(parts) <= 3)

    def _discovery(self, path: str) -> Obj:
        parts = path.strip("/").split("/")
        if parts == ["api"]:
            return {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": [
                {"clientCIDR": "0.0.0.0/0", "serverAddress": f"{self.host}:{self.port}"}]}
        if parts == ["apis"]:
            return {"kind": "APIGroupList", "apiVersion": "v1",
                    "groups": [self._group(g, vs) for g, vs in sorted(self.store.groups().items())]}
        if parts[0] == "apis" and len(parts) == 2:
            versions = self.store.groups().get(parts[1])
            if not versions:
                raise ApiStatus(404, "NotFound", "the server could not find the requested resource")
            return {"apiVersion": "v1", **self._group(parts[1], versions)}
        group, version = ("", parts[1]) if parts[0] == "api" else (parts[1], parts[2])
        resources = self.store.resources_in(group, version)
        if not resources:
            raise ApiStatus(404, "NotFound", "the server could not find the requested resource")
        entries = []
        for res in sorted(resources, key=lambda r: r.plural):
            entries.append(res.discovery())
            if res.status_subresource:
                entries.append({"name": f"{res.plural}/status", "singularName": "",
                                "namespaced": res.namespaced, "kind": res.kind,
                                "verbs": ["get", "patch", "update"]})
        return {"kind": "APIResourceList", "apiVersion": "v1",
                "groupVersion": f"{group}/{version}" if group else version, "resources": entries}

    @staticmethod
    def _group(name: str, versions: list[str]) -> Obj:
        vs = [{"groupVersion": f"{name}/{v}", "version": v} for v in versions]
        return {"kind": "APIGroup", "name": name, "versions": vs, "preferredVersion": vs[0]}

    def _parse(self, path: str) -> _Target:
        parts = [p for p in path.split("/") if p]
        if parts[:1] == ["api"] and len(parts) >= 3:
            group, version, rest = "", parts[1], parts[2:]
        elif parts[:1] == ["apis"] and len(parts) >= 4:
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            raise ApiStatus(404, "NotFound", "the server could not find the requested resource")
        namespace = None
        if len(rest) >= 3 and rest[0] == "namespaces" and \
                (group, version, rest[2]) in self.store.resources:
            namespace, rest = rest[1], rest[2:]
        if len(rest) > 3:
            raise ApiStatus(404, "NotFound", "the server could not find the requested resource")
        res = self.store.resource(group, version, rest[0])
        if namespace is not None and not res.namespaced:
            raise ApiStatus(404, "NotFound", f"the server could not find the requested resource "
                            f"({res.plural} is cluster-scoped)")
        return _Target(res, namespace, rest[1] if len(rest) > 1 else None,
                       rest[2] if len(rest) > 2 else None)

    @staticmethod
    def _verb(request: web.Request, target: _Target) -> str:
        method = request.method
        if method == "GET":
            if target.name is not None:
                return "get"
            return "watch" if request.query.get("watch") in ("true", "1") else "list"
        if target.name is None:
            return {"POST": "create", "DELETE": "deletecollection"}.get(method, "unsupported")
        return {"POST": "create", "PUT": "update", "PATCH": "patch",
                "DELETE": "delete"}.get(method, "unsupported")

    async def _body(self, request: web.Request, *, yaml_ok: bool = False) -> Any:
        raw = await request.read()
        if not raw:
            return None
        try:
            if yaml_ok:
                return yaml.safe_load(raw)
            return wirejson.loads(raw)
        except (ValueError, yaml.YAMLError) as exc:
            raise bad_request(f"the request body is not valid {'YAML' if yaml_ok else 'JSON'}: "
                              f"{exc}") from exc

    async def _rest(self, request: web.Request, t: _Target, verb: str) -> web.StreamResponse:
        store, q = self.store, request.query
        ns = t.namespace
        if verb == "get":
            assert t.name is not None
            if t.subresource not in (None, "status"):
                raise ApiStatus(404, "NotFound", "the server could not find the requested resource")
            return web.json_response(store.get(t.res, ns, t.name))
        if verb == "list":
            limit = _int_param(q.get("limit"), "limit")
            listed = store.list(
                t.res, ns if t.res.namespaced else None, label_selector=q.get("labelSelector"),
                field_selector=q.get("fieldSelector"), limit=limit,
                continue_token=q.get("continue"))
            self.counters["list_items"] += len(listed["items"])
            return web.json_response(listed)
        if verb == "create":
            body = await self._body(request)
            if t.name is not None:
                return self._subresource_post(t, body)
            return web.json_response(store.create(t.res, ns, body), status=201)
        if verb == "update":
            assert t.name is not None
            body = await self._body(request)
            return web.json_response(store.update(t.res, ns, t.name, body,
                                                  subresource=t.subresource))
        if verb == "patch":
            assert t.name is not None
            ctype = request.headers.get("Content-Type", "application/json")
            body = await self._body(request, yaml_ok="yaml" in ctype)
            return web.json_response(store.patch(t.res, ns, t.name, ctype, body,
                                                 subresource=t.subresource,
                                                 field_manager=q.get("fieldManager")))
        if verb == "delete":
            assert t.name is not None
            options = await self._body(request) or {}
            pre = options.get("preconditions") if isinstance(options, dict) else None
            return web.json_response(store.delete(t.res, ns, t.name, preconditions=pre))
        if verb == "deletecollection":
            listed = store.list(t.res, ns if t.res.namespaced else None,
                                label_selector=q.get("labelSelector"),
                                field_selector=q.get("fieldSelector"))
            for item in listed["items"]:
                meta = item["metadata"]
                store.delete(t.res, meta.get("namespace"), meta["name"])
            listed["metadata"] = {"resourceVersion": str(store.rv)}
            return web.json_response(listed)
        raise ApiStatus(405, "MethodNotAllowed", f"{request.method} is not supported on "
                        f"{request.path}")

    def _subresource_post(self, t: _Target, body: Any) -> web.StreamResponse:
        if t.res.plural == "pods" and t.subresource == "eviction" and t.name:
            self.store.delete(t.res, t.namespace, t.name)
            return web.json_response({"kind": "Status", "apiVersion": "v1", "metadata": {},
                                      "status": "Success", "code": 201}, status=201)
        raise ApiStatus(405, "MethodNotAllowed", f"POST is not supported on "
                        f"{t.res.plural}/{t.name}{'/' + t.subresource if t.subresource else ''}")

    # -- watch ----------------------------------------------------------------------------------
    async def _watch(self, request: web.Request, t: _Target) -> web.StreamResponse:
        store, query = self.store, request.query
        match = store._matcher(query.get("labelSelector"), query.get("fieldSelector"))
        timeout = _float_param(query.get("timeoutSeconds"), "timeoutSeconds")
        bookmarks = query.get("allowWatchBookmarks") in ("true", "1")
        rv_text = query.get("resourceVersion") or ""
        namespace = t.namespace if t.res.namespaced else None
        response = web.StreamResponse(status=200, headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        watch = _Watch(Subscription(t.res, namespace, match, lambda ev: None), response, request)
        watch.sub.deliver = watch.queue.put_nowait
        gone: ApiStatus | None = None
        initial: list[tuple[str, Obj]] = []
        try:
            if rv_text in ("", "0"):
                initial = store.current(watch.sub)
            else:
                since = _int_param(rv_text, "resourceVersion")
                assert since is not None
                initial = store.replay(watch.sub, since)
        except ApiStatus as status:
            if status.code != 410:
                raise
            gone = status
        if request.get(_GONE):
            gone = ApiStatus(410, "Expired", f"too old resource version: {rv_text or 0} "
                             f"({store.compacted_rv + 1}) (injected fault)")
        if gone is None:
            store.subscriptions.append(watch.sub)  # same tick as the replay: no write slips by
            self._watches.add(watch)
        try:
            await response.prepare(request)
            if gone is not None:
                await response.write(_line({"type": "ERROR", "object": gone.status()}))
                return response
            for kind, obj in initial:
                if not await self._send(watch, kind, obj):
                    return response
            await self._follow(watch, timeout, bookmarks)
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            with contextlib.suppress(ValueError):
                store.subscriptions.remove(watch.sub)
            self._watches.discard(watch)
        with contextlib.suppress(ConnectionResetError, RuntimeError):
            await response.write_eof()
        return response

    async def _follow(self, watch: _Watch, timeout: float | None, bookmarks: bool) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (timeout if timeout is not None else self.default_watch_timeout)
        next_bookmark = loop.time() + self.bookmark_interval
        while True:
            now = loop.time()
            if now >= deadline:
                return
            wait = deadline - now
            if bookmarks:
                wait = min(wait, max(0.0, next_bookmark - now))
            try:
                kind, payload = await asyncio.wait_for(watch.queue.get(), wait)
            except TimeoutError:
                if bookmarks and loop.time() >= next_bookmark:
                    next_bookmark = loop.time() + self.bookmark_interval
                    self.counters["bookmarks_sent"] += 1
                    await watch.response.write(_line({"type": "BOOKMARK", "object": {
                        "kind": watch.sub.res.kind, "apiVersion": watch.sub.res.api_version,
                        "metadata": {"resourceVersion": str(self.store.rv)}}}))
                continue
            if kind in ("close", "cut"):
                if kind == "cut" and watch.request.transport is not None:
                    watch.request.transport.close()
                return
            if kind == "raw":
                await watch.response.write(payload)
                continue
            event_type, obj = payload
            if not await self._send(watch, event_type, obj):
                return

    async def _send(self, watch: _Watch, kind: str, obj: Obj) -> bool:
        """Write one event; False when a `drop` fault cut the stream in its middle."""
        line = _line({"type": kind, "object": obj})
        for fault in self.faults:
            if fault.kind == "drop" and fault.hits("watch", watch.sub.res.plural):
                if fault.after_events > 0:
                    fault.after_events -= 1
                    continue
                fault.take()
                self.counters["fault_drop"] += 1
                await watch.response.write(line[: max(1, len(line) // 2)])
                if watch.request.transport is not None:
                    watch.request.transport.close()
                return False
        await watch.response.write(line)
        watch.sub.events_sent += 1
        self.counters["events_sent"] += 1
        return True

    # -- control endpoints ----------------------------------------------------------------------
    async def _control(self, request: web.Request, path: str) -> web.StreamResponse:
        try:
            if path == "/_fake/stats" and request.method == "GET":
                return web.json_response(self.stats())
            if path == "/_fake/stats" and request.method == "DELETE":
                self.reset_stats()
                return web.json_response({"reset": True})
            if path == "/_fake/faults" and request.method == "POST":
                spec = await self._body(request)
                if not isinstance(spec, dict) or "kind" not in spec:
                    raise bad_request('a fault is an object with "kind" (one of '
                                      f'{", ".join(FAULT_KINDS)})')
                allowed = {"kind", "verbs", "resource", "times", "after_events", "retry_after",
                           "delay", "http_gone"}
                unknown = set(spec) - allowed
                if unknown:
                    raise bad_request(f"unknown fault fields: {', '.join(sorted(unknown))}; "
                                      f"allowed: {', '.join(sorted(allowed))}")
                try:
                    fault = self.inject(**spec)
                except (TypeError, ValueError) as exc:
                    raise bad_request(str(exc)) from exc
                return web.json_response(asdict(fault), status=201)
            if path == "/_fake/faults" and request.method == "DELETE":
                self.clear_faults()
                return web.json_response({"cleared": True})
            if path == "/_fake/compact" and request.method == "POST":
                return web.json_response({"compactedResourceVersion": self.compact()})
            if path == "/_fake/drop-watches" and request.method == "POST":
                return web.json_response({"dropped": self.drop_watches()})
            raise ApiStatus(404, "NotFound", f"no fake-API control endpoint {request.method} "
                            f"{path} (have: GET|DELETE /_fake/stats, POST|DELETE /_fake/faults, "
                            "POST /_fake/compact, POST /_fake/drop-watches)")
        except ApiStatus as status:
            return _status(status)


def _line(event: Obj) -> bytes:
    return (json.dumps(event, separators=(",", ":")) + "\n").encode()


def _status(status: ApiStatus) -> web.Response:
    return web.json_response(status.status(), status=status.code, headers=status.headers)


def _int_param(text: str | None, name: str) -> int | None:
    if text in (None, ""):
        return None
    try:
        return int(text)  # type: ignore[arg-type]
    except ValueError:
        raise bad_request(f"{name}: expected an integer, got {text!r}") from None


def _float_param(text: str | None, name: str) -> float | None:
    if text in (None, ""):
        return None
    try:
        return float(text)  # type: ignore[arg-type]
    except ValueError:
        raise bad_request(f"{name}: expected a number, got {text!r}") from None


async def serve(args: argparse.Namespace, out: Callable[[str], Awaitable[None] | None]) -> None:
    """Run until SIGINT/SIGTERM, after printing where the server listens."""
    api = FakeKubeAPI(host=args.host, port=args.port, token=args.token,
                      bookmark_interval=args.bookmark_interval, history=args.history)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):  # before the address is printed: a caller may
        with contextlib.suppress(NotImplementedError):  # stop us as soon as it has read it
            loop.add_signal_handler(sig, stop.set)
    await api.start()
    kubeconfig = api.write_kubeconfig(args.kubeconfig) if args.kubeconfig else None
    out(json.dumps({"url": api.url, "kubeconfig": str(kubeconfig) if kubeconfig else None,
                    "pid": os.getpid()}))
    try:
        await stop.wait()
    finally:
        await api.stop()


def main(argv: list[str] | None = None) -> int:
    """`python -m hostrt.kube.fakeapi`: serve the fake API until interrupted."""
    p = argparse.ArgumentParser(prog="python -m hostrt.kube.fakeapi",
                                description="A fake Kubernetes API server (real resourceVersion "
                                "semantics, faults on command) for tests and benchmarks. Prints "
                                "one JSON line {url, kubeconfig, pid}, then serves until SIGINT/"
                                "SIGTERM.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port (default 0: the OS picks one)")
    p.add_argument("--kubeconfig", default=None, metavar="PATH",
                   help="write a kubeconfig for this server to PATH")
    p.add_argument("--token", default=None, help="require this bearer token")
    p.add_argument("--bookmark-interval", type=float, default=1.0, metavar="SECONDS",
                   help="BOOKMARK cadence on watches that allow them (default 1)")
    p.add_argument("--history", type=int, default=100_000, metavar="N",
                   help="writes kept for watch resumption before 410 Gone (default 100000)")
    args = p.parse_args(argv)

    def out(line: str) -> None:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
