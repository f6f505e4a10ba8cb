"""`hostrt bench serve`: `hostrt serve` against real Pepr 1.1.4's controller, live over HTTPS.

Both serve the same `npx pepr build` bundle of hello-pepr with the same certificate, API path and
LOG_LEVEL (info, Pepr's default; logs to /dev/null on both sides), and are loaded the same way:
`wrk` over HTTPS with keep-alive, 1 thread, 8 connections, the hello-pepr ConfigMap request
(`04-create-configmap-example-1.json`), 10 s per route — /mutate, then /validate, then both
alternating — then more alternating load until 200,000 requests have been answered.

- Pepr: its controller (`node` on the bundle from its folder, Pepr's environment), the PeprStore
  served by hostrt's fake Kubernetes API (hostrt/pepr/live.py). The fake API is its own process
  and not counted.
- hostrt: `hostrt serve --role admission` (one process; Pepr's admission pod) on the default
  engine (mini-racer), the same on STPyV8 (`--engine stpyv8`: V8 in the Python thread; only the
  engine differs — same bundle, same JS, same HTTP stack; "not installed" when the optional
  `hostrt[stpyv8]` extra is missing), and with `--workers 2` (two processes on one port, the
  supervisor counted too). Its Stores are in memory (no API server involved).

The servers run side by side; each route is loaded in two rounds per server, taken in turns, so
the background load of this shared machine falls on all three alike.

Per route: req/s, latency p50/p90/p99 (wrk's), CPU seconds per 1,000 requests (user+system of the
server's process tree, from /proc). Per server: ready time (process start to the first 200 from
`/healthz`, median of 3 starts) and RSS of the process tree at ready and after 200,000 requests.
Ratios are to Pepr in the same run. This is a 2-core machine: wrk shares it with the server under
test.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt.bench.harness import BenchContext
from hostrt.bench.registry import HOSTRT, NODE, Measurement, Series, Target, workload
from hostrt.subproc import stop

GROUP = "serve"
WORKERS2 = "hostrt-workers-2"
STPYV8 = "hostrt-stpyv8"     # the same `hostrt serve`, `--engine stpyv8`
API_PATH = "hostrt-bench-serve"
ROUTES = ("mutate", "validate", "alternate")
REQUEST = "04-create-configmap-example-1.json"
TOTAL = 200_000
CONNECTIONS = 8

_WRK_LUA = r"""
local f = assert(io.open(os.getenv("HOSTRT_WRK_BODY"), "rb"))
local body = f:read("*a")
f:close()
local route = os.getenv("HOSTRT_WRK_ROUTE")
local api = os.getenv("HOSTRT_WRK_API")
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
local paths = {"/mutate/" .. api, "/validate/" .. api}
local n = 0
request = function()
  n = n + 1
  local p
  if route == "alternate" then p = paths[(n % 2) + 1]
  elseif route == "validate" then p = paths[2]
  else p = paths[1] end
  return wrk.format(nil, p)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'HOSTRT_WRK {"requests":%d,"duration_us":%d,"status":%d,"connect":%d,"read":%d,' ..
    '"write":%d,"timeout":%d,"p50":%d,"p90":%d,"p99":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
"""


# What any Python process hosting V8 behind aiohttp pays before a shim or a module is loaded:
# the interpreter, `hostrt serve`'s HTTP stack and one bare mini-racer isolate. Printed once
# the isolate answers; the parent times spawn -> that line (the floor of the ready time) and
# the line carries VmRSS (the floor of the RSS).
_FLOOR = r"""
import asyncio, sys
import uvloop
from aiohttp import web
import prometheus_client
from py_mini_racer import MiniRacer
async def main():
    mr = MiniRacer()
    mr.eval("1 + 1")
    rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:"))
    sys.stdout.write(f"HOSTRT_FLOOR {rss}\n")
    sys.stdout.flush()
    sys.stdin.read()
    mr.close()
uvloop.run(main())
"""


def measure_floor(runs: int = 3) -> tuple[float, float] | None:
    """(seconds to a bare isolate behind the imported HTTP stack, its RSS in MB), medians of
    `runs` spawns; None if it could not run."""
    times, rss = [], []
    for _ in range(runs):
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", _FLOOR], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = proc.stdout.readline() if proc.stdout else ""
            if not line.startswith("HOSTRT_FLOOR "):
                return None
            times.append(time.monotonic() - started)
            rss.append(int(line.split()[1]) / 1024.0)
        finally:
            with contextlib.suppress(OSError):
                if proc.stdin:
                    proc.stdin.close()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return statistics.median(times), statistics.median(rss)


# -- /proc readings --------------------------------------------------------------------------
def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return out


def tree_cpu(pid: int) -> float:
    """User+system CPU seconds of a process and its descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return total / tick


