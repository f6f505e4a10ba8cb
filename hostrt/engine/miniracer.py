"""The mini-racer backend: V8 on mini-racer's own thread, driven from the host's asyncio loop.

mini-racer's public `MiniRacer` installs a broken `setTimeout` on construction and only offers
timeouts for evals made from another thread, so this backend uses its `Context` directly (pinned
to mini-racer 0.14.1): the context is created on the running loop, so each eval is a direct task
hand-off (~90 µs) rather than a thread hop, and a watchdog thread terminates a task that runs past
its CPU deadline.

What it relies on of mini-racer's private API is listed in `PRIVATE_API` and checked against the
installed package by tests/test_engines.py: `Context._run_uncancelable_mr_task` is the eval we
need, but it does not hand out the task id the watchdog must cancel, so `_eval_task` does the
same two steps itself (start the task with the uncancelable callback id, wait on the results
queue) and keeps the id.
"""

from __future__ import annotations

import asyncio
import ctypes
import functools
import json
import os
import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

from py_mini_racer import init_mini_racer
from py_mini_racer._context import _UNCANCELABLE_TASK_CALLBACK_ID, Context
from py_mini_racer._dll import DEFAULT_V8_FLAGS
from py_mini_racer._exc import (
    JSEvalException,
    JSOOMException,
    JSParseException,
    JSTerminatedException,
)
from py_mini_racer._mini_racer import _make_context

from hostrt import wirejson
from hostrt.engine.base import EngineLimits, SyncHandler, core_source
from hostrt.engine.watchdog import Watchdog
from hostrt.errors import DeadlineExceeded, HeapLimitExceeded, HostError

# Every private name of mini-racer 0.14.1 this backend uses (a test checks each one exists, and
# that `_run_uncancelable_mr_task` still does what `_eval_task` repeats).
PRIVATE_API = (
    "py_mini_racer._context._UNCANCELABLE_TASK_CALLBACK_ID",
    "py_mini_racer._context.Context._run_uncancelable_mr_task",
    "py_mini_racer._context.Context._non_cancelable_mr_task_results_queue",
    "py_mini_racer._context.Context._python_to_value_handle",
    "py_mini_racer._context.Context._value_handle_to_python",
    "py_mini_racer._context.Context._register_cancelable_mr_task_callback",
    "py_mini_racer._mini_racer._make_context",
    "py_mini_racer._dll.DEFAULT_V8_FLAGS",
    "dll.mr_eval", "dll.mr_call_function", "dll.mr_cancel_task", "dll.mr_v8_version",
)

# Each tick calls this function once with the inbox as its `this` (strict mode: the string
# itself), so no JS source is built per tick: an inbox embedded as a literal was escaped by
# json.dumps (a non-ASCII character became 6-12 bytes of \u escapes), parsed and compiled as a
# new script every time.
_TICK_FUNCTION = "(function () { 'use strict'; return __hostrt.tick(this); })"

# %PerformMicrotaskCheckpoint() lets a tick drain microtasks before it returns its outbox.
V8_FLAGS = (*DEFAULT_V8_FLAGS, "--allow-natives-syntax")
_init_lock = threading.Lock()
_initialised = False
_extra_flags: tuple[str, ...] = ()


def set_v8_flags(flags: Iterable[str]) -> None:
    """Add V8 flags for this process's isolates (an embedder's choice, e.g. `hostrt serve`'s
    memory settings). V8 reads its flags once per process: call before the first isolate
    starts; asking for other flags afterwards is an error. $HOSTRT_V8_FLAGS comes after them,
    so a user can override either."""
    global _extra_flags
    wanted = tuple(flags)
    with _init_lock:
        if _initialised and wanted != _extra_flags:
            raise HostError(f"V8 is already running with flags {list(_extra_flags)}: flags are "
                            "process-wide and set once, before the first isolate",
                            code="ERR_HOSTRT_ENGINE")
        _extra_flags = wanted


def _init_v8() -> None:
    global _initialised
    with _init_lock:
        if not _initialised:
            user = tuple(os.environ.get("HOSTRT_V8_FLAGS", "").split())
            init_mini_racer(flags=(*V8_FLAGS, *_extra_flags, *user), ignore_duplicate_init=True)
            _initialised = True


