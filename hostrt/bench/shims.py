"""Shim benches: the same JavaScript run by `node` and by `hostrt run`, in the same invocation.

Each `bench_*` function returns ``{"hostrt": {...}, "node": {...}, "unit": ..., "better": ...}``
where a side holds its raw `samples` plus the summary the figure is read by (`p50`/`p99` for
latencies, `median` for rates). Every sample of a rate is one whole process run; latency samples
are per timer.

- timer lateness: chained `setTimeout(cb, 10)`; lateness = time the callback starts - 10 ms after
  the call, by `process.hrtime.bigint()` (hostrt: the host clock of the tick, plus JS's progress).
- console: `console.log` of N short lines into a pipe; lines/s = N / (wall(N) - wall(0)), the
  process start cost cancelled by a zero-line run of the same script.
- sha256: `createHash('sha256').update(1 MiB).digest()` repeated for >= 1 s inside the script.
- randomUUID: `crypto.randomUUID()` in batches of 1,000 for >= 0.5 s inside the script.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from hostrt.bench.harness import BenchContext
from hostrt.bench.registry import Measurement, Series, workload
from hostrt.errors import HostError

TIMER_JS = r"""
const n = Number(process.argv[2]);
const warmup = Number(process.argv[3]);
const hr = () => Number(process.hrtime.bigint()) / 1e6;
const out = [];
let seen = 0;
function next() {
  const t = hr();
  setTimeout(() => {
    const late = hr() - t - 10;
    if (seen++ >= warmup) out.push(late);
    if (out.length < n) next(); else console.log(JSON.stringify(out));
  }, 10);
}
next();
"""

CONSOLE_JS = r"""
const n = Number(process.argv[2]);
for (let i = 0; i < n; i++) console.log('line', i, 'of the console bench', { ok: true });
"""

SHA256_JS = r"""
const crypto = require('crypto');
const buf = new Uint8Array(1 << 20);
for (let i = 0; i < buf.length; i++) buf[i] = (i * 31 + 7) & 0xff;
const hr = () => Number(process.hrtime.bigint()) / 1e6;
crypto.createHash('sha256').update(buf).digest('hex'); // warm-up
let mb = 0;
const start = hr();
while (mb < 4 || hr() - start < 1000) {
  crypto.createHash('sha256').update(buf).digest('hex');
  mb++;
}
console.log(JSON.stringify(mb / ((hr() - start) / 1000)));
"""

UUID_JS = r"""
const crypto = require('crypto');
const hr = () => Number(process.hrtime.bigint()) / 1e6;
for (let i = 0; i < 1000; i++) crypto.randomUUID(); // warm-up
let count = 0;
const start = hr();
while (hr() - start < 500) {
  for (let i = 0; i < 1000; i++) crypto.randomUUID();
  count += 1000;
}
console.log(JSON.stringify(count / ((hr() - start) / 1000)));
"""


def _commands() -> dict[str, list[str]]:
    node = shutil.which("node")
    if node is None:
        raise HostError("the shim benches compare against Node: `node` is not on PATH",
                        code="ERR_HOSTRT_BENCH")
    return {"hostrt": [sys.executable, "-m", "hostrt.cli", "run"], "node": [node]}


def _run(cmd: list[str], script: Path, *args: object, timeout: float = 300) -> tuple[str, float]:
    """Run one process; return its stdout and wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.run([*cmd, str(script), *map(str, args)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=timeout, env=dict(os.environ))
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise HostError(f"{' '.join(cmd)} {script.name} exited {proc.returncode}: "
                        f"{proc.stderr.strip()[-800:]}", code="ERR_HOSTRT_BENCH")
    return proc.stdout, wall


def _last_json(stdout: str) -> Any:
    return json.loads(stdout.strip().split("\n")[-1])


def _percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _script(directory: Path, name: str, source: str) -> Path:
    path = directory / name
    path.write_text(source, encoding="utf-8")
    return path


def bench_timer_lateness(runs: int = 1, warmup: int = 1, scale: float = 1.0) -> dict[str, Any]:
    """setTimeout(10) lateness (ms): p50/p99 over chained timers, hostrt vs Node."""
    n = max(20, int(200 * scale))
    result: dict[str, Any] = {"unit": "ms", "better": "lower"}
    with tempfile.TemporaryDirectory() as tmp:
        script = _script(Path(tmp), "timers.js", TIMER_JS)
        for runtime, cmd in _commands().items():
            samples: list[float] = []
            for _ in range(max(1, runs)):
                out, _wall = _run(cmd, script, n, max(0, warmup) * 5)
                samples += [float(x) for x in _last_json(out)]
            result[runtime] = {"samples": samples, "p50": _percentile(samples, 50),
                               "p99": _percentile(samples, 99), "n": len(samples)}
    return result


def bench_console_log(runs: int = 3, warmup: int = 1, scale: float = 1.0) -> dict[str, Any]:
    """console.log lines/s into a pipe, hostrt vs Node (start-up cancelled by a 0-line run)."""
    n = max(1000, int(50_000 * scale))
    result: dict[str, Any] = {"unit": "lines/s", "better": "higher"}
    with tempfile.TemporaryDirectory() as tmp:
        script = _script(Path(tmp), "console.js", CONSOLE_JS)
        for runtime, cmd in _commands().items():
            for _ in range(max(0, warmup)):
                _run(cmd, script, n)
            samples = []
            for _ in range(max(1, runs)):
                out, full = _run(cmd, script, n)
                if out.count("\n") != n:
                    raise HostError(f"{runtime}: console bench printed {out.count(chr(10))} of "
                                    f"{n} lines", code="ERR_HOSTRT_BENCH")
                _, empty = _run(cmd, script, 0)
                samples.append(n / max(full - empty, 1e-6))
            result[runtime] = {"samples": samples, "median": statistics.median(samples),
                               "lines": n}
    return result


def _rate(script_name: str, source: str, unit: str, runs: int, warmup: int) -> dict[str, Any]:
    result: dict[str, Any] = {"unit": unit, "better": "higher"}
    with tempfile.TemporaryDirectory() as tmp:
        script = _script(Path(tmp), script_name, source)
        for runtime, cmd in _commands().items():
            for _ in range(max(0, warmup)):
                _run(cmd, script)
            samples = [float(_last_json(_run(cmd, script)[0])) for _ in range(max(1, runs))]
            result[runtime] = {"samples": samples, "median": statistics.median(samples)}
    return result


def bench_sha256(runs: int = 3, warmup: int = 0) -> dict[str, Any]:
    """createHash('sha256') throughput (MB/s) over 1 MiB updates, hostrt vs Node."""
    return _rate("sha256.js", SHA256_JS, "MB/s", runs, warmup)


def bench_random_uuid(runs: int = 3, warmup: int = 0) -> dict[str, Any]:
    """crypto.randomUUID() calls per second, hostrt vs Node."""
    return _rate("uuid.js", UUID_JS, "calls/s", runs, warmup)


def _row(name: str, title: str, res: dict[str, Any], doc: str | None) -> Measurement:
    latency = any(isinstance(v, dict) and "p50" in v for v in res.values())
    return Measurement(group="shims", name=name, title=title, unit=str(res["unit"]),
                       better=res.get("better", "lower"),
                       stats=("p50", "p99") if latency else ("median",),
                       method=(doc or "").strip(),
                       runtimes={rt: Series([float(x) for x in res[rt]["samples"]])
                                 for rt in ("hostrt", "node") if rt in res})


@workload(group="shims", name="timer-lateness", title="setTimeout(10) lateness")
def timer_lateness(ctx: BenchContext) -> Measurement:
    """Chained setTimeout(cb, 10): how late each callback starts, in both runtimes."""
    res = bench_timer_lateness(runs=ctx.runs, warmup=ctx.warmup, scale=ctx.scale)
    return _row("timer-lateness", "setTimeout(10) lateness", res, bench_timer_lateness.__doc__)


@workload(group="shims", name="console-log", title="console.log lines per second")
def console_log(ctx: BenchContext) -> Measurement:
    """console.log of short lines into a pipe, in both runtimes."""
    res = bench_console_log(runs=ctx.runs, warmup=ctx.warmup, scale=ctx.scale)
    return _row("console-log", "console.log lines per second", res, bench_console_log.__doc__)


@workload(group="shims", name="sha256", title="sha256 of 1 MiB, MB/s")
def sha256(ctx: BenchContext) -> Measurement:
    """createHash('sha256') throughput in both runtimes."""
    return _row("sha256", "sha256 of 1 MiB, MB/s", bench_sha256(runs=ctx.runs,
                warmup=ctx.warmup), bench_sha256.__doc__)


@workload(group="shims", name="random-uuid", title="crypto.randomUUID() per second")
def random_uuid(ctx: BenchContext) -> Measurement:
    """crypto.randomUUID() calls per second in both runtimes."""
    return _row("random-uuid", "crypto.randomUUID() per second",
                bench_random_uuid(runs=ctx.runs, warmup=ctx.warmup), bench_random_uuid.__doc__)
