"""Host: one isolate with the bridge, the event loop, the module loader and the shims.

This is the public Python API (and what `hostrt run` uses):

    async with Host(HostOptions()) as host:
        await host.load("module.js")        # runs the main module's top level
        answer = await host.dispatch("handler", {"any": "json"})
        code = await host.run_until_idle()  # like `node module.js`: until nothing is pending

A dispatch that runs past the CPU deadline or hits the heap cap raises, and the host rebuilds a
fresh isolate (reloading the module) so the next dispatch is answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from hostrt.engine import default_engine, make_engine
from hostrt.engine.base import Engine, EngineLimits
from hostrt.engine.bridge import Bridge
from hostrt.engine.loop import Clock, EventLoop
from hostrt.errors import DeadlineExceeded, HeapLimitExceeded, HostError
from hostrt.loader.graph import BundleOptions, ModuleGraph, discover
from hostrt.loader.setup import require_source, setup_script
from hostrt.permissions import Permissions
from hostrt.settings import KubeSettings, PeprSettings
from hostrt.shimreg import Shim, declared_ops, load_shims, provided_modules


@dataclass
class HostOptions:
    """How a host runs: limits, clock, process environment and output sinks."""

    timeout: float = 10.0
    max_heap_mb: int | None = None
    fake_time: bool = False
    env: dict[str, str] | None = None       # None: this process's environment
    argv: list[str] = field(default_factory=list)
    cwd: str | None = None
    stdout: TextIO | None = None            # None: sys.stdout at write time
    stderr: TextIO | None = None
    # "mini-racer" (V8 on its own thread) or "stpyv8" (V8 in this thread); HOSTRT_ENGINE sets it.
    engine: str = field(default_factory=default_engine)
    # Unhandled-rejection tracking: a tracking global Promise plus esbuild lowering of user
    # async functions (see shims/process/rejections.js). Node's semantics, at a price in
    # promise-heavy code (the CLI turns it off for Pepr modules: Pepr awaits every callback).
    track_rejections: bool = True
    shims_root: Path | None = None
    # Await each tick instead of blocking on it, so this asyncio loop keeps serving I/O while V8
    # works (a server: HTTP parsing overlaps JS). mini-racer only (V8 runs on its own thread).
    offload_ticks: bool = False
    # Typed settings groups (hostrt/settings.py), read by the shims' Python halves; nothing
    # changes them after start. What the module may reach: fs reads, fetch hosts, host env.
    permissions: Permissions = field(default_factory=Permissions)
    pepr: PeprSettings = field(default_factory=PeprSettings)
    kube: KubeSettings = field(default_factory=KubeSettings)


class _Isolate:
    """What belongs to one isolate: its bridge, its event loop, and what the shims' Python
    halves registered into it (start-up data, closers). Replaced on every restart; what the
    embedder registered on the Host is replayed into each new one."""

    def __init__(self, bridge: Bridge, loop: EventLoop) -> None:
        self.bridge = bridge
        self.loop = loop
        self.config: dict[str, Any] = {}
        self.config_owner: dict[str, str] = {}
        self.closers: list[Callable[[], Any]] = []


class _ShimHalfAPI:
    """The `ShimAPI` a shim's Python half gets in `register(api)` (see hostrt/shimapi.py)."""

    def __init__(self, host: Host, isolate: _Isolate, shim: Shim) -> None:
        self._host = host
        self._isolate = isolate
        self.shim = shim

    @property
    def options(self) -> HostOptions:
        """The host's options."""
        return self._host.options

    @property
    def loop(self) -> EventLoop:
        """The event loop of this isolate (clock and `call_later`)."""
        return self._isolate.loop

    def op(self, name: str, fn: Callable[..., Any]) -> None:
        """Register a host op this shim declares in its shim.toml `[ops]` (JS reaches it with
        `bridge.call`/`bridge.post`, and `bridge.callSync` when declared `sync = true`)."""
        if name not in self.shim.ops:
            raise HostError(f"{self.shim.where}: the {self.shim.name!r} shim's Python half "
                            f"registers op {name!r}, which its [ops] table does not declare",
                            code="ERR_HOSTRT_SHIM_DECL")
        self._isolate.bridge.op(name, fn, sync=self.shim.ops[name].sync)

    def emit(self, event: str, payload: Any = None) -> None:
        """Send an event to the JS listener `bridge.on(event, fn)`."""
        self._isolate.bridge.emit(event, payload)

    def dispatch(self, handler: str, payload: Any = None) -> asyncio.Future[Any]:
        """Call a JS handler (`bridge.handle`) from Python; the future settles with its result."""
        return self._isolate.bridge.dispatch(handler, payload)

    def write(self, fd: int, text: str) -> None:
        """Write to the host's stdout (1) or stderr (2)."""
        self._host.write(fd, text)

    def provide(self, key: str, value: Any) -> None:
        """Start-up data JS reads synchronously with `bridge.config(key)`."""
        owner = self._isolate.config_owner.setdefault(key, self.shim.name)
        if owner != self.shim.name:
            raise HostError(f"{self.shim.where}: start-up data {key!r} is already provided by "
                            f"the {owner!r} shim", code="ERR_HOSTRT_SHIM_DECL")
        self._isolate.config[key] = value

    @property
    def v8_version(self) -> str:
        """The V8 version of the engine backend running this host."""
        return self._host.v8_version

    def heap_stats(self) -> dict[str, Any]:
        """The current isolate's V8 heap statistics (bytes; keys as Engine.heap_stats)."""
        return self._host.heap_stats()

    def on_close(self, fn: Callable[[], Any]) -> None:
        """Run `fn` when this isolate goes away (host close or restart)."""
        self._isolate.closers.append(fn)


