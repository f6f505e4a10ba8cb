"""Child processes for benches that measure a whole process (start time, peak RSS).

`spawn` runs a command and returns its wall time and peak RSS from the kernel's rusage of that
one child (`os.wait4`), so concurrent children or the parent never blur the figure.

`python -m hostrt.bench.procs admit MODULE REQUEST N RUNS WARMUP` is the hostrt side of the
memory workload: one Host serving N dispatches per run; prints samples and V8 heap statistics.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from hostrt.bench.harness import BenchError


@dataclass
class ProcRun:
    """One finished child: wall time, peak RSS, and its stdout."""

    wall_ms: float
    peak_rss_mib: float
    stdout: str


def spawn(cmd: list[str], cwd: Path | None = None, timeout: float = 300) -> ProcRun:
    """Run `cmd` to completion; fail clearly on a non-zero exit."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = (time.perf_counter() - t0) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode == -9 and wall >= timeout * 1000:
            raise BenchError(f"{' '.join(cmd)}: no exit within {timeout} s")
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            tail = err.read().decode("utf-8", "replace").strip()[-1500:]
            raise BenchError(f"{' '.join(cmd)} exited {proc.returncode}: {tail}")
    # ru_maxrss is in KiB on Linux.
    return ProcRun(wall, usage.ru_maxrss / 1024, stdout)


def hostrt_cmd() -> list[str]:
    """The hostrt CLI of this interpreter."""
    return [sys.executable, "-m", "hostrt.cli"]


async def _admit(module: str, request: str, n: int, runs: int, warmup: int) -> dict[str, object]:
    from hostrt.host import Host, HostOptions
    payload = json.loads(Path(request).read_text(encoding="utf-8"))
    samples: list[float] = []
    async with Host(HostOptions(stdout=io.StringIO(), stderr=io.StringIO(), timeout=120)) as host:
        await host.load(module)
        for r in range(warmup + runs):
            for _ in range(n):
                t0 = time.perf_counter()
                await host.dispatch("bench.admit", payload)
                if r >= warmup:
                    samples.append((time.perf_counter() - t0) * 1e6)
        heap = host.heap_stats()
    return {"samples": samples, "heap": heap}


def main(argv: list[str]) -> int:
    """Entry point of the child process."""
    if len(argv) != 6 or argv[0] != "admit":
        print("usage: python -m hostrt.bench.procs admit MODULE REQUEST N RUNS WARMUP",
              file=sys.stderr)
        return 2
    _, module, request, n, runs, warmup = argv
    doc = asyncio.run(_admit(module, request, int(n), int(runs), int(warmup)))
    print(json.dumps(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