def tree_rss_mb(pid: int) -> float:
    """Resident memory (MB) of a process and its descendants."""
    return tree_rss_split(pid)["rss"]


def tree_rss_split(pid: int) -> dict[str, float]:
    """Resident memory (MB) of a process and its descendants: `rss` and its anonymous (`anon`)
    and file-backed (`file`) parts, from /proc/<pid>/status."""
    keys = {"VmRSS:": "rss", "RssAnon:": "anon", "RssFile:": "file"}
    kb = dict.fromkeys(keys.values(), 0)
    for p in _tree(pid):
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    key = keys.get(line.split(":", 1)[0] + ":")
                    if key:
                        kb[key] += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return {k: v / 1024.0 for k, v in kb.items()}


def measure_stages(bundle: Path) -> list[dict[str, Any]] | None:
    """RSS (anonymous + file-backed) after each stage of `hostrt serve`'s start-up, in one fresh
    process (hostrt/bench/serve_rss.py); None if it could not run."""
    from hostrt.bench.serve_rss import STAGES, stages_cmd
    try:
        proc = subprocess.run(stages_cmd(str(bundle)), capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    rows = [json.loads(line.split(" ", 1)[1]) for line in proc.stdout.splitlines()
            if line.startswith("HOSTRT_RSS ")]
    return rows if [r["stage"] for r in rows] == list(STAGES) else None


_STAGE_NAMES = {"python": "python", "asyncio-uvloop": "+asyncio/uvloop/ssl",
                "http-stack": "+aiohttp.web/prometheus_client",
                "hostrt-serve": "+hostrt and its serve modules",
                "v8-init": "+V8 initialised", "host-start": "+the Host with its shims",
                "module-load": "+the module loaded",
                "ready": "ready (after V8 GC, gc.collect, malloc_trim)"}


def stages_note(stages: list[dict[str, Any]], results: dict[str, ServerResult]) -> str:
    """The RSS breakdown the appendix quotes: each start-up stage (resident = anonymous +
    file-backed MB), then each server's split at ready in the run."""
    parts = []
    for st in stages:
        extra = []
        if "lib_mb" in st:
            extra.append(f"mini-racer's library {st['lib_mb']:.0f} MB of it")
        if "v8_heap_mb" in st:
            extra.append(f"V8's heap {st['v8_heap_mb']:.1f} MB")
        more = f"; {', '.join(extra)}" if extra else ""
        parts.append(f"{_STAGE_NAMES.get(st['stage'], st['stage'])} {st['rss']:.0f} "
                     f"({st['anon']:.0f} + {st['file']:.0f}{more})")
    text = ("RSS by stage of serve's start-up, in one fresh process (MB resident = anonymous + "
            "file-backed): " + "; ".join(parts))
    split = [f"{'Pepr' if key == NODE else key} {sp['rss']:.0f} ({sp['anon']:.0f} + "
             f"{sp['file']:.0f})" for key, r in results.items()
             if (sp := r.rss_ready_split) and not r.failure]
    if split:
        text += ". At ready in this run (anonymous + file-backed): " + ", ".join(split)
    return text


# -- wrk ---------------------------------------------------------------------------------------
@dataclass
class WrkRun:
    """One wrk run's figures."""

    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    errors: int
    cpu_s: float = 0.0

    @property
    def rps(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def run_wrk(port: int, route: str, seconds: float, body: Path, script: Path,
            pid: int) -> WrkRun:
    """Load one route for `seconds`; CPU of the server's tree measured around it."""
    env = {**os.environ, "HOSTRT_WRK_BODY": str(body), "HOSTRT_WRK_ROUTE": route,
           "HOSTRT_WRK_API": API_PATH}
    cpu0 = tree_cpu(pid)
    proc = subprocess.run(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s",
                           "--timeout", "10s", "-s", str(script), f"https://127.0.0.1:{port}/"],
                          capture_output=True, text=True, env=env, timeout=seconds + 60)
    cpu = tree_cpu(pid) - cpu0
    for line in proc.stdout.splitlines():
        if line.startswith("HOSTRT_WRK "):
            d = json.loads(line[len("HOSTRT_WRK "):])
            errors = sum(int(d[k]) for k in ("status", "connect", "read", "write", "timeout"))
            return WrkRun(int(d["requests"]), d["duration_us"] / 1e6, d["p50"] / 1000.0,
                          d["p90"] / 1000.0, d["p99"] / 1000.0, errors, cpu)
    raise RuntimeError(f"wrk gave no result (exit {proc.returncode}): {proc.stderr[-500:]}")


# -- servers under test ----------------------------------------------------------------------
@dataclass
class Served:
    """A server being measured."""

    pid: int
    port: int
    ready_s: float


@dataclass
class ServerResult:
    """Everything measured on one server."""

    label: str
    ready_s: float = 0.0
    ready_runs: list[float] = field(default_factory=list)   # every start's ready time
    rss_ready_mb: float = 0.0
    rss_total_mb: float = 0.0
    rss_ready_split: dict[str, float] = field(default_factory=dict)  # rss, anon, file (MB)
    total_requests: int = 0
    routes: dict[str, WrkRun] = field(default_factory=dict)   # each route's rounds combined
    rounds: dict[str, list[WrkRun]] = field(default_factory=dict)
    errors: int = 0
    failure: str = ""

    def add(self, route: str, run: WrkRun) -> None:
        """Record one round of a route (and the requests it answered)."""
        self.rounds.setdefault(route, []).append(run)
        runs = self.rounds[route]
        self.routes[route] = WrkRun(
            sum(r.requests for r in runs), sum(r.seconds for r in runs),
            statistics.median(r.p50_ms for r in runs), statistics.median(r.p90_ms for r in runs),
            statistics.median(r.p99_ms for r in runs), sum(r.errors for r in runs),
            sum(r.cpu_s for r in runs))
        self.total_requests += run.requests
        self.errors += run.errors


def _healthz(port: int) -> int:
    from hostrt.pepr.live import _healthz as probe
    return probe(port)


@contextmanager
def hostrt_server(bundle: Path, cert: Path, key: Path, workers: int,
                  env: dict[str, str], engine: str | None = None) -> Iterator[Served]:
    """`hostrt serve` as a user starts it (`--engine ENGINE` when given); ready at its first
    /healthz 200."""
    cmd = [sys.executable, "-m", "hostrt.cli", "serve", str(bundle), "--port", "0", "--host",
           "127.0.0.1", "--tls-cert", str(cert), "--tls-key", str(key), "--api-path", API_PATH,
           "--role", "admission"]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    if engine:
        cmd += ["--engine", engine]
    errfile = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errfile,
                            stdin=subprocess.DEVNULL, env={**os.environ, **env})
    try:
        port = 0
        while True:
            if proc.poll() is not None or time.monotonic() - started > 120:
                errfile.seek(0)
                raise RuntimeError(f"hostrt serve did not become ready: "
                                   f"{errfile.read().decode(errors='replace')[-1500:]}")
            if not port:
                errfile.seek(0)
                text = errfile.read().decode(errors="replace")
                listening = [ln for ln in text.splitlines() if "listening on https://" in ln]
                if len(listening) >= workers:
                    port = int(listening[0].split("https://", 1)[1].split()[0].rsplit(":", 1)[1])
            if port and _healthz(port) == 200:
                break
            time.sleep(0.01)
        yield Served(proc.pid, port, time.monotonic() - started)
    finally:
        stop(proc, 20)
        errfile.close()


