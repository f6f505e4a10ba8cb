"""The server's own log lines in Pepr's format (pino JSON on stdout), beside the module's.

`{"level":30,"time":<ms>,"pid":<n>,"hostname":"...","msg":"..."}`; LOG_LEVEL filters as in
pino (trace..fatal, silent).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from typing import Any, TextIO

LEVELS = {"trace": 10, "debug": 20, "info": 30, "warn": 40, "error": 50, "fatal": 60}


class PinoLog:
    """A minimal pino-format logger for the Python side of the server."""

    def __init__(self, level: str = "info", stream: TextIO | None = None) -> None:
        self.threshold = 10**9 if level == "silent" else LEVELS.get(level, 30)
        self._stream = stream
        self._pid = os.getpid()
        self._host = os.environ.get("HOSTNAME") or socket.gethostname()

    def enabled(self, level: str) -> bool:
        """Whether a record at `level` is written."""
        return LEVELS[level] >= self.threshold

    def log(self, level: str, msg: str, **fields: Any) -> None:
        """Write one record (fields go before msg, as pino orders them)."""
        if LEVELS[level] < self.threshold:
            return
        rec: dict[str, Any] = {"level": LEVELS[level], "time": int(time.time() * 1000),
                               "pid": self._pid, "hostname": self._host, **fields, "msg": msg}
        stream = self._stream or sys.stdout
        try:
            stream.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":"), default=str)
                         + "\n")
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass

    def debug(self, msg: str, **fields: Any) -> None:
        """A debug record."""
        self.log("debug", msg, **fields)

    def info(self, msg: str, **fields: Any) -> None:
        """An info record."""
        self.log("info", msg, **fields)

    def warn(self, msg: str, **fields: Any) -> None:
        """A warn record."""
        self.log("warn", msg, **fields)

    def error(self, msg: str, **fields: Any) -> None:
        """An error record."""
        self.log("error", msg, **fields)
