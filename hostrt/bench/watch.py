"""`hostrt bench watch`: watch network pressure and missed events under injected faults.

The same churn (objects created, updated and deleted in one namespace of the fake Kubernetes API,
`hostrt.kube.fakeapi`), with the same fault every `fault_every` writes (cycling through: a watch
cut in the middle of an event, a compaction that makes resuming impossible (410), 429 with
Retry-After, 500, a slow answer), is watched by:

- hostrt's informer (`hostrt.kube.informer`, Python, official client): LIST once, WATCH with
  bookmarks, resume from the last resourceVersion, re-list only on 410;
- kubernetes-fluent-client's own Watcher (the npm package real Pepr 1.1.4 depends on, run by
  Node from the shared Pepr install): a LIST before every WATCH, so every reconnect re-lists.
  When Node or the install is missing, its row is "not measured", never estimated.

Each watcher runs in its own process (the fake API and the churn in the bench's), against its
own fake API, with the same seed, so neither competes with the server for its interpreter.
Figures: API requests (LIST pages + WATCHes) per 1,000 write events, objects sent in LIST answers
per 1,000 events, and whether the watcher's view converged to the API's final state with no
object reported as new twice.
The fake API is not a kube-apiserver (none can be installed here); its request counts are exact.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hostrt.bench.harness import BenchContext
from hostrt.bench.registry import HOSTRT, NODE, Measurement, Series, workload
from hostrt.kube.fakeapi import FakeKubeAPI

FAULTS = ("drop", "gone", "throttle", "error", "slow")
NAMESPACE = "churn"


@dataclass
class ChurnConfig:
    """The workload: `objects` created; each creation followed, by chance, by an update and a
    delete of random live objects; a fault every `fault_every` writes."""

    objects: int = 10_000
    fault_every: int = 300
    seed: int = 13
    update_p: float = 0.6
    delete_p: float = 0.3
    retry_after: int = 1
    slow_delay: float = 0.3
    converge_timeout: float = 120.0
    rate: float = 1000.0  # writes per second


def _apply_fault(api: FakeKubeAPI, kind: str, rng: random.Random, cfg: ChurnConfig) -> None:
    if kind == "drop":
        api.inject("drop", verbs=["watch"], after_events=rng.randint(0, 20))
        return
    if kind == "gone":
        api.compact()
    elif kind == "throttle":
        api.inject("throttle", verbs=["watch", "list"], retry_after=cfg.retry_after)
    elif kind == "error":
        api.inject("error", verbs=["watch", "list"])
    elif kind == "slow":
        api.inject("slow", verbs=["watch", "list"], delay=cfg.slow_delay)
    api.drop_watches()


async def churn(api: FakeKubeAPI, cfg: ChurnConfig) -> dict[str, Any]:
    """Write the churn straight into the fake API (not counted as requests); returns counts."""
    rng = random.Random(cfg.seed)
    live: list[str] = []
    writes = 0
    faults: dict[str, int] = {}
    plural = "configmaps"
    began = time.monotonic()

    async def wrote() -> None:
        nonlocal writes
        writes += 1
        if writes % cfg.fault_every == 0:
            kind = FAULTS[(writes // cfg.fault_every - 1) % len(FAULTS)]
            faults[kind] = faults.get(kind, 0) + 1
            _apply_fault(api, kind, rng, cfg)
        if writes % 25 == 0:
            # Real time pacing: the watchers (other threads, another process) see the churn as
            # a cluster would send it, not as one burst.
            ahead = writes / cfg.rate - (time.monotonic() - began)
            await asyncio.sleep(max(0.0, ahead))

    for i in range(cfg.objects):
        name = f"obj-{i:05d}"
        api.create("v1", plural, {"metadata": {"name": name}, "data": {"v": "0"}},
                   namespace=NAMESPACE)
        live.append(name)
        await wrote()
        if live and rng.random() < cfg.update_p:
            target = rng.choice(live)
            api.patch("v1", plural, target, {"data": {"v": str(i)}}, namespace=NAMESPACE)
            await wrote()
        if live and rng.random() < cfg.delete_p:
            target = live.pop(rng.randrange(len(live)))
            api.delete("v1", plural, target, namespace=NAMESPACE)
            await wrote()
    api.clear_faults()
    return {"writes": writes, "faults": faults, "live": len(live)}


def truth(api: FakeKubeAPI) -> dict[str, str]:
    """name -> resourceVersion of the objects the API holds now."""
    res = api.store.resource("", "v1", "configmaps")
    return {o["metadata"]["name"]: o["metadata"]["resourceVersion"]
            for o in api.store.list(res, NAMESPACE)["items"]}


async def converge(api: FakeKubeAPI, view: Callable[[], Any], timeout: float) -> tuple[bool, float]:
    """Wait until `view()` (name -> rv of live objects) equals the API's state."""
    start = time.monotonic()
    want = truth(api)
    while time.monotonic() - start < timeout:
        got = view()
        if asyncio.iscoroutine(got):
            got = await got
        if got == want:
            return True, time.monotonic() - start
        await asyncio.sleep(0.1)
    return False, time.monotonic() - start


