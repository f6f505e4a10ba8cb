"""The bench harness: group discovery, the run context, machine facts and the result document.

Method (printed with every result): each workload does `warmup` untimed runs, then `runs` timed
runs; a run either yields one figure (e.g. µs per call amortised over 10,000 calls: the table
shows the median of runs) or many per-operation samples (the table shows p50/p99 computed from
the raw samples). Node runs the same JavaScript in a `node` subprocess during the same
invocation, and every ratio is hostrt/Node from that one invocation.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt.bench.registry import (
    GROUPS,
    NODE,
    Measurement,
    Workload,
    group_description,
    registered_groups,
    workloads,
)
from hostrt.engine import default_engine
from hostrt.errors import HostError

SCHEMA = "hostrt-bench/1"


class BenchError(HostError):
    """A bench could not run as asked (unknown group, missing optional dependency...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="ERR_HOSTRT_BENCH")


def load_groups() -> dict[str, str]:
    """Import the module of every group in `GROUPS`; return {group: why unavailable or ''}.

    Group modules register their workloads on import (see `hostrt.bench.registry`).
    """
    status: dict[str, str] = {}
    for group in GROUPS:
        module = f"hostrt.bench.{group}"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            status[group] = f"not available in this build (no hostrt/bench/{group}.py)"
            continue
        status[group] = "" if workloads(group) else (
            f"hostrt/bench/{group}.py registers no workloads (see hostrt/bench/registry.py)")
    for group in registered_groups():
        status.setdefault(group, "")
    return status


@dataclass
class BenchConfig:
    """How much to run: timed runs, untimed warm-up runs, and a scale for iteration counts."""

    runs: int = 5
    warmup: int = 1
    scale: float = 1.0


class BenchContext:
    """What a workload gets: run counts, the Node binary, a scratch directory, helpers."""

    def __init__(self, config: BenchConfig, node: str | None, workdir: Path) -> None:
        self.config = config
        self.node = node
        self.workdir = workdir
        self.notes: list[str] = []

    @property
    def runs(self) -> int:
        """Timed runs."""
        return self.config.runs

    @property
    def warmup(self) -> int:
        """Untimed warm-up runs."""
        return self.config.warmup

    @property
    def scale(self) -> float:
        """Multiplier applied to iteration counts (tests use a small one)."""
        return self.config.scale

    def n(self, count: int, minimum: int = 2) -> int:
        """An iteration count scaled by `scale` (never below `minimum`)."""
        return max(minimum, int(count * self.scale))

    def repeat(self, fn: Callable[[], Any]) -> list[Any]:
        """Call `fn` warm-up times untimed, then `runs` times; return the timed runs' results."""
        for _ in range(self.warmup):
            fn()
        return [fn() for _ in range(self.runs)]

    async def arepeat(self, fn: Callable[[], Awaitable[Any]]) -> list[Any]:
        """`repeat` for coroutine functions."""
        for _ in range(self.warmup):
            await fn()
        return [await fn() for _ in range(self.runs)]

    def write(self, name: str, text: str) -> Path:
        """Write a scratch file (generated modules, requests) and return its path."""
        path = self.workdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def node_json(self, source: str, *args: str, timeout: float = 300) -> Any:
        """Run `source` as a script in Node; return the JSON its last stdout line prints."""
        if self.node is None:
            raise BenchError("node is not on PATH")
        script = self.write(f"node-{abs(hash(source))}.js", source)
        proc = subprocess.run([self.node, str(script), *args], capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL, cwd=self.workdir)
        if proc.returncode != 0:
            raise BenchError(f"node bench script failed ({proc.returncode}): "
                             f"{proc.stderr.strip()[-2000:]}")
        lines = proc.stdout.strip().splitlines()
        if not lines:
            raise BenchError("node bench script printed nothing")
        return json.loads(lines[-1])


@dataclass
class GroupResult:
    """One group's outcome: available or why not."""

    name: str
    description: str
    available: bool
    reason: str = ""
    workloads: list[str] = field(default_factory=list)


