"""Generated Pepr modules and AdmissionReviews for the scaling and memory groups: a module with
N ConfigMap mutate bindings and one validate binding, and a ConfigMap CREATE review of a given
size."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def request(object_bytes: int, uid: str = "bench-1") -> dict[str, Any]:
    """A CREATE AdmissionRequest for a ConfigMap whose JSON is about `object_bytes` long."""
    obj: dict[str, Any] = {
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "bench", "namespace": "bench", "labels": {"app": "bench"}},
        "data": {},
    }
    base = len(json.dumps(obj))
    i = 0
    while base < object_bytes:
        key, value = f"key-{i:06d}", "x" * 88
        obj["data"][key] = value
        base += len(key) + len(value) + 6
        i += 1
    return {
        "uid": uid, "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
        "resource": {"group": "", "version": "v1", "resource": "configmaps"},
        "name": "bench", "namespace": "bench", "operation": "CREATE",
        "userInfo": {"username": "bench"}, "object": obj, "dryRun": False,
    }


PEPR_LABEL = ("generated Pepr module: N `When(a.ConfigMap).IsCreatedOrUpdated().Mutate` bindings "
              "(each sets a label) and one Validate binding")

PEPR_MODULE_TS = r"""import { Capability, PeprModule, a } from "pepr";
import cfg from "./package.json";

const Bench = new Capability({ name: "bench", description: "hostrt scaling bench", namespaces: [] });
const { When } = Bench;
const N = __BINDINGS__;
for (let b = 0; b < N; b++) {
  When(a.ConfigMap)
    .IsCreatedOrUpdated()
    .Mutate(request => {
      request.SetLabel("bench-" + b, "mutated");
      if (b === 0) request.SetAnnotation("touched", "yes");
    });
}
When(a.ConfigMap)
  .IsCreatedOrUpdated()
  .Validate(request => (request.HasAnnotation("evil") ? request.Deny("evil", 400) : request.Approve()));

new PeprModule(cfg, [Bench]);
"""


def write_pepr_module(root: Path, bindings: int) -> Path:
    """Write a Pepr project with `bindings` mutate bindings under `root`; return its directory."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pepr.ts").write_text(PEPR_MODULE_TS.replace("__BINDINGS__", str(int(bindings))),
                                  encoding="utf-8")
    pkg = {
        "name": f"bench-{bindings}", "version": "0.0.1",
        "description": f"hostrt scaling bench, {bindings} bindings",
        "pepr": {"uuid": f"00000000-0000-4000-8000-{bindings:012d}", "onError": "ignore",
                 "webhookTimeout": 10, "customLabels": {"namespace": {"pepr.dev": ""}},
                 "alwaysIgnore": {"namespaces": []}, "includedFiles": [], "env": {}},
    }
    (root / "package.json").write_text(json.dumps(pkg, indent=2), encoding="utf-8")
    return root


def review(object_bytes: int) -> dict[str, Any]:
    """An AdmissionReview wrapping `request(object_bytes)`."""
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
            "request": request(object_bytes)}