@contextmanager
def pepr_server(bundle: Path, cert: Path, key: Path, env: dict[str, str]) -> Iterator[Served]:
    """Real Pepr's controller (hostrt/pepr/live.py)."""
    from hostrt.pepr.live import pepr_controller
    with pepr_controller(bundle, cert=cert, key=key, api_path=API_PATH,
                         log_level=env.get("LOG_LEVEL", "info")) as live:
        yield Served(live.pid, live.port, live.ready_s)


def measure_all(starters: dict[str, Callable[[], Any]], seconds: float, total: int,
                body: Path, script: Path, rounds: int = 2,
                starts: int = 3) -> dict[str, ServerResult]:
    """Start every server `starts` times, one after the other (each ready time is taken alone;
    the last start stays up), then load them in turns — each route in `rounds` rounds, servers
    interleaved, so the machine's background load falls on all of them alike — then more
    alternating load, in turns, until each has answered `total` requests; RSS after."""
    results = {key: ServerResult(key) for key in starters}
    with ExitStack() as stack:
        served: dict[str, Served] = {}
        for key, start in starters.items():
            readies: list[float] = []
            try:
                for _ in range(starts - 1):
                    with start() as once:
                        readies.append(once.ready_s)
                s = stack.enter_context(start())
            except Exception as exc:  # a server that cannot run is reported, never estimated
                results[key].failure = str(exc)[-600:]
                continue
            served[key] = s
            readies.append(s.ready_s)
            results[key].ready_runs = readies
            results[key].ready_s = statistics.median(readies)
            results[key].rss_ready_split = split = tree_rss_split(s.pid)
            results[key].rss_ready_mb = split["rss"]

        def load(key: str, route: str, secs: float) -> WrkRun | None:
            s, res = served[key], results[key]
            if res.failure:
                return None
            try:
                run = run_wrk(s.port, route, secs, body, script, s.pid)
            except Exception as exc:
                res.failure = str(exc)[-600:]
                return None
            return run

        for route in ROUTES:
            for _ in range(rounds):
                for key in served:
                    run = load(key, route, seconds / rounds)
                    if run is not None:
                        results[key].add(route, run)
        while True:
            behind = [k for k in served if not results[k].failure
                      and results[k].total_requests < total]
            if not behind:
                break
            for key in behind:
                res = results[key]
                rate = max(res.routes["alternate"].rps if "alternate" in res.routes else 0, 1.0)
                secs = min(30.0, max(1.0, (total - res.total_requests) / rate * 1.05))
                run = load(key, "alternate", secs)
                if run is None or run.requests == 0:
                    res.failure = res.failure or "no request answered under load"
                    continue
                res.total_requests += run.requests
                res.errors += run.errors
        for key, s in served.items():
            results[key].rss_total_mb = tree_rss_mb(s.pid)
    return results