@dataclass
class BenchReport:
    """The whole result document (see docs/bench-schema.md)."""

    machine: dict[str, Any]
    method: dict[str, Any]
    groups: list[GroupResult]
    results: list[Measurement]
    started: str
    seconds: float

    def to_json(self, samples: bool = True) -> dict[str, Any]:
        """The documented JSON form; `samples=False` drops raw samples (summaries stay)."""
        return {
            "schema": SCHEMA,
            "started": self.started,
            "seconds": round(self.seconds, 3),
            "machine": self.machine,
            "method": self.method,
            "groups": [vars(g) for g in self.groups],
            "results": [measurement_json(m, samples) for m in self.results],
        }


def _num(x: float | None) -> float | None:
    if x is None or x != x:  # NaN
        return None
    return float(f"{x:.6g}")


def measurement_json(m: Measurement, samples: bool = True) -> dict[str, Any]:
    """One result row as JSON (see docs/bench-schema.md)."""
    runtimes = {}
    for rt, series in m.runtimes.items():
        entry: dict[str, Any] = {"label": series.label, "raw": bool(series.samples),
                                 "summary": {k: (v if k == "n" else _num(v))
                                             for k, v in series.summary().items()}}
        if samples:
            entry["samples"] = [_num(x) for x in series.samples]
        runtimes[rt] = entry
    target = None
    if m.target is not None:
        node = m.runtimes.get(NODE)
        met_by = {rt: m.target.met(m.runtimes.get(rt), node) for rt in m.target.runtimes}
        verdicts = set(met_by.values())
        target = {"value": m.target.value, "stat": m.target.stat, "op": m.target.op,
                  "of_node": m.target.of_node, "bound": _num(m.target.bound(node)),
                  "met": None if None in verdicts or not verdicts else verdicts == {True},
                  "met_by": met_by}
    return {
        "group": m.group, "name": m.name, "title": m.title, "unit": m.unit,
        "available": m.available, "reason": m.reason, "better": m.better,
        "stats": list(m.stats), "headline": m.headline if m.stats else None,
        "method": m.method, "params": m.params, "target": target,
        "ratios": {rt: _num(m.ratio(rt)) for rt in m.runtimes if rt != NODE},
        "runtimes": runtimes,
    }


