"""`start` group: process start to "module loaded and ready", and each process's peak RSS.

Each sample is one fresh process (`hostrt run FILE` against `node FILE`), timed from spawn to
exit by the parent; peak RSS is the kernel's `ru_maxrss` for that one child (`os.wait4`).
"""

from __future__ import annotations

import importlib.util

from hostrt.bench.harness import BenchContext
from hostrt.bench.procs import ProcRun, hostrt_cmd, spawn
from hostrt.bench.registry import HOSTRT, NODE, Measurement, Series, describe_group, workload

describe_group("start", "process start to 'module loaded and ready' (fresh process per sample) "
                        "and its peak RSS")


def _pair(ctx: BenchContext, name: str, title: str, hostrt: list[str], node: list[str],
          extra: dict[str, tuple[list[str], str]], labels: tuple[str, str]) -> list[Measurement]:
    runs: dict[str, list[ProcRun]] = {HOSTRT: [], NODE: [], **{k: [] for k in extra}}
    cmds = {HOSTRT: hostrt, NODE: node, **{k: v[0] for k, v in extra.items()}}
    label = {HOSTRT: labels[0], NODE: labels[1], **{k: v[1] for k, v in extra.items()}}
    for _ in range(ctx.warmup):
        for cmd in cmds.values():
            spawn(cmd, cwd=ctx.workdir)
    # Interleave runtimes so a noisy moment hits both columns alike.
    for _ in range(max(ctx.runs, 3)):
        for rt, cmd in cmds.items():
            runs[rt].append(spawn(cmd, cwd=ctx.workdir))
    method = ("one fresh process per sample, spawn to exit timed by the parent "
              f"(perf_counter), runtimes interleaved, {max(ctx.runs, 3)} samples each")
    return [
        Measurement(group="start", name=name, title=title, unit="ms", stats=("median", "min"),
                    method=method,
                    runtimes={rt: Series([r.wall_ms for r in rs], label[rt])
                              for rt, rs in runs.items()}),
        Measurement(group="start", name=f"{name}-rss", title=f"{title}: peak RSS", unit="MiB",
                    stats=("median", "max"),
                    method="ru_maxrss of that one child from os.wait4",
                    runtimes={rt: Series([r.peak_rss_mib for r in rs], label[rt])
                              for rt, rs in runs.items()}),
    ]


@workload(group="start", name="empty", title="empty script")
def empty(ctx: BenchContext) -> list[Measurement]:
    """`hostrt run empty.js` against `node empty.js` (and `node -e 0`)."""
    script = ctx.write("empty.js", "")
    assert ctx.node is not None
    return _pair(ctx, "empty", "start an empty script and exit",
                 [*hostrt_cmd(), "run", str(script)], [ctx.node, str(script)],
                 {"node -e 0": ([ctx.node, "-e", "0"], "node -e 0")},
                 (f"hostrt run {script.name}", f"node {script.name}"))


@workload(group="start", name="hello-pepr", title="load the hello-pepr module")
def hello_pepr(ctx: BenchContext) -> list[Measurement]:
    """`hostrt run` of the hello-pepr module against Node loading the same bundle."""
    fixture = ctx.repo / "js_fixtures" / "modules" / "hello-pepr" if ctx.repo else None
    missing = []
    if fixture is None or not fixture.is_dir():
        missing.append("fixture js_fixtures/modules/hello-pepr is not in this build")
    if importlib.util.find_spec("hostrt.pepr") is None:
        missing.append("the pepr edge (hostrt.pepr) is not in this build")
    if missing:
        return [Measurement.unavailable("start", "hello-pepr", "load the hello-pepr module",
                                        "not available in this build: " + "; ".join(missing))]
    return [Measurement.unavailable(
        "start", "hello-pepr", "load the hello-pepr module",
        "not available in this build: no agreed 'load and exit' entry for a Pepr module yet")]
