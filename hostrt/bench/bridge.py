"""`bridge` group: what crossing between JS and Python costs, beside Node's nearest equivalent.

Node has no host boundary, so its column runs the same JS loops with the host call replaced by
one event-loop turn (`setImmediate` echo: the closest thing to an I/O round trip) and, as a second
reference, by `await Promise.resolve(i)` (a bare microtask). mini-racer's own
`wrap_py_function` runs beside hostrt's bridge in the same process and the same run.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from hostrt.bench.harness import BenchContext
from hostrt.bench.registry import (
    HOSTRT,
    NODE,
    Measurement,
    Series,
    Target,
    engine_runtime,
    other_engines,
    workload,
)

RAW = "mini-racer"
NODE_MICROTASK = "node: Promise.resolve"

HOST_JS = r"""
const bridge = require('hostrt:bridge');
bridge.handle('bench.concurrent', async (n) => {
  const calls = [];
  for (let i = 0; i < n; i++) calls.push(bridge.call('bench.echo', i));
  const got = await Promise.all(calls);
  if (got[n - 1] !== n - 1) throw new Error('echo mismatch');
  return got.length;
});
bridge.handle('bench.sequential', async (n) => {
  for (let i = 0; i < n; i++) {
    if (await bridge.call('bench.echo', i) !== i) throw new Error('echo mismatch');
  }
  return n;
});
bridge.handle('bench.noop', (x) => x);
"""

RAW_JS = r"""
globalThis.benchSequential = async (f, n) => {
  for (let i = 0; i < n; i++) { if (await f(i) !== i) throw new Error('echo mismatch'); }
  return n;
};
globalThis.benchConcurrent = async (f, n) => {
  const calls = [];
  for (let i = 0; i < n; i++) calls.push(f(i));
  return (await Promise.all(calls)).length;
};
"""

# argv: mode n runs warmup -> prints {"samples": [...]} in µs.
NODE_JS = r"""
const vm = require('vm');
const [arg, n, runs, warmup] = [process.argv[2], ...process.argv.slice(3).map(Number)];
// "<mode>-cpu": one sample per run, the process's CPU time (user + system) per operation.
const cpu = arg.endsWith('-cpu');
const mode = cpu ? arg.slice(0, -4) : arg;
const now = () => process.hrtime.bigint();
const us = (a, b) => Number(b - a) / 1000;
const immediate = (i) => new Promise((resolve) => setImmediate(() => resolve(i)));
const microtask = (i) => Promise.resolve(i);
const echo = mode.endsWith('-micro') ? microtask : immediate;
async function handler(x) { return x; }
async function one(keep) {
  const c0 = process.cpuUsage();
  const samples = await body();
  const c = process.cpuUsage(c0);
  if (cpu) return keep ? [(c.user + c.system) / n] : [];
  return keep ? samples : [];
}
async function body() {
  const samples = [];
  if (mode.startsWith('concurrent')) {
    const t0 = now();
    const calls = [];
    for (let i = 0; i < n; i++) calls.push(echo(i));
    const got = await Promise.all(calls);
    if (got[n - 1] !== n - 1) throw new Error('echo mismatch');
    samples.push(us(t0, now()) / n);
  } else if (mode.startsWith('roundtrip')) {
    for (let i = 0; i < n; i++) {
      const t0 = now();
      if (await echo(i) !== i) throw new Error('echo mismatch');
      samples.push(us(t0, now()));
    }
  } else if (mode === 'dispatch') {
    for (let i = 0; i < n; i++) {
      const t0 = now();
      await handler(i);
      samples.push(us(t0, now()));
    }
  } else if (mode === 'eval') {
    for (let i = 0; i < n; i++) {
      const t0 = now();
      vm.runInThisContext('0');
      samples.push(us(t0, now()));
    }
  }
  return samples;
}
(async () => {
  for (let w = 0; w < warmup; w++) await one(false);
  const all = [];
  for (let r = 0; r < runs; r++) all.push(...await one(true));
  console.log(JSON.stringify({ samples: all }));
})();
"""

NODE_IMMEDIATE = "node: setImmediate echo"


def _node(ctx: BenchContext, mode: str, n: int) -> list[float]:
    doc = ctx.node_json(NODE_JS, mode, str(n), str(ctx.runs), str(ctx.warmup))
    return [float(x) for x in doc["samples"]]


@asynccontextmanager
async def _host(ctx: BenchContext,
                engine: str | None = None) -> AsyncIterator[tuple[Any, list[float]]]:
    """A started Host (on `engine`, default: the run's) with the bench module loaded and a sync
    `bench.echo` op that stamps calls."""
    from hostrt.host import Host, HostOptions
    stamps: list[float] = []

    def echo(x: Any) -> Any:
        stamps.append(time.perf_counter())
        return x

    module = ctx.write("bridge-bench.js", HOST_JS)
    opts = HostOptions(stdout=io.StringIO(), stderr=io.StringIO(), timeout=120)
    if engine is not None:
        opts.engine = engine
    async with Host(opts) as host:
        host.op("bench.echo", echo)
        await host.load(module)
        yield host, stamps


@asynccontextmanager
async def _raw(ctx: BenchContext) -> AsyncIterator[tuple[Any, Any, list[float]]]:
    """A plain MiniRacer on the running loop with one wrapped async Python echo function."""
    from py_mini_racer._mini_racer import mini_racer

    from hostrt.engine import engine_class
    engine_class("mini-racer").init()  # hostrt's V8 flags, before mini-racer starts V8
    stamps: list[float] = []

    async def echo(x: Any) -> Any:
        stamps.append(time.perf_counter())
        return x

    with mini_racer(asyncio.get_running_loop()) as mr:
        async with mr.wrap_py_function(echo) as jsfn:
            mr.eval(RAW_JS)
            yield mr, jsfn, stamps


T = TypeVar("T")


async def _each_engine(measure: Callable[[str | None], Awaitable[T]]) -> tuple[T, dict[str, T]]:
    """`measure` on the run's default engine (None), then on every other installed backend."""
    default = await measure(None)
    return default, {engine: await measure(engine) for engine in other_engines()}


def _engine_series(others: dict[str, T], samples: Callable[[T], list[float]],
                   label: Callable[[str, T], str] | None = None) -> dict[str, Series]:
    """The other backends' figures as `hostrt-<engine>` runtimes of a row."""
    return {engine_runtime(e): Series(samples(v), label(e, v) if label else
                                      f"the same on the {e} engine backend")
            for e, v in others.items()}


def _gaps(stamps: list[float]) -> list[float]:
    """µs between consecutive op arrivals: one full round trip each."""
    return [(b - a) * 1e6 for a, b in itertools.pairwise(stamps)]


@workload(group="bridge", name="concurrent", title="10,000 concurrent awaited host calls")
async def concurrent(ctx: BenchContext) -> list[Measurement]:
    """Amortised µs per call when JS awaits Promise.all of N host calls."""
    n = ctx.n(10_000)

    async def measure(engine: str | None) -> tuple[list[float], list[float]]:
        cpu: list[float] = []
        async with _host(ctx, engine) as (host, _):
            async def run_host() -> float:
                c0, t0 = time.process_time(), time.perf_counter()
                got = await host.dispatch("bench.concurrent", n)
                assert got == n
                cpu.append((time.process_time() - c0) * 1e6 / n)
                return (time.perf_counter() - t0) * 1e6 / n
            wall = await ctx.arepeat(run_host)
        return wall, cpu[ctx.warmup:]
    (hostrt, cpu), others = await _each_engine(measure)
    async with _raw(ctx) as (mr, jsfn, _):
        fn = mr.eval("benchConcurrent")

        async def run_raw() -> float:
            t0 = time.perf_counter()
            await fn(jsfn, n)
            return (time.perf_counter() - t0) * 1e6 / n
        raw = await ctx.arepeat(run_raw)
    return [Measurement(
        group="bridge", name="concurrent", title=f"{n:,} concurrent awaited host calls",
        unit="µs/call", stats=("median", "min", "max"), target=Target(5.0, "median"),
        params={"calls": n},
        method=(f"one Host.dispatch whose JS handler awaits Promise.all of {n:,} "
                "bridge.call('bench.echo', i) (sync Python op); wall time from Python / N, "
                "one figure per run"),
        runtimes={
            HOSTRT: Series(hostrt, "bridge.call('bench.echo', i) -> sync Python op"),
            NODE: Series(_node(ctx, "concurrent", n),
                         "new Promise(r => setImmediate(() => r(i))), timed in Node"),
            NODE_MICROTASK: Series(_node(ctx, "concurrent-micro", n), "Promise.resolve(i)"),
            RAW: Series(raw, "mini-racer wrap_py_function(async echo), same process"),
            **_engine_series(others, lambda v: v[0]),
        }), Measurement(
        group="bridge", name="concurrent-cpu", title=f"{n:,} concurrent host calls: CPU time",
        unit="µs CPU/call", stats=("median", "min", "max"), params={"calls": n},
        method=("the same runs, CPU time of the whole process (all threads: Python and V8) per "
                "call — what the work costs, whatever else the machine is running"),
        runtimes={
            HOSTRT: Series(cpu, "time.process_time() around the dispatch"),
            NODE: Series(_node(ctx, "concurrent-cpu", n), "process.cpuUsage() around the "
                         "setImmediate-echo Promise.all"),
            **_engine_series(others, lambda v: v[1]),
        })]


@workload(group="bridge", name="roundtrip", title="one awaited host call at a time")
async def roundtrip(ctx: BenchContext) -> list[Measurement]:
    """Latency of a single awaited round trip: JS awaits one host call at a time in a loop."""
    n = ctx.n(2_000)

    async def measure(engine: str | None) -> tuple[list[float], list[float]]:
        cpu: list[float] = []
        gaps_all: list[float] = []
        async with _host(ctx, engine) as (host, stamps):
            async def run_host() -> list[float]:
                stamps.clear()
                c0 = time.process_time()
                await host.dispatch("bench.sequential", n)
                cpu.append((time.process_time() - c0) * 1e6 / n)
                return _gaps(stamps)
            for gaps in await ctx.arepeat(run_host):
                gaps_all.extend(gaps)
        return gaps_all, cpu[ctx.warmup:]
    (hostrt, cpu), others = await _each_engine(measure)
    async with _raw(ctx) as (mr, jsfn, raw_stamps):
        fn = mr.eval("benchSequential")
        raw: list[float] = []

        async def run_raw() -> list[float]:
            raw_stamps.clear()
            await fn(jsfn, n)
            return _gaps(raw_stamps)
        for gaps in await ctx.arepeat(run_raw):
            raw.extend(gaps)
    return [Measurement(
        group="bridge", name="roundtrip", title="single awaited host call (round trip)",
        unit="µs", stats=("p50", "p99"), target=Target(200.0, "p50"), params={"calls": n},
        method=(f"JS awaits bridge.call('bench.echo', i) {n:,} times in a loop; each sample is "
                "the time between consecutive arrivals of the call in Python (perf_counter) = "
                "one full round trip; Node times each await with hrtime"),
        runtimes={
            HOSTRT: Series(hostrt, "await bridge.call('bench.echo', i)"),
            NODE: Series(_node(ctx, "roundtrip", n),
                         "await new Promise(r => setImmediate(() => r(i)))"),
            NODE_MICROTASK: Series(_node(ctx, "roundtrip-micro", n), "await Promise.resolve(i)"),
            RAW: Series(raw, "await wrapped async Python echo (wrap_py_function)"),
            **_engine_series(others, lambda v: v[0]),
        }), Measurement(
        group="bridge", name="roundtrip-cpu", title="single awaited host call: CPU time",
        unit="µs CPU/call", stats=("median", "min", "max"), params={"calls": n},
        method=("the same runs, CPU time of the whole process (all threads) per round trip, one "
                "figure per run"),
        runtimes={
            HOSTRT: Series(cpu, "time.process_time() around the sequential dispatch"),
            NODE: Series(_node(ctx, "roundtrip-cpu", n), "process.cpuUsage() around the "
                         "setImmediate-echo loop"),
            **_engine_series(others, lambda v: v[1]),
        })]


@workload(group="bridge", name="dispatch", title="Python -> JS dispatch of a trivial handler")
async def dispatch(ctx: BenchContext) -> Measurement:
    """Host.dispatch of a handler that returns its argument, timed from Python."""
    n = ctx.n(2_000)

    async def measure(engine: str | None) -> list[float]:
        samples: list[float] = []
        async with _host(ctx, engine) as (host, _):
            async def run_host() -> list[float]:
                out = []
                for i in range(n):
                    t0 = time.perf_counter()
                    await host.dispatch("bench.noop", i)
                    out.append((time.perf_counter() - t0) * 1e6)
                return out
            for run in await ctx.arepeat(run_host):
                samples.extend(run)
        return samples
    samples, others = await _each_engine(measure)
    return Measurement(
        group="bridge", name="dispatch", title="Python -> JS dispatch (trivial handler)",
        unit="µs", stats=("p50", "p99"), params={"calls": n},
        method=(f"{n:,} sequential `await Host.dispatch('bench.noop', i)` per run, each timed "
                "with perf_counter (one tick: inbox JSON in, handler, outbox JSON out)"),
        runtimes={
            HOSTRT: Series(samples, "await Host.dispatch('bench.noop', i)"),
            NODE: Series(_node(ctx, "dispatch", n),
                         "await handler(i) of an async JS function (Node has no boundary)"),
            **_engine_series(others, lambda v: v),
        })


@workload(group="bridge", name="eval", title="raw eval of a trivial script")
async def raw_eval(ctx: BenchContext) -> Measurement:
    """The engine's eval of '0' from Python: the floor under every tick."""
    n = ctx.n(2_000)

    async def measure(name: str | None) -> tuple[list[float], str]:
        samples: list[float] = []
        async with _host(ctx, name) as (host, _):
            engine = host._engine

            def run_host() -> list[float]:
                out = []
                for _ in range(n):
                    t0 = time.perf_counter()
                    engine.eval("0")
                    out.append((time.perf_counter() - t0) * 1e6)
                return out
            for run in ctx.repeat(run_host):
                samples.extend(run)
            return samples, type(engine).__name__
    (samples, cls), others = await _each_engine(measure)
    return Measurement(
        group="bridge", name="eval", title="raw eval('0') from the host",
        unit="µs", stats=("p50", "p99"), params={"calls": n},
        method=f"{n:,} sequential engine.eval('0') per run, each timed with perf_counter",
        runtimes={
            HOSTRT: Series(samples, f"{cls}.eval('0')"),
            NODE: Series(_node(ctx, "eval", n), "vm.runInThisContext('0')"),
            **_engine_series(others, lambda v: v[0], lambda _e, v: f"{v[1]}.eval('0')"),
        })


@workload(group="bridge", name="tick-cost", title="where a host call's time goes (hostrt only)",
          needs_node=False)
async def tick_cost(ctx: BenchContext) -> list[Measurement]:
    """Split of the bridge's cost: the empty tick, and per call for a 10,000-call batch."""
    import json
    n = ctx.n(10_000)
    parts: dict[str, list[float]] = {k: [] for k in (
        "empty", "outbox", "decode", "encode", "inbox")}
    async with _host(ctx) as (host, _):
        engine = host._engine
        empty = json.dumps({"now": 0, "items": []})

        def run() -> None:
            for _ in range(ctx.n(500)):
                t0 = time.perf_counter()
                engine.tick(empty)
                parts["empty"].append((time.perf_counter() - t0) * 1e6)
            # JS issues n calls (untimed), then one tick returns them all.
            engine.eval(f"for (let i = 0; i < {n}; i++) __hostrt.bridge.call('bench.echo', i)")
            t0 = time.perf_counter()
            outbox = engine.tick(empty)
            t1 = time.perf_counter()
            calls = json.loads(outbox)["out"]
            t2 = time.perf_counter()
            inbox = json.dumps({"now": 0, "items": [["r", c[0], True, c[2][0]] for c in calls]},
                               separators=(",", ":"))
            t3 = time.perf_counter()
            engine.tick(inbox)
            t4 = time.perf_counter()
            for key, a, b in (("outbox", t0, t1), ("decode", t1, t2), ("encode", t2, t3),
                              ("inbox", t3, t4)):
                parts[key].append((b - a) * 1e6 / n)
        ctx.repeat(run)
    # repeat() ran the warm-ups too: drop their samples.
    for key, samples in parts.items():
        per_run = len(samples) // (ctx.warmup + ctx.runs)
        parts[key] = samples[per_run * ctx.warmup:]
    rows = [
        ("empty", "one empty tick (eval of __hostrt.tick + JSON both ways)", "µs"),  # p50
        ("outbox", f"tick returning {n:,} queued calls (JSON.stringify, string to Python)",
         "µs/call"),
        ("decode", f"json.loads of that outbox in Python ({n:,} calls)", "µs/call"),
        ("encode", f"json.dumps of {n:,} results in Python", "µs/call"),
        ("inbox", f"tick delivering {n:,} results (string to V8, JSON.parse, settle, drain)",
         "µs/call"),
    ]
    return [Measurement(
        group="bridge", name=f"tick-{key}", title=title, unit=unit,
        stats=("p50", "p99") if key == "empty" else ("median", "max"),
        params={"calls": n}, method="hostrt only, timed with perf_counter around each step",
        runtimes={HOSTRT: Series(parts[key], title)}) for key, title, unit in rows]
