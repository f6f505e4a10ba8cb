"""Python half of `process`: start-up facts, the stdio sink and resource usage figures."""

from __future__ import annotations

import os
import platform
import resource
import socket
import ssl
import sys
from typing import Any

from hostrt.shimapi import ShimAPI


def register(api: ShimAPI) -> None:
    """Provide env/argv/cwd/pid to JS and serve `process.write` (batched writes, fd 1 or 2)."""
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
        "constrainedMemory": _constrained_memory(),
        "umask": _umask(),
        "v8": api.v8_version,
        # hostrt's crypto runs on the OpenSSL Python links (hashes, HMAC, key derivation).
        "openssl": ssl.OPENSSL_VERSION.split()[1] if ssl.OPENSSL_VERSION.startswith("OpenSSL ") else None,
        "usage": usage(api),
        # Permissions enforced: JS reports reads of unset names, Python says (once per name)
        # when one is a host variable held back, and which flag grants it.
        "envGuard": bool(opts.permissions.enforced and opts.permissions.env is not None),
    })
    api.op("process.write", api.write)
    warned: set[str] = set()

    def env_denied(name: Any) -> None:
        name = str(name)
        if name in warned or not opts.permissions.held_back(name):
            return
        warned.add(name)
        api.write(2, f"hostrt: process.env.{name} is not granted to the module (it reads as "
                     f"unset); grant it with --allow-env {name}\n")

    api.op("process.envDenied", env_denied)
    # JS posts this when it reads usage figures; the fresh ones arrive before its next turn.
    api.op("process.usage", lambda: api.emit("process.usage", usage(api)))


def usage(api: Any) -> dict[str, Any]:
    """What memoryUsage/cpuUsage/resourceUsage report: this isolate's V8 heap statistics and
    this process's RSS, CPU times and rusage (the whole host process, as Node's are)."""
    heap = api.heap_stats()
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "rss": _rss(ru),
        "heapTotal": int(heap.get("total_heap_size", 0)),
        "heapUsed": int(heap.get("used_heap_size", 0)),
        # V8's external memory where the backend reports it (STPyV8); mini-racer does not.
        "external": int(heap.get("external_memory", 0)),
        "user": round(ru.ru_utime * 1e6),
        "system": round(ru.ru_stime * 1e6),
        "rusage": {
            "maxRSS": ru.ru_maxrss, "sharedMemorySize": ru.ru_ixrss,
            "unsharedDataSize": ru.ru_idrss, "unsharedStackSize": ru.ru_isrss,
            "minorPageFault": ru.ru_minflt, "majorPageFault": ru.ru_majflt,
            "swappedOut": ru.ru_nswap, "fsRead": ru.ru_inblock, "fsWrite": ru.ru_oublock,
            "ipcSent": ru.ru_msgsnd, "ipcReceived": ru.ru_msgrcv, "signalsCount": ru.ru_nsignals,
            "voluntaryContextSwitches": ru.ru_nvcsw, "involuntaryContextSwitches": ru.ru_nivcsw,
        },
    }


def _umask() -> int | None:
    try:  # Linux reports it without changing it (os.umask can only set)
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return None


def _constrained_memory() -> int:
    """The cgroup memory limit, as libuv reads it: 2**64 when unlimited, 0 when unknown."""
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            with open(path, encoding="ascii") as f:
                text = f.read().strip()
        except OSError:
            continue
        return 2**64 if text == "max" else int(text)
    return 0


def _rss(ru: Any) -> int:
    try:  # the current resident set (Linux); getrusage only has the peak
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return int(ru.ru_maxrss) * 1024


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
