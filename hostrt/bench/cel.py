"""`hostrt bench cel`: does moving CEL to the host pay? The ADR's fourth pro, measured.

Twenty ValidatingAdmissionPolicy-style expressions (hostrt/bench/cel_workload.json) on a
realistic Deployment, in one run:

- `hostrt`, `hostrt-<engine>`: the host function — `require('hostrt:cel')` (cel-expr-python,
  CEL's C++ implementation) — called from JS on each engine backend (synchronous on stpyv8, a
  Promise and one crossing per call on mini-racer);
- `bufbuild@<engine>`: `@bufbuild/cel`, a CEL evaluator written in JavaScript, in hostrt;
- `node`: the same `@bufbuild/cel` in Node (the ratio column's reference);
- `evaluator`: cel-expr-python called from Python with no JS at all — what the host function
  costs without crossing. "crossing" rows are host function minus evaluator, per expression.

The same JS file (hostrt/bench/cel_bench.js) holds the timed loops for every JS runtime; Node
times them with process.hrtime, hostrt with perf_counter around each `Host.dispatch` (whose own
cost, one crossing, is spread over the loop's n operations). The hostrt sides and the evaluator
run interleaved (run 1 of each, then run 2 of each, …) in one process; Node runs after them.
Every runtime's 20 answers are compared with the evaluator's; a runtime that answers
differently is reported and left out.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import statistics
import time
from importlib import resources
from pathlib import Path
from typing import Any

from hostrt.bench.harness import BenchContext, BenchError
from hostrt.bench.registry import (
    HOSTRT,
    NODE,
    Measurement,
    Series,
    installed_engines,
    runtime_key,
    workload,
)

GROUP = "cel"
EVALUATOR = "evaluator"
FILES = ("cel_bench.js", "cel_workload.json")


def workload_doc() -> dict[str, Any]:
    """The 20 expressions, the Deployment and the other variables."""
    text = resources.files("hostrt.bench").joinpath("cel_workload.json").read_text("utf-8")
    return dict(json.loads(text))


def bench_dir() -> Path:
    """The bench files, copied into hostrt's npm folder (so @bufbuild/cel resolves)."""
    from hostrt.loader.npm import ensure_installed
    target = ensure_installed() / "hostrt-cel"
    target.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        text = resources.files("hostrt.bench").joinpath(name).read_text("utf-8")
        path = target / name
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, encoding="utf-8")
    return target


_sources = itertools.count(1)


def variant(k: int) -> str:
    """The whitespace prefix cel_bench.js puts before a source for compile run k (the same
    function): distinct sources for one program, so no compile cache answers."""
    out = " "
    while k > 0:
        out += " \t\n"[k % 3]
        k //= 3
    return out


def _fresh(count: int) -> int:
    """The first of `count` source variants no side of this process has compiled yet."""
    first = next(_sources)
    for _ in range(count - 1):
        next(_sources)
    return first


def bufbuild_key(engine: str) -> str:
    """The runtime key of @bufbuild/cel run in hostrt on `engine`."""
    return f"bufbuild@{engine}"


