"""Python half of `process`: start-up facts and the stdio sink."""

from __future__ import annotations

import os
import platform
import socket
import sys
from typing import Any


def register(api: Any) -> None:
    """Provide env/argv/cwd/pid to JS and serve `io.write` (batched writes, fd 1 or 2)."""
    opts = api.options
    env = dict(os.environ if opts.env is None else opts.env)
    api.provide("process", {
        "env": env,
        "argv": ["hostrt", *opts.argv],
        "cwd": opts.cwd or os.getcwd(),
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "platform": sys.platform,
        "arch": {"x86_64": "x64", "aarch64": "arm64"}.get(platform.machine(), platform.machine()),
        "hostname": socket.gethostname(),
        "execPath": sys.executable,
        "stdoutIsTTY": _isatty(opts.stdout or sys.stdout),
        "stderrIsTTY": _isatty(opts.stderr or sys.stderr),
        "timeOrigin": api.loop.clock.wall_origin_ms,
        "trackRejections": bool(opts.track_rejections),
        "ids": _ids(),
        "totalMemory": _total_memory(),
    })
    api.op("io.write", api.write)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _ids() -> dict[str, Any]:
    if not hasattr(os, "getuid"):
        return {}
    return {"uid": os.getuid(), "euid": os.geteuid(), "gid": os.getgid(), "egid": os.getegid(),
            # Node always includes the effective group id.
            "groups": sorted({*os.getgroups(), os.getegid()})}


def _total_memory() -> int:
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 0
