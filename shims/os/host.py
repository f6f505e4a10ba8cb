"""Python half of `os`: the machine's facts, read once at start-up (JS cannot ask synchronously)."""

from __future__ import annotations

import os
import platform
import pwd
import socket
import sys
from pathlib import Path
from typing import Any

from hostrt.shimapi import ShimAPI

_ARCH = {"x86_64": "x64", "aarch64": "arm64", "i686": "ia32", "armv7l": "arm"}


def register(api: ShimAPI) -> None:
    """Provide `os`: hostname, release, cpus, memory (a snapshot), user info, load, uptime."""
    env = os.environ if api.options.env is None else api.options.env
    user = pwd.getpwuid(os.getuid())
    api.provide("os", {
        "hostname": socket.gethostname(),
        "platform": sys.platform,
        "type": platform.system(),
        "release": platform.release(),
        "version": platform.version(),
        "machine": platform.machine(),
        "arch": _ARCH.get(platform.machine(), platform.machine()),
        "endianness": "LE" if sys.byteorder == "little" else "BE",
        "cpus": _cpus(),
        "availableParallelism": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
        else (os.cpu_count() or 1),
        "totalmem": _meminfo("MemTotal"),
        "freemem": _meminfo("MemAvailable"),
        "homedir": env.get("HOME") or user.pw_dir,
        "userInfo": {"uid": user.pw_uid, "gid": user.pw_gid, "username": user.pw_name,
                     "homedir": user.pw_dir, "shell": user.pw_shell or None},
        "loadavg": list(os.getloadavg()),
        "uptime": _uptime(),
    })


def _meminfo(key: str) -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name == key:
                return int(rest.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _uptime() -> float:
    try:
        return float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def _cpus() -> list[dict[str, Any]]:
    """Like libuv: model and MHz from /proc/cpuinfo, times (ms) from /proc/stat."""
    models: list[str] = []
    speeds: list[int] = []
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            name, _, value = line.partition(":")
            if name.strip() == "model name":
                models.append(value.strip())
            elif name.strip() == "cpu MHz":
                speeds.append(int(float(value)))
    except (OSError, ValueError):
        pass
    times: list[dict[str, int]] = []
    tick_ms = 1000 // (os.sysconf("SC_CLK_TCK") or 100)
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            parts = line.split()
            if parts and parts[0].startswith("cpu") and parts[0] != "cpu":
                user, nice, sys_, idle, _iowait, irq = (int(x) * tick_ms for x in parts[1:7])
                times.append({"user": user, "nice": nice, "sys": sys_, "idle": idle, "irq": irq})
    except (OSError, ValueError):
        pass
    count = len(times) or os.cpu_count() or 1
    return [{"model": models[i] if i < len(models) else "unknown",
             "speed": speeds[i] if i < len(speeds) else 0,
             "times": times[i] if i < len(times) else
             {"user": 0, "nice": 0, "sys": 0, "idle": 0, "irq": 0}} for i in range(count)]