class _HostSide:
    """One Host with cel_bench.js loaded, on one engine, measuring one implementation."""

    def __init__(self, engine: str, impl: str) -> None:
        self.engine, self.impl = engine, impl
        self.out: dict[str, Any] = {"evaluate": [], "request": [], "compile": []}
        self.host: Any = None

    async def start(self, stack: contextlib.AsyncExitStack) -> None:
        from hostrt.host import Host, HostOptions
        opts = HostOptions(stdout=io.StringIO(), stderr=io.StringIO(), timeout=300,
                           engine=self.engine)
        self.host = await stack.enter_async_context(Host(opts))
        await self.host.load(str(bench_dir() / "cel_bench.js"))
        self.out["answers"] = await self.host.dispatch("celbench.answers", {"impl": self.impl})

    async def _timed(self, handler: str, payload: dict[str, Any], per: int) -> float:
        t0 = time.perf_counter()
        await self.host.dispatch(handler, {"impl": self.impl, **payload})
        return (time.perf_counter() - t0) * 1e6 / per

    async def run(self, keep: bool, n: int, compiles: int, count: int) -> None:
        """One run: every expression n times, n/20 requests, compiles×20 fresh compiles."""
        evals = [await self._timed("celbench.eval", {"i": i, "n": n}, n) for i in range(count)]
        reqs = max(2, n // 20)
        req = await self._timed("celbench.request", {"n": reqs}, reqs)
        comp = await self._timed("celbench.compile", {"k0": _fresh(compiles), "count": compiles},
                                 compiles * count)
        if keep:
            self.out["evaluate"] += evals
            self.out["request"].append(req)
            self.out["compile"].append(comp)


class _EvaluatorSide:
    """cel-expr-python from Python: the host function's work without any JS or crossing."""

    def __init__(self) -> None:
        from hostrt.cel.program import compile_program, declarations, evaluate
        doc = workload_doc()
        self.doc = doc
        self.act = {"object": doc["object"], "oldObject": None, "request": doc["request"],
                    "params": doc["params"]}
        self.decls = declarations(None)
        self.programs = [compile_program(e, self.decls) for e in doc["expressions"]]
        # As the host function does: the activation is converted to CEL values per call; a
        # request converts it once for its 20 rules.
        self.out: dict[str, Any] = {"answers": [evaluate(p, self.act) for p in self.programs],
                                    "evaluate": [], "compile": [], "request": []}

    def run(self, keep: bool, n: int, compiles: int) -> None:
        """One run, as `_HostSide.run`."""
        from hostrt.cel.program import activation, compile_program, evaluate
        act, programs = self.act, self.programs
        evals = []
        for p in programs:
            t0 = time.perf_counter()
            for _ in range(n):
                evaluate(p, act)
            evals.append((time.perf_counter() - t0) * 1e6 / n)
        reqs = max(2, n // 20)
        t0 = time.perf_counter()
        for _ in range(reqs):
            prepared = activation(programs[0], act)
            for p in programs:
                evaluate(p, prepared, prepared=True)
        req = (time.perf_counter() - t0) * 1e6 / reqs
        k = _fresh(compiles)
        t0 = time.perf_counter()
        for kk in range(k, k + compiles):
            for e in self.doc["expressions"]:
                compile_program(variant(kk) + e, self.decls)
        comp = (time.perf_counter() - t0) * 1e6 / (compiles * len(programs))
        if keep:
            self.out["evaluate"] += evals
            self.out["request"].append(req)
            self.out["compile"].append(comp)


def _node_side(ctx: BenchContext, n: int, compiles: int) -> dict[str, Any] | str:
    if ctx.node is None:
        return "node is not on PATH"
    import subprocess
    script = bench_dir() / "cel_bench.js"
    first = _fresh(compiles * (ctx.warmup + ctx.runs))
    args = [n, ctx.runs, ctx.warmup, compiles, first]
    proc = subprocess.run([ctx.node, str(script), *map(str, args)], capture_output=True,
                          text=True, timeout=900,
                          stdin=subprocess.DEVNULL, cwd=script.parent)
    if proc.returncode != 0:
        return f"node failed: {proc.stderr.strip()[-500:]}"
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _crossing(host: list[float], evaluator: list[float], count: int) -> list[float]:
    """Per (run, expression): host-function µs minus the evaluator's mean µs for it."""
    base = [statistics.fmean(evaluator[i::count]) for i in range(count)]
    return [h - base[j % count] for j, h in enumerate(host)]


@workload(group=GROUP, name="cel", title="20 admission CEL expressions: host function vs CEL in JS")
async def cel(ctx: BenchContext) -> list[Measurement]:
    """Per-evaluation, per-request (20 rules) and compile cost, and the crossing share."""
    n = ctx.n(2000, 20)
    compiles = ctx.n(10, 1)
    doc = workload_doc()
    count = len(doc["expressions"])
    sides: dict[str, dict[str, Any]] = {}
    labels: dict[str, str] = {}
    problems: list[str] = []
    engines = installed_engines()
    hosts: dict[str, _HostSide] = {}
    for engine in engines:
        hosts[runtime_key(engine)] = _HostSide(engine, "host")
        labels[runtime_key(engine)] = f"require('hostrt:cel') (cel-expr-python) from JS on {engine}"
    for engine in engines:
        hosts[bufbuild_key(engine)] = _HostSide(engine, "bufbuild")
        labels[bufbuild_key(engine)] = f"@bufbuild/cel in hostrt on {engine}"
    evaluator = _EvaluatorSide()
    labels[EVALUATOR] = "cel-expr-python called from Python (no JS, no crossing)"
    # Runs interleave the sides (run 1 of each, then run 2 of each...), so a change in the
    # machine's load lands on every side alike.
    async with contextlib.AsyncExitStack() as stack:
        for side in hosts.values():
            await side.start(stack)
        for run in range(ctx.warmup + ctx.runs):
            keep = run >= ctx.warmup
            for side in hosts.values():
                await side.run(keep, n, compiles, count)
            evaluator.run(keep, n, compiles)
    sides = {key: side.out for key, side in hosts.items()}
    sides[EVALUATOR] = evaluator.out
    node = _node_side(ctx, n, compiles)
    if isinstance(node, str):
        problems.append(f"node: {node}")
    else:
        sides[NODE] = node
        labels[NODE] = "@bufbuild/cel in Node"
    reference = sides[EVALUATOR]["answers"]
    for key in list(sides):
        if sides[key]["answers"] != reference:
            problems.append(f"{key} answered {sides[key]['answers']} (evaluator: {reference})")
            del sides[key]
    if HOSTRT not in sides:
        raise BenchError("hostrt:cel could not be measured: " + "; ".join(problems))
    params = {"expressions": count, "evaluations_per_sample": n}
    note = ("; ".join(problems) + ". ") if problems else ""

    def row(name: str, title: str, field: str, method: str) -> Measurement:
        return Measurement(group=GROUP, name=name, title=title, unit="µs",
                           runtimes={k: Series(v[field], labels[k]) for k, v in sides.items()},
                           method=note + method, params=params)

    rows = [
        row("evaluate", "one CEL evaluation (20 admission expressions pooled)", "evaluate",
            f"µs per evaluation; one sample per (run, expression) = the mean over {n} "
            "back-to-back evaluations of that compiled expression with the same activation "
            "(object, oldObject, request, params)"),
        row("request", "one admission request: all 20 rules", "request",
            "µs per request evaluating the 20 compiled rules; the host function makes one "
            "call (hostrt:cel evaluateAll: the activation crosses and is converted once), "
            "@bufbuild/cel 20 calls, the evaluator one conversion and 20 evaluations"),
        row("compile", "compile one expression (parse + check/plan)", "compile",
            f"µs per compile, mean over {compiles}×20 distinct sources per run (a short "
            "whitespace prefix defeats every cache); the host function's includes its crossing"),
    ]
    crossing = {k: Series(_crossing(v["evaluate"], sides[EVALUATOR]["evaluate"], count),
                          f"{labels[k]} minus the evaluator alone")
                for k, v in sides.items() if k == HOSTRT or k.startswith(f"{HOSTRT}-")}
    rows.append(Measurement(
        group=GROUP, name="crossing", title="crossing cost of one host-function evaluation",
        unit="µs", runtimes=crossing, params=params,
        method=note + "per (run, expression): the host function's µs per evaluation minus "
               "the evaluator's own mean µs for that expression: the JS<->Python crossing, "
               "JSON of the activation both ways, and the module's JS"))
    return rows
