"""A deadline thread shared by the engine backends."""

from __future__ import annotations

import math
import threading
import time
from typing import Any


class Watchdog:
    """Terminates the running task once it passes its deadline (`cancel(task_id)` is called from
    the watchdog thread, so it must be thread-safe).

    The hot path (`arm`/`disarm`, once per tick) only stores a tuple and takes no lock. The
    thread sleeps until the deadline it last saw, or until `arm` wakes it when nothing was armed
    (or the new deadline is earlier): a serving process's thread wakes about once per deadline
    period, not on a polling interval (it used to poll every 20 ms: 50 wake-ups a second, each
    one taking the GIL from the thread serving requests).
    """

    def __init__(self, cancel: Any) -> None:
        self._cancel = cancel
        self._armed: tuple[int, float] | None = None
        self._cond = threading.Condition()
        self._sleeping_until = 0.0   # when the thread looks next (inf: only when woken)
        self._stopped = False
        self.fired = False
        self._thread = threading.Thread(target=self._run, name="hostrt-watchdog", daemon=True)
        self._thread.start()

    def arm(self, task_id: int, seconds: float) -> None:
        """Watch `task_id` from now for `seconds`."""
        self.fired = False
        deadline = time.monotonic() + seconds
        self._armed = (task_id, deadline)
        if deadline < self._sleeping_until:  # asleep for longer than this deadline allows
            with self._cond:
                self._cond.notify()

    def disarm(self) -> None:
        """The task ended in time."""
        self._armed = None

    def _run(self) -> None:
        with self._cond:
            while not self._stopped:
                armed = self._armed
                if armed is None:
                    self._sleeping_until = math.inf
                    # `arm` may have run since the read above; it wakes only a thread that
                    # published `inf` first, so read again before sleeping.
                    if self._armed is None and not self._stopped:
                        self._cond.wait()
                    continue
                now = time.monotonic()
                if now >= armed[1]:
                    if self._armed is armed:  # not ended (and re-armed) meanwhile
                        self._armed = None
                        self.fired = True
                        self._cancel(armed[0])
                    continue
                self._sleeping_until = armed[1]
                self._cond.wait(armed[1] - now)

    def stop(self) -> None:
        """End the thread (the engine is closing)."""
        with self._cond:
            self._stopped = True
            self._cond.notify()
        self._thread.join(timeout=1)
