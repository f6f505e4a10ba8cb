"""The admission component: one isolate running the Pepr module, fed by the HTTP server.

Batching: a request becomes one bridge dispatch (`pepr.admission.http`) queued in the inbox; the
host's loop, driven here without pause, delivers everything queued since its last tick in one
crossing. So N concurrent requests cost one Python->JS crossing, not N.

Deadlines (the module's `webhookTimeout`, default 10 s, is when the API server gives up):
- every request is answered by `answer_by` (webhookTimeout minus a margin; on an engine whose
  ticks hold this thread, STPyV8, minus one tick deadline more): one the module has not
  answered by then gets hostrt's answer per the module's `onError` (`reject`: denied with a
  message; `audit`/`ignore`: allowed with a warning);
- a tick running longer than `tick_deadline` (a CPU runaway) is terminated by the engine's
  watchdog and the isolate replaced; the requests it carried (or that waited behind it) are
  retried once each, alone in a tick on the fresh isolate, so a runaway cannot take a good request
  down with it twice; a request whose retry is lost too is answered per `onError`. New requests
  wait while that happens, and none is dropped.
"""

from __future__ import annotations

import asyncio
import functools
import json
import math
import time
from collections import deque
from typing import Any

from hostrt.errors import DeadlineExceeded, HeapLimitExceeded, HostError, JSError
from hostrt.pepr.wire import WEBHOOK_TIMEOUT, budgets, unanswered_review, webhook_timeout
from hostrt.serve.component import Health, ServeContext, register_component
from hostrt.serve.memory import return_free_memory

LOAD_DEADLINE = 30.0    # CPU deadline while a module (re)loads
# V8 (mini-racer) flags of a serving process. --optimize-for-size keeps V8's heap growth
# small: measured under wrk (12 s, hello-pepr), RSS after load ~150 MB instead of ~200 MB, CPU
# per request and req/s unchanged within the machine's noise. $HOSTRT_V8_FLAGS overrides.
SERVE_V8_FLAGS = ("--optimize-for-size",)
# V8 collects lazily while its heap is far below its limit (1.5 GB): the garbage of thousands of
# requests piles up as resident memory. A full collection every few seconds of traffic, between
# ticks, keeps RSS near the live set for a pause of a few milliseconds.
GC_EVERY_S = 5.0
_LOST = (DeadlineExceeded, HeapLimitExceeded)


class _Request:
    """One admission request in flight: its payload for JS and the answer the HTTP handler
    awaits."""

    __slots__ = ("answer", "attempts", "js", "kind", "lost", "payload")

    def __init__(self, kind: str, payload: dict[str, Any],
                 answer: asyncio.Future[dict[str, Any]]) -> None:
        self.kind = kind
        self.payload = payload
        self.answer = answer
        self.js: asyncio.Future[Any] | None = None
        self.attempts = 0
        self.lost: list[str] = []


