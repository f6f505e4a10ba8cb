"""Child processes for benches that measure a whole process (start time, peak RSS).

`spawn` runs a command and returns its wall time and peak RSS from the kernel's rusage of that
one child (`os.wait4` in a small spawner process), so the parent's size never blurs the figure.
"""

from __future__ import annotations

import atexit
import json
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from hostrt.bench.harness import BenchError


@dataclass
class ProcRun:
    """One finished child: wall time, peak RSS, and its stdout."""

    wall_ms: float
    peak_rss_mib: float
    stdout: str


# The spawner: a small process that starts each measured child and reports its rusage. Linux
# carries the pre-exec address space's RSS high-water mark into a child's ru_maxrss, so a child
# forked straight from this (large, V8-holding) process would report at least our RSS. Children
# of the freshly exec'd spawner start from its small image instead.
_SPAWNER = r"""
import json, os, subprocess, sys, tempfile, threading, time
for line in sys.stdin:
    req = json.loads(line)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(req["cmd"], stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                cwd=req["cwd"], env={**os.environ, **req["env"]})
        killer = threading.Timer(req["timeout"], proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = (time.perf_counter() - t0) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        res = {"wall_ms": wall, "rss_kib": usage.ru_maxrss, "code": proc.returncode,
               "stdout": out.read().decode("utf-8", "replace"),
               "stderr": err.read().decode("utf-8", "replace")[-1500:]}
    sys.stdout.write(json.dumps(res) + "\n")
    sys.stdout.flush()
"""
_spawner: subprocess.Popen[str] | None = None
_lock = threading.Lock()


def _get_spawner() -> subprocess.Popen[str]:
    global _spawner
    if _spawner is None or _spawner.poll() is not None:
        _spawner = subprocess.Popen([sys.executable, "-c", _SPAWNER], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True)
        atexit.register(_stop_spawner)
    return _spawner


def _stop_spawner() -> None:
    global _spawner
    if _spawner is not None:
        if _spawner.stdin:
            _spawner.stdin.close()
        _spawner.wait(timeout=10)
        _spawner = None


def spawn(cmd: list[str], cwd: Path | None = None, timeout: float = 300,
          env: dict[str, str] | None = None) -> ProcRun:
    """Run `cmd` to completion (via the spawner); fail clearly on a non-zero exit."""
    with _lock:
        sp = _get_spawner()
        assert sp.stdin is not None and sp.stdout is not None
        sp.stdin.write(json.dumps({"cmd": cmd, "cwd": str(cwd) if cwd else None,
                                   "timeout": timeout, "env": env or {}}) + "\n")
        sp.stdin.flush()
        line = sp.stdout.readline()
    if not line:
        raise BenchError(f"{' '.join(cmd)}: the bench spawner died")
    res = json.loads(line)
    if res["code"] != 0:
        if res["code"] == -9 and res["wall_ms"] >= timeout * 1000:
            raise BenchError(f"{' '.join(cmd)}: no exit within {timeout} s")
        raise BenchError(f"{' '.join(cmd)} exited {res['code']}: {_error_line(res['stderr'])}")
    # ru_maxrss is in KiB on Linux.
    return ProcRun(res["wall_ms"], res["rss_kib"] / 1024, res["stdout"])


def _error_line(stderr: str) -> str:
    """The line naming the error (e.g. 'ReferenceError: x is not defined'), else the last line;
    minified source lines quoted in a stack are never echoed whole."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    for ln in lines:
        if re.match(r"^(Uncaught )?[A-Z][A-Za-z]*(Error|Exception)\b", ln):
            return ln[:300]
    return lines[-1][:300] if lines else "(no output)"


def hostrt_cmd() -> list[str]:
    """The hostrt CLI of this interpreter."""
    return [sys.executable, "-m", "hostrt.cli"]