@functools.cache
def _v8_version() -> str:
    """The V8 inside mini-racer's library (what MiniRacer.v8_version reports)."""
    dll = init_mini_racer(ignore_duplicate_init=True)
    fn = dll.mr_v8_version
    fn.restype = ctypes.c_char_p
    return str(fn().decode())


def _short(message: str, width: int = 240) -> str:
    """mini-racer quotes the failing source line; host-generated lines can be huge and carry data
    (the start-up config holds process.env), so long lines are cut."""
    lines = [line if len(line) <= width else line[:width] + "…" for line in message.strip().splitlines()]
    return "\n".join(lines)


class MiniRacerEngine:
    """One mini-racer isolate bound to the current asyncio loop."""

    name = "mini-racer"
    # mini-racer calls Python only through Promises (and slowly): no `bridge.callSync` here.
    sync_calls = False

    @classmethod
    def init(cls) -> None:
        """Start mini-racer's V8 with hostrt's flags (once per process)."""
        _init_v8()

    @classmethod
    def version(cls) -> str:
        """The V8 inside mini-racer's library."""
        _init_v8()
        return _v8_version()

    def __init__(self, limits: EngineLimits | None = None) -> None:
        _init_v8()
        self.limits = limits or EngineLimits()
        self.v8_version = _v8_version()
        loop = asyncio.get_running_loop()
        self._ctx_manager: AbstractContextManager[Context] | None = _make_context(loop)
        self._ctx: Context | None = self._ctx_manager.__enter__()
        ctx = self._ctx
        self._watchdog = Watchdog(lambda task: ctx._dll.mr_cancel_task(ctx._ctx, task))
        if self.limits.max_heap_mb:
            ctx.set_hard_memory_limit(self.limits.max_heap_mb * 1024 * 1024)
        self.eval(core_source(), "hostrt:core.js")
        # Kept for the engine's life (dropped in close(), before the context they belong to).
        self._tick_fn: Any = self.eval(_TICK_FUNCTION, "hostrt:tick")
        self._no_args: Any = self.eval("[]")
        self._tick_handles = (ctx._python_to_value_handle(self._tick_fn),
                              ctx._python_to_value_handle(self._no_args))

    def set_sync_handler(self, fn: SyncHandler) -> None:
        """Nothing to route: JS cannot call Python synchronously on mini-racer."""

    def eval(self, source: str, filename: str | None = None) -> Any:
        """Evaluate `source` under the deadline; map termination and OOM to hostrt errors."""
        ctx = self._ctx
        if ctx is None:
            raise HostError("engine is closed", code="ERR_HOSTRT_CLOSED")
        if filename:
            source = f"{source}\n//# sourceURL={filename}"
        return self._convert(ctx, self._eval_task(ctx, source), self.limits.timeout)

    def _convert(self, ctx: Context, result: Any, timeout: float) -> Any:
        """A task's value handle as Python; termination, OOM and JS errors as hostrt errors."""
        try:
            return ctx._value_handle_to_python(result)
        except JSOOMException as exc:
            raise HeapLimitExceeded(self.limits.max_heap_mb or 0) from exc
        except JSEvalException as exc:  # also JSTerminatedException, JSParseException
            raise self._mapped(ctx, exc, timeout) from exc

    def _mapped(self, ctx: Context, exc: Exception, timeout: float) -> Exception:
        # A call (the tick) stopped by the heap cap comes back as a plain error ("null"), not
        # as the OOM result an eval gets: ask the isolate whether the cap was reached.
        if self.limits.max_heap_mb and ctx.was_hard_memory_limit_reached():
            return HeapLimitExceeded(self.limits.max_heap_mb)
        if isinstance(exc, JSTerminatedException):
            if self._watchdog.fired:
                return DeadlineExceeded(timeout)
            return HostError("JavaScript execution was terminated",
                             code="ERR_HOSTRT_TERMINATED")
        if isinstance(exc, JSParseException):
            return HostError(_short(str(exc)), code="ERR_HOSTRT_SYNTAX")
        return HostError(_short(str(exc)), code="ERR_HOSTRT_ENGINE")

    def _eval_task(self, ctx: Context, source: str) -> Any:
        """`Context._run_uncancelable_mr_task(dll.mr_eval, ...)`, keeping the task id so the
        watchdog can cancel the task past its deadline."""
        handle = ctx._python_to_value_handle(source)
        return self._run_task(ctx, ctx._dll.mr_eval, handle.raw)

    def _run_task(self, ctx: Context, dll_method: Any, *raw: Any) -> Any:
        """`Context._run_uncancelable_mr_task(dll_method, ...)` (an eval or a call), keeping the
        task id so the watchdog can cancel the task past its deadline."""
        task = dll_method(ctx._ctx, *raw, _UNCANCELABLE_TASK_CALLBACK_ID)
        self._watchdog.arm(task, self.limits.timeout)
        try:
            return ctx._non_cancelable_mr_task_results_queue.get()
        finally:
            self._watchdog.disarm()

    def _tick_call(self, ctx: Context, inbox_json: str) -> tuple[Any, tuple[Any, ...]]:
        """The inbox as a V8 string made from its UTF-8 (keep it alive until the call ends),
        and the raw arguments of `mr_call_function` for the tick function."""
        try:
            inbox = ctx._python_to_value_handle(inbox_json)
        except UnicodeEncodeError:  # a lone surrogate (the bridge escapes them; others may not)
            inbox = ctx._python_to_value_handle(wirejson.escape_surrogates(inbox_json))
        fn, no_args = self._tick_handles
        return inbox, (fn.raw, inbox.raw, no_args.raw)

    @staticmethod
    def _outbox(value: Any) -> str:
        if not isinstance(value, str):
            raise HostError(f"bridge tick returned {type(value).__name__}",
                            code="ERR_HOSTRT_ENGINE")
        return value

    def tick(self, inbox_json: str) -> str:
        """Deliver one inbox (one call of the tick function, no script compiled); return the
        outbox JSON."""
        ctx = self._ctx
        if ctx is None:
            raise HostError("engine is closed", code="ERR_HOSTRT_CLOSED")
        inbox, raw = self._tick_call(ctx, inbox_json)
        result = self._run_task(ctx, ctx._dll.mr_call_function, *raw)
        del inbox  # held until V8 has read it
        return self._outbox(self._convert(ctx, result, self.limits.timeout))

    async def tick_async(self, inbox_json: str, timeout: float | None = None) -> str:
        """`tick` without blocking the asyncio loop: V8 runs it on mini-racer's thread while
        the loop serves other work, and mini-racer's completion callback resumes the caller
        (one thread hand-off each way; no helper thread). `timeout` (default the limits'):
        the CPU deadline of this crossing. One tick at a time, like `tick`."""
        ctx = self._ctx
        if ctx is None:
            raise HostError("engine is closed", code="ERR_HOSTRT_CLOSED")
        seconds = self.limits.timeout if timeout is None else timeout
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def settle(handle: Any) -> None:  # on the loop, via call_soon_threadsafe
            if not done.done():
                done.set_result(handle)

        # The same call of the tick function as `tick` (one mechanism): fb0cd70 kept a script
        # form here after one slow run of serve's hostile-modules test. Re-run on a quieter
        # machine (10 runs with the call, 2 with the script), both forms answered the good
        # requests alike, 0.02-2.6 s, set by when the runaway's deadline recycles the shared
        # isolate: that slow run came from the machine's load, not from the form.
        inbox, raw = self._tick_call(ctx, inbox_json)
        with ctx._register_cancelable_mr_task_callback(settle) as callback_id:
            task = ctx._dll.mr_call_function(ctx._ctx, *raw, callback_id)
            self._watchdog.arm(task, seconds)
            try:
                # Not cancelled with its awaiter: a tick always runs to its end (the isolate's
                # state stays whole); a caller that gave up only drops the outbox.
                result = await asyncio.shield(done)
            finally:
                self._watchdog.disarm()
        del inbox  # held until V8 has read it
        return self._outbox(self._convert(ctx, result, seconds))

    def heap_stats(self) -> dict[str, Any]:
        """V8 heap statistics as a dict."""
        if self._ctx is None:
            return {}
        return dict(json.loads(self._ctx.heap_stats()))

    def collect_garbage(self) -> None:
        """A full GC (mini-racer's low-memory notification)."""
        if self._ctx is not None:
            self._ctx.low_memory_notification()

    def close(self) -> None:
        """Free the isolate and stop the watchdog."""
        manager, self._ctx_manager, self._ctx = self._ctx_manager, None, None
        self._tick_handles = ()
        self._tick_fn = self._no_args = None
        self._watchdog.stop()
        if manager is not None:
            manager.__exit__(None, None, None)
