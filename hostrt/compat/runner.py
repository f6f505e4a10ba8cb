"""Run every probe in every runtime and classify each result against the reference Node.

Statuses (one per probe and runtime, disjoint):
- `works`: a behaviour probe printed what Node printed and exited as Node did (behaviour verified);
- `present`: an existence probe found the name with Node's `typeof`; nothing more is known;
- `stub` (hostrt only): present, but the shim declares it a stub (it throws a clear error, or
  answers with a placeholder, when used);
- `impossible` (hostrt only): the shim declares it cannot be provided in an embedding;
- `differs` (with a short diff), `missing` (the module or name does not exist there), `throws` (it
  exists but the probe failed with an error Node did not raise), `hangs` (the timeout passed).
The Node column says `works`/`present` when the reference ran cleanly.

The headline counts APIs, not probes: an API's rows (its existence probe and the behaviour probes
naming it in their `// api:` header) give it one status; see `Report.apis`.

Costs are kept down by batching: Node checks every existence probe in one process and runs the
behaviour probes a few processes at a time; hostrt checks existence probes one fresh Host per
module (so one module cannot poison the rest) and runs each behaviour probe in a fresh Host, all
in this process.
"""

from __future__ import annotations

import asyncio
import difflib
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt.compat import probes as P
from hostrt.compat import strategy
from hostrt.compat.runtimes import RUNTIMES, NodeRuntime, Outcome, Runtime, own_scratch_dir
from hostrt.errors import HostError

STATUSES = ("works", "present", "stub", "impossible", "differs", "missing", "throws", "hangs")
# An API's status is its most telling row's, in this order (a declaration beats a probe; a failing
# behaviour probe beats a passing one; behaviour beats mere presence).
_API_PRECEDENCE = ("impossible", "stub", "hangs", "throws", "differs", "missing", "works",
                   "present")
RUNTIME_ORDER = tuple(RUNTIMES)

# Error texts that mean "this runtime has no such thing" rather than "it broke".
_MISSING = re.compile(
    r"ERR_HOSTRT_UNSUPPORTED_MODULE|ERR_UNKNOWN_BUILTIN_MODULE|MODULE_NOT_FOUND|"
    r"Cannot find module|hostrt does not provide|ReferenceError: \w+ is not defined|"
    r"\b\w+ is not defined\b|No such built-in module|could not find module")


@dataclass
class Result:
    """One probe in one runtime."""

    status: str
    detail: str = ""


@dataclass
class Row:
    """One probe and its result per runtime."""

    probe: P.Probe
    strategy: strategy.Strategy
    results: dict[str, Result] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """hostrt's status (the one the report is about)."""
        r = self.results.get("hostrt")
        return r.status if r else "missing"


@dataclass
class Options:
    """What to run."""

    probe_dir: Path | None = None
    timeout: float = 10.0          # per behaviour probe (generous: a loaded machine is slow)
    existence: bool = True
    behaviour: bool = True
    runtimes: tuple[str, ...] = RUNTIME_ORDER
    modules: list[str] | None = None  # restrict existence probes to these modules
    only: str | None = None        # substring filter on probe ids
    jobs: int = 2


@dataclass
class Report:
    """The full result: rows plus the runtimes' labels."""

    rows: list[Row]
    runtimes: list[Runtime]
    node_version: str
    seconds: float = 0.0

    def apis(self) -> dict[str, str]:
        """hostrt's status per API: the most telling of its rows' statuses (_API_PRECEDENCE)."""
        by: dict[str, list[str]] = {}
        for row in self.rows:
            by.setdefault(row.probe.api or row.probe.id, []).append(row.status)
        rank = {s: i for i, s in enumerate(_API_PRECEDENCE)}
        return {api: min(st, key=rank.__getitem__) for api, st in by.items()}

    def summary(self) -> dict[str, Any]:
        """hostrt's counts: per probe (`probes`) and per API (`apis`), and the headline line."""
        probes = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            probes[row.status] += 1
        apis = dict.fromkeys(STATUSES, 0)
        for st in self.apis().values():
            apis[st] += 1
        ran = [rt.name for rt in self.runtimes]
        # Without hostrt in --runtimes every row reads "missing": say so instead of a false count.
        line = (headline(apis) if "hostrt" in ran else
                f"hostrt was not run (--runtimes {','.join(ran)}): the report holds only those "
                "runtimes' columns, and hostrt's counts are not measured")
        return {"total": len(self.rows), **probes, "probes": probes,
                "apis_total": sum(apis.values()), "apis": apis, "line": line}

    def areas(self) -> list[dict[str, Any]]:
        """Per-area counts of hostrt's probe statuses, areas sorted by name."""
        by: dict[str, dict[str, Any]] = {}
        for row in self.rows:
            a = by.setdefault(row.probe.area, {"area": row.probe.area, "total": 0,
                                               **dict.fromkeys(STATUSES, 0)})
            a["total"] += 1
            a[row.status] += 1
        return [by[k] for k in sorted(by)]


