"""`memory` group: peak RSS of each process serving admission-like requests, and V8 heap used.

Each side is a fresh process serving the same requests with the same JS module (the plain-JS
stand-in of `hostrt.bench.admitjs` until `require('pepr')` is in this build): hostrt through
`python -m hostrt.bench.procs admit`, Node through an in-process driver. Peak RSS is the kernel's
`ru_maxrss` of that child; heap used is `Host.heap_stats()['used_heap_size']` in hostrt and
`process.memoryUsage().heapUsed` in Node, read after the last request (garbage included), and
again after a full GC (live data only).
"""

from __future__ import annotations

import json
import sys

from hostrt.bench import admitjs
from hostrt.bench.harness import BenchContext
from hostrt.bench.procs import spawn
from hostrt.bench.registry import HOSTRT, NODE, Measurement, Series, workload

KB = 1024


@workload(group="memory", name="admission", title="serve admission-like requests")
def admission(ctx: BenchContext) -> list[Measurement]:
    """10 bindings, 100 KB ConfigMap, N requests per process; one process per sample."""
    module = ctx.write("admit-mem.js", admitjs.module_source(10))
    req = ctx.write("request-mem.json", json.dumps(admitjs.request(100 * KB)))
    n = ctx.n(200, minimum=3)
    host_cmd = [sys.executable, "-m", "hostrt.bench.procs", "admit", str(module), str(req),
                str(n), "1", "0"]
    driver = ctx.write("admit-driver.js", admitjs.NODE_DRIVER)
    node_cmd = [str(ctx.node), "--expose-gc", str(driver), str(module), str(req), str(n), "1", "0"]
    rss: dict[str, list[float]] = {HOSTRT: [], NODE: []}
    heap: dict[str, list[float]] = {HOSTRT: [], NODE: []}
    live: dict[str, list[float]] = {HOSTRT: [], NODE: []}
    for i in range(ctx.warmup + max(ctx.runs, 3)):
        h = spawn(host_cmd, cwd=ctx.workdir)
        nd = spawn(node_cmd, cwd=ctx.workdir)
        if i < ctx.warmup:
            continue
        rss[HOSTRT].append(h.peak_rss_mib)
        rss[NODE].append(nd.peak_rss_mib)
        hdoc = json.loads(h.stdout.splitlines()[-1])
        ndoc = json.loads(nd.stdout.splitlines()[-1])
        heap[HOSTRT].append(hdoc["heap"]["used_heap_size"] / (KB * KB))
        heap[NODE].append(ndoc["heapUsed"] / (KB * KB))
        live[HOSTRT].append(hdoc["live"]["used_heap_size"] / (KB * KB))
        live[NODE].append(ndoc["liveHeap"] / (KB * KB))
    labels = {HOSTRT: "python -m hostrt.bench.procs admit (Host + dispatch per request)",
              NODE: "node driver: admit(JSON.parse(body)) per request"}
    method = (f"{admitjs.STAND_IN_LABEL}; 10 bindings, 100 KB ConfigMap, {n} requests per "
              "process; one fresh process per sample")
    return [
        Measurement(group="memory", name="peak-rss", title="peak RSS serving requests",
                    unit="MiB", stats=("median", "max"), method=method + "; ru_maxrss (wait4)",
                    params={"requests": n, "module": "stand-in"},
                    runtimes={rt: Series(v, labels[rt]) for rt, v in rss.items()}),
        Measurement(group="memory", name="heap-used", title="V8 heap used after the last request",
                    unit="MiB", stats=("median", "max"),
                    method=method + "; heap_stats().used_heap_size vs memoryUsage().heapUsed",
                    params={"requests": n, "module": "stand-in"},
                    runtimes={rt: Series(v, labels[rt]) for rt, v in heap.items()}),
        Measurement(group="memory", name="heap-live", title="V8 heap live after a full GC",
                    unit="MiB", stats=("median", "max"),
                    method=method + "; after the last request, a full GC (hostrt: "
                    "Host.collect_garbage(), V8's low-memory notification; Node: --expose-gc, "
                    "gc()), then heap used",
                    params={"requests": n, "module": "stand-in"},
                    runtimes={rt: Series(v, labels[rt]) for rt, v in live.items()}),
    ]