def _series(res: ServerResult | None, value: Callable[[ServerResult], float | None],
            label: str, given: Callable[[ServerResult], dict[str, float]] | None = None
            ) -> Series | None:
    if res is None or res.failure:
        return None
    if given is not None:
        return Series([], label=label, given=given(res))
    v = value(res)
    return None if v is None else Series([v], label=label)


def _floor_notes(results: dict[str, ServerResult],
                 floor: tuple[float, float] | None) -> tuple[str, str]:
    """What the ready-time and RSS goals leave once the floor is paid (see `_FLOOR`)."""
    if floor is None:
        return "", ""
    secs, mb = floor
    ready = (f"floor in this run: a Python process that imports hostrt serve's HTTP stack "
             f"(aiohttp, uvloop, prometheus_client) and starts one bare mini-racer isolate (no "
             f"shim, no module) answers after {secs:.2f} s, {secs / 0.5:.0%} of the 0.5 s goal")
    pepr = results.get(NODE)
    rss = f"floor in this run: that same bare process holds {mb:.0f} MB"
    if pepr is not None and not pepr.failure and pepr.rss_ready_mb:
        left = 0.5 * pepr.rss_ready_mb - mb
        rss += (f", {mb / pepr.rss_ready_mb:.2f}x Pepr's RSS at ready: " +
                (f"a 0.5x goal leaves {left:.0f} MB for the shims, the module and its Stores"
                 if left >= 0 else f"over a 0.5x goal by {-left:.0f} MB before any shim or "
                 "module is loaded"))
    return ready, rss


