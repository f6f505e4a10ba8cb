"""The bench registry: the list of groups, the workload decorator, and the measurement model.

This module imports no group and nothing else of `hostrt.bench`; the harness imports each group
module by the name listed in `GROUPS`, and a group module imports this and the harness.

Adding a group (the convention every group follows)
---------------------------------------------------

1. Write ``hostrt/bench/<group>.py``. On import it registers its workloads::

       from hostrt.bench.harness import BenchContext
       from hostrt.bench.registry import HOSTRT, NODE, Measurement, Series, workload

       @workload(group="serve", name="admission-https", title="...")
       async def admission_https(ctx: BenchContext) -> list[Measurement]: ...

   A workload gets a `BenchContext` (runs, warm-up, scale, the Node binary, a scratch folder)
   and returns one `Measurement` or a list: per runtime, the raw samples it took. Every
   statistic and every ratio to Node is computed from those samples, so all groups report the
   same way. A workload that cannot run returns `Measurement.unavailable(...)` saying why; an
   exception becomes such a row too. Never a made-up figure.
2. Name the group in `GROUPS` below (one line: name and description). A group listed there
   whose module is not in the build is reported "not available in this build".
3. Nothing else: `hostrt bench <group>`, `--json`, `--md`, `--plot` and `hostrt report`'s result
   table pick it up.
"""

from __future__ import annotations

import inspect
import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from hostrt.bench.harness import BenchContext

HOSTRT = "hostrt"
NODE = "node"

# Every group, in run order: name -> one line on what it measures. The harness imports
# `hostrt.bench.<name>` for each; a missing module is "not available in this build".
GROUPS: dict[str, str] = {
    "bridge": "JS<->Python host calls, dispatch and eval, beside Node's event-loop equivalents, "
              "mini-racer's own wrap_py_function and the other installed engine backend",
    "start": "process start to 'module loaded and ready' (fresh process per sample) and its "
             "peak RSS",
    "memory": "peak RSS and V8 heap used of a process serving admission-like requests",
    "scaling": "admission latency as bindings (1/10/100) and object size (1 KB/100 KB/1 MB) "
               "grow, decomposed like the admission group",
    "shims": "Node shims: setTimeout lateness, console lines/s, sha256 MB/s, randomUUID/s",
    "admission": "hello-pepr /mutate and /validate, decomposed: runtime cost (the same JS in "
                 "Node and hostrt), real Pepr 1.1.4 in hostrt vs Node, implementation "
                 "(hostrt's Pepr vs real Pepr, both in Node), and the crossing floor",
    "serve": "hostrt serve: admission over HTTPS against Pepr's own controller",
    "peers": "Deno 2 and Bun beside Node and hostrt on the same JavaScript: real Pepr 1.1.4's "
             "/mutate and /validate, start of an empty script and of the built hello-pepr "
             "bundle, and peak RSS",
    "watch": "the watcher under injected faults: API requests and listed objects per 1,000 "
             "events, missed events, for hostrt's informer and kubernetes-fluent-client's "
             "Watcher (Node) on the same churn against the fake API",
    "cel": "CEL host functions (hostrt:cel on each engine) against @bufbuild/cel in hostrt and "
           "in Node: 20 admission expressions, per-evaluation, per-request and compile cost, "
           "and the crossing share",
    "soak": "long runs: memory and latency drift under steady load — N admission requests "
            "(default 1,000,000 x --scale; HOSTRT_BENCH_SOAK_REQUESTS sets N) with 1% hostile "
            "bodies through hostrt serve and Pepr's controller in turns: RSS over requests, "
            "p50/p99 per N/10, isolate restarts, errors, lost answers",
}
STATS = ("median", "mean", "p50", "p99", "min", "max")
Stat = Literal["median", "mean", "p50", "p99", "min", "max"]
Better = Literal["lower", "higher"]


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) of samples, linear interpolation between closest ranks."""
    if not samples:
        return math.nan
    data = sorted(samples)
    if len(data) == 1:
        return float(data[0])
    pos = (len(data) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(data) - 1)
    return float(data[lo] + (data[hi] - data[lo]) * (pos - lo))


@dataclass
class Series:
    """One runtime's raw samples for a measurement, and what that runtime actually ran."""

    samples: list[float]
    label: str = ""
    # Statistics a helper reported without its raw samples (used only when `samples` is empty).
    given: dict[str, float] = field(default_factory=dict)

    @property
    def measured(self) -> bool:
        """True when there is anything to report (raw samples or given statistics)."""
        return bool(self.samples or self.given)

    def summary(self) -> dict[str, float | int]:
        """n, median, mean, p50, p99, min, max and stdev of the samples."""
        s = self.samples
        if not s:
            g = self.given
            out: dict[str, float | int] = {k: float(g.get(k, math.nan)) for k in (*STATS, "stdev")}
            if "median" not in g and "p50" in g:
                out["median"] = float(g["p50"])
            out["n"] = int(g.get("n", 0))
            return out
        return {
            "n": len(s),
            "median": float(statistics.median(s)),
            "mean": float(statistics.fmean(s)),
            "p50": percentile(s, 50),
            "p99": percentile(s, 99),
            "min": float(min(s)),
            "max": float(max(s)),
            "stdev": float(statistics.stdev(s)) if len(s) > 1 else 0.0,
        }

    def stat(self, name: str) -> float:
        """One statistic of the samples (see `STATS`)."""
        return float(self.summary()[name])


