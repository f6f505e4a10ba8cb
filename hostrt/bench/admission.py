"""`admission` group: hello-pepr's /mutate and /validate, the cost decomposed.

Rows, all from one run (see `hostrt.bench.peprwork` for exactly what each side runs):

- (a) **runtime cost** `runtime-<route>`: hostrt's own Pepr, the same bundle, in Node and in
  hostrt on each engine backend. Identical JavaScript: the difference is leaving Node.
- (b) **real Pepr** `real-pepr-<route>`: real Pepr 1.1.4's processors and route, bundled whole,
  in Node and in hostrt on each backend: what the ADR's embedded-V8 plan would have run.
- (c) **implementation** `implementation-<route>`: hostrt's Pepr against real Pepr, both in
  Node. A difference of implementations, never a runtime result.
- `both-routes`: the one-crossing variant (hostrt dispatches both routes at once).
- `floor-tick`, `floor-dispatch`: the crossing floor per backend (an empty tick; a dispatch of a
  handler that returns its argument): how much of a request is the hand-off itself.

Goals (checked here, never by timed tests): (a) and (b) on STPyV8, p50 <= 1.5x Node per route.
"""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

from hostrt.bench import peprwork
from hostrt.bench.harness import BenchContext, BenchError
from hostrt.bench.registry import (
    NODE,
    Measurement,
    Series,
    Target,
    installed_engines,
    runtime_key,
    workload,
)

GOAL = 1.5            # p50 <= GOAL x Node's, per route, on the goal engine
GOAL_ENGINE = "stpyv8"
NODE_HOSTRT_PEPR = "node: hostrt's Pepr"
REQUEST = "04-create-configmap-example-1.json"
KINDS = {"runtime": "a", "real-pepr": "b", "implementation": "c"}


def hello_pepr(ctx: BenchContext) -> tuple[Path, Path]:
    """The hello-pepr module folder and its ConfigMap CREATE request."""
    from hostrt.bench.harness import fixture
    module = fixture("modules/hello-pepr")
    return module, module / "requests" / REQUEST


def goal_target(engines: list[str]) -> Target | None:
    """p50 <= 1.5x Node's, judged on the goal engine when it is installed."""
    if GOAL_ENGINE not in engines:
        return None
    return Target(GOAL, "p50", of_node=True, runtimes=(runtime_key(GOAL_ENGINE),))


def decomposed(ctx: BenchContext, group: str, prefix: str, title: str,
               runs: dict[str, dict[str, peprwork.SideRun]], engines: list[str],
               routes: tuple[str, ...], params: dict[str, Any], method: str,
               target: Target | None = None) -> list[Measurement]:
    """The (a), (b), (c) rows for each route from one `peprwork.run_all` result.

    `prefix` names the point (e.g. '' or 'bindings-100-'); a route 'pair' sums each request's
    mutate and validate times (two crossings), for groups that show one row per point.
    """
    rows: list[Measurement] = []
    shim, real = runs["shim"], runs.get("real")

    def with_kind(kind: str, route: str, sides: dict[str, peprwork.SideRun]) -> dict[str, Any]:
        out = {**params, "decomposition": kind, "route": route, "same_answer": same(sides, route)}
        if "series" in params:  # one chart per decomposition
            out["series"] = f"({KINDS[kind]}) {params['series']}"
        return out

    def samples(side: peprwork.SideRun, route: str) -> list[float]:
        if route == "pair":
            return [a + b for a, b in zip(side.samples["mutate"], side.samples["validate"],
                                          strict=True)]
        return side.samples[route]

    def same(sides: dict[str, peprwork.SideRun], route: str) -> bool:
        names = peprwork.ROUTES if route == "pair" else (route,)
        return all(peprwork.same_answers(sides, r) for r in names)

    def engine_series(sides: dict[str, peprwork.SideRun], route: str,
                      what: str) -> dict[str, Series]:
        return {runtime_key(e): Series(samples(sides[e], route), f"{what} in hostrt on {e}: "
                                       "one Host.dispatch per request")
                for e in engines if e in sides}
    for route in routes:
        label = "mutate + validate (two requests)" if route == "pair" else f"/{route}"
        rows.append(Measurement(
            group=group, name=f"{prefix}runtime-{route}",
            title=f"(a) runtime cost, {title}{label}: hostrt's Pepr, the same JS in Node and "
                  "hostrt", unit="µs", stats=("p50", "p99"), target=target,
            params=with_kind("runtime", route, shim),
            method=method,
            runtimes={NODE: Series(samples(shim["node"], route), "hostrt's Pepr (shims/pepr) "
                                   "in Node: the same bundle, the handler it registers"),
                      **engine_series(shim, route, "hostrt's Pepr")}))
        if real is not None:
            rows.append(Measurement(
                group=group, name=f"{prefix}real-pepr-{route}",
                title=f"(b) real Pepr 1.1.4 in embedded V8, {title}{label}", unit="µs",
                stats=("p50", "p99"), target=target,
                params=with_kind("real-pepr", route, real),
                method=method,
                runtimes={NODE: Series(samples(real["node"], route), "real Pepr 1.1.4 "
                                       "processors + route, bundled whole, in Node"),
                          **engine_series(real, route, "the same real-Pepr bundle")}))
            both = {"shim": shim["node"], "real": real["node"]}
            rows.append(Measurement(
                group=group, name=f"{prefix}implementation-{route}",
                title=f"(c) implementation difference (not a runtime result), {title}{label}: "
                      "hostrt's Pepr vs real Pepr, both in Node", unit="µs",
                stats=("p50", "p99"),
                params=with_kind("implementation", route, both),
                method=method,
                runtimes={NODE: Series(samples(real["node"], route),
                                       "real Pepr 1.1.4 in Node"),
                          NODE_HOSTRT_PEPR: Series(samples(shim["node"], route),
                                                   "hostrt's Pepr in Node")}))
    return rows