class AdmissionComponent:
    """Loads the module into a Host and answers `pepr.admission.http` dispatches, batched."""

    name = "admission"

    def __init__(self, ctx: ServeContext) -> None:
        self.ctx = ctx
        self.cfg = ctx.config
        self.metrics = ctx.metrics
        self.host: Any = None
        self.store: Any = None
        self.on_error = ""
        self.webhook_s = WEBHOOK_TIMEOUT
        self.answer_by, self.tick_deadline = budgets(WEBHOOK_TIMEOUT)
        self.uuid = ""
        self._open = False           # requests go straight into the inbox
        self._waiting: list[_Request] = []
        # Requests not yet answered by their deadline, in 10 ms buckets (the loop's clock,
        # rounded up): one timer per bucket answers what is left in it, instead of a
        # call_later + cancel per request (~4 us each under uvloop); an answered request
        # leaves its bucket at once.
        self._due: dict[int, set[_Request]] = {}
        self._admitted: dict[str, Any] = {}
        self._retry: deque[_Request] = deque()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._state = "starting"
        self._hold: Any = None
        self._crossings_done = 0
        self._served = 0
        self._served_at_gc = 0

    # -- lifecycle ------------------------------------------------------------------------------
    async def start(self) -> None:
        """Load the module, hand it its Stores, then start driving the loop."""
        from hostrt.host import Host, HostOptions
        from hostrt.pepr.module import module_env, resolve_module
        from hostrt.serve.store import make_store
        from hostrt.settings import PeprSettings

        cfg = self.cfg
        spec = resolve_module(cfg.module)
        # With a Lease the watcher runs in its own isolate (hostrt/serve/watcher.py): this one
        # then loads in admission mode only (no OnSchedule in every replica).
        env = module_env(spec.config, cfg.permissions.host_env(cfg.environ),
                         watch=cfg.watcher and not cfg.lease,
                         admission=True, overrides=cfg.env_overrides)
        env["PEPR_API_PATH"] = cfg.api_path or ""
        self.webhook_s = webhook_timeout(spec.config.get("webhookTimeout"))
        self.answer_by, self.tick_deadline = budgets(self.webhook_s)
        self.store = await make_store(cfg.store)
        engine = {"engine": cfg.engine} if cfg.engine else {}
        # Pepr awaits every callback, so no rejection tracking (V8's own promises are faster).
        opts = HostOptions(**engine, timeout=LOAD_DEADLINE,
                           max_heap_mb=cfg.max_heap_mb, env=env, argv=[str(spec.entry)],
                           track_rejections=False, offload_ticks=True,
                           permissions=cfg.permissions,
                           pepr=PeprSettings(store=self.store))
        if opts.engine == "mini-racer":
            from hostrt.engine.miniracer import set_v8_flags
            set_v8_flags(SERVE_V8_FLAGS)
        host = self.host = Host(opts)
        await host.start()
        await host.load(spec.entry, bundle=spec.bundle)
        self._check_loaded(spec.entry)
        await self._start_store(spec)
        await self._load_store()
        info = await host.dispatch("pepr.info", None)
        self.on_error = str(info.get("onError") or "")
        self.uuid = str(info.get("uuid") or "")
        self.webhook_s = webhook_timeout(info.get("webhookTimeout"))
        self.answer_by, self.tick_deadline = budgets(self.webhook_s)
        if not host.ticks_offloaded:
            # V8 in this thread (STPyV8): a deadline timer cannot fire while a tick runs, so it
            # may be late by a whole tick (a runaway's, up to tick_deadline): answer that much
            # earlier, so the answer still leaves before the API server gives up.
            self.answer_by = max(self.tick_deadline, self.answer_by - self.tick_deadline)
        host.set_timeout(self.tick_deadline)
        self._hold = host.loop.hold()
        # What start-up left behind (the shims' setup script, compiled once) goes now, not
        # at the first periodic collection under traffic.
        host.collect_garbage()
        self._arm_gc()
        self.metrics.count_from("hostrt_crossings", "Python->JS crossings (engine ticks)",
                                self._crossings)
        self.metrics.watch_heap(self._heap)
        self._open = True
        self._state = "ok"
        self._task = asyncio.create_task(self._drive(), name="hostrt-admission-driver")
        self.ctx.log.info("Admission module loaded", uuid=self.uuid, onError=self.on_error,
                          webhookTimeout=self.webhook_s, engine=opts.engine)

    def _check_loaded(self, entry: Any) -> None:
        host = self.host
        if host.fatal is not None or host.exit_code is not None:
            raise HostError(f"{entry}: the module failed while loading (its error is printed "
                            "above)", code="ERR_HOSTRT_MODULE")

    async def _start_store(self, spec: Any) -> None:
        """A live Store is named by the module's uuid: package.json's, else the module's own."""
        from hostrt.kube.peprstore import ClusterStore
        from hostrt.serve.store import start_store
        if not isinstance(self.store, ClusterStore):
            return
        uuid = str(spec.config.get("uuid") or "")
        end = time.monotonic() + LOAD_DEADLINE
        while not uuid:
            try:
                uuid = str((await self.host.dispatch("pepr.info", None)).get("uuid") or "")
                break
            except JSError as exc:
                if exc.code != "ERR_HOSTRT_NO_HANDLER" or time.monotonic() > end:
                    raise
            await self.host.run_until(time_ms=self.host.loop.clock.now() + 50)
        await start_store(self.store, uuid, log=self.ctx.log)

    async def _load_store(self) -> None:
        """Hand the module its Stores (Pepr: before its routes are bound). A module may create
        its PeprModule after an asynchronous step: wait for it while its loop has work."""
        host = self.host
        end = time.monotonic() + LOAD_DEADLINE
        idle = 0
        while True:
            try:
                await host.dispatch("pepr.store.load", self.store.snapshot())
                return
            except JSError as exc:
                if exc.code != "ERR_HOSTRT_NO_HANDLER":
                    raise
                # The turn that answered "no handler" may itself have run the timer that
                # creates the PeprModule (and left nothing pending): ask once more.
                idle = 0 if host.loop.alive() else idle + 1
                if (time.monotonic() > end or host.fatal is not None
                        or host.exit_code is not None or idle > 1):
                    raise HostError(f"{self.cfg.module}: no PeprModule was created: a Pepr "
                                    "module's entry must run `new PeprModule(cfg, "
                                    "[capabilities])`", code="ERR_HOSTRT_NOT_PEPR") from exc
            await host.run_until(time_ms=host.loop.clock.now() + 50)

    async def _recycle(self) -> None:
        """A fresh isolate with the module and its Stores loaded, kept alive for requests."""
        host = self.host
        self._crossings_done += host.crossings
        # Loading gets a generous deadline; serving the one webhookTimeout leaves room for.
        host.set_timeout(LOAD_DEADLINE)
        await host.recycle()
        self._check_loaded(self.cfg.module)
        await self._load_store()
        host.set_timeout(self.tick_deadline)
        self._hold = host.loop.hold()
        self._arm_gc()

    def _arm_gc(self) -> None:
        self._served_at_gc = self._served
        self.host.loop.call_later(GC_EVERY_S * 1000.0, self._gc, ref=False)

    def _gc(self) -> None:
        # Runs on the host loop between ticks (never during one): the engine is free.
        if self._served != self._served_at_gc and not self._stopping:
            self.host.collect_garbage()
            return_free_memory()
        self._arm_gc()

    async def stop(self) -> None:
        """Stop driving and close the isolate (requests still waiting get onError answers)."""
        self._stopping = True
        self._state = "stopped"
        if self.host is not None and self._task is not None:
            self.host.wake()
            await asyncio.gather(self._task, return_exceptions=True)
        for req in [*self._waiting, *self._retry]:
            self._answer_on_error(req, "the server is shutting down")
        if self.host is not None:
            await self.host.close()
        if self.store is not None:
            from hostrt.serve.store import close_store
            await close_store(self.store)

    def health(self) -> Health:
        """ok while the isolate serves; not ok while loading or being replaced."""
        if self._state == "ok":
            restarts = self.host.restarts - 1 if self.host else 0
            detail = f"module {self.uuid} loaded; isolate restarts: {restarts}"
            store_health = getattr(self.store, "health", None)  # the live Store's
            if store_health is not None:
                ok, more = store_health()
                return Health(ok, f"{detail}; {more}")
            return Health(True, detail)
        return Health(False, {"starting": "loading the module",
                              "recycling": "replacing a lost isolate",
                              "stopped": "stopped"}.get(self._state, self._state))

    def _crossings(self) -> float:
        return float(self._crossings_done + (self.host.crossings if self.host else 0))

    def _heap(self) -> dict[str, Any]:
        return self.host.heap_stats() if self.host is not None else {}

    # -- the driver -----------------------------------------------------------------------------
    async def _drive(self) -> None:
        host = self.host
        while not self._stopping:
            try:
                await host.run_until(until=lambda: self._stopping)
            except _LOST as exc:
                await self._lost(exc)
                continue
            except Exception as exc:  # keep serving: the isolate is replaced, requests retried
                self.ctx.log.error("Admission loop failed", err=repr(exc))
                await self._lost(exc)
                continue
            if self._stopping:
                break
            # The loop stopped by itself: an uncaught error or process.exit in the module.
            await self._lost(HostError("the module exited or threw an uncaught error",
                                       code="ERR_HOSTRT_FATAL"))

    def _reason(self, exc: BaseException) -> str:
        if isinstance(exc, DeadlineExceeded):
            return "deadline"
        if isinstance(exc, HeapLimitExceeded):
            return "heap"
        return "fatal"

    async def _lost(self, exc: BaseException) -> None:
        """The isolate is gone: replace it; run the requests that waited meanwhile (they never
        ran in it) together, then retry the ones it carried one at a time (one of them may be
        the culprit), then reopen. Each step waits only for what runs at once, not for a
        request still waiting on a timer (that one would hold the others behind it)."""
        self._open = False
        self._state = "recycling"
        self.metrics.restarts.labels(self._reason(exc)).inc()
        self.ctx.log.error("Isolate lost; replacing it", reason=str(exc))
        need_recycle = True
        while not self._stopping:
            if need_recycle:
                await asyncio.sleep(0)  # let failed dispatches queue their retries
                try:
                    await self._recycle()
                except Exception as err:
                    self.ctx.log.error("Replacing the isolate failed; trying again", err=str(err))
                    await asyncio.sleep(0.5)
                    continue
                need_recycle = False
                await asyncio.sleep(0)
            batch = [r for r in self._waiting if not r.answer.done()]
            self._waiting = []
            if not batch:
                while self._retry and self._retry[0].answer.done():
                    self._retry.popleft()
                if not self._retry:
                    break
                batch = [self._retry.popleft()]
            for req in batch:
                self._submit(req)
            host = self.host
            limit = host.loop.clock.now() + self.answer_by * 1000.0
            # Wait until the batch has answered, or has run what it runs at once (its tick and
            # the host calls answered right after): a request still waiting on a timer or I/O
            # then goes on in the background — it cannot hold the retries behind it, and its own
            # deadline answers it if it never settles.
            start = host.crossings

            def ran(b: list[_Request] = batch, c0: int = start) -> bool:
                if all(r.js is not None and r.js.done() for r in b):
                    return True
                return self.host.crossings > c0 and not self.host.queued

            try:
                await host.run_until(time_ms=limit, until=ran)
            except Exception as again:
                self.metrics.restarts.labels(self._reason(again)).inc()
                need_recycle = True
                continue
            if host.fatal is not None or host.exit_code is not None:
                self.metrics.restarts.labels("fatal").inc()
                need_recycle = True
        self._state = "ok"
        self._open = True
        waiting, self._waiting = self._waiting, []
        for req in waiting:
            if not req.answer.done():
                self._submit(req)

    # -- requests -------------------------------------------------------------------------------
    def _submit(self, req: _Request) -> None:
        req.attempts += 1
        js = self.host.send("pepr.admission.http", req.payload)
        req.js = js
        js.add_done_callback(functools.partial(self._settled, req))

    def _settled(self, req: _Request, js: asyncio.Future[Any]) -> None:
        if req.answer.done():
            return
        exc: BaseException | None = HostError("cancelled") if js.cancelled() else js.exception()
        if exc is None:
            req.answer.set_result(js.result())
            return
        lost = isinstance(exc, _LOST) or getattr(exc, "code", None) in ("ERR_HOSTRT_CLOSED",
                                                                       "ERR_HOSTRT_FATAL")
        if lost:
            req.lost.append(str(exc))
            if req.attempts < 2 and not self._stopping:
                self.metrics.retries.inc()
                self._retry.append(req)
            else:
                self._answer_on_error(req, f"the isolate running it was lost twice ({exc})")
            return
        # pepr.admission.http catches what the module throws (as Pepr's route does); reaching
        # here is a hostrt fault: answer as Express does for an error in a handler.
        self.ctx.log.error("Admission handler failed", err=str(exc))
        self.metrics.pepr.inc("errors")
        req.answer.set_result({"status": 500, "text": "Internal Server Error"})

    async def admit(self, kind: str, review: Any, *, unauthorized_path: str | None = None,
                    too_large: bool = False) -> dict[str, Any]:
        """Pepr's answer on the wire, `{status, json | text}`, within the webhook deadline."""
        payload: dict[str, Any] = {"kind": kind, "review": review}
        if unauthorized_path is not None:
            payload["unauthorizedPath"] = unauthorized_path
        if too_large:
            payload["tooLarge"] = True
        loop = asyncio.get_running_loop()
        req = _Request(kind, payload, loop.create_future())
        counter = self._admitted.get(kind)
        if counter is None:  # prometheus_client's labels() lookup, once per route
            counter = self._admitted[kind] = self.metrics.admissions.labels(kind)
        counter.inc()
        self._served += 1
        if self._open:
            self._submit(req)
        else:
            self._waiting.append(req)
        bucket = math.ceil((loop.time() + self.answer_by) * 100.0)  # never before answer_by
        due = self._due.get(bucket)
        if due is None:
            due = self._due[bucket] = set()
            loop.call_at(bucket / 100.0, self._expire, bucket)
        due.add(req)
        try:
            return await req.answer
        finally:
            due.discard(req)

    def _expire(self, bucket: int) -> None:
        """Answer the requests of one deadline bucket that are still unanswered."""
        for req in self._due.pop(bucket, ()):
            self._deadline(req)

    def _deadline(self, req: _Request) -> None:
        if req.answer.done():
            return
        self.metrics.pepr.inc(f"{req.kind}_timeouts")
        self.metrics.deadline_answers.labels(req.kind).inc()
        self._answer_on_error(req, f"the module did not answer within {self.answer_by:g}s "
                                   f"(webhookTimeout {self.webhook_s:g}s)")

    def _answer_on_error(self, req: _Request, reason: str) -> dict[str, Any]:
        """hostrt's answer when the module cannot give one: per the module's onError."""
        review = unanswered_review(req.payload.get("review"), self.on_error, reason)
        self.ctx.log.warn("Answered per onError", uid=review["response"]["uid"],
                          onError=self.on_error, reason=reason)
        answer = {"status": 200, "json": json.dumps(review, separators=(",", ":"))}
        if not req.answer.done():
            req.answer.set_result(answer)
        return answer


def _factory(ctx: ServeContext) -> AdmissionComponent:
    return AdmissionComponent(ctx)


register_component("admission", "admission", _factory)
