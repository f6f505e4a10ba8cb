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
cost, one crossing, is spread over the loop's n operations). Every runtime's 20 answers are
compared before anything is timed; a runtime that answers differently is reported, not timed.
"""

from __future__ import annotations

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


async def _hostrt_side(ctx: BenchContext, engine: str, impl: str, n: int,
                       compiles: int) -> dict[str, Any]:
    """Answers, then per-evaluation, per-request and per-compile µs samples in one Host."""
    from hostrt.host import Host, HostOptions
    module = bench_dir() / "cel_bench.js"
    opts = HostOptions(stdout=io.StringIO(), stderr=io.StringIO(), timeout=300, engine=engine)
    count = len(workload_doc()["expressions"])
    out: dict[str, Any] = {"evaluate": [], "request": [], "compile": []}
    async with Host(opts) as host:
        await host.load(str(module))
        out["answers"] = await host.dispatch("celbench.answers", {"impl": impl})

        async def timed(handler: str, payload: dict[str, Any], per: int) -> float:
            t0 = time.perf_counter()
            await host.dispatch(handler, payload)
            return (time.perf_counter() - t0) * 1e6 / per

        k = _fresh(compiles * (ctx.warmup + ctx.runs))
        for run in range(ctx.warmup + ctx.runs):
            keep = run >= ctx.warmup
            for i in range(count):
                us = await timed("celbench.eval", {"impl": impl, "i": i, "n": n}, n)
                if keep:
                    out["evaluate"].append(us)
            reqs = max(2, n // 20)
            req = await timed("celbench.request", {"impl": impl, "n": reqs}, reqs)
            comp = await timed("celbench.compile", {"impl": impl, "k0": k, "count": compiles},
                               compiles * count)
            k += compiles
            if keep:
                out["request"].append(req)
                out["compile"].append(comp)
    return out


def _evaluator_side(ctx: BenchContext, n: int, compiles: int) -> dict[str, Any]:
    """cel-expr-python from Python: the host function's work without any JS or crossing."""
    from hostrt.cel.program import activation, compile_program, declarations, evaluate
    doc = workload_doc()
    act = {"object": doc["object"], "oldObject": None, "request": doc["request"],
           "params": doc["params"]}
    decls = declarations(None)
    programs = [compile_program(e, decls) for e in doc["expressions"]]
    # As the host function does: JSON in (the activation crosses as JSON and is converted to CEL
    # values per call; a request converts it once for its 20 rules).
    out: dict[str, Any] = {"answers": [evaluate(p, act) for p in programs], "evaluate": [],
                           "compile": [], "request": []}
    k = _fresh(compiles * (ctx.warmup + ctx.runs))
    for run in range(ctx.warmup + ctx.runs):
        keep = run >= ctx.warmup
        for p in programs:
            t0 = time.perf_counter()
            for _ in range(n):
                evaluate(p, act)
            if keep:
                out["evaluate"].append((time.perf_counter() - t0) * 1e6 / n)
        reqs = max(2, n // 20)
        t0 = time.perf_counter()
        for _ in range(reqs):
            prepared = activation(programs[0], act)
            for p in programs:
                evaluate(p, prepared, prepared=True)
        req = (time.perf_counter() - t0) * 1e6 / reqs
        t0 = time.perf_counter()
        for kk in range(k, k + compiles):
            for e in doc["expressions"]:
                compile_program(variant(kk) + e, decls)
        comp = (time.perf_counter() - t0) * 1e6 / (compiles * len(programs))
        k += compiles
        if keep:
            out["request"].append(req)
            out["compile"].append(comp)
    return out


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
    for engine in engines:
        key = runtime_key(engine)
        sides[key] = await _hostrt_side(ctx, engine, "host", n, compiles)
        labels[key] = f"require('hostrt:cel') (cel-expr-python) from JS on {engine}"
    for engine in engines:
        key = bufbuild_key(engine)
        sides[key] = await _hostrt_side(ctx, engine, "bufbuild", n, compiles)
        labels[key] = f"@bufbuild/cel in hostrt on {engine}"
    node = _node_side(ctx, n, compiles)
    if isinstance(node, str):
        problems.append(f"node: {node}")
    else:
        sides[NODE] = node
        labels[NODE] = "@bufbuild/cel in Node"
    sides[EVALUATOR] = _evaluator_side(ctx, n, compiles)
    labels[EVALUATOR] = "cel-expr-python called from Python (no JS, no crossing)"
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