@dataclass
class Target:
    """A goal for a hostrt figure: its `stat` must be <= (or >=) `value`; with `of_node`, `value`
    is a factor of Node's same statistic measured in the same run (1.0 = "no slower than Node")."""

    value: float
    stat: Stat = "p50"
    op: Literal["<=", ">="] = "<="
    of_node: bool = False
    # The runtimes the goal applies to (default: `hostrt`), e.g. only the STPyV8 backend.
    runtimes: tuple[str, ...] = (HOSTRT,)

    def bound(self, node: Series | None) -> float | None:
        """The figure to compare with (None when it depends on a Node figure not measured)."""
        if not self.of_node:
            return self.value
        if node is None or not node.measured:
            return None
        return self.value * node.stat(self.stat)

    def met(self, series: Series | None, node: Series | None = None) -> bool | None:
        """Whether `series` meets the target (None without samples or without its bound)."""
        bound = self.bound(node)
        if series is None or not series.measured or bound is None:
            return None
        got = series.stat(self.stat)
        return got <= bound if self.op == "<=" else got >= bound


def engine_runtime(engine: str) -> str:
    """The runtime key of a hostrt figure measured on a backend other than the run's default."""
    return f"{HOSTRT}-{engine}"


def other_engines() -> list[str]:
    """Installed engine backends besides the default one (measured as extra hostrt runtimes)."""
    from hostrt.engine import ENGINES, default_engine, engine_installed
    return [e for e in ENGINES if e != default_engine() and engine_installed(e)]


def installed_engines() -> list[str]:
    """The run's default engine backend, then every other installed one."""
    from hostrt.engine import default_engine
    return [default_engine(), *other_engines()]


def runtime_key(engine: str) -> str:
    """The runtime key of a figure measured on `engine`: `hostrt` for the run's default."""
    from hostrt.engine import default_engine
    return HOSTRT if engine == default_engine() else engine_runtime(engine)


def is_hostrt(runtime: str) -> bool:
    """True for hostrt's own runtimes (the default engine and `hostrt-<engine>`)."""
    return runtime == HOSTRT or runtime.startswith(f"{HOSTRT}-")


@dataclass
class Measurement:
    """One benchmark row: the same quantity measured in hostrt, in Node, and optionally others."""

    group: str
    name: str
    title: str
    unit: str
    runtimes: dict[str, Series]
    stats: tuple[Stat, ...] = ("p50", "p99")   # shown in the table; stats[0] is the headline
    better: Better = "lower"
    method: str = ""                          # what exactly is timed, and how
    target: Target | None = None
    params: dict[str, Any] = field(default_factory=dict)   # e.g. {"bindings": 10}
    available: bool = True
    reason: str = ""                          # why not available

    @property
    def headline(self) -> Stat:
        """The statistic ratios and targets are quoted on."""
        return self.stats[0]

    def value(self, runtime: str, stat: str | None = None) -> float | None:
        """A runtime's statistic, or None when that runtime was not measured."""
        series = self.runtimes.get(runtime)
        if series is None or not series.measured:
            return None
        got = series.stat(stat or self.headline)
        return None if math.isnan(got) else got

    def ratio(self, runtime: str = HOSTRT, stat: str | None = None) -> float | None:
        """`runtime`'s figure divided by Node's, both from this run (None if either is missing)."""
        a, b = self.value(runtime, stat), self.value(NODE, stat)
        if a is None or b is None or b == 0:
            return None
        return a / b

    @classmethod
    def unavailable(cls, group: str, name: str, title: str, reason: str,
                    unit: str = "") -> Measurement:
        """A row for something this build cannot measure (never a faked figure)."""
        return cls(group=group, name=name, title=title, unit=unit, runtimes={},
                   available=False, reason=reason)


WorkloadFn = Callable[["BenchContext"], Any]


@dataclass
class Workload:
    """A registered workload: a function of a `BenchContext` returning Measurement(s)."""

    group: str
    name: str
    title: str
    fn: WorkloadFn
    needs_node: bool = True
    order: int = 0

    @property
    def is_async(self) -> bool:
        """True for `async def` workloads (the harness runs them on a fresh event loop)."""
        return inspect.iscoroutinefunction(self.fn)


_WORKLOADS: dict[tuple[str, str], Workload] = {}


def workload(*, group: str, name: str, title: str = "",
             needs_node: bool = True) -> Callable[[WorkloadFn], WorkloadFn]:
    """Register a workload function under `group`/`name` (decorator)."""
    def deco(fn: WorkloadFn) -> WorkloadFn:
        _WORKLOADS[(group, name)] = Workload(group, name, title or name, fn, needs_node,
                                             order=len(_WORKLOADS))
        return fn
    return deco


def group_description(group: str) -> str:
    """A group's one-line description, or ''."""
    return GROUPS.get(group, "")


def workloads(group: str | None = None) -> list[Workload]:
    """Registered workloads (of one group), in registration order."""
    found = [w for w in _WORKLOADS.values() if group is None or w.group == group]
    return sorted(found, key=lambda w: w.order)


def registered_groups() -> list[str]:
    """Groups with at least one registered workload, in registration order."""
    seen: dict[str, None] = {}
    for w in workloads():
        seen.setdefault(w.group, None)
    return list(seen)
