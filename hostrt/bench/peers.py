"""`peers` group: Deno 2 and Bun beside Node and hostrt, on the same JavaScript.

The ADR keeps Node partly for the option to "switch to deno2 or bun in the future". These rows
measure what that switch would cost or save, with every runtime running the same file:

- admission: real Pepr 1.1.4's /mutate and /validate work — the very bundle the admission group's
  (b) rows time (`peprwork`: the module bundled whole with Pepr's lib and a route doing what
  Pepr's controller route does) — driven by `pepr_node.js` in Node, Deno and Bun, and dispatched
  by hostrt on each engine backend;
- start: an empty script, and the built hello-pepr bundle with real Pepr bundled in, one fresh
  process per sample; each process's peak RSS is the memory row.

Deno runs in its Node-compatibility mode and Bun as-is (`hostrt.peers` names the flags). A peer
that is not installed is a row saying so and how to install it (`hostrt setup --peers`).
"""

from __future__ import annotations

import asyncio
import json

from hostrt import peers
from hostrt.bench import peprwork
from hostrt.bench.admission import hello_pepr
from hostrt.bench.harness import BenchContext, fixture
from hostrt.bench.registry import (
    NODE,
    Measurement,
    Series,
    installed_engines,
    runtime_key,
    workload,
)
from hostrt.bench.start import REAL_ENTRY_TS, hostrt_start_cmds, start_rows

GROUP = "peers"


def _peer_cmds() -> tuple[dict[str, list[str]], list[str]]:
    """The installed peers' command prefixes (a script path follows), and notes for the rest."""
    cmds, missing = {}, []
    for name, peer in peers.PEERS.items():
        if peers.installed(name):
            cmds[name] = [str(peers.binary(name)), *peer.run_args]
        else:
            missing.append(peers.not_installed_note(name))
    return cmds, missing


def _method(missing: list[str], what: str) -> str:
    modes = "; ".join(f"{p.label}: {p.mode}" for p in peers.PEERS.values())
    return f"{what} Peers run as: {modes}" + (f". {' '.join(missing)}" if missing else "")


@workload(group=GROUP, name="admission-real-pepr",
          title="real Pepr 1.1.4 /mutate and /validate in Node, Deno, Bun and hostrt")
async def admission(ctx: BenchContext) -> list[Measurement]:
    """The admission group's (b) bundle, per route, in every runtime of this run."""
    title = "real Pepr 1.1.4, hello-pepr ConfigMap"
    cmds, missing = _peer_cmds()
    module, request = hello_pepr(ctx)
    bundles = peprwork.build(ctx, module, "peers")
    if bundles.real is None:
        return [Measurement.unavailable(GROUP, "admission-real-pepr", title, bundles.real_missing)]
    n, warmup = ctx.n(2000), ctx.n(200)
    sides: dict[str, peprwork.SideRun] = {
        NODE: await asyncio.to_thread(peprwork.run_node, ctx, bundles, "real", request, n, warmup)}
    for name, cmd in cmds.items():
        sides[name] = await asyncio.to_thread(peprwork.run_node, ctx, bundles, "real", request,
                                              n, warmup, cmd=cmd, label=name)
    for engine in installed_engines():
        sides[runtime_key(engine)] = await peprwork.run_hostrt(bundles, "real", request, n,
                                                               warmup, engine)
    rows = []
    for route in peprwork.ROUTES:
        answers = {rt: json.dumps(s.answers.get(route), sort_keys=True) for rt, s in sides.items()}
        rows.append(Measurement(
            group=GROUP, name=f"admission-real-pepr-{route}", title=f"{title}: /{route}",
            unit="µs", stats=("p50", "p99"),
            method=_method(missing, f"The admission group's (b) bundle; {n} requests after "
                           f"{warmup} warm-up, /mutate and /validate alternating; Node, Deno and "
                           "Bun run pepr_node.js (process.hrtime around parse, route, "
                           "stringify), hostrt one Host.dispatch each."),
            runtimes={rt: Series(s.samples[route]) for rt, s in sides.items()},
            params={"same_answer": len(set(answers.values())) == 1,
                    "answers_differ_from_node": sorted(rt for rt, a in answers.items()
                                                       if a != answers[NODE])}))
    return rows


@workload(group=GROUP, name="start", title="start and peak RSS in Node, Deno, Bun and hostrt")
def start(ctx: BenchContext) -> list[Measurement]:
    """An empty script, then the built hello-pepr bundle with real Pepr bundled in."""
    cmds, missing = _peer_cmds()
    assert ctx.node is not None
    empty = ctx.write("peers-empty.js", "")
    rows = start_rows(ctx, "peers-empty", "start an empty script and exit",
                 {NODE: ([ctx.node, str(empty)], f"node {empty.name}"),
                  **{n: ([*c, str(empty)], f"{n} {empty.name}") for n, c in cmds.items()},
                  **hostrt_start_cmds(ctx, [str(empty)], empty.name)})
    built = sorted(fixture("modules/hello-pepr-built").glob("pepr-*.js"))
    real, why = (peprwork.build_real_entry(
        ctx, REAL_ENTRY_TS.format(bundle=json.dumps(str(built[0]))), "peers-start")
        if built else (None, "fixture hello-pepr-built has no bundle"))
    if real is None:
        rows.append(Measurement.unavailable(GROUP, "peers-hello-pepr-real-pepr",
                                            "load the built hello-pepr module", why))
    else:
        rows += start_rows(ctx, "peers-hello-pepr-real-pepr",
                      "load the built hello-pepr module (real Pepr 1.1.4 bundled in) and exit",
                      {NODE: ([ctx.node, str(real)], f"node {real.name}"),
                       **{n: ([*c, str(real)], f"{n} {real.name}") for n, c in cmds.items()},
                       **hostrt_start_cmds(ctx, ["--native-promises", str(real)],
                                      f"--native-promises {real.name}")})
    for row in rows:
        row.group = GROUP
        row.method = _method(missing, row.method)
    return rows
