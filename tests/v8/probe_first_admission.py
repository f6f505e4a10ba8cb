#!/usr/bin/env python3
"""Why the first admission in a tick costs about twice the later ones (a probe, not a test).

    python tests/v8/probe_first_admission.py <pepr module dir with node_modules> [request.json]

Loads the module in a Host and times the engine tick only (median of 400) for a handler that
runs n mutate+validate pairs in one dispatch, n = 0, 1, 5, plain and with a JS loop that walks
16 MB before every pair (its own cost subtracted). Measured (2-CPU shared VM): plain, first
pair 137-152 us, later pairs 69-83 us; evicting, every pair 161-238 us — at least what the
first pair costs plainly. So the first pair pays for cold CPU caches — whatever ran
between ticks (Python, the thread hand-off, other processes) evicted V8's working set — not
for hostrt JS state: no deopt (--trace-deopt), no GC (--trace-gc) differ between the two.
"""

import asyncio
import io
import os
import statistics
import sys
import time
from pathlib import Path

from hostrt import Host, HostOptions
from hostrt.pepr.module import module_env, resolve_module
from hostrt.pepr.store import PeprStore
from hostrt.settings import PeprSettings

ROOT = Path(__file__).resolve().parents[2]
HANDLERS = """
const bridge = require('hostrt:bridge');
const pepr = require('pepr');
const junk = new Float64Array(2 * 1024 * 1024);
const walk = () => { for (let j = 0; j < junk.length; j += 8) junk[j] += 1; };
bridge.handle('probe.pairs', async ({ n, review, evict }) => {
  for (let i = 0; i < n; i++) {
    if (evict) walk();
    await pepr.__handleAdmission('mutate', review);
    await pepr.__handleAdmission('validate', review);
  }
  return n;
});
bridge.handle('probe.walk', async ({ n, evict }) => {
  for (let i = 0; i < n; i++) { if (evict) walk(); await null; }
  return n;
});
"""


async def main(module: Path, request: Path) -> None:
    spec = resolve_module(module)
    env = module_env(spec.config, dict(os.environ), watch=False, admission=True,
                     overrides={"LOG_LEVEL": "error"})
    sink = io.StringIO()
    store = PeprStore()
    opts = HostOptions(env=env, stdout=sink, stderr=sink, pepr=PeprSettings(store=store),
                       track_rejections=False)
    review = request.read_text(encoding="utf-8")
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / "hostrt_probe_first_admission.js"
    probe.write_text(HANDLERS, encoding="utf-8")
    async with Host(opts) as host:
        await host.load(spec.entry, bundle=spec.bundle)
        await host.dispatch("pepr.store.load", store.snapshot())
        await host.load(probe, external=["pepr"])
        engine = host._engine
        assert engine is not None
        tick, times = engine.tick, []

        def timed(inbox: str) -> str:
            t0 = time.perf_counter_ns()
            out = tick(inbox)
            times.append((time.perf_counter_ns() - t0) / 1000)
            return out

        engine.tick = timed  # type: ignore[method-assign]
        for evict in (False, True):
            for _ in range(200):  # warm-up
                await host.dispatch("probe.pairs", {"n": 1, "review": review, "evict": evict})
            med: dict[tuple[str, int], float] = {}
            for handler in ("probe.walk", "probe.pairs"):
                for n in (0, 1, 5):
                    times.clear()
                    for _ in range(400):
                        await host.dispatch(handler, {"n": n, "review": review, "evict": evict})
                    med[(handler, n)] = statistics.median(times)
            # Pair cost = (ticks with pairs) - (ticks with only the walks), so the walk drops out.
            cost = {n: med[("probe.pairs", n)] - med[("probe.walk", n)] for n in (0, 1, 5)}
            first = cost[1] - cost[0]
            later = (cost[5] - cost[1]) / 4
            print(f"{'evicting' if evict else 'plain   '}: empty tick "
                  f"{med[('probe.pairs', 0)]:.0f} us; first pair {first:.0f} us, "
                  f"each later pair {later:.0f} us")


if __name__ == "__main__":
    req = (Path(sys.argv[2]) if len(sys.argv) > 2 else
           ROOT / "js_fixtures/modules/hello-pepr/requests/04-create-configmap-example-1.json")
    asyncio.run(main(Path(sys.argv[1]), req))