class Host:
    """One embedded V8 isolate running Node-style JavaScript. Use as an async context manager.

    What the embedder registers here (`op`, `provide`, `on_close`) belongs to the Host, not to
    one isolate: it is replayed into every fresh isolate after a deadline or heap-cap restart.
    """

    def __init__(self, options: HostOptions | None = None) -> None:
        self.options = options or HostOptions()
        self.exit_code: int | None = None
        self.fatal: dict[str, Any] | None = None
        self._engine: Engine | None = None
        self._graph: ModuleGraph | None = None
        self._ops: dict[str, tuple[Callable[..., Any], bool]] = {}
        self._provided: dict[str, Any] = {}
        self._closers: list[Callable[[], Any]] = []
        self._running = False
        self._dead = False
        self._last_fd: int | None = None
        self._broken: set[int] = set()
        self._unflushed = False       # written since the last flush
        self._flush_scheduled = False
        self.restarts = 0
        self._timeout = self.options.timeout  # set_timeout changes it, never the options
        self._ticking = False
        self._heap_cache: dict[str, Any] = {}
        self._deadline_at: float | None = None  # time.monotonic() a deadline-bound call ends
        bridge = Bridge()
        self._isolate = _Isolate(bridge, EventLoop(bridge, self._tick,
                                                   Clock(self.options.fake_time)))

    @property
    def _bridge(self) -> Bridge:
        # The current isolate's bridge: replaced on every restart, so it is not API. Embedders
        # use `op`, `provide`, `emit`, `send`, `wake`, `idle`, `queued` and `crossings`.
        return self._isolate.bridge

    @property
    def loop(self) -> EventLoop:
        """The current isolate's event loop (its clock and `call_later`; replaced on restart,
        the clock carries over)."""
        return self._isolate.loop

    # -- registrations (kept across isolate restarts) ---------------------------------------
    def op(self, name: str, fn: Callable[..., Any], *, sync: bool = False) -> None:
        """Give JS a Python function: `bridge.call(name, ...args)` (a Promise of its result) or
        `bridge.post(name, ...args)` (fire and forget) reach `fn`; with `sync=True` (a plain
        function) also `bridge.callSync(name, ...args)` on engines that can call Python
        synchronously (STPyV8). A coroutine function runs as a task. The op survives isolate
        restarts. Names starting with `$` are the host's own,
        and a name a shim declares (shim.toml `[ops]`) belongs to that shim."""
        if not name or name.startswith("$"):
            raise HostError(f"op name {name!r} is reserved for the host (names starting with $)"
                            if name else "an op needs a name", code="ERR_HOSTRT_BAD_OP")
        owner = declared_ops(self.options.shims_root).get(name)
        if owner is not None:
            raise HostError(f"op {name!r} is declared by the {owner[0].name!r} shim "
                            f"({owner[0].where}); choose another name", code="ERR_HOSTRT_BAD_OP")
        if self._engine is not None:
            self._bridge.op(name, fn, sync=sync)  # checks fn against `sync` first
        self._ops[name] = (fn, sync)

    def provide(self, key: str, value: Any) -> None:
        """Start-up data JS reads synchronously with `bridge.config(key)`; kept across restarts
        (and sent at once to a running isolate). Keys the shims provide cannot be replaced."""
        owner = self._isolate.config_owner.get(key)
        if owner is not None:
            raise HostError(f"start-up data {key!r} is provided by the {owner!r} shim",
                            code="ERR_HOSTRT_BAD_OP")
        self._provided[key] = value
        if self._engine is not None:
            self._engine.eval(f"__hostrt.bridge.setConfig({_js({key: value})})")

    def on_close(self, fn: Callable[[], Any]) -> None:
        """Run `fn` (a function or coroutine function) once, when the host closes (not when a
        restart replaces the isolate)."""
        self._closers.append(fn)

    def emit(self, event: str, payload: Any = None) -> None:
        """Send an event to the JS listeners of `bridge.on(event, fn)` (delivered by whoever
        drives the loop next)."""
        self._bridge.emit(event, payload)

    @property
    def ticks_offloaded(self) -> bool:
        """True when a tick runs on the engine's own thread while this asyncio loop serves other
        work (mini-racer with `offload_ticks`). False when a tick holds this thread (STPyV8, or
        mini-racer without it): a timer on this loop can then fire late by a whole tick."""
        return self.options.offload_ticks and self.options.engine == "mini-racer"

    @property
    def idle(self) -> bool:
        """Nothing queued for JS and no host call in flight (timers may still be pending)."""
        return not self._bridge.has_inbox and not self._bridge.busy

    @property
    def queued(self) -> bool:
        """Something waits to cross into JS: queued calls or events, or work a tick left over."""
        return self._bridge.has_inbox or self._bridge.more

    def send(self, handler: str, payload: Any = None) -> asyncio.Future[Any]:
        """Queue a call of a JS handler without driving the loop; the future settles when the
        handler's promise does. For embedders that drive the loop themselves (`run_until`),
        as a server batching many requests into one crossing does; `dispatch` drives it."""
        return self._bridge.dispatch(handler, payload)

    def wake(self) -> None:
        """Make whoever waits in `run_until` re-check its condition now."""
        self._bridge.wake.set()

    @property
    def crossings(self) -> int:
        """Python->JS crossings (ticks) of the current isolate so far."""
        return self._bridge.crossings

    # -- lifecycle ------------------------------------------------------------------------------
    async def __aenter__(self) -> Host:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def start(self) -> None:
        """Create the isolate, install the loader, the shims and the Host's registrations."""
        self._engine = make_engine(self.options.engine, EngineLimits(
            timeout=self._timeout, max_heap_mb=self.options.max_heap_mb))
        try:
            await self._install()
        except BaseException:
            await self._stop_isolate()  # a half-started isolate must not outlive the error
            raise

    async def _install(self) -> None:
        assert self._engine is not None
        bridge = Bridge()
        offload = self.ticks_offloaded
        isolate = _Isolate(bridge, EventLoop(bridge, self._tick, self.loop.clock,
                                             after_turn=self._flush_soon,
                                             tick_async=self._tick_offloaded if offload else None))
        self._isolate = isolate
        bridge.op("$exit", self._on_exit)
        bridge.op("$fatal", self._on_fatal)
        for name, (fn, sync) in self._ops.items():
            bridge.op(name, fn, sync=sync)
        engine = self._engine
        engine.eval(require_source(), "hostrt:require.js")
        shims = load_shims(self.options.shims_root)
        engine.eval(setup_script(self.options.shims_root), "hostrt:setup.js")
        engine.set_sync_handler(bridge.call_sync)
        # Every declared op and whether it may be called synchronously (bridge.hostModule).
        isolate.config["$ops"] = {op.name: {"sync": op.sync} for shim in shims
                                  for op in shim.ops.values()}
        isolate.config_owner["$ops"] = "$host"
        for shim in shims:
            module = shim.load_python()
            if module is not None:
                module.register(_ShimHalfAPI(self, isolate, shim))
        clash = sorted(set(isolate.config) & set(self._provided))
        if clash:
            raise HostError(f"start-up data {clash[0]!r} is provided by the "
                            f"{isolate.config_owner[clash[0]]!r} shim", code="ERR_HOSTRT_BAD_OP")
        engine.eval(f"__hostrt.bridge.setConfig({_js({**isolate.config, **self._provided})})")
        for shim in shims:
            for file in shim.init:
                bridge.run_script(f"__hostrt_modules.require({_js(shim.vfs_path(file))})")
        await self._drive(lambda: not bridge.has_inbox)
        if self.fatal is not None:
            raise HostError(f"shim start-up failed: {self.fatal.get('stack')}", code="ERR_HOSTRT_SHIM")

    async def close(self) -> None:
        """Flush output, cancel host calls, free the isolate and run the `on_close` functions.
        Idempotent."""
        await self._stop_isolate()
        closers, self._closers = self._closers, []
        for fn in closers:
            res = fn()
            if asyncio.iscoroutine(res):
                await res

    async def _stop_isolate(self) -> None:
        self.flush()
        isolate = self._isolate
        closers, isolate.closers = isolate.closers, []
        for fn in closers:
            res = fn()
            if asyncio.iscoroutine(res):
                await res
        await isolate.bridge.cancel_all()
        isolate.bridge.fail_dispatches(HostError("host closed", code="ERR_HOSTRT_CLOSED"))
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    async def _restart(self) -> None:
        """Replace a dead isolate (deadline or heap cap) with a fresh one and reload the module."""
        graph = self._graph
        await self._stop_isolate()
        self.exit_code = None
        self.fatal = None
        self.restarts += 1
        await self.start()
        if graph is not None:
            self._push_and_run(graph)
            await self._drive(lambda: not self._bridge.has_inbox)

    # -- output ---------------------------------------------------------------------------------
    def _stream(self, fd: int) -> TextIO:
        return (self.options.stdout or sys.stdout) if fd == 1 else (self.options.stderr or sys.stderr)

    def write(self, fd: int, text: str) -> None:
        """Write to this host's stdout (1) or stderr (2), keeping their relative order.

        A closed pipe (`hostrt run x.js | head -1`) is reported to JS as Node reports it: an
        EPIPE 'error' on process.stdout/stderr; later writes to it are dropped.
        """
        if fd in self._broken:
            return
        if self._last_fd not in (None, fd):
            # Switching streams: flush the other one so a shared pipe sees writes in order.
            self.flush()
        self._last_fd = fd
        self._unflushed = True
        try:
            self._stream(fd).write(text)
        except BrokenPipeError:
            self._broken_pipe(fd)

    def _broken_pipe(self, fd: int) -> None:
        if fd in self._broken:
            return
        self._broken.add(fd)
        stream = self._stream(fd)
        with contextlib.suppress(AttributeError, ValueError, OSError):
            # Keep Python's own exit-time flush of this stream from failing again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        self._bridge.emit("io.error", [fd, "EPIPE"])

    def _flush_soon(self) -> None:
        """After a loop turn: flush what it wrote once the asyncio loop next gets control, not
        now. A server or a run loop yields between turns, so output still leaves before the next
        wait; back-to-back dispatches (a busy server, a bench) share one write system call per
        asyncio iteration (or per full buffer) instead of paying one per turn, as Node's
        asynchronous stdio leaves the write to libuv. Bytes and their order are unchanged."""
        if self._unflushed and not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self._flush_scheduled_now)

    def _flush_scheduled_now(self) -> None:
        self._flush_scheduled = False
        if self._unflushed:
            self.flush()

    def flush(self) -> None:
        """Flush both output streams (soon after each loop turn that wrote, when switching
        streams, and when the isolate stops)."""
        self._unflushed = False
        for fd in (1, 2):
            if fd in self._broken:
                continue
            try:
                self._stream(fd).flush()
            except BrokenPipeError:
                self._broken_pipe(fd)
            except ValueError:
                pass

    # -- running JS -----------------------------------------------------------------------------
    def _tick(self, inbox: str) -> str:
        engine = self._engine
        assert engine is not None, "host is not started"
        if self._deadline_at is None:
            return engine.tick(inbox)
        # Under a call's deadline: this crossing may use what is left of it, no more.
        limits = engine.limits
        left = self._deadline_at - time.monotonic()  # may run on the tick thread
        if left <= 0:
            raise DeadlineExceeded(0.0, what="the call did not finish")
        engine.limits = dataclasses.replace(limits, timeout=min(limits.timeout, left))
        try:
            return engine.tick(inbox)
        finally:
            engine.limits = limits

    async def _tick_offloaded(self, inbox: str) -> str:
        # mini-racer runs V8 on its own thread: the tick is posted there and awaited, so this
        # loop parses and answers HTTP while JS works.
        engine = self._engine
        assert engine is not None, "host is not started"
        timeout = engine.limits.timeout
        if self._deadline_at is not None:
            left = self._deadline_at - time.monotonic()
            if left <= 0:
                raise DeadlineExceeded(0.0, what="the call did not finish")
            timeout = min(timeout, left)
        self._ticking = True
        try:
            return str(await engine.tick_async(inbox, timeout))  # type: ignore[attr-defined]
        finally:
            self._ticking = False

    def _on_exit(self, code: Any) -> None:
        self.exit_code = int(code) if isinstance(code, int | float) else 0
        self.loop.stopped = True

    def _on_fatal(self, origin: str, err: dict[str, Any]) -> None:
        self.fatal = {"origin": origin, **err}
        if self.exit_code is None:
            self.exit_code = 7 if origin == "exitHandler" else 1
        self.loop.stopped = True
        self.write(2, _format_fatal(err, self._graph, self.options.engine))

    async def _drive(self, until: Callable[[], bool] | None) -> None:
        if self._running:
            raise HostError("the host loop is already running (one driver at a time)",
                            code="ERR_HOSTRT_BUSY")
        self._running = True
        try:
            await self.loop.run(until)
        finally:
            self._running = False

    def _push_and_run(self, graph: ModuleGraph) -> None:
        assert self._engine is not None
        self._engine.eval(f"__hostrt_modules.addFiles({_js(graph.files)})")
        self._bridge.run_script(f"__hostrt_modules.runMain({_js(str(graph.entry))})")

    async def load(self, path: str | Path, *, bundle: BundleOptions | None = None,
                   external: list[str] | None = None) -> None:
        """Load a module and run its top level (and what it queued synchronously)."""
        await self.ensure_alive()
        ext = sorted(n for n in provided_modules() if not n.startswith("node:"))
        graph = discover(Path(path), [*ext, *(external or [])], bundle,
                         lower_async=self.options.track_rejections)
        self._graph = graph
        self._push_and_run(graph)
        await self._guarded(self._drive(lambda: not self._bridge.has_inbox))

    async def load_graph(self, graph: ModuleGraph) -> None:
        """Load an already discovered module graph (see `hostrt.loader.graph.discover`)."""
        self._graph = graph
        self._push_and_run(graph)
        await self._guarded(self._drive(lambda: not self._bridge.has_inbox))

    async def run_until_idle(self) -> int:
        """Run until nothing keeps the loop alive (like Node); return the exit code.

        As in Node, an idle loop first emits 'beforeExit' (whose listeners may schedule more
        work), then 'exit'; the process shim answers with `process.exitCode`.
        """
        while True:
            await self._guarded(self._drive(None))
            if self.exit_code is not None:
                return self.exit_code
            # True when the listeners queued JS-side work (an immediate) that already ran in
            # the same tick: the loop was alive, so 'beforeExit' comes again, as in Node.
            again = await self._lifecycle("$beforeExit")
            if self.exit_code is not None:
                return self.exit_code
            if not self.loop.alive() and again is not True:
                break
        code = await self._lifecycle("$exit")
        if self.exit_code is None:
            self.exit_code = int(code) if isinstance(code, int | float) else 0
        return self.exit_code

    async def run_until(self, time_ms: float | None = None,
                        until: Callable[[], bool] | None = None) -> int | None:
        """Turn the loop until `until()` holds, the clock (virtual or real, ms since start)
        passes `time_ms` (callbacks due exactly at it still run), or nothing is pending —
        without 'beforeExit'/'exit' (the process goes on). Returns the exit code if the script
        exited meanwhile, else None.
        """
        await self.ensure_alive()
        self.loop.time_limit = time_ms
        try:
            await self._guarded(self._drive(until))
        finally:
            self.loop.time_limit = None
        return self.exit_code

    async def _lifecycle(self, name: str) -> Any:
        fut = self._bridge.dispatch(name, None)
        self.loop.exiting = True
        try:
            await self._guarded(self._drive(fut.done))
        finally:
            self.loop.exiting = False
        if not fut.done():
            return None
        exc = fut.exception()
        if exc is not None:
            if getattr(exc, "code", None) == "ERR_HOSTRT_NO_HANDLER":
                return None
            raise exc
        return fut.result()

    async def dispatch(self, handler: str, payload: Any = None, *,
                       deadline: float | None = None) -> Any:
        """Call a JS handler registered with `bridge.handle(handler, fn)`; return its result.

        `deadline` (seconds of wall-clock time) bounds the whole call — CPU spent in JS, timers
        and host calls it waits for — as a webhook's timeout bounds a request: past it the call
        raises `DeadlineExceeded` and the isolate is replaced before its next use (what the
        handler left running, an interval or a promise that never settles, goes with it).

        Raises `JSError` if the handler throws, `DeadlineExceeded` / `HeapLimitExceeded` if the
        isolate had to be replaced (the next dispatch runs in a fresh one).
        """
        await self.ensure_alive()
        fut = self._bridge.dispatch(handler, payload)
        if deadline is None:
            await self._guarded(self._drive(fut.done))
        else:
            await self._guarded(self._drive_until(fut.done, deadline))
        if not fut.done():
            reason = "the process exited" if self.loop.stopped else "nothing was left pending"
            fut.cancel()
            raise HostError(f"JS handler '{handler}' never settled ({reason})",
                            code="ERR_HOSTRT_UNSETTLED")
        return fut.result()

    async def _drive_until(self, until: Callable[[], bool], seconds: float) -> None:
        """`_drive(until)` within `seconds`: each crossing's CPU deadline is cut to what is
        left, and the loop is stopped between crossings when the time is up."""
        self._deadline_at = time.monotonic() + seconds
        try:
            await asyncio.wait_for(self._drive(until), timeout=seconds)
        except TimeoutError:
            raise DeadlineExceeded(seconds, what="the call did not finish") from None
        except DeadlineExceeded as exc:
            if time.monotonic() < self._deadline_at - 0.05:
                raise  # the CPU deadline per crossing (--timeout) came first
            raise DeadlineExceeded(seconds, what="the call did not finish") from exc
        finally:
            self._deadline_at = None

    async def _guarded(self, coro: Any) -> None:
        try:
            await coro
        except (DeadlineExceeded, HeapLimitExceeded) as exc:
            # The isolate's state is unknown after a termination: replace it before next use.
            self._bridge.fail_dispatches(exc)
            self._dead = True
            raise

    def discard_isolate(self) -> None:
        """Have the next use start a fresh isolate (and reload the module): for an isolate whose
        JS state can no longer be trusted, e.g. after an uncaught error in a server."""
        self._dead = True

    async def ensure_alive(self) -> None:
        """Start the host, or replace an isolate a deadline or the heap cap killed (and reload
        the module); a no-op when it is running. `restarts` counts the replacements."""
        if self._engine is None:
            await self.start()
        elif self._dead:
            self._dead = False
            await self._restart()

    def set_timeout(self, seconds: float) -> None:
        """Change the CPU deadline per crossing, for the running isolate and later ones (e.g. a
        generous one while a module loads, a tight one while it serves requests)."""
        self._timeout = seconds
        if self._engine is not None:
            self._engine.limits = dataclasses.replace(self._engine.limits, timeout=seconds)

    async def recycle(self) -> None:
        """Replace the isolate with a fresh one now and reload the module (a server does this
        after an uncaught error, or after a deadline/heap-cap kill without waiting for the
        next dispatch). Dispatches still waiting fail with ERR_HOSTRT_CLOSED."""
        self._dead = False
        await self._restart()

    @property
    def v8_version(self) -> str:
        """The V8 version of the engine backend running this host (once started)."""
        if self._engine is None:
            raise HostError("the host is not started", code="ERR_HOSTRT_CLOSED")
        return self._engine.v8_version

    def heap_stats(self) -> dict[str, Any]:
        """V8 heap statistics of the current isolate (while an offloaded tick runs, the figures
        read after the last one: the engine takes one call at a time)."""
        if self._ticking:
            return self._heap_cache
        self._heap_cache = self._engine.heap_stats() if self._engine else {}
        return self._heap_cache

    def collect_garbage(self) -> None:
        """Run a full GC in the isolate now (e.g. while idle, or before reading live heap)."""
        if self._engine is not None:
            self._engine.collect_garbage()


