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
from collections.abc import Callable

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


class EventLoop:
    """Runs ticks on `tick(inbox) -> outbox` until a condition holds or nothing is pending."""

    def __init__(self, bridge: Bridge, tick: Callable[[str], str], clock: Clock,
                 after_turn: Callable[[], None] | None = None) -> None:
        self.bridge = bridge
        self._after_turn = after_turn
        self._tick = tick
        self.clock = clock
        self._heap: list[tuple[float, int, Handle]] = []
        self._seq = itertools.count()
        self._refs = 0
        self.stopped = False

    def call_later(self, delay_ms: float, callback: Callable[[], None],
                   ref: bool = True) -> Handle:
        """Run `callback` (on the loop, before the next tick) after `delay_ms`."""
        handle = Handle(self, self.clock.now() + max(0.0, delay_ms), callback, ref)
        if ref:
            self._refs += 1
        heapq.heappush(self._heap, (handle.when, next(self._seq), handle))
        self.bridge.wake.set()
        return handle

    def _next_due(self) -> Handle | None:
        while self._heap and self._heap[0][2].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0][2] if self._heap else None

    def _run_due(self) -> None:
        now = self.clock.now()
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

    async def run(self, until: Callable[[], bool] | None = None) -> None:
        """Turn the loop until `until()` is true, the loop stops, or nothing is pending."""
        bridge = self.bridge
        while not self.stopped:
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
                if nxt is None:
                    # Only unref'd work or nothing: a virtual clock never waits.
                    if self._refs == 0:
                        return
                    await bridge.wake.wait()
                    continue
                self.clock.advance_to(nxt.when)
                await asyncio.sleep(0)
                continue
            timeout = None if nxt is None else max(0.0, (nxt.when - self.clock.now()) / 1000.0)
            if timeout == 0.0:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(bridge.wake.wait(), timeout)