def _requests(api: FakeKubeAPI) -> dict[str, int]:
    stats = api.stats()
    by = stats["byResource"]
    return {"list": by.get("list configmaps", 0), "watch": by.get("watch configmaps", 0),
            "listed_objects": stats["counters"].get("list_items", 0)}


def _result(api: FakeKubeAPI, done: dict[str, Any], ok: bool, wait: float,
            dup_adds: int, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    req = _requests(api)
    total = req["list"] + req["watch"]
    per_k = 1000.0 / max(1, done["writes"])
    return {"writes": done["writes"], "faults": done["faults"], "converged": ok,
            "converge_s": round(wait, 3), "duplicate_adds": dup_adds, **req,
            "requests": total, "requests_per_1k": total * per_k,
            "listed_per_1k": req["listed_objects"] * per_k, **(extra or {})}


def informer_main() -> None:
    """The hostrt side as its own process (as Node runs KFC's): watch ConfigMaps of NAMESPACE
    with hostrt's informer; stdin "view" -> one JSON line {live, dups, events, stats}."""
    import sys

    async def main() -> None:
        from kubernetes import client, config

        from hostrt.kube.client import KubeClient
        from hostrt.kube.informer import InformerConfig, InformerKey, InformerSet

        kconf = client.Configuration()
        config.load_kube_config(os.environ["KUBECONFIG"], client_configuration=kconf)
        kconf.retries = 0
        kc = KubeClient(client.ApiClient(kconf))
        informers = InformerSet(kc, InformerConfig(backoff_base=0.2, backoff_cap=5.0))
        informer = informers.get(InformerKey("", "v1", "configmaps", (sys.argv[1],)),
                                 "ConfigMap")
        live: dict[str, str] = {}
        added: dict[str, int] = {}
        events = 0

        async def sink(kind: str, obj: dict[str, Any]) -> None:
            nonlocal events
            events += 1
            meta = obj["metadata"]
            if kind == "DELETED":
                live.pop(meta["name"], None)
            else:
                live[meta["name"]] = meta["resourceVersion"]
            if kind == "ADDED":
                added[meta["uid"]] = added.get(meta["uid"], 0) + 1
        informer.add_handler(sink)
        await informers.start()
        await informer.wait_synced(60)
        print(json.dumps({"ready": True}), flush=True)
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if line.strip() == "view":
                dups = sum(n - 1 for n in added.values() if n > 1)
                print(json.dumps({"live": live, "dups": dups, "events": events,
                                  "stats": informer.totals()}), flush=True)
            else:
                break
        await informers.stop()
        await asyncio.to_thread(kc.close)
    asyncio.run(main())


INFORMER_ARGV = ["-c", "from hostrt.bench.watch import informer_main; informer_main()"]


KFC_SCRIPT = r"""
// kubernetes-fluent-client's Watcher, configured as Pepr 1.1.4's watch-processor configures it,
// on ConfigMaps (cluster-wide, as Pepr watches). stdin "view" -> one JSON line of its view.
import { pathToFileURL } from "node:url";
import readline from "node:readline";
const { K8s, kind } = await import(pathToFileURL(process.argv[2]).href);
const live = {};
const added = {};
let events = 0;
const watcher = K8s(kind.ConfigMap).Watch((obj, phase) => {
  events++;
  if (obj.metadata.namespace !== process.argv[3]) return;
  if (phase === "DELETED") delete live[obj.metadata.name];
  else live[obj.metadata.name] = obj.metadata.resourceVersion;
  if (phase === "ADDED") added[obj.metadata.uid] = (added[obj.metadata.uid] || 0) + 1;
}, { resyncFailureMax: 5, resyncDelaySec: 5, lastSeenLimitSeconds: 300, relistIntervalSec: 600 });
for (const ev of ["list_error", "network_error", "watch_error", "data_error", "give_up"]) {
  watcher.events.on(ev, e => process.stderr.write(`kfc ${ev}: ${(e && e.message) || e}\n`));
}
await watcher.start();
process.stdout.write(JSON.stringify({ ready: true }) + "\n");
readline.createInterface({ input: process.stdin }).on("line", line => {
  if (line === "view") {
    const dups = Object.values(added).filter(n => n > 1).reduce((a, n) => a + n - 1, 0);
    process.stdout.write(JSON.stringify({ live, dups, events }) + "\n");
  } else if (line === "exit") {
    watcher.close();
    process.exit(0);
  }
});
"""


def kfc_location() -> Path | None:
    """kubernetes-fluent-client's entry in the shared Pepr install, if installed."""
    from hostrt.paths import home
    from hostrt.pepr.reference import PEPR_VERSION
    entry = home() / f"pepr-{PEPR_VERSION}" / "node_modules" / "kubernetes-fluent-client" / \
        "dist" / "index.js"
    return entry if entry.is_file() else None


async def run_watcher(cfg: ChurnConfig, tmp: Path, tag: str, argv: list[str]) -> dict[str, Any]:
    """The churn watched by one watcher process (`argv` + NAMESPACE; KUBECONFIG in its
    environment) speaking the stdin "view" protocol."""
    async with FakeKubeAPI(bookmark_interval=1.0) as api:
        api.create("v1", "namespaces", {"metadata": {"name": NAMESPACE}})
        kubeconfig = api.write_kubeconfig(tmp / f"kc-{tag}")
        errlog = tmp / f"{tag}-stderr.log"
        with errlog.open("wb") as errfile:
            proc = await asyncio.create_subprocess_exec(
                *argv, NAMESPACE, stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE, stderr=errfile,
                env={**os.environ, "KUBECONFIG": str(kubeconfig)}, limit=64 * 1024 * 1024)
        assert proc.stdin is not None and proc.stdout is not None
        try:
            line = await asyncio.wait_for(proc.stdout.readline(), 60)
            if not line:
                err = errlog.read_text(errors="replace")
                raise RuntimeError(f"the {tag} watcher did not start: {err[-800:]}")
            await asyncio.sleep(0.5)
            api.reset_stats()
            began = time.monotonic()
            done = await churn(api, cfg)
            last: dict[str, Any] = {}

            async def view() -> dict[str, str]:
                proc.stdin.write(b"view\n")  # type: ignore[union-attr]
                await proc.stdin.drain()  # type: ignore[union-attr]
                raw = await proc.stdout.readline()  # type: ignore[union-attr]
                last.update(json.loads(raw))
                return dict(last.get("live") or {})
            ok, wait = await converge(api, view, cfg.converge_timeout)
            stats = last.get("stats") or {}
            extra = {k: stats[k] for k in ("relists", "gone", "reconnects") if k in stats}
            return _result(api, done, ok, wait, int(last.get("dups", 0)),
                           {"seconds": time.monotonic() - began, **extra})
        finally:
            if proc.returncode is None:
                proc.kill()
            await proc.wait()


def _row(name: str, title: str, unit: str, key: str, results: dict[str, dict[str, Any]],
         method: str, cfg: ChurnConfig) -> Measurement:
    runtimes = {rt: Series([float(r[key])], label) for rt, (r, label) in (
        (rt, (res, _LABELS[rt])) for rt, res in results.items())}
    return Measurement(group="watch", name=name, title=title, unit=unit, runtimes=runtimes,
                       stats=("median",), better="lower", method=method,
                       params={"objects": cfg.objects, "fault_every": cfg.fault_every,
                               "seed": cfg.seed, **{f"{rt}_result": res
                                                    for rt, res in results.items()}})


_LABELS = {HOSTRT: "hostrt informer (Python, official client)",
           NODE: "kubernetes-fluent-client Watcher (Node, npm, as Pepr 1.1.4 uses it)"}


async def measure(cfg: ChurnConfig, node: str | None) -> dict[str, dict[str, Any] | str]:
    """Run both watchers through the churn; {"hostrt": result, "node": KFC's result or why
    it was not measured}."""
    out: dict[str, dict[str, Any] | str] = {}
    with tempfile.TemporaryDirectory(prefix="hostrt-bench-watch-") as d:
        tmp = Path(d)
        out[HOSTRT] = await run_watcher(cfg, tmp, "hostrt", [sys.executable, *INFORMER_ARGV])
        entry = kfc_location()
        if node is None:
            out[NODE] = "Node.js is not available (--no-node, or no `node` on PATH)"
        elif entry is None:
            out[NODE] = ("kubernetes-fluent-client is not installed (it comes with the shared "
                          "Pepr install: run `hostrt bench admission` or `hostrt compat "
                          "--pepr-sdk` once)")
        else:
            script = tmp / "kfc-watch.mjs"
            script.write_text(KFC_SCRIPT, encoding="utf-8")
            out[NODE] = await run_watcher(cfg, tmp, "kfc", [node, str(script), str(entry)])
    return out


@workload(group="watch", name="network-pressure", title="API requests per 1,000 events under "
          "faults", needs_node=False)
async def network_pressure(ctx: BenchContext) -> list[Measurement]:
    """Both watchers through the same churn and fault schedule (scaled by --scale)."""
    cfg = ChurnConfig(objects=ctx.n(10_000, minimum=200),
                      fault_every=max(50, int(300 * min(1.0, ctx.scale * 4))))
    node = ctx.node  # None with --no-node
    results = await measure(cfg, node)
    measured = {rt: r for rt, r in results.items() if isinstance(r, dict)}
    for rt, r in results.items():
        if isinstance(r, str):
            ctx.notes.append(f"watch/{rt}: not measured: {r}")
    method = (f"{cfg.objects} ConfigMaps created in one namespace, each followed by an update "
              f"(p={cfg.update_p}) and a delete (p={cfg.delete_p}) of random live objects; a fault "
              f"every {cfg.fault_every} writes cycling drop-mid-event / compaction (410) / 429 "
              f"Retry-After {cfg.retry_after}s / 500 / slow {cfg.slow_delay}s; requests = LIST "
              "pages + WATCHes counted by the fake API after the initial sync; events = writes")
    rows = [
        _row("requests-per-1k-events", "API requests per 1,000 events", "requests",
             "requests_per_1k", measured, method, cfg),
        _row("listed-objects-per-1k-events", "objects sent in LIST answers per 1,000 events",
             "objects", "listed_per_1k", measured, method, cfg),
        _row("duplicate-adds", "objects reported as new twice", "objects", "duplicate_adds",
             measured, method, cfg),
        _row("converge-seconds", "seconds from the last write to a converged view", "s",
             "converge_s", measured, method, cfg),
    ]
    for rt, r in measured.items():
        if not r["converged"]:
            ctx.notes.append(f"watch/{rt}: its view did NOT converge to the API's final state "
                             f"within {cfg.converge_timeout:.0f}s (missed events)")
    return rows
