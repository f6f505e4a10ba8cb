#!/usr/bin/env python3
"""Run a Pepr module with hostrt's real Host (engine, loader, shims) and this branch's `pepr`.

    HOSTRT_ROOT=/path/to/hostrt-checkout python tests/v8/pepr_in_hostrt.py --module <entry>
        [--watch] <request.json | dir>...

Prints the same JSON lines as tests/node/hostrt_pepr_under_node.js, so tests/node/diff_pepr.js
can compare them with real Pepr:

    node tests/node/diff_pepr.js --hostrt-cmd "python tests/v8/pepr_in_hostrt.py" ...

The Host comes from HOSTRT_ROOT (a checkout of the main branch; nothing is written there:
bytecode caching is off) with a shims root made of that checkout's shims plus shims/pepr from
this branch. Admission goes through the "pepr.admission" handler with the raw request text;
watch events through "pepr.watch", with Python ops standing in for the Kubernetes side
(the canned answers of hostrt/pepr/node/ref/kfc_stub.js) and recording the Store posts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True
HOSTRT_ROOT = Path(os.environ.get("HOSTRT_ROOT", "/work/main")).resolve()
sys.path.insert(0, str(HOSTRT_ROOT))

from hostrt import Host, HostOptions  # noqa: E402
from hostrt.errors import HostError  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# A second module loaded after the Pepr module: exposes the registered bindings.
BINDINGS_JS = r"""
const pepr = require('pepr');
require('hostrt:bridge').handle('test.bindings', async () =>
  JSON.parse(JSON.stringify(pepr.__capabilities().map(cap => ({
    name: cap.name, description: cap.description, namespaces: cap.namespaces, hasSchedule: cap.hasSchedule,
    bindings: cap.bindings.map(b => ({
      model: b.model && b.model.name, kind: b.kind, event: b.event, filters: b.filters, alias: b.alias,
      isMutate: b.isMutate, isValidate: b.isValidate, isWatch: b.isWatch, isQueue: b.isQueue,
      isFinalize: b.isFinalize,
      callbacks: ['mutateCallback', 'validateCallback', 'watchCallback', 'finalizeCallback']
        .filter(k => typeof b[k] === 'function').map(k => `${k}:${b[k].name}`),
    })),
  })))));
require('hostrt:bridge').handle('test.records', async () => (globalThis.__records || []).splice(0));
"""


def shims_root(tmp: Path) -> Path:
    root = tmp / "shims"
    root.mkdir()
    for d in (HOSTRT_ROOT / "shims").iterdir():
        if d.is_dir() and d.name != "pepr":
            (root / d.name).symlink_to(d)
    (root / "pepr").symlink_to(ROOT / "shims" / "pepr")
    return root


def request_files(items: list[str]) -> list[Path]:
    out: list[Path] = []
    for item in items:
        p = Path(item)
        out.extend(sorted(f for f in p.iterdir() if f.suffix == ".json") if p.is_dir() else [p])
    return out


class FakeKube:
    """Python ops for kube.* (canned answers) and the Store posts, recorded for the diff."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.store: list[dict] = []
        self.known: dict[str, list[str]] = {}

    def register(self, host: Host) -> None:
        # Replaces the kube and pepr shims' own ops with these fakes in the current isolate
        # (Host.op refuses shim-declared names on purpose), so this reaches the internal bridge.
        for op in ("get", "list", "create", "apply", "patch", "delete", "watch"):
            host._bridge.op(f"kube.{op}", self._kube(op))
        host._bridge.op("kube.unwatch", lambda payload: None)
        for kind in ("store", "schedule"):
            for op in ("set", "remove", "clear"):
                host._bridge.op(f"pepr.{kind}.{op}", self._store(kind, op))

    def _kube(self, op: str):
        def fn(payload: dict):
            if op == "watch":
                return {}
            rec = {k: payload.get(k) for k in ("group", "version", "kind", "namespace", "name")}
            rec = {"op": op, **rec}
            if op == "apply":
                rec.update(body=payload["body"], force=bool(payload.get("force")))
            if op == "create":
                rec["body"] = payload["body"]
            if op == "patch":
                rec["patch"] = payload["patch"]
            self.calls.append(rec)
            if op == "get":
                raise HostError("not found", code="404")
            if op == "list":
                return {"items": []}
            if op in ("apply", "create"):
                return payload["body"]
            if op == "patch":
                return {}
            return None

        return fn

    def _store(self, kind: str, op: str):
        def fn(capability: str, key: str | None = None, value: str | None = None):
            keys = self.known.setdefault(f"{kind}|{capability}", [])
            if op == "set":
                if key not in keys:
                    keys.append(key)
                self.store.append(
                    {"store": kind, "capability": capability, "op": "set", "key": key, "value": value}
                )
            elif op == "remove":
                if key in keys:
                    keys.remove(key)
                self.store.append({"store": kind, "capability": capability, "op": "remove", "key": key})
            else:
                for k in keys:
                    self.store.append({"store": kind, "capability": capability, "op": "remove", "key": k})
                keys.clear()

        return fn


async def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--module", required=True)
    ap.add_argument("--watch", action="store_true")
    ap.add_argument("--logs", action="store_true")
    ap.add_argument("--pepr", default=None)  # accepted for compatibility with the Node runners
    ap.add_argument("requests", nargs="*")
    args = ap.parse_args()

    env = dict(os.environ)
    env["PEPR_API_PATH"] = "hostrt-reference"
    if not args.logs:
        env.setdefault("LOG_LEVEL", "silent")
    with tempfile.TemporaryDirectory(prefix="pepr-hostrt-") as tmp:
        fake = FakeKube()
        opts = HostOptions(timeout=30, env=env, shims_root=shims_root(Path(tmp)), stdout=sys.stderr)
        async with Host(opts) as host:
            fake.register(host)
            await host.load(Path(args.module).resolve())
            helper = Path(tmp) / "bindings.js"
            helper.write_text(BINDINGS_JS)
            await host.load(helper)
            await host.dispatch("pepr.store.load", {})
            await host.dispatch("test.records", None)
            fake.calls.clear()
            fake.store.clear()
            for file in request_files(args.requests):
                if args.watch:
                    ev = json.loads(file.read_text())
                    await host.dispatch("pepr.watch", {"type": ev["type"], "object": ev["object"]})
                    await asyncio.sleep(0.01)
                    line = {
                        "file": str(file),
                        "records": await host.dispatch("test.records", None),
                        "kube": fake.calls[:],
                        "store": fake.store[:],
                    }
                    fake.calls.clear()
                    fake.store.clear()
                else:
                    raw = file.read_text()
                    line = {"file": str(file)}
                    statuses = {}
                    for kind in ("mutate", "validate"):
                        r = await host.dispatch("pepr.admission", {"kind": kind, "review": raw})
                        line[kind] = r["body"]
                        statuses[kind] = r["status"]
                    if any(s != 200 for s in statuses.values()):
                        line["httpStatus"] = statuses
                print(json.dumps(line), flush=True)
            print(
                json.dumps({"file": "<bindings>", "bindings": await host.dispatch("test.bindings", None)}),
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
