"""A plain-JS stand-in for Pepr admission, and the generated requests it answers.

Used by the `scaling` and `memory` groups while `require('pepr')` is not in this build. It does
the work Pepr's mutate+validate processors do per request, written here in plain JS: deep-copy
the object, run every binding's filter (kind, operation, namespace, label) and mutate callback,
diff original and mutated object into an RFC 6902 JSON Patch, base64 it, run every validate
callback. The same file runs unchanged in hostrt (registered with `bridge.handle`) and in Node
(exported), so both sides do identical JS work.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STAND_IN_LABEL = ("plain-JS stand-in for Pepr mutate+validate (deep copy, binding filters, "
                  "mutate callbacks, JSON-Patch diff, base64, validate callbacks)")

MODULE_JS = r"""
'use strict';
const N = __BINDINGS__;
const bindings = [];
for (let b = 0; b < N; b++) {
  bindings.push({
    kind: 'ConfigMap',
    operations: ['CREATE', 'UPDATE'],
    namespaces: b % 2 === 0 ? [] : ['bench'],
    labels: {},
    mutate(obj) {
      obj.metadata.labels = obj.metadata.labels || {};
      obj.metadata.labels['bench-' + b] = 'mutated';
      if (b === 0) {
        obj.metadata.annotations = { ...(obj.metadata.annotations || {}), touched: 'yes' };
      }
    },
    validate(obj) {
      return !(obj.data && has(obj.data, 'evil'));
    },
  });
}

const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function matches(binding, req) {
  if (req.kind.kind !== binding.kind) return false;
  if (!binding.operations.includes(req.operation)) return false;
  if (binding.namespaces.length && !binding.namespaces.includes(req.namespace)) return false;
  const labels = (req.object.metadata && req.object.metadata.labels) || {};
  for (const [k, v] of Object.entries(binding.labels)) if (labels[k] !== v) return false;
  return true;
}

function pointer(path, key) {
  return path + '/' + String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function diff(a, b, path, ops) {
  if (a === b) return;
  const ao = a !== null && typeof a === 'object';
  const bo = b !== null && typeof b === 'object';
  if (!ao || !bo || Array.isArray(a) !== Array.isArray(b)) {
    ops.push({ op: 'replace', path, value: b });
    return;
  }
  const bk = Object.keys(b);
  const ak = Object.keys(a);
  for (let i = ak.length - 1; i >= 0; i--) {
    const k = ak[i];
    if (!has(b, k)) ops.push({ op: 'remove', path: pointer(path, k) });
    else diff(a[k], b[k], pointer(path, k), ops);
  }
  for (const k of bk) {
    if (!has(a, k)) ops.push({ op: 'add', path: pointer(path, k), value: b[k] });
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function base64(text) {
  const s = unescape(encodeURIComponent(text));
  let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const n = (s.charCodeAt(i) << 16) | ((s.charCodeAt(i + 1) || 0) << 8) |
      (s.charCodeAt(i + 2) || 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] +
      (i + 1 < s.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < s.length ? B64[n & 63] : '=');
  }
  return out;
}

function admit(req) {
  const original = req.object;
  const obj = JSON.parse(JSON.stringify(original));
  const hit = bindings.filter((b) => matches(b, req));
  for (const b of hit) b.mutate(obj);
  const ops = [];
  diff(original, obj, '', ops);
  let allowed = true;
  for (const b of hit) if (!b.validate(obj)) allowed = false;
  const response = { uid: req.uid, allowed };
  if (ops.length) {
    response.patchType = 'JSONPatch';
    response.patch = base64(JSON.stringify(ops));
  }
  return response;
}

if (typeof module === 'object' && module.exports) module.exports = { admit };
if (typeof require === 'function') {
  let bridge = null;
  try { bridge = require('hostrt:bridge'); } catch (e) { bridge = null; }
  if (bridge) bridge.handle('bench.admit', (req) => admit(req));
}
"""


def module_source(bindings: int) -> str:
    """The stand-in module with `bindings` ConfigMap bindings."""
    return MODULE_JS.replace("__BINDINGS__", str(int(bindings)))


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


# argv: module.js request.json n runs warmup
#   -> {"samples": [µs...], "heapUsed": bytes, "liveHeap": bytes after gc() (with --expose-gc)
#       or null, "response": last response}
NODE_DRIVER = r"""
const fs = require('fs');
const [modPath, reqPath] = process.argv.slice(2, 4);
const [n, runs, warmup] = process.argv.slice(4).map(Number);
const { admit } = require(modPath);
const body = fs.readFileSync(reqPath, 'utf8');
const samples = [];
let out = '';
for (let r = 0; r < warmup + runs; r++) {
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    out = JSON.stringify(admit(JSON.parse(body)));
    const us = Number(process.hrtime.bigint() - t0) / 1000;
    if (r >= warmup) samples.push(us);
  }
}
const heapUsed = process.memoryUsage().heapUsed;
let liveHeap = null;
if (typeof global.gc === 'function') { global.gc(); liveHeap = process.memoryUsage().heapUsed; }
console.log(JSON.stringify({ samples, heapUsed, liveHeap, response: JSON.parse(out) }));
"""


# -- the same workload as a real Pepr module (used once `hostrt/bench/admission.py` is merged) --
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
