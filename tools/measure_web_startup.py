"""Start-up cost of the web/os/url/zlib/async_hooks/stub shims, measured in-process.

    python tools/measure_web_startup.py [--runs N]

Compares Host.start() with only the base shims (process, timers, events, console) against all
shims, and reports the V8 heap after start and after touching every web global and requiring
every module these shims provide.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from hostrt import Host, HostOptions
from hostrt.paths import shims_dir

BASE = ("process", "timers", "events", "console")
TOUCH = """
for (const g of ['TextEncoder', 'TextDecoder', 'atob', 'btoa', 'URL', 'URLSearchParams',
  'structuredClone', 'AbortController', 'AbortSignal', 'Event', 'EventTarget', 'CustomEvent',
  'DOMException', 'performance', 'global']) void globalThis[g];
for (const m of ['os', 'url', 'zlib', 'async_hooks', 'diagnostics_channel', 'perf_hooks',
  'punycode', 'net', 'tls', 'http', 'https', 'http2', 'dns', 'worker_threads', 'child_process',
  'fs', 'fs/promises', 'node:sqlite', 'dgram', 'cluster', 'vm', 'v8', 'inspector', 'readline',
  'repl', 'tty', 'module', 'trace_events', 'wasi', 'domain', 'constants'])
  __hostrt_modules.require(m);
new URL('https://example.com/a?b=c');
new TextDecoder().decode(new TextEncoder().encode('x'));
require_zlib_sync: __hostrt_modules.require('zlib').deflateSync('x');
"""


async def _start(root: Path | None) -> tuple[float, int, int]:
    t0 = time.perf_counter()
    host = Host(HostOptions(stdout=io.StringIO(), stderr=io.StringIO(), shims_root=root))
    await host.start()
    elapsed = time.perf_counter() - t0
    used = int(host.heap_stats().get("used_heap_size", 0))
    touched = 0
    if root is None:
        host._engine.eval(TOUCH)  # a measurement reaches past the public API on purpose
        touched = int(host.heap_stats().get("used_heap_size", 0))
    await host.close()
    return elapsed, used, touched


def main() -> None:
    """Print start-up time and heap figures for base vs all shims."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "shims"
        base.mkdir()
        for name in BASE:
            shutil.copytree(shims_dir() / name, base / name)
        for label, root in (("base shims", base), ("all shims", None)):
            from hostrt import shimreg
            shimreg.load_shims.cache_clear()
            runs = [asyncio.run(_start(root)) for _ in range(args.runs + 1)][1:]
            times = [r[0] * 1000 for r in runs]
            touched = f", after touching everything {runs[0][2] / 1e6:.2f} MB" if runs[0][2] else ""
            median = statistics.median(times)
            print(f"{label}: start min {min(times):.1f} ms, median {median:.1f} ms "
                  f"({args.runs} runs), heap after start {runs[0][1] / 1e6:.2f} MB{touched}")


if __name__ == "__main__":
    main()
