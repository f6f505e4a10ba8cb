"""Python half of timers: every Timeout is armed on the host event loop's clock."""

from __future__ import annotations

from typing import Any

from hostrt.shimapi import ShimAPI


def register(api: ShimAPI) -> None:
    """Serve `timers.arm`, `timers.cancel`, `timers.ref`; fire with the `timers.fire` event."""
    loop = api.loop
    handles: dict[int, Any] = {}

    def fire(tid: int, repeat: float | None, ref: bool) -> None:
        if repeat is not None:
            # Node re-arms an interval from the time its callback ran, not from when JS is done.
            handles[tid] = loop.call_later(repeat, lambda: fire(tid, repeat, handles[tid].ref),
                                           ref, start=loop.turn_now)
        else:
            handles.pop(tid, None)
        api.emit("timers.fire", tid)

    def arm(tid: int, delay: float, ref: bool, repeat: float | None = None) -> None:
        cancel(tid)
        # Like libuv, measure from this turn's loop time: timers armed in one turn with equal
        # delays come due together and fire in the same turn, in creation order.
        handles[tid] = loop.call_later(delay, lambda: fire(tid, repeat, handles[tid].ref), ref,
                                       start=loop.turn_now)

    def cancel(tid: int) -> None:
        handle = handles.pop(tid, None)
        if handle is not None:
            handle.cancel()

    def set_ref(tid: int, ref: bool) -> None:
        handle = handles.get(tid)
        if handle is not None:
            handle.set_ref(ref)

    api.op("timers.arm", arm)
    api.op("timers.cancel", cancel)
    api.op("timers.ref", set_ref)
