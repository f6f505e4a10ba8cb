"""The Python half of the bridge: host-call ops, events and dispatches, batched per tick.

JS queues host calls in its outbox; each tick returns them all in one JSON string. Python answers
with the next tick's inbox. An op is a plain function (answered in the very next tick, no extra
crossing) or a coroutine function (run as a task; its result joins the inbox when done). A plain
op declared `sync` may also be called synchronously (`bridge.callSync`) on engines that can call
Python from inside JS (STPyV8): the engine hands `call_sync` its JSON and returns the answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
from collections.abc import Callable
from typing import Any

from hostrt import wirejson
from hostrt.errors import HostError, JSError, error_to_json

Op = Callable[..., Any]


class Bridge:
    """Op registry, inbox and in-flight bookkeeping for one isolate."""

    def __init__(self) -> None:
        self._ops: dict[str, tuple[Op, bool]] = {}
        self._sync_ops: set[str] = set()
        self._inbox: list[list[Any]] = []
        self._in_flight: set[asyncio.Task[Any]] = set()
        self._dispatches: dict[int, asyncio.Future[Any]] = {}
        self._ids = itertools.count(1)
        self.wake = asyncio.Event()
        self.more = False
        self.crossings = 0

    # -- registration -------------------------------------------------------------------------
    def op(self, name: str, fn: Op, *, sync: bool = False) -> None:
        """Register `fn` for JS `bridge.call(name, ...)` / `bridge.post(name, ...)`.

        A coroutine function runs as a task; a plain function's return value is the answer
        (checked once here, so the hot path does no per-call type inspection). `sync` also
        allows `bridge.callSync(name, ...)` (a plain function only: nothing can be awaited
        while JS waits).
        """
        is_async = inspect.iscoroutinefunction(fn)
        if sync and is_async:
            raise HostError(f"op '{name}' is declared sync but is a coroutine function",
                            code="ERR_HOSTRT_BAD_OP")
        self._ops[name] = (fn, is_async)
        if sync:
            self._sync_ops.add(name)
        else:
            self._sync_ops.discard(name)

    def has_op(self, name: str) -> bool:
        """True when an op of that name is registered."""
        return name in self._ops

    # -- Python -> JS ---------------------------------------------------------------------------
    def emit(self, event: str, payload: Any = None) -> None:
        """Queue an event for the JS listener registered with `bridge.on(event, fn)`."""
        self._inbox.append(["e", event, payload])
        self.wake.set()

    def run_script(self, source: str) -> None:
        """Queue a script to run as a macrotask (its errors are uncaught exceptions)."""
        self._inbox.append(["x", source])
        self.wake.set()

    def dispatch(self, handler: str, payload: Any) -> asyncio.Future[Any]:
        """Queue a call of a JS handler; the future settles when the handler's promise does."""
        did = next(self._ids)
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._dispatches[did] = fut
        self._inbox.append(["d", did, handler, payload])
        self.wake.set()
        return fut

    # -- state ----------------------------------------------------------------------------------
    @property
    def has_inbox(self) -> bool:
        """True when a tick has something to deliver."""
        return bool(self._inbox)

    @property
    def busy(self) -> bool:
        """True while host calls are in flight (they keep the process alive, like Node I/O)."""
        return bool(self._in_flight)

    def take_inbox(self, now_ms: float) -> str:
        """Encode and clear the inbox."""
        items, self._inbox = self._inbox, []
        self.wake.clear()
        self.crossings += 1
        return wirejson.dumps_wire({"now": now_ms, "items": items})

    def fail_dispatches(self, exc: BaseException) -> None:
        """Fail every dispatch still waiting (the isolate died or the loop went idle)."""
        for fut in self._dispatches.values():
            if not fut.done():
                fut.set_exception(exc)
                # The caller learns of it from the raise that follows, not always from the
                # future: mark it retrieved so asyncio does not log "never retrieved".
                fut.exception()
        self._dispatches.clear()

    def pending_dispatches(self) -> int:
        """How many dispatches wait for a JS answer."""
        return len(self._dispatches)

    # -- JS -> Python ---------------------------------------------------------------------------
    def call_sync(self, name: str, args_json: str) -> str:
        """Answer one synchronous host call (`bridge.callSync`) while JS waits.

        Returns `[true, value]` or `[false, error]` as JSON; never raises, since an exception
        here would unwind through V8's native frames.
        """
        try:
            if name not in self._sync_ops:
                known = name in self._ops
                raise HostError(f"host op '{name}' is not declared sync (shim.toml [ops] "
                                f"sync = true); call it with bridge.call" if known else
                                f"unknown host op '{name}'",
                                code="ERR_HOSTRT_NOT_SYNC" if known else "ERR_HOSTRT_UNKNOWN_OP")
            value = self._ops[name][0](*wirejson.loads_wire(args_json))
        except Exception as exc:  # every host error crosses into JS
            return wirejson.dumps([False, error_to_json(exc)])
        try:  # the inbox's encoding: NaN and infinities become null, as JSON.stringify writes
            return wirejson.dumps_wire([True, value])
        except (TypeError, ValueError) as exc:
            err = HostError(f"host op '{name}' returned a value JSON cannot carry: {exc}",
                            code="ERR_HOSTRT_NOT_JSON")
            return wirejson.dumps([False, error_to_json(err)])

    def handle_outbox(self, outbox_json: str) -> None:
        """Start every host call of one outbox, in order."""
        outbox = wirejson.loads_wire(outbox_json)
        self.more = bool(outbox["more"])
        ops, inbox = self._ops, self._inbox
        for cid, name, args in outbox["out"]:
            entry = ops.get(name)
            if entry is None:
                if name == "$done":
                    self._settle_dispatch(*args)
                    continue
                err = HostError(f"unknown host op '{name}'", code="ERR_HOSTRT_UNKNOWN_OP")
                if cid is not None:
                    inbox.append(["r", cid, False, error_to_json(err)])
                    continue
                raise err
            fn, is_async = entry
            if is_async:
                self._start_async(cid, fn, args)
                continue
            try:
                value = fn(*args)
            except Exception as exc:  # every host error crosses into JS
                self._answer(cid, exc=exc)
                continue
            if cid is not None:
                inbox.append(["r", cid, True, value])

    def _start_async(self, cid: int | None, fn: Op, args: list[Any]) -> None:
        try:
            task = asyncio.ensure_future(fn(*args))
        except Exception as exc:  # e.g. a wrong argument count
            self._answer(cid, exc=exc)
            return
        self._in_flight.add(task)
        task.add_done_callback(lambda t: self._finish(cid, t))

    def _finish(self, cid: int | None, task: asyncio.Task[Any]) -> None:
        self._in_flight.discard(task)
        if task.cancelled():
            self._answer(cid, exc=HostError("host call cancelled", code="ERR_HOSTRT_CANCELLED"))
        elif task.exception() is not None:
            self._answer(cid, exc=task.exception())
        else:
            self._answer(cid, value=task.result())
        self.wake.set()

    def _answer(self, cid: int | None, *, value: Any = None,
                exc: BaseException | None = None) -> None:
        if cid is None:
            if exc is not None:
                raise exc
            return
        if exc is not None:
            self._inbox.append(["r", cid, False, error_to_json(exc)])
        else:
            self._inbox.append(["r", cid, True, value])

    def _settle_dispatch(self, did: int, ok: bool, value: Any) -> None:
        fut = self._dispatches.pop(did, None)
        if fut is None or fut.done():
            return
        if ok:
            fut.set_result(value)
        else:
            fut.set_exception(JSError.from_json(value))

    async def cancel_all(self) -> None:
        """Cancel in-flight host calls (on close)."""
        tasks = list(self._in_flight)
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(BaseException):
                await t
        self._in_flight.clear()