def measurements(results: dict[str, ServerResult], seconds: float, total: int,
                 floor: tuple[float, float] | None = None,
                 stages: list[dict[str, Any]] | None = None) -> list[Measurement]:
    """The rows of the group from the servers' results (`floor`: `measure_floor`'s; `stages`:
    `measure_stages`')."""
    labels = {HOSTRT: "hostrt serve (1 process, mini-racer)", NODE: "Pepr 1.1.4 controller (node)",
              STPYV8: "hostrt serve --engine stpyv8 (1 process)",
              WORKERS2: "hostrt serve --workers 2"}
    method = (f"wrk -t1 -c{CONNECTIONS} over HTTPS, keep-alive, {seconds:g} s per route per "
              "server in rounds taken in turns (req/s: median of rounds; latency: median of the "
              f"rounds' percentiles), hello-pepr {REQUEST}; LOG_LEVEL=info on both sides (logs "
              "to /dev/null)")
    rows: list[Measurement] = []

    def row(name: str, title: str, unit: str, stats: tuple[Any, ...], better: Any,
            value: Callable[[ServerResult], float | None],
            given: Callable[[ServerResult], dict[str, float]] | None = None,
            target: Target | None = None, params: dict[str, Any] | None = None,
            how: str = method,
            samples: Callable[[ServerResult], list[float]] | None = None) -> None:
        runtimes: dict[str, Series] = {}
        for key, label in labels.items():
            s = _series(results.get(key), value, label, given)
            if s is not None and samples is not None and len(samples(results[key])) > 1:
                s = Series(samples(results[key]), label=label)
            if s is not None:
                runtimes[key] = s
        if HOSTRT not in runtimes:
            res = results.get(HOSTRT)
            why = (res.failure if res is not None and res.failure else
                   "not run" if res is None else "not reached in this run")
            rows.append(Measurement.unavailable(GROUP, name, title, f"hostrt serve: {why}"))
            return
        rows.append(Measurement(GROUP, name, title, unit, runtimes, stats=stats, better=better,
                                method=how, target=target, params=params or {}))

    for route in ROUTES:
        where = {"mutate": "/mutate", "validate": "/validate",
                 "alternate": "/mutate and /validate alternating"}[route]
        row(f"{route}-rps", f"{where}: requests per second", "req/s", ("median",), "higher",
            lambda r, k=route: r.routes[k].rps if k in r.routes else None,
            target=Target(2.0, stat="median", op=">=", of_node=True),
            samples=lambda r, k=route: [x.rps for x in r.rounds.get(k, [])])
        row(f"{route}-latency", f"{where}: latency p50 / p99 (wrk)", "ms", ("p50", "p99"),
            "lower", lambda r: None,
            given=lambda r, k=route: {"p50": r.routes[k].p50_ms, "p99": r.routes[k].p99_ms,
                                      "p90": r.routes[k].p90_ms, "n": r.routes[k].requests},
            target=Target(1.0, stat="p99", op="<=", of_node=True),
            params={f"p90 {k}": round(res.routes[route].p90_ms, 3)
                    for k, res in results.items() if route in res.routes})
        row(f"{route}-cpu", f"{where}: CPU seconds per 1,000 requests", "s", ("median",),
            "lower", lambda r, k=route: (r.routes[k].cpu_s / r.routes[k].requests * 1000.0
                                         if k in r.routes and r.routes[k].requests else None))
    ready_note, rss_note = _floor_notes(results, floor)
    if stages:
        rss_note = "; ".join(n for n in (rss_note, stages_note(stages, results)) if n)
    row("ready", "ready time: process start to the first 200 from /healthz", "s", ("median",),
        "lower", lambda r: r.ready_s, target=Target(0.5, stat="median", op="<="),
        how="spawn to the first 200 from GET /healthz (polled every 10 ms), median of each "
            "server's starts, taken alone before the load; Pepr's include its random 0-3 s wait "
            "before reading the PeprStore; hostrt's very first start of a bundle file also runs "
            "esbuild's graph discovery, which later starts find in $HOSTRT_HOME/graph-cache",
        params={"note": ready_note} if ready_note else None,
        samples=lambda r: r.ready_runs)
    row("rss-ready", "RSS at ready (process tree)", "MB", ("median",), "lower",
        lambda r: r.rss_ready_mb, target=Target(0.5, stat="median", op="<=", of_node=True),
        how="VmRSS summed over the server's process tree, right after ready",
        params={"note": rss_note} if rss_note else None)
    row("rss-200k", f"RSS after {total:,} requests (process tree)", "MB", ("median",), "lower",
        lambda r: r.rss_total_mb if r.total_requests >= total else None,
        target=Target(0.5, stat="median", op="<=", of_node=True),
        how="VmRSS summed over the server's process tree after the routes and alternating load "
            f"up to {total:,} answered requests")
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    from hostrt.bench.harness import machine_facts
    facts = machine_facts(None)
    where = (f"measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
             f"{facts.get('cpu')}, {facts.get('cores')} cores, load average {load} (1/5/15 min) "
             "when the rows were made: wrk and everything else on the machine share its cores")
    for m in rows:
        if m.available:
            m.method += f"; {where}"
    # A server that could not run (STPyV8 not installed, say) is named on every row, with why.
    missing = {labels.get(k, k): r.failure for k, r in results.items() if r.failure}
    if missing:
        for m in rows:
            if m.available:
                m.params["not measured"] = missing
    errors = {k: r.errors for k, r in results.items()}
    if any(errors.values()):
        for m in rows:
            m.params["wrk errors (non-2xx, socket)"] = errors
    return rows