def headline(apis: dict[str, int]) -> str:
    """The one-sentence summary: what behaves like Node, what is only a stub, what cannot be."""
    failing = apis["differs"] + apis["throws"] + apis["hangs"]
    return (f"{apis['works']} APIs behave like Node (behaviour verified), "
            f"{apis['stub']} present only as stubs, {apis['impossible']} impossible, "
            f"{apis['missing']} missing; {apis['present']} more are present with Node's typeof "
            f"but their behaviour is not verified by a probe"
            + (f"; {failing} differ from Node or fail" if failing else "")
            + f" ({sum(apis.values())} APIs)")


def declared_status(status: str, strat: strategy.Strategy) -> str:
    """hostrt's status once the shim declarations are applied: a declared `impossible` is
    impossible whatever the probe saw; a declared `stub` that is merely present, or throws when a
    probe uses it, is a stub."""
    if strat.strategy == "impossible":
        return "impossible"
    if strat.strategy == "stub" and status in ("present", "throws"):
        return "stub"
    return status


# -- classification ------------------------------------------------------------------------------
def first_error_line(text: str) -> str:
    """The most telling line of an error report: the `XError: message` header if any."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for pattern in (r"^(Uncaught\s+)?[\w.]*(Error|Exception)\b( \[\w+\])?:", r"^hostrt:",
                    r"^<anonymous>:\d+: \w*Error", r"Error:"):
        for line in lines:
            if re.search(pattern, line):
                return line[:200]
    return lines[0][:200] if lines else ""


def _error_name(stderr: str) -> str | None:
    m = re.search(r"^\s*(?:Uncaught\s+|<anonymous>:\d+:\s*)?(\w*Error)\b", stderr, re.M)
    return m.group(1) if m else None


def short_diff(expected: str, got: str, limit: int = 8) -> str:
    """A compact unified diff (Node's output as `-`, this runtime's as `+`)."""
    lines = list(difflib.unified_diff(expected.splitlines(), got.splitlines(), "node", "this",
                                      n=0, lineterm=""))
    body = [ln for ln in lines[2:] if not ln.startswith("@@")]
    if len(body) > limit:
        body = [*body[:limit], f"… {len(body) - limit} more lines"]
    return "\n".join(body)


def classify_run(ref: Outcome, got: Outcome) -> Result:
    """A behaviour probe's status in one runtime, against Node's outcome."""
    if got.hung:
        so_far = got.stdout.strip()
        return Result("hangs", "no exit before the timeout" +
                      (f"; output so far: {so_far[:120]!r}" if so_far else ""))
    if got.stdout == ref.stdout and got.code == ref.code:
        theirs, ours = _error_name(ref.stderr), _error_name(got.stderr)
        if ref.code in (0, None) or theirs == ours:
            return Result("works")
        # Both failed, differently (e.g. MODULE_NOT_FOUND in Node, no `require` here).
        err = first_error_line(got.stderr)
        return Result("missing" if _MISSING.search(got.stderr) else "differs",
                      f"{err} (Node: {first_error_line(ref.stderr)})")
    if got.code != ref.code and got.code not in (0, None):
        err = first_error_line(got.stderr) or f"exit code {got.code}"
        if _MISSING.search(got.stderr):
            return Result("missing", err)
        return Result("throws", err)
    detail = short_diff(ref.stdout, got.stdout)
    if got.code != ref.code:
        detail = f"exit code {got.code}, Node {ref.code}\n{detail}".strip()
    return Result("differs", detail)


def classify_reference(ref: Outcome) -> Result:
    """The Node column: did the reference itself run cleanly?"""
    if ref.hung:
        return Result("hangs", "Node did not exit before the timeout")
    if ref.code != 0:
        return Result("throws", first_error_line(ref.stderr) or f"exit code {ref.code}")
    return Result("works")


def classify_existence(ref: dict[str, str] | None, got: dict[str, str] | None) -> Result:
    """An existence probe's status in one runtime, against Node's typeof."""
    if got is None:
        return Result("throws", "the check did not complete")
    if "t" in got:
        if ref is not None and got["t"] != ref.get("t"):
            return Result("differs", f"typeof {got['t']}, Node {ref.get('t')}")
        return Result("present")
    if "m" in got:
        return Result("missing", got["m"])
    err = got.get("e", "")
    return Result("missing" if _MISSING.search(err) else "throws", err[:200])


def _declare(row: Row) -> None:
    res = row.results.get("hostrt")
    if res is not None:
        res.status = declared_status(res.status, row.strategy)


def _relative_details(rows: list[Row]) -> None:
    # Reports are committed: keep machine-specific paths out of them.
    from hostrt.paths import PACKAGE_DIR
    roots = sorted({str(PACKAGE_DIR.parent) + "/", *(str(r.probe.path.parent) + "/"
                    for r in rows if r.probe.path is not None)}, key=len, reverse=True)
    for row in rows:
        for res in row.results.values():
            for root in roots:
                res.detail = res.detail.replace(root, "")


# -- orchestration -------------------------------------------------------------------------------
Progress = Callable[[str, int], None]   # (description, completed units) -> None


def make_runtimes(names: tuple[str, ...]) -> list[Runtime]:
    """The runtimes to use, in column order (Node always first: it is the reference)."""
    out: list[Runtime] = [NodeRuntime()]
    for name in RUNTIME_ORDER[1:]:
        if name in names:
            out.append(RUNTIMES[name]())
    return out


async def enumerate_node(node: NodeRuntime, work: Path) -> dict[str, Any]:
    """Ask the reference Node what it adds beyond ECMAScript and what its modules export."""
    script = work / "enumerate.js"
    script.write_text(P.ENUMERATE_JS)
    out = await node.run_file(script, 60)
    if out.code != 0:
        raise HostError(f"enumerating Node's globals and modules failed:\n{out.stderr.strip()}",
                        code="ERR_HOSTRT_COMPAT")
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def plan_units(rt: Runtime, existence: list[P.Probe], behaviour: list[P.Probe]) -> int:
    """How many progress units a runtime will report."""
    groups = _existence_groups(rt, existence)
    return len(groups) + len(behaviour)


def _existence_groups(rt: Runtime, probes: list[P.Probe]) -> list[list[P.Probe]]:
    if not probes:
        return []
    if rt.name == "hostrt":
        # Per-module groups: the fallback when the single batch does not complete (see below).
        by: dict[str, list[P.Probe]] = {}
        for p in probes:
            by.setdefault(p.module or "", []).append(p)
        return list(by.values())
    if rt.name == "bare":
        return [[p for p in probes if p.kind == "global"]]
    return [probes]


async def _run_existence(rt: Runtime, probes: list[P.Probe], work: Path, timeout: float,
                         tick: Callable[[], None]) -> dict[str, dict[str, str] | None]:
    results: dict[str, dict[str, str] | None] = {}
    groups = _existence_groups(rt, probes)
    if rt.name == "hostrt" and len(groups) > 1:
        # One Host for everything (the driver isolates each module in try/catch); only if a
        # shim breaks the whole isolate (hang, fatal) is each module re-checked in a fresh Host.
        script = work / "check-hostrt-all.js"
        script.write_text(P.check_script(probes))
        out = await rt.run_file(script, timeout)
        parsed = P.parse_check_output(out.stdout)
        if parsed is not None and all(p.id in parsed for p in probes):
            for _ in groups:
                tick()
            return dict(parsed)
    for i, group in enumerate(groups):
        if not group:
            tick()
            continue
        script = work / f"check-{rt.name}-{i}.js"
        script.write_text(P.check_script(group))
        out = await rt.run_file(script, timeout)
        parsed = P.parse_check_output(out.stdout)
        for p in group:
            if parsed is not None and p.id in parsed:
                results[p.id] = parsed[p.id]
            elif out.hung:
                results[p.id] = {"e": "hangs: the existence check did not finish"}
            else:
                why = first_error_line(out.stderr) or "no result"
                results[p.id] = {"e": why}
        tick()
    if rt.name == "bare":
        for p in probes:
            results.setdefault(p.id, {"m": "bare mini-racer has no require"})
    return results


async def _run_behaviour(rt: Runtime, probes: list[P.Probe], timeout: float, jobs: int,
                         tick: Callable[[], None]) -> dict[str, Outcome]:
    sem = asyncio.Semaphore(jobs)
    results: dict[str, Outcome] = {}

    async def one(p: P.Probe, scratch: Path) -> None:
        assert p.path is not None
        async with sem:
            # Each probe's os.tmpdir() is a fresh directory hostrt may write (--allow-write),
            # and hostrt may read the probe file itself (--allow-read), as Node can.
            with own_scratch_dir(rt, scratch, "TMPDIR") as run:
                if hasattr(run, "allow_read"):
                    run.allow_read = (*run.allow_read, str(p.path))
                try:
                    results[p.id] = await run.run_file(p.path, timeout)
                except HostError as exc:
                    results[p.id] = Outcome("", f"hostrt: {exc}", 1)
        tick()
    with tempfile.TemporaryDirectory(prefix="hostrt-compat-tmp-") as scratch:
        await asyncio.gather(*(one(p, Path(scratch)) for p in probes))
    return results


async def run_compat(opts: Options, progress: Progress | None = None,
                     plan: Callable[[dict[str, int]], None] | None = None) -> Report:
    """Run all probes in all available runtimes; return the classified report."""
    import time
    start = time.perf_counter()
    runtimes = make_runtimes(opts.runtimes)
    node = runtimes[0]
    assert isinstance(node, NodeRuntime)
    if not node.available:
        raise HostError("`hostrt compat` needs real Node.js on PATH: it is the reference",
                        code="ERR_HOSTRT_COMPAT")
    await node.probe_version()
    active = [rt for rt in runtimes if rt.available]
    with tempfile.TemporaryDirectory(prefix="hostrt-compat-") as tmp:
        work = Path(tmp)
        existence: list[P.Probe] = []
        if opts.existence:
            existence = P.existence_probes(await enumerate_node(node, work), opts.modules)
        behaviour = (P.behaviour_probes(opts.probe_dir or P.default_probe_dir())
                     if opts.behaviour else [])
        if opts.only:
            existence = [p for p in existence if opts.only in p.id]
            behaviour = [p for p in behaviour if opts.only in p.id]
        if plan is not None:
            plan({rt.name: plan_units(rt, existence, behaviour) for rt in active})

        async def for_runtime(rt: Runtime) -> tuple[str, dict[str, Any], dict[str, Outcome]]:
            done = 0

            def tick() -> None:
                nonlocal done
                done += 1
                if progress is not None:
                    progress(rt.name, done)
            # hostrt runs in this process: Node's CPU time shares the other core.
            jobs = 1 if rt.name in ("hostrt", "bare") else max(1, opts.jobs)
            ex = await _run_existence(rt, existence, work, max(opts.timeout * 4, 20), tick)
            beh = await _run_behaviour(rt, behaviour, opts.timeout, jobs, tick)
            return rt.name, ex, beh

        outs = await asyncio.gather(*(for_runtime(rt) for rt in active))
    ex_by = {name: ex for name, ex, _ in outs}
    beh_by = {name: beh for name, _, beh in outs}
    rows: list[Row] = []
    for p in existence:
        row = Row(p, strategy.lookup(p.api, is_global=p.kind == "global", module=p.module))
        ref = ex_by["node"].get(p.id)
        for rt in active:
            row.results[rt.name] = classify_existence(ref, ex_by[rt.name].get(p.id))
        _declare(row)
        rows.append(row)
    for p in behaviour:
        row = Row(p, strategy.lookup(p.api))
        ref_out = beh_by["node"][p.id]
        row.results["node"] = classify_reference(ref_out)
        for rt in active[1:]:
            row.results[rt.name] = classify_run(ref_out, beh_by[rt.name][p.id])
        _declare(row)
        rows.append(row)
    _relative_details(rows)
    rows.sort(key=lambda r: (r.probe.area, r.probe.kind != "behaviour", r.probe.id))
    return Report(rows, runtimes, node.version, time.perf_counter() - start)
