"""Start-up cost of the buffer/assert/path/querystring/stream/string_decoder shims, in-process.

    python tools/measure_surface_startup.py [--runs N]

Host.start() time (min and median over N runs) and the V8 heap after a forced GC, for: all shims
but these six (events, util and errors stay: the process and console shims need them); all shims;
and all shims after requiring every module of this work package. Then `hostrt run` of an empty
script and `node -e 0` as subprocesses.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hostrt import Host, HostOptions
from hostrt.paths import shims_dir

REMOVABLE = ("assert", "buffer", "path", "querystring", "stream", "string_decoder")
MODULES = ("buffer", "events", "util", "util/types", "path", "querystring", "string_decoder",
           "assert", "assert/strict", "stream", "stream/promises", "stream/consumers")


async def _one(root: Path | None, script: Path | None) -> tuple[float, int]:
    started = time.perf_counter()
    host = Host(HostOptions(stdout=io.StringIO(), stderr=io.StringIO(), shims_root=root))
    await host.start()
    elapsed = (time.perf_counter() - started) * 1000
    if script is not None:
        await host.load(script)
        await host.run_until_idle()
    assert host._engine is not None
    host._engine.eval("%CollectGarbage(0)")  # V8 runs with --allow-natives-syntax
    heap = int(host.heap_stats()["used_heap_size"])
    await host.close()
    return elapsed, heap


def _timed(cmd: list[str], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)


async def main(runs: int) -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        without = Path(tmp) / "shims"
        shutil.copytree(shims_dir(), without)
        for name in REMOVABLE:
            shutil.rmtree(without / name)
        script = Path(tmp) / "require_all.js"
        script.write_text("".join(f"require({m!r});\n" for m in MODULES))
        empty = Path(tmp) / "empty.js"
        empty.write_text("")
        cases: list[tuple[str, Path | None, Path | None]] = [
            ("without the six shims", without, None),
            ("all shims", None, None),
            ("all shims, every module required", None, script),
        ]
        for label, root, run in cases:
            results = [await _one(root, run) for _ in range(runs)]
            times = [t for t, _ in results]
            print(f"{label:36} Host.start() min {min(times):6.1f} ms, median "
                  f"{statistics.median(times):6.1f} ms; heap after GC {results[-1][1] / 1024:7.0f} KiB")
        lo, med = _timed([sys.executable, "-m", "hostrt.cli", "run", str(empty)], runs)
        print(f"{'hostrt run empty.js':36} min {lo:6.0f} ms, median {med:6.0f} ms")
        node = shutil.which("node")
        if node:
            lo, med = _timed([node, "-e", "0"], runs)
            print(f"{'node -e 0':36} min {lo:6.0f} ms, median {med:6.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    asyncio.run(main(parser.parse_args().runs))
