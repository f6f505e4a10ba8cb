"""Start-up cost of the web/url/zlib/os/async_hooks/stub shims, measured in-process.

    python tools/measure_web_startup.py [--runs N]

Host.start() wall time (min, median) and CPU time (median, all threads: less sensitive to other
load on the machine) over N runs, and the V8 heap after a forced GC, for: every shim except this
work package's (web, url, zlib, stubs, fs, webstreams, os, async_hooks, diagnostics_channel,
perf_hooks); all shims but one of those; all shims; and all shims after touching every web global
and requiring every module they provide.
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

from hostrt import Host, HostOptions, shimreg
from hostrt.paths import shims_dir

MINE = ("web", "url", "zlib", "stubs", "fs", "webstreams", "os", "async_hooks",
        "diagnostics_channel", "perf_hooks")
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
__hostrt_modules.require('zlib').deflateSync('x');
"""


def _heap(host: Host) -> float:
    # Measurement only: collect garbage first so the figure is what stays live.
    host._engine._ctx.low_memory_notification()  # type: ignore[attr-defined]
    return float(host.heap_stats().get("used_heap_size", 0)) / 1e6


async def _start(root: Path | None, touch: bool) -> tuple[float, float, float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    host = Host(HostOptions(stdout=io.StringIO(), stderr=io.StringIO(), shims_root=root))
    await host.start()
    elapsed = (time.perf_counter() - t0) * 1000
    cpu = (time.process_time() - c0) * 1000
    heap = _heap(host)
    touched = 0.0
    if touch:
        host._engine.eval(TOUCH)  # type: ignore[union-attr]
        touched = _heap(host)
    await host.close()
    return elapsed, heap, touched, cpu


def _measure(label: str, root: Path | None, runs: int, touch: bool = False) -> None:
    shimreg.load_shims.cache_clear()
    results = [asyncio.run(_start(root, touch)) for _ in range(runs + 1)][1:]
    times = [r[0] for r in results]
    cpu = [r[3] for r in results]
    extra = f", after touching everything {results[0][2]:.2f} MB" if touch else ""
    print(f"{label:30} start wall min {min(times):6.1f} / median {statistics.median(times):6.1f} ms,"
          f" CPU median {statistics.median(cpu):6.1f} ms; heap {results[0][1]:.2f} MB{extra}")


def _subset(tmp: Path, names: list[str]) -> Path:
    root = Path(tempfile.mkdtemp(dir=tmp))
    for name in names:
        shutil.copytree(shims_dir() / name, root / name)
    return root


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    every = sorted(p.name for p in shims_dir().iterdir() if (p / "shim.toml").is_file())
    with tempfile.TemporaryDirectory() as tmp:
        others = [n for n in every if n not in MINE]
        _measure("without this package's", _subset(Path(tmp), others), args.runs)
        for name in MINE:
            if name in every:
                _measure(f"all but {name}", _subset(Path(tmp), [n for n in every if n != name]),
                         args.runs)
        _measure("all shims", None, args.runs, touch=True)


if __name__ == "__main__":
    main()