@workload(group="admission", name="hello-pepr", title="hello-pepr /mutate and /validate, "
          "decomposed: (a) runtime, (b) real Pepr, (c) implementation")
async def hello(ctx: BenchContext) -> list[Measurement]:
    """(a), (b), (c) per route, the one-crossing variant, and the crossing floor."""
    module, request = hello_pepr(ctx)
    engines = installed_engines()
    n, warmup = ctx.n(400, minimum=10) * ctx.runs, ctx.n(100, minimum=5) * max(ctx.warmup, 1)
    log_level = "info"
    bundles = peprwork.build(ctx, module, "hello-pepr", log_level)
    runs = await peprwork.run_all(ctx, bundles, request, n, warmup, engines, both=True,
                                  rounds=ctx.runs)
    params = {"module": "hello-pepr", "request": REQUEST, "requests": n, "log_level": log_level}
    method = (f"{n} requests per route after {warmup} warm-up, /mutate then /validate as "
              "separate requests; hostrt: perf_counter around each Host.dispatch (JSON in, "
              "tick, JSON out); Node: hrtime around JSON.parse(payload), the handler, "
              f"JSON.stringify(answer); LOG_LEVEL={log_level} on every side, logs to a file "
              f"in each runtime; every side loaded at once and timed in {ctx.runs} rounds taken "
              "in turns (order reversed every other round), warm-up in the first round only")
    rows = decomposed(ctx, "admission", "", "hello-pepr ConfigMap ", runs, engines,
                      peprwork.ROUTES, params, method, goal_target(engines))
    if bundles.real is None:
        rows.append(Measurement.unavailable("admission", "real-pepr", "(b) real Pepr 1.1.4 in "
                                            "embedded V8", bundles.real_missing))
    shim = runs["shim"]
    rows.append(Measurement(
        group="admission", name="both-routes",
        title="variant (one crossing): hostrt's Pepr, both routes in one dispatch",
        unit="µs", stats=("p50", "p99"),
        params={**params, "decomposition": "variant", "route": "both",
                "same_answer": peprwork.same_answers(shim, "both")},
        method=method + "; hostrt dispatches pepr.admission.both (one crossing for both "
        "routes, not how a cluster calls), Node calls the same handler",
        runtimes={NODE: Series(shim["node"].samples["both"], "hostrt's Pepr in Node: the "
                               "pepr.admission.both handler"),
                  **{runtime_key(e): Series(shim[e].samples["both"], f"Host.dispatch("
                                            f"'pepr.admission.both') on {e}") for e in engines}}))
    rows += await crossing_floor(ctx, engines, n, warmup)
    return rows


_NOOP_JS = "require('hostrt:bridge').handle('bench.noop', (x) => x);\n"


async def crossing_floor(ctx: BenchContext, engines: list[str], n: int,
                         warmup: int) -> list[Measurement]:
    """Per backend: an empty tick (the engine call alone) and a no-op dispatch (the whole
    hand-off: inbox JSON, the asyncio turn, tick, outbox JSON), each after `warmup` untimed
    calls, as the requests' rows warm up first too."""
    from hostrt.host import Host, HostOptions
    module = ctx.write("floor.js", _NOOP_JS)
    empty = json.dumps({"now": 0, "items": []})
    ticks: dict[str, list[float]] = {}
    dispatches: dict[str, list[float]] = {}
    for engine in engines:
        opts = HostOptions(stdout=io.StringIO(), stderr=io.StringIO(), timeout=30, engine=engine)
        async with Host(opts) as host:
            await host.load(module)
            eng = host._engine
            if eng is None:
                raise BenchError(f"the {engine} engine did not start")
            t, d = [], []
            for _ in range(warmup):
                eng.tick(empty)
            for _ in range(n):
                t0 = time.perf_counter_ns()
                eng.tick(empty)
                t.append((time.perf_counter_ns() - t0) / 1000)
            for i in range(warmup):
                await host.dispatch("bench.noop", i)
            for i in range(n):
                t0 = time.perf_counter_ns()
                await host.dispatch("bench.noop", i)
                d.append((time.perf_counter_ns() - t0) / 1000)
            ticks[runtime_key(engine)], dispatches[runtime_key(engine)] = t, d
    params = {"decomposition": "floor", "calls": n, "warmup": warmup}
    return [
        Measurement(group="admission", name="floor-tick",
                    title="crossing floor: one empty tick (engine call, JSON both ways)",
                    unit="µs", stats=("p50", "p99"), params=params,
                    method=f"{n} engine.tick(empty inbox) from Python after {warmup} untimed, "
                    "each timed with "
                    "perf_counter; hostrt only (Node has no crossing). On mini-racer a tick "
                    "wakes V8's own thread, which costs more when the other core is idle: "
                    "the row is higher on a quiet machine than under load",
                    runtimes={rt: Series(s, f"engine.tick on {rt}") for rt, s in ticks.items()}),
        Measurement(group="admission", name="floor-dispatch",
                    title="crossing floor: Host.dispatch of a handler returning its argument",
                    unit="µs", stats=("p50", "p99"), params=params,
                    method=f"{n} sequential Host.dispatch('bench.noop', i) after {warmup} "
                    "untimed: inbox JSON, the "
                    "asyncio turn, tick, outbox JSON; hostrt only",
                    runtimes={rt: Series(s, f"Host.dispatch on {rt}")
                              for rt, s in dispatches.items()}),
    ]
