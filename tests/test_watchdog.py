"""The engines' deadline thread: fires once past the deadline, never after a disarm, wakes for
an earlier deadline, and sleeps (no polling) while nothing is armed."""

from __future__ import annotations

import math
import threading
import time

from hostrt.engine.watchdog import Watchdog


def _watchdog() -> tuple[Watchdog, list[tuple[int, float]], threading.Event]:
    calls: list[tuple[int, float]] = []
    hit = threading.Event()

    def cancel(task: int) -> None:
        calls.append((task, time.monotonic()))
        hit.set()

    return Watchdog(cancel), calls, hit


def test_fires_once_past_the_deadline() -> None:
    dog, calls, hit = _watchdog()
    try:
        armed_at = time.monotonic()
        dog.arm(7, 0.1)
        assert hit.wait(10)
        assert calls[0][0] == 7 and calls[0][1] - armed_at >= 0.1
        assert dog.fired
        time.sleep(0.2)
        assert len(calls) == 1
    finally:
        dog.stop()


def test_disarmed_in_time_never_fires() -> None:
    dog, calls, _ = _watchdog()
    try:
        dog.arm(1, 0.1)
        dog.disarm()
        time.sleep(0.3)
        assert calls == [] and not dog.fired
    finally:
        dog.stop()


def test_an_earlier_deadline_wakes_a_thread_asleep_until_a_later_one() -> None:
    dog, calls, hit = _watchdog()
    try:
        dog.arm(1, 600)
        time.sleep(0.1)  # the thread now sleeps until that deadline
        dog.disarm()
        dog.arm(2, 0.05)
        assert hit.wait(10), "the earlier deadline was missed"
        assert calls[0][0] == 2
    finally:
        dog.stop()


def test_idle_thread_sleeps_until_armed_and_stops() -> None:
    dog, _, hit = _watchdog()
    time.sleep(0.1)
    assert dog._sleeping_until == math.inf  # waiting for `arm`, not polling
    dog.arm(3, 0.05)
    assert hit.wait(10)
    dog.stop()
    assert not dog._thread.is_alive()