def wrk_missing(group: str, name: str, title: str) -> list[Measurement] | None:
    """The row of a group that needs `wrk` when it is not installed, else None."""
    if shutil.which("wrk") is not None:
        return None
    return [Measurement.unavailable(group, name, title, "wrk is not installed (Debian package "
                                    "`wrk`; .ci/system-deps installs it)")]


def built_bundle() -> Path:
    """hello-pepr's `npx pepr build` bundle, shipped with hostrt (both servers serve it)."""
    from hostrt.resources import data_path
    built = data_path("modules/hello-pepr-built")
    return next(p for p in sorted(built.glob("pepr-*.js")) if not p.name.startswith("pepr-module"))


def server_starters(work: Path, workers: dict[str, int] | None = None,
                    engines: dict[str, str] | None = None) -> dict[str, Callable[[], Any]]:
    """`hostrt serve` (one process), Pepr's controller when Node is on PATH, `hostrt serve
    --engine E` per `engines` key (one process each), then `hostrt serve --workers N` per
    `workers` key, as context managers to start: hello-pepr's bundle, one self-signed
    certificate (written into `work`), the same API path and LOG_LEVEL (info, Pepr's default)
    on all."""
    from hostrt.serve.tls import generate_self_signed
    bundle = built_bundle()
    certs = generate_self_signed(work / "tls.crt", work / "tls.key")
    env = {"LOG_LEVEL": "info"}
    starters: dict[str, Callable[[], Any]] = {
        HOSTRT: lambda: hostrt_server(bundle, certs.cert, certs.key, 1, env)}
    if shutil.which("node") is not None:
        starters[NODE] = lambda: pepr_server(bundle, certs.cert, certs.key, env)
    for key, engine in (engines or {}).items():
        starters[key] = lambda e=engine: hostrt_server(bundle, certs.cert, certs.key, 1, env, e)
    for key, n in (workers or {}).items():
        starters[key] = lambda n=n: hostrt_server(bundle, certs.cert, certs.key, n, env)
    return starters


@workload(group=GROUP, name="https", title="hostrt serve vs Pepr's controller over HTTPS",
          needs_node=False)
def serve_https(ctx: BenchContext) -> list[Measurement]:
    """The whole group: three servers measured one after the other on the same machine."""
    missing = wrk_missing(GROUP, "https", "hostrt serve vs Pepr's controller over HTTPS")
    if missing:
        return missing
    from hostrt.resources import data_path
    body = data_path(f"modules/hello-pepr/requests/{REQUEST}")
    seconds = max(1.0, 10.0 * ctx.scale)
    total = max(1000, int(TOTAL * ctx.scale))
    work = Path(tempfile.mkdtemp(prefix="hostrt-bench-serve-", dir=ctx.workdir))
    script = work / "load.lua"
    script.write_text(_WRK_LUA)
    from hostrt.engine import engine_installed
    stpyv8 = engine_installed("stpyv8")
    starters = server_starters(work, {WORKERS2: 2}, {STPYV8: "stpyv8"} if stpyv8 else None)
    floor = measure_floor()  # before the servers, so it shares the run's machine load
    stages = measure_stages(built_bundle())
    if stages is None:
        ctx.notes.append("serve: the RSS breakdown by start-up stage could not be measured")
    results = measure_all(starters, seconds, total, body, script)
    if not stpyv8:
        results[STPYV8] = ServerResult("stpyv8", failure="not installed: the STPyV8 engine is "
                                       "the optional extra (pip install 'hostrt[stpyv8]')")
    if NODE not in starters:
        results[NODE] = ServerResult("pepr", failure="Node.js is not on PATH")
    for key, res in results.items():
        if res.failure:
            ctx.notes.append(f"serve: {key} could not be measured: {res.failure}")
    return measurements(results, seconds, total, floor, stages)
