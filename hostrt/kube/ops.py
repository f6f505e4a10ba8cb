"""The `kube.*` host ops that the `pepr` shim's K8s() calls, and watch streams back into JS.

Ops (each takes one JSON payload, see `hostrt.kube.client.KubeRequest`):

    kube.get / kube.list / kube.create / kube.apply / kube.patch / kube.delete -> decoded JSON
    kube.watch   {..., id}  starts a watch; answers {"id": id} once the stream is open
    kube.unwatch {id}       (post) stops it

Watch events go back into JS by dispatching the JS handler `kube.watch.event` with
`{id, phase: "ADDED"|"MODIFIED"|"DELETED", object}`, one at a time and in order: the next event
is dispatched only after the handler's promise settled (the module's watch callback finished).
BOOKMARK events only move the resume point. When the stream ends (the API server closes watches
every few minutes) it is reopened from the last resourceVersion; a 410 Gone reopens it without
one (the server then replays the current objects as ADDED, as a re-list would). A watch keeps the
event loop alive, like an open socket in Node, until it is closed or the host closes.

Every call runs in a worker thread (the official client is synchronous), so the loop keeps turning.
With no cluster configured every op fails with "no Kubernetes cluster configured: set KUBECONFIG or
run in a cluster" (a rejected Promise in JS).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any

from hostrt.kube.client import KubeClient, KubeError, KubeRequest, load_api_client
from hostrt.shimapi import ShimAPI

WATCH_EVENT_HANDLER = "kube.watch.event"
_RETRY_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0)


class KubeOps:
    """The kube ops of one host: a lazily configured client and the open watches."""

    def __init__(self, api: Any, client: KubeClient | None = None) -> None:
        self._api = api
        self._client = client
        self._watches: dict[str, _Watch] = {}

    def client(self) -> KubeClient:
        """The client (configured on first use from the environment)."""
        if self._client is None:
            self._client = KubeClient(load_api_client())
        return self._client

    def register(self) -> None:
        """Register the ops on the shim API."""
        simple: dict[str, Callable[[KubeClient, KubeRequest], Any]] = {
            "kube.get": KubeClient.get, "kube.list": KubeClient.list,
            "kube.create": KubeClient.create, "kube.apply": KubeClient.apply,
            "kube.patch": KubeClient.patch, "kube.delete": KubeClient.delete,
        }
        for name, method in simple.items():
            self._api.op(name, self._wrap(method))
        self._api.op("kube.watch", self.watch)
        self._api.op("kube.unwatch", self.unwatch)
        self._api.on_close(self.close)

    def _wrap(self, method: Callable[[KubeClient, KubeRequest], Any]) -> Callable[..., Any]:
        async def op(payload: Any = None) -> Any:
            req = KubeRequest.from_json(payload)
            client = self.client()
            return await asyncio.to_thread(method, client, req)
        return op

    async def watch(self, payload: Any = None) -> Any:
        """Open a watch; events are dispatched to `kube.watch.event`."""
        req = KubeRequest.from_json(payload)
        wid = str((payload or {}).get("id") or f"w{len(self._watches) + 1}")
        if wid in self._watches:
            raise KubeError(f"kube.watch: a watch with id {wid!r} is already open",
                            code="ERR_INVALID_ARG_VALUE")
        client = self.client()
        watch = _Watch(self._api, client, req, wid)
        await watch.open()
        self._watches[wid] = watch
        watch.start(lambda: self._watches.pop(wid, None))
        return {"id": wid}

    def unwatch(self, payload: Any = None) -> None:
        """Stop a watch (unknown ids are ignored: it may have ended already)."""
        wid = str((payload or {}).get("id") or "")
        watch = self._watches.pop(wid, None)
        if watch is not None:
            watch.stop()

    async def close(self) -> None:
        """Stop every watch and release the client."""
        watches, self._watches = list(self._watches.values()), {}
        for watch in watches:
            watch.stop()
        for watch in watches:
            await watch.wait()
        if self._client is not None:
            await asyncio.to_thread(self._client.close)


class _Watch:
    """One watch: a reader thread feeding a queue, and a task dispatching events into JS."""

    def __init__(self, api: Any, client: KubeClient, req: KubeRequest, wid: str) -> None:
        self._api = api
        self._client = client
        self._req = req
        self.id = wid
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        self._stopped = threading.Event()
        self._resp: Any = None
        self._stream: Any = None
        self._rv: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None
        self._hold: Any = None

    async def open(self) -> None:
        """Open the stream now, so that a bad request rejects the `kube.watch` call."""
        self._stream = await asyncio.to_thread(self._connect)

    def _connect(self) -> Any:
        stream = self._client.watch(self._req, self._rv)
        self._resp = next(stream)
        return stream

    def start(self, on_end: Callable[[], Any]) -> None:
        """Start reading (thread) and delivering (task)."""
        self._hold = self._api.loop.hold()
        self._thread = threading.Thread(target=self._read, name=f"kube-watch-{self.id}",
                                        daemon=True)
        self._thread.start()
        self._task = asyncio.ensure_future(self._deliver())
        self._task.add_done_callback(lambda _t: (on_end(), self._release()))

    def _release(self) -> None:
        if self._hold is not None:
            self._hold.cancel()
            self._hold = None

    def _put(self, item: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody listens any more
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)

    def _read(self) -> None:
        # Runs in its own thread: blocking reads, reconnecting until stopped.
        failures = 0
        stream = self._stream
        while not self._stopped.is_set():
            try:
                if stream is None:
                    stream = self._connect()
                for event in stream:
                    if self._stopped.is_set():
                        break
                    failures = 0
                    if not isinstance(event, dict):
                        continue
                    kind = event.get("type")
                    obj = event.get("object") or {}
                    rv = (obj.get("metadata") or {}).get("resourceVersion")
                    if kind == "ERROR":
                        if obj.get("code") == 410:
                            self._rv = None  # expired: start over, the server replays as ADDED
                        else:
                            self._put(("error", f"watch {self.id}: {obj.get('message') or obj}"))
                        break
                    if rv:
                        self._rv = str(rv)
                    if kind == "BOOKMARK":
                        continue
                    self._put(("event", kind, obj))
            except Exception as exc:
                if self._stopped.is_set():
                    break
                if isinstance(exc, KubeError) and exc.status == 410:
                    self._rv = None
                else:
                    self._put(("error", f"watch {self.id}: {exc}"))
                    delay = _RETRY_DELAYS[min(failures, len(_RETRY_DELAYS) - 1)]
                    failures += 1
                    if self._stopped.wait(delay):
                        break
            stream = None
        self._put(("end",))

    async def _deliver(self) -> None:
        while True:
            item = await self._queue.get()
            if item[0] == "end":
                return
            if item[0] == "error":
                self._api.write(2, f"hostrt: kube: {item[1]}\n")
                continue
            _, phase, obj = item
            if self._stopped.is_set():
                continue
            fut = self._api.dispatch(WATCH_EVENT_HANDLER, {"id": self.id, "phase": phase,
                                                           "object": obj})
            try:
                await fut
            except Exception as exc:
                self._api.write(2, f"hostrt: kube: watch {self.id} callback failed: {exc}\n")

    def stop(self) -> None:
        """Stop reading; the stream is closed so the reader thread wakes up."""
        self._stopped.set()
        resp = self._resp
        if resp is not None:
            with contextlib.suppress(Exception):
                resp.shutdown() if hasattr(resp, "shutdown") else resp.close()
        self._put(("end",))

    async def wait(self) -> None:
        """Wait for the delivery task to finish."""
        if self._task is not None:
            with contextlib.suppress(BaseException):
                await self._task
        self._release()


def register(api: ShimAPI) -> None:
    """Register the kube ops (`api.options.kube.client` may hold a KubeClient)."""
    client = api.options.kube.client
    KubeOps(api, client).register()