def machine_facts(node: str | None) -> dict[str, Any]:
    """CPU model, cores, OS, Python/Node/V8 versions and the date, for the results header."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    facts: dict[str, Any] = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "hostrt": _pkg_version("hostrt"),
        "mini_racer": _pkg_version("mini-racer"),
        "stpyv8": _pkg_version("stpyv8"),
        "hostrt_engine": default_engine(),
        "hostrt_v8": _hostrt_v8(),
        "node": None,
        "node_v8": None,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        # Other work on the machine skews every figure (mini-racer's thread hand-offs most).
        "load_avg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }
    if node is not None:
        try:
            out = subprocess.run([node, "-p", "JSON.stringify(process.versions)"],
                                 capture_output=True, text=True, timeout=30,
                                 stdin=subprocess.DEVNULL).stdout
            versions = json.loads(out)
            facts["node"] = versions.get("node")
            facts["node_v8"] = versions.get("v8")
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass
    return facts


def _pkg_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _hostrt_v8() -> str | None:
    try:
        from hostrt.engine import engine_class
        return engine_class("mini-racer").version()
    except Exception:  # a missing fact is reported as null, not a crash
        return None


def method_facts(config: BenchConfig) -> dict[str, Any]:
    """The method block printed and stored with the results."""
    return {
        "runs": config.runs,
        "warmup": config.warmup,
        "scale": config.scale,
        "timing": "time.perf_counter in Python; process.hrtime.bigint in Node",
        "aggregation": "per-run figures: median of runs; per-operation samples: p50/p99 by "
                       "linear interpolation over all timed samples",
        "ratio": "hostrt / Node, both measured in this invocation on this machine",
    }


def fixture(rel: str) -> Path:
    """A bench fixture shipped with hostrt (hello-pepr's module and requests), or a clear error.
    Found through hostrt.resources: in the checkout's js_fixtures/ or the installed wheel."""
    from hostrt import resources
    try:
        return resources.data_path(rel)
    except (HostError, ValueError) as exc:
        raise BenchError(f"bench fixture {exc}") from exc


ProgressFn = Callable[[Workload, str], None]


def select(groups: Iterable[str], status: dict[str, str]) -> list[str]:
    """Validate requested group names; an empty request means every known and registered group."""
    names = list(groups)
    if not names:
        return list(status)
    unknown = [g for g in names if g not in status]
    if unknown:
        raise BenchError(f"unknown bench group {', '.join(map(repr, unknown))} "
                         f"(known: {', '.join(status)})")
    return names


def run_benchmarks(groups: Iterable[str], config: BenchConfig,
                   progress: ProgressFn | None = None, node: str | None = "auto",
                   only: Iterable[str] = ()) -> BenchReport:
    """Run the named groups (all when empty) and return the report."""
    status = load_groups()
    names = select(groups, status)
    node_bin = shutil.which("node") if node == "auto" else node
    only_set = set(only)
    known = {w.name for g in names for w in workloads(g)}
    if only_set - known:
        raise BenchError(f"unknown workload {', '.join(map(repr, sorted(only_set - known)))} "
                         f"in {', '.join(names)} (known: {', '.join(sorted(known)) or 'none'})")
    facts = machine_facts(node_bin)
    t0 = time.perf_counter()
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results: list[Measurement] = []
    group_results: list[GroupResult] = []
    with tempfile.TemporaryDirectory(prefix="hostrt-bench-") as tmp:
        ctx = BenchContext(config, node_bin, Path(tmp))
        for name in names:
            reason = status[name]
            desc = group_description(name)
            wls = [w for w in workloads(name) if not only_set or w.name in only_set]
            group_results.append(GroupResult(name, desc, not reason, reason,
                                             [w.name for w in wls]))
            if reason:
                results.append(Measurement.unavailable(name, "*", desc or name, reason))
                continue
            for w in wls:
                if progress is not None:
                    progress(w, "start")
                results.extend(_run_one(w, ctx))
                if progress is not None:
                    progress(w, "done")
    return BenchReport(facts, method_facts(config), group_results, results,
                       started, time.perf_counter() - t0)


def _run_one(w: Workload, ctx: BenchContext) -> list[Measurement]:
    if w.needs_node and ctx.node is None:
        return [Measurement.unavailable(w.group, w.name, w.title,
                                        "node is not on PATH: no side-by-side figure")]
    try:
        out = asyncio.run(w.fn(ctx)) if w.is_async else w.fn(ctx)
    except Exception as exc:  # one failing workload must not hide the others
        return [Measurement.unavailable(w.group, w.name, w.title,
                                        f"failed: {type(exc).__name__}: {exc}")]
    items = out if isinstance(out, list) else [out]
    return [m for m in items if isinstance(m, Measurement)]


def load_report_json(path: Path) -> dict[str, Any]:
    """Read a `--json` document back, checking it is one."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BenchError(f"{path}: cannot read bench JSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise BenchError(f"{path}: not a {SCHEMA} document (field 'schema')")
    return doc


def merge_reports(base: dict[str, Any], part: dict[str, Any], source: str) -> list[str]:
    """Replace, in `base`, the groups that `part` measured (available rows), in place.

    Each merged row's method says which run it came from (date and load average), because the
    base document's machine line describes another run. Returns the merged groups' names."""
    measured = {g["name"] for g in part.get("groups", []) if g.get("available")}
    measured &= {r.get("group") for r in part.get("results", []) if r.get("available")}
    machine = part.get("machine", {})
    load = "/".join(str(x) for x in machine.get("load_avg", [])) or "unknown"
    origin = (f"merged from {source}: run started {part.get('started', 'unknown')}, "
              f"load average {load} (1/5/15 min) at its start")
    rows = []
    for row in part.get("results", []):
        if row.get("group") in measured:
            row = {**row, "method": f"{row.get('method', '')}; {origin}".lstrip("; "),
                   "params": {"run_started": part.get("started", ""), **(row.get("params") or {})}}
            rows.append(row)
    base["results"] = [r for r in base.get("results", []) if r.get("group") not in measured]
    base["results"].extend(rows)
    groups = {g["name"]: g for g in part.get("groups", [])}
    base["groups"] = [groups[g["name"]] if g["name"] in measured else g
                      for g in base.get("groups", [])]
    known = {g["name"] for g in base["groups"]}
    base["groups"].extend(g for n, g in groups.items() if n in measured and n not in known)
    return sorted(measured)


__all__ = ["NODE", "BenchConfig", "BenchContext", "BenchReport", "run_benchmarks"]
