"""`start` group: process start to "module loaded and ready", and each process's peak RSS.

Each sample is one fresh process (`hostrt run FILE` against `node FILE`), timed from spawn to
exit by the parent; peak RSS is the kernel's `ru_maxrss` for that one child (`os.wait4`).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hostrt import resources
from hostrt.bench.harness import BenchContext, BenchError
from hostrt.bench.procs import ProcRun, hostrt_cmd, spawn
from hostrt.bench.registry import HOSTRT, NODE, Measurement, Series, workload
from hostrt.errors import HostError


def _runs(ctx: BenchContext, name: str, title: str, cmds: dict[str, tuple[list[str], str]],
          env: dict[str, str] | None = None) -> list[Measurement]:
    runs: dict[str, list[ProcRun]] = {rt: [] for rt in cmds}
    for _ in range(ctx.warmup):
        for cmd, _label in cmds.values():
            spawn(cmd, cwd=ctx.workdir, env=env)
    # Interleave runtimes so a noisy moment hits both columns alike.
    samples = max(ctx.runs, 3)
    for _ in range(samples):
        for rt, (cmd, _label) in cmds.items():
            runs[rt].append(spawn(cmd, cwd=ctx.workdir, env=env))
    method = ("one fresh process per sample, spawn to exit timed by the spawner "
              f"(perf_counter), runtimes interleaved, {samples} samples each")
    return [
        Measurement(group="start", name=name, title=title, unit="ms", stats=("median", "min"),
                    method=method,
                    runtimes={rt: Series([r.wall_ms for r in rs], cmds[rt][1])
                              for rt, rs in runs.items()}),
        Measurement(group="start", name=f"{name}-rss", title=f"{title}: peak RSS", unit="MiB",
                    stats=("median", "max"),
                    method="ru_maxrss of that one child (os.wait4 in a small spawner process)",
                    runtimes={rt: Series([r.peak_rss_mib for r in rs], cmds[rt][1])
                              for rt, rs in runs.items()}),
    ]


@workload(group="start", name="empty", title="empty script")
def empty(ctx: BenchContext) -> list[Measurement]:
    """`hostrt run empty.js` against `node empty.js` (and `node -e 0`)."""
    script = ctx.write("empty.js", "")
    assert ctx.node is not None
    return _runs(ctx, "empty", "start an empty script and exit", {
        HOSTRT: ([*hostrt_cmd(), "run", str(script)], f"hostrt run {script.name}"),
        NODE: ([ctx.node, str(script)], f"node {script.name}"),
        "node -e 0": ([ctx.node, "-e", "0"], "node -e 0"),
    })


NODE_BUILD_MODE_JS = r"""
// Load a built Pepr module the way `npx pepr build` does (PEPR_MODE=build): Pepr's PeprModule
// constructor hands the capabilities to process.send once the module is loaded; exit there.
process.env.PEPR_MODE = 'build';
process.send = (caps) => {
  process.stdout.write(JSON.stringify({ capabilities: caps.length }) + '\\n');
  process.exit(0);
};
require(process.argv[2]);
"""


def pepr_node_modules() -> tuple[Path | None, str]:
    """The real Pepr 1.1.4 install (installed on first use), or None and why it is missing."""
    from hostrt.pepr.reference import pepr_reference
    try:
        return pepr_reference(), ""
    except HostError as exc:
        return None, str(exc).splitlines()[0]


@workload(group="start", name="hello-pepr", title="load the hello-pepr module")
def hello_pepr(ctx: BenchContext) -> list[Measurement]:
    """`hostrt run` of the built hello-pepr bundle against Node loading the same bundle."""
    title = "load the built hello-pepr module and exit"
    try:
        built = sorted(resources.bench_module("hello-pepr-built").glob("pepr-*.js"))
    except HostError:
        built = []
    if not built:
        return [Measurement.unavailable(
            "start", "hello-pepr", title, "not available in this build: fixture "
            "js_fixtures/modules/hello-pepr-built (the `npx pepr build` bundle) is missing")]
    bundle = built[0]
    pepr, why = pepr_node_modules()
    cmds: dict[str, tuple[list[str], str]] = {}
    missing = []
    if pepr is not None:
        wrapper = ctx.write("pepr-build-mode.js", NODE_BUILD_MODE_JS)
        cmds[NODE] = ([str(ctx.node), str(wrapper), str(bundle)],
                      "node: real Pepr 1.1.4 loads the bundle (PEPR_MODE=build, exit on "
                      "process.send of the capabilities)")
    else:
        missing.append(f"Node side: real Pepr 1.1.4 is not available ({why})")
    if importlib.util.find_spec("hostrt.pepr") is not None:
        cmd = [*hostrt_cmd(), "run", str(bundle), "--info"]
        try:
            spawn(cmd, cwd=ctx.workdir)
            cmds[HOSTRT] = (cmd, f"hostrt run {bundle.name} --info")
        except BenchError as exc:
            # A finding in itself: hostrt cannot load the bundle `npx pepr build` produced.
            missing.append("hostrt side: `hostrt run <bundle> --info` fails: "
                           + str(exc).split(": ", 1)[-1].split(" exited ", 1)[-1])
    else:
        missing.append("hostrt side: the pepr edge (hostrt.pepr, `hostrt run MODULE --info`) "
                       "is not in this build")
    if not cmds:
        return [Measurement.unavailable("start", "hello-pepr", title,
                                        "not available in this build: " + "; ".join(missing))]
    env_note = f" ({'; '.join(missing)})" if missing else ""
    return _runs(ctx, "hello-pepr", title + env_note, cmds,
                 {"NODE_PATH": str(pepr)} if pepr else {})
