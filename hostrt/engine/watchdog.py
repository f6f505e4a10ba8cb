"""A polling deadline thread shared by the engine backends."""

from __future__ import annotations

import threading
import time
from typing import Any


class Watchdog:
    """Terminates the running task once it passes its deadline (`cancel(task_id)` is called from
    the watchdog thread, so it must be thread-safe).

    The hot path only stores a tuple; the thread polls, so a deadline costs no crossing.
    """

    POLL = 0.02

    def __init__(self, cancel: Any) -> None:
        self._cancel = cancel
        self._armed: tuple[int, float] | None = None
        self._stop = threading.Event()
        self.fired = False
        self._thread = threading.Thread(target=self._run, name="hostrt-watchdog", daemon=True)
        self._thread.start()

    def arm(self, task_id: int, seconds: float) -> None:
        self.fired = False
        self._armed = (task_id, time.monotonic() + seconds)

    def disarm(self) -> None:
        self._armed = None

    def _run(self) -> None:
        while not self._stop.wait(self.POLL):
            armed = self._armed
            if armed is not None and time.monotonic() > armed[1]:
                self._armed = None
                self.fired = True
                self._cancel(armed[0])

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=1)
