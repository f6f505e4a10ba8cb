"""The event loop that drives an isolate: a clock, scheduled callbacks, and bridge ticks.

Python owns time. Shims schedule callbacks here (`call_later`), which usually emit a bridge event;
the loop ticks the engine whenever the inbox has work or JS asked for another turn (immediates),
and otherwise sleeps until the next callback is due or a host call completes. With a virtual clock
an idle loop jumps straight to the next due callback, so hour-long schedules run in milliseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
from collections.abc import Awaitable, Callable

from hostrt.engine.bridge import Bridge


class Clock:
    """Milliseconds since the loop started; real or virtual."""

    def __init__(self, virtual: bool = False) -> None:
        self.virtual = virtual
        self._origin = time.monotonic()
        self._virtual_ms = 0.0
        self.wall_origin_ms = time.time() * 1000.0

    def now(self) -> float:
        """Current time in ms."""
        if self.virtual:
            return self._virtual_ms
        return (time.monotonic() - self._origin) * 1000.0

    def advance_to(self, ms: float) -> None:
        """Move a virtual clock forward (never backward)."""
        self._virtual_ms = max(self._virtual_ms, ms)


class Handle:
    """A scheduled callback. `ref=False` means it does not keep the loop alive."""

    __slots__ = ("_loop", "callback", "cancelled", "ref", "when")

    def __init__(self, loop: EventLoop, when: float, callback: Callable[[], None],
                 ref: bool) -> None:
        self._loop = loop
        self.when = when
        self.callback = callback
        self.ref = ref
        self.cancelled = False

    def cancel(self) -> None:
        """Forget the callback."""
        if not self.cancelled:
            self.cancelled = True
            if self.ref:
                self._loop._refs -= 1

    def set_ref(self, ref: bool) -> None:
        """Change whether this callback keeps the loop alive."""
        if self.cancelled or ref == self.ref:
            return
        self.ref = ref
        self._loop._refs += 1 if ref else -1


class _Hold(Handle):
    """A keep-alive handle (`EventLoop.hold`): releasing it wakes the loop to re-check liveness."""

    __slots__ = ()

    def cancel(self) -> None:
        """Release the hold."""
        was = self.cancelled
        super().cancel()
        if not was:
            self._loop.bridge.wake.set()


class EventLoop:
    """Runs ticks on `tick(inbox) -> outbox` until a condition holds or nothing is pending."""

    def __init__(self, bridge: Bridge, tick: Callable[[str], str], clock: Clock,
                 after_turn: Callable[[], None] | None = None,
                 tick_async: Callable[[str], Awaitable[str]] | None = None) -> None:
        self.bridge = bridge
        self._after_turn = after_turn
        self._tick = tick
        # When set, `run` awaits ticks through it (the tick runs on another thread while this
        # loop keeps serving I/O); `turn` stays synchronous.
        self._tick_async = tick_async
        self.clock = clock
        self._heap: list[tuple[float, int, Handle]] = []
        self._seq = itertools.count()
        self._refs = 0
        self.stopped = False
        # Stop `run` once the clock passes this time (ms; callbacks due at it still run), even
        # if work is still pending.
        self.time_limit: float | None = None
        # Set while the host delivers 'beforeExit'/'exit' (see `_run_due`).
        self.exiting = False
        # The loop time of the current turn (libuv's cached `uv_now`): callbacks scheduled during
        # one turn can measure their delay from it, so equal delays come due together.
        self.turn_now = clock.now()

    def call_later(self, delay_ms: float, callback: Callable[[], None],
                   ref: bool = True, start: float | None = None) -> Handle:
        """Run `callback` (on the loop, before the next tick) `delay_ms` after `start`.

        `start` defaults to the clock's current time; pass `turn_now` for Node timer semantics.
        """
        base = self.clock.now() if start is None else start
        handle = Handle(self, base + max(0.0, delay_ms), callback, ref)
        if ref:
            self._refs += 1
        heapq.heappush(self._heap, (handle.when, next(self._seq), handle))
        self.bridge.wake.set()
        return handle

    def hold(self) -> Handle:
        """Keep the loop alive until the returned handle is cancelled (an open stream, a watch),
        like a ref'd socket in Node. Nothing is scheduled: work arrives via the bridge."""
        handle = _Hold(self, float("inf"), lambda: None, True)
        self._refs += 1
        return handle

    def _next_due(self) -> Handle | None:
        while self._heap and self._heap[0][2].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0][2] if self._heap else None

    def _run_due(self) -> None:
        now = self.turn_now = self.clock.now()
        if self.exiting and self._refs == 0 and not self.bridge.busy:
            # Node emits 'beforeExit'/'exit' outside the libuv loop: an unref'd timer that came
            # due meanwhile does not run then (only if a listener makes the loop alive again).
            return
        while (h := self._next_due()) is not None and h.when <= now:
            heapq.heappop(self._heap)
            h.cancel()
            h.callback()

    def alive(self) -> bool:
        """True while something keeps the process running (Node's 'loop alive')."""
        return (self.bridge.has_inbox or self.bridge.more or self.bridge.busy
                or self._refs > 0)

    def turn(self) -> None:
        """Run due callbacks, then one tick if there is anything to deliver."""
        self._run_due()
        if self.bridge.has_inbox or self.bridge.more:
            outbox = self._tick(self.bridge.take_inbox(self.clock.now()))
            self.bridge.handle_outbox(outbox)
            if self._after_turn is not None:
                self._after_turn()

    async def turn_async(self) -> None:
        """`turn`, with the tick awaited through `tick_async`."""
        assert self._tick_async is not None
        self._run_due()
        if self.bridge.has_inbox or self.bridge.more:
            outbox = await self._tick_async(self.bridge.take_inbox(self.clock.now()))
            self.bridge.handle_outbox(outbox)
            if self._after_turn is not None:
                self._after_turn()

    async def run(self, until: Callable[[], bool] | None = None) -> None:
        """Turn the loop until `until()` is true, the loop stops, or nothing is pending."""
        bridge = self.bridge
        while not self.stopped:
            limit = self.time_limit
            if limit is not None and self.clock.now() > limit:
                return  # timers due exactly at the limit still run (inclusive)
            if not self.alive():
                # libuv checks liveness before running timers: an unref'd timer that came due
                # while the main module ran does not fire once nothing else is pending.
                return
            if self._tick_async is not None:
                await self.turn_async()
            else:
                self.turn()
            if self.stopped or (until is not None and until()):
                return
            if bridge.has_inbox or bridge.more:
                await asyncio.sleep(0)  # let completed I/O callbacks run between turns
                continue
            if not self.alive():
                return
            nxt = self._next_due()
            if self.clock.virtual and not bridge.busy:
                if limit is not None and (nxt is None or nxt.when > limit):
                    # Nothing due before the limit: a virtual clock jumps to it and stops.
                    self.clock.advance_to(limit)
                    return
                if nxt is None:
                    # Only unref'd work or nothing: a virtual clock never waits.
                    if self._refs == 0:
                        return
                    bridge.wake.clear()  # stale: nothing is queued (see below)
                    await bridge.wake.wait()
                    continue
                self.clock.advance_to(nxt.when)
                await asyncio.sleep(0)
                continue
            due = nxt.when if nxt is not None else None
            if limit is not None and (due is None or due > limit):
                due = limit
            timeout = None if due is None else max(0.0, (due - self.clock.now()) / 1000.0)
            if timeout == 0.0:
                continue
            # Nothing is queued (checked above): a wake-up set earlier is stale; forget it so
            # the wait below sleeps instead of spinning.
            bridge.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(bridge.wake.wait(), timeout)
