"""`memory` group: peak RSS of a process serving admission requests, and its V8 heap.

The module is the scaling group's generated Pepr module (10 bindings) and a 100 KB ConfigMap,
bundled once per Pepr by `hostrt.bench.peprwork`: (a) hostrt's Pepr, the same bundle in Node and
in hostrt on each engine backend; (b) real Pepr 1.1.4 bundled whole, in Node and in hostrt;
(c) the two Peprs in Node (an implementation difference). Each sample is one fresh process
serving N /mutate + /validate requests (hostrt: `python -m hostrt.bench.peprwork`; Node:
`pepr_node.js`). Peak RSS is the kernel's `ru_maxrss` of that child; heap used is
`Host.heap_stats()['used_heap_size']` in hostrt and `process.memoryUsage().heapUsed` in Node,
after the last request (garbage included) and again after a full GC (live data only).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from hostrt.bench import admitjs, peprwork
from hostrt.bench.harness import BenchContext
from hostrt.bench.procs import spawn
from hostrt.bench.registry import NODE, Measurement, Series, installed_engines, runtime_key, workload

KB = 1024
MiB = 1024 * 1024
KINDS = {"shim": ("a", "runtime cost, hostrt's Pepr in Node and hostrt"),
         "real": ("b", "real Pepr 1.1.4 in Node and hostrt")}


@workload(group="memory", name="admission", title="serve admission requests (10 bindings, "
          "100 KB ConfigMap), decomposed")
def admission(ctx: BenchContext) -> list[Measurement]:
    """Peak RSS and heap per process serving N requests; one process per sample."""
    module = admitjs.write_pepr_module(ctx.workdir / "pepr-memory", 10)
    req = ctx.write("review-memory.json", json.dumps(admitjs.review(100 * KB)))
    n = ctx.n(200, minimum=3)
    bundles = peprwork.build(ctx, module, "memory")
    engines = installed_engines()
    figures: dict[str, dict[str, dict[str, list[float]]]] = {}  # kind -> runtime -> metric
    for kind in ("shim", "real") if bundles.real is not None else ("shim",):
        out = ctx.workdir / f"memory-node-{kind}.json"
        bundle = bundles.shim if kind == "shim" else bundles.real
        cmds = {NODE: peprwork.node_command(ctx, bundles, kind, req, n, 0, out)}
        for e in engines:
            cmds[runtime_key(e)] = [sys.executable, "-m", "hostrt.bench.peprwork", kind,
                                    str(bundle), str(req), str(n), e]
        got: dict[str, dict[str, list[float]]] = {rt: {"rss": [], "used": [], "live": []}
                                                 for rt in cmds}
        for i in range(ctx.warmup + max(ctx.runs, 3)):
            for rt, cmd in cmds.items():  # interleaved: a noisy moment hits every column
                run = spawn(cmd, cwd=ctx.workdir, env=bundles.env)
                if i < ctx.warmup:
                    continue
                doc: dict[str, Any] = (json.loads(out.read_text(encoding="utf-8")) if rt == NODE
                                       else json.loads(run.stdout.splitlines()[-1]))
                got[rt]["rss"].append(run.peak_rss_mib)
                got[rt]["used"].append(doc["heap"]["used"] / MiB)
                if doc["heap"].get("live") is not None:
                    got[rt]["live"].append(doc["heap"]["live"] / MiB)
        figures[kind] = got
    method = (f"{admitjs.PEPR_LABEL} (10 bindings), 100 KB ConfigMap, {n} /mutate + /validate "
              "requests per process, one fresh process per sample, runtimes interleaved; logs "
              "to a file")
    metrics = (("peak-rss", "rss", "peak RSS serving requests", "ru_maxrss (wait4)"),
               ("heap-used", "used", "V8 heap used after the last request",
                "heap_stats().used_heap_size vs memoryUsage().heapUsed"),
               ("heap-live", "live", "V8 heap live after a full GC",
                "a full GC (hostrt: Host.collect_garbage(); Node: --expose-gc, gc()), then "
                "heap used"))
    rows = []
    for name, key, title, how in metrics:
        for kind, got in figures.items():
            tag, what = KINDS[kind]
            rows.append(Measurement(
                group="memory", name=f"{name}-{'runtime' if kind == 'shim' else 'real-pepr'}",
                title=f"({tag}) {title}: {what}", unit="MiB", stats=("median", "max"),
                method=f"{method}; {how}",
                params={"requests": n, "decomposition": "runtime" if kind == "shim"
                        else "real-pepr"},
                runtimes={rt: Series(v[key], f"{'node' if rt == NODE else 'hostrt on ' + rt}")
                          for rt, v in got.items()}))
        if "real" in figures:
            rows.append(Measurement(
                group="memory", name=f"{name}-implementation",
                title=f"(c) {title}: hostrt's Pepr vs real Pepr, both in Node (implementation "
                      "difference, not a runtime result)", unit="MiB", stats=("median", "max"),
                method=f"{method}; {how}",
                params={"requests": n, "decomposition": "implementation"},
                runtimes={NODE: Series(figures["real"][NODE][key], "real Pepr 1.1.4 in Node"),
                          "node: hostrt's Pepr": Series(figures["shim"][NODE][key],
                                                        "hostrt's Pepr in Node")}))
    return rows