def _js(value: Any) -> str:
    """A JSON value as a JS expression (parsed with JSON.parse: no __proto__ surprises)."""
    return f"JSON.parse({json.dumps(json.dumps(value, separators=(',', ':')))})"


def _format_fatal(err: dict[str, Any], graph: ModuleGraph | None, engine: str) -> str:
    """Node-like report of an uncaught error: the throwing line, then the stack."""
    stack = str(err.get("inspected") or err.get("stack") or err.get("message") or "")
    lines = []
    loc = _first_user_frame(stack, graph)
    if loc is not None:
        file, line, col = loc
        try:
            src = Path(file).read_text(encoding="utf-8").splitlines()[line - 1]
            lines += [f"{file}:{line}", src, " " * max(col - 1, 0) + "^", ""]
        except (OSError, IndexError):
            pass
    if err.get("thrown"):
        stack = "Uncaught " + str(err.get("message"))
    lines.append(stack)
    lines.append("")
    lines.append(f"hostrt {os.environ.get('HOSTRT_VERSION_TAG', '0.1.0')} (V8 via {engine})")
    return "\n".join(lines) + "\n"


def _first_user_frame(stack: str, graph: ModuleGraph | None) -> tuple[str, int, int] | None:
    import re
    for m in re.finditer(r"\(?(/[^\s():]+):(\d+):(\d+)\)?", stack):
        file = m.group(1)
        if file.startswith("/$hostrt") or file.endswith(".hostrt.js"):
            continue
        if Path(file).is_file():
            return file, int(m.group(2)), int(m.group(3))
    return None
