"""`start` group: process start to "module loaded and ready", and each process's peak RSS.

Each sample is one fresh process (`hostrt run FILE` against `node FILE`), timed from spawn to
exit by the parent; peak RSS is the kernel's `ru_maxrss` for that one child (`os.wait4`).
"""

from __future__ import annotations

import json

from hostrt.bench.harness import BenchContext, fixture
from hostrt.bench.procs import ProcRun, hostrt_cmd, spawn
from hostrt.bench.registry import (
    HOSTRT,
    NODE,
    Measurement,
    Series,
    installed_engines,
    runtime_key,
    workload,
)


def start_rows(ctx: BenchContext, name: str, title: str, cmds: dict[str, tuple[list[str], str]],
               env: dict[str, str] | None = None) -> list[Measurement]:
    """Start each runtime's command ctx.runs times, at least 3 (a fresh process each, runtimes
    interleaved, after warm-up starts):
    a time row and a peak-RSS row, side by side."""
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
    return start_rows(ctx, "empty", "start an empty script and exit", {
        HOSTRT: ([*hostrt_cmd(), "run", str(script)], f"hostrt run {script.name}"),
        NODE: ([ctx.node, str(script)], f"node {script.name}"),
        "node -e 0": ([ctx.node, "-e", "0"], "node -e 0"),
    })


# (a) hostrt's Pepr under Node: `require("pepr")` is the shim, as in `hostrt run`; print what
# `hostrt run BUNDLE --info` prints, then let the process end when idle (as hostrt does).
NODE_SHIM_JS = r"""
const Module = require('module');
const shim = process.argv[3];
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'pepr' ? shim : resolve.call(this, request, ...rest);
};
const pepr = require(shim);
require(process.argv[2]);
process.stdout.write(JSON.stringify({ info: pepr.__info() }) + '\n');
"""

# (b) real Pepr: the built bundle with `pepr` = real Pepr 1.1.4's lib (peprwork's wrapper, whose
# PeprModule keeps the capabilities), bundled whole; the same file runs in Node and in hostrt.
REAL_ENTRY_TS = """import {bundle};
const bench = (globalThis as any).__hostrtBenchPepr;
if (!bench) throw new Error("the module created no PeprModule");
console.log(JSON.stringify({{ capabilities: bench.capabilities.length }}));
"""


def hostrt_start_cmds(ctx: BenchContext, args: list[str], what: str) -> dict[str, tuple[list[str], str]]:
    """`hostrt run ARGS` on every installed engine backend."""
    return {runtime_key(e): ([*hostrt_cmd(), "run", "--engine", e, *args],
                             f"hostrt run --engine {e} {what}") for e in installed_engines()}


@workload(group="start", name="hello-pepr", title="load the built hello-pepr module, decomposed")
def hello_pepr(ctx: BenchContext) -> list[Measurement]:
    """The `npx pepr build` bundle of hello-pepr, process start to loaded: (a) with hostrt's Pepr
    in Node and in hostrt, (b) with real Pepr 1.1.4 bundled in, in Node and in hostrt, (c) the
    two Peprs in Node."""
    from hostrt.bench.peprwork import build_real_entry, shim_entry
    from hostrt.pepr.module import module_env
    title = "load the built hello-pepr module and exit"
    built = sorted(fixture("modules/hello-pepr-built").glob("pepr-*.js"))
    if not built:
        return [Measurement.unavailable("start", "hello-pepr", title, "fixture "
                                        "js_fixtures/modules/hello-pepr-built has no bundle")]
    bundle = built[0]
    env = module_env({}, {}, watch=False, admission=True, overrides={"LOG_LEVEL": "info"})
    shim_js = ctx.write("start-shim.js", NODE_SHIM_JS)
    node_shim = ([str(ctx.node), str(shim_js), str(bundle), str(shim_entry())],
                 f"node: {bundle.name} with hostrt's Pepr (shims/pepr), prints its info")
    rows = start_rows(ctx, "hello-pepr-runtime", f"(a) runtime cost: {title} (hostrt's Pepr in Node "
                 "and hostrt)", {NODE: node_shim, **hostrt_start_cmds(ctx, [str(bundle), "--info"],
                                                                f"{bundle.name} --info")}, env)
    real, why = build_real_entry(ctx, REAL_ENTRY_TS.format(bundle=json.dumps(str(bundle))),
                                 "start")
    if real is None:
        rows.append(Measurement.unavailable("start", "hello-pepr-real-pepr", title, why))
        return rows
    node_real = ([str(ctx.node), str(real)], f"node {real.name}: the bundle with real Pepr "
                 "1.1.4 bundled in")
    rows += start_rows(ctx, "hello-pepr-real-pepr", f"(b) real Pepr 1.1.4: {title}, in Node and "
                  "hostrt", {NODE: node_real, **hostrt_start_cmds(ctx, ["--native-promises", str(real)],
                                                       f"--native-promises {real.name}")},
                  env)
    rows += start_rows(ctx, "hello-pepr-implementation", f"(c) implementation difference (not a "
                  f"runtime result): {title}, hostrt's Pepr vs real Pepr, both in Node",
                  {NODE: node_real, "node: hostrt's Pepr": node_shim}, env)
    return rows
