"""Real Pepr 1.1.4 against `hostrt run MODULE --admission`: wire-identical answers.

For every fixture module under js_fixtures/modules/ (a directory with requests/*.json; an
optional fixture.json gives the entry, environment runs and patch paths whose values are random
by design), both sides answer every request on /mutate and /validate:

- real Pepr: tests/node/pepr_reference.js bundles the module against Pepr's own TypeScript
  source and POSTs each file to Pepr's Express app (pepr@1.1.4 is installed from npm into
  $HOSTRT_HOME/pepr-1.1.4 on first use and reused after, by hostrt/pepr/reference.py);
- hostrt: the CLI, as a user runs it, once per engine backend (mini-racer, stpyv8).

Compared per file and route: HTTP status, JSON bodies key by key and in order (as bytes on the
wire would be), `response.patch` decoded and compared operation by operation, values at
`randomPatchPaths` by type only, audit annotation keys that are timestamps by shape only, and
Express error pages by their first line (development mode appends a machine-specific stack).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hostrt.pepr.reference import PEPR_VERSION
from tests.conftest import NODE, REPO, engine_params, hostrt_cmd

MODULES = REPO / "js_fixtures" / "modules"
REFERENCE = REPO / "tests" / "node" / "pepr_reference.js"

pytestmark = pytest.mark.skipif(NODE is None or shutil.which("npm") is None,
                                reason="the reference is real Pepr on Node.js; node/npm missing")


def _fixtures() -> list[tuple[Path, dict[str, Any], dict[str, Any]]]:
    out = []
    for d in sorted(MODULES.iterdir()):
        if not (d / "requests").is_dir():
            continue
        cfg_file = d / "fixture.json"
        cfg = json.loads(cfg_file.read_text()) if cfg_file.is_file() else {}
        for run in cfg.get("runs") or [{"name": "default", "env": {}}]:
            out.append((d, cfg, run))
    return out


def _lines(stdout: str) -> dict[str, dict[str, Any]]:
    by_file = {}
    for line in stdout.splitlines():
        if line.strip():
            rec = json.loads(line)
            # Request answers only (the reference also ends with a "<bindings>" summary line,
            # which the pepr shim's own diff compares).
            if isinstance(rec, dict) and isinstance(rec.get("file"), str) and "mutate" in rec:
                by_file[Path(rec["file"]).name] = rec
    return by_file


def _type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(v)]


def compare_values(ref: Any, got: Any, where: str, diffs: list[str],
                   by_type: bool = False) -> None:
    """Deep comparison with key order; `by_type` compares only the JSON types."""
    if _type(ref) != _type(got) or by_type:
        if _type(ref) != _type(got):
            diffs.append(f"{where}: {json.dumps(ref)[:200]} != {json.dumps(got)[:200]}")
        return
    if isinstance(ref, list):
        if len(ref) != len(got):
            diffs.append(f"{where}: length {len(ref)} != {len(got)}")
        for i, (r, g) in enumerate(zip(ref, got, strict=False)):
            compare_values(r, g, f"{where}[{i}]", diffs)
    elif isinstance(ref, dict):
        if list(ref) != list(got):
            diffs.append(f"{where}: keys {list(ref)} != {list(got)}")
        for k in ref:
            if k in got:
                compare_values(ref[k], got[k], f"{where}.{k}", diffs)
    elif ref != got:
        diffs.append(f"{where}: {json.dumps(ref)[:200]} != {json.dumps(got)[:200]}")


_STACK = "<br> &nbsp; &nbsp;at "


def _first_line(page: str) -> str:
    m = re.search(r"<pre>([\s\S]*?)(<br>|</pre>)", page)
    return m.group(1) if m else page


def compare_bodies(ref: Any, got: Any, where: str, diffs: list[str],
                   random_paths: list[str]) -> None:
    """Compare two route answers (AdmissionReview objects or error texts)."""
    if isinstance(ref, str) or isinstance(got, str):
        if type(ref) is not type(got):
            diffs.append(f"{where}: body {_type(ref)} != {_type(got)}")
        elif _STACK in ref or _STACK in got:
            if _first_line(ref) != _first_line(got):
                diffs.append(f"{where}: {_first_line(ref)!r} != {_first_line(got)!r}")
        elif ref != got:
            diffs.append(f"{where}: {ref!r} != {got!r}")
        return
    ref, got = json.loads(json.dumps(ref)), json.loads(json.dumps(got))
    rr = ref.get("response") if isinstance(ref, dict) else None
    gr = got.get("response") if isinstance(got, dict) else None
    if isinstance(rr, dict) and isinstance(gr, dict):
        if isinstance(rr.get("patch"), str) and isinstance(gr.get("patch"), str):
            rp = json.loads(base64.b64decode(rr["patch"]))
            gp = json.loads(base64.b64decode(gr["patch"]))
            if len(rp) != len(gp):
                diffs.append(f"{where}.patch: {rp} != {gp}")
            else:
                for i, (r_op, g_op) in enumerate(zip(rp, gp, strict=True)):
                    w = f"{where}.patch[{i}]"
                    if r_op.get("path") in random_paths:
                        compare_values({k: v for k, v in r_op.items() if k != "value"},
                                       {k: v for k, v in g_op.items() if k != "value"}, w, diffs)
                        compare_values(r_op.get("value"), g_op.get("value"), w, diffs, True)
                    else:
                        compare_values(r_op, g_op, w, diffs)
            rr["patch"] = gr["patch"] = "<compared decoded>"
        for resp in (rr, gr):
            ann = resp.get("auditAnnotations")
            if isinstance(ann, dict):
                resp["auditAnnotations"] = {
                    ("<timestamp>" if re.fullmatch(r"\d+", k) else k): v for k, v in ann.items()}
    compare_values(ref, got, where, diffs)


def _ids() -> list[str]:
    return [f"{d.name}[{run['name']}]" for d, _, run in _fixtures()]


_REFERENCE_OUT: dict[tuple[str, str], str] = {}


def _reference(entry: Path, requests: Path, env: dict[str, str], key: tuple[str, str],
               pepr_node_modules: Path, esbuild_package: Path) -> str:
    """Real Pepr's answers (stdout), computed once per module and run for every engine."""
    if key not in _REFERENCE_OUT:
        ref = subprocess.run(
            [str(NODE), str(REFERENCE), "--module", str(entry), "--pepr", str(pepr_node_modules),
             "--esbuild", str(esbuild_package), str(requests)],
            capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
        assert ref.returncode == 0, f"reference runner failed:\n{ref.stderr[-3000:]}"
        _REFERENCE_OUT[key] = ref.stdout
    return _REFERENCE_OUT[key]


@pytest.mark.parametrize("engine", engine_params())
@pytest.mark.parametrize(("module", "cfg", "run"), _fixtures(), ids=_ids())
def test_same_answers_as_real_pepr(module: Path, cfg: dict[str, Any], run: dict[str, Any],
                                   engine: str, pepr_node_modules: Path, esbuild_package: Path,
                                   tmp_path: Path) -> None:
    entry = module / cfg.get("entry", "pepr.ts")
    requests = module / "requests"
    env = {**os.environ, **{k: str(v) for k, v in (run.get("env") or {}).items()}}
    env.pop("LOG_LEVEL", None)
    ref_out = _reference(entry, requests, env, (module.name, run["name"]), pepr_node_modules,
                         esbuild_package)
    # The module runs as a user runs it; its pepr config comes from the module itself.
    target = module if entry.name == "pepr.ts" and (module / "package.json").is_file() else entry
    if target == module:
        # As after `npm install` in the project: its dependencies (pepr and what pepr brings,
        # such as undici, which hello-pepr imports) are in the project's node_modules.
        target = tmp_path / module.name
        shutil.copytree(module, target)
        (target / "node_modules").symlink_to(pepr_node_modules, target_is_directory=True)
    # The reference serves Pepr's routes under PEPR_API_PATH=hostrt-reference (its 404 pages
    # name it); hostrt's module sees the same environment.
    got = subprocess.run([*hostrt_cmd(), "run", str(target), "--engine", engine,
                          "--admission", str(requests)],
                         capture_output=True, text=True, timeout=120,
                         env={**env, "PEPR_API_PATH": "hostrt-reference"},
                         stdin=subprocess.DEVNULL)
    assert "Traceback" not in got.stderr, got.stderr[-3000:]
    ref_lines, got_lines = _lines(ref_out), _lines(got.stdout)
    assert ref_lines, "the reference answered nothing"
    if not got_lines:
        pytest.fail(f"hostrt could not run {target} (exit {got.returncode}):\n"
                    f"{got.stderr[-2500:]}")
    report = []
    for name, r in ref_lines.items():
        g = got_lines.get(name)
        if g is None:
            report.append(f"{name}: missing from hostrt's output")
            continue
        diffs: list[str] = []
        compare_values(r.get("httpStatus"), g.get("httpStatus"), "httpStatus", diffs)
        for kind in ("mutate", "validate"):
            compare_bodies(r[kind], g[kind], kind, diffs, cfg.get("randomPatchPaths") or [])
        if diffs:
            report.append(f"{name}:\n    " + "\n    ".join(diffs))
    assert not report, (f"{len(report)} of {len(ref_lines)} requests differ from real Pepr "
                        f"{PEPR_VERSION}:\n" + "\n".join(report)[:6000]
                        + f"\n--- hostrt stderr tail:\n{got.stderr[-1500:]}")
    assert set(got_lines) == set(ref_lines), "hostrt answered other files than the reference"


def test_compare_detects_differences() -> None:
    """The comparison itself: a changed patch value, key order or status is caught."""
    def review(patch: list[Any], **extra: Any) -> dict[str, Any]:
        b64 = base64.b64encode(json.dumps(patch).encode()).decode()
        return {"response": {"uid": "u", "allowed": True, "patch": b64, **extra}}
    op = {"op": "add", "path": "/a", "value": 1}
    diffs: list[str] = []
    compare_bodies(review([op]), review([op]), "m", diffs, [])
    assert diffs == []
    compare_bodies(review([op]), review([{**op, "value": 2}]), "m", diffs, [])
    assert len(diffs) == 1
    diffs.clear()
    compare_bodies(review([op]), review([{**op, "value": 2}]), "m", diffs, ["/a"])
    assert diffs == []
    compare_bodies(review([op]), review([{**op, "value": "2"}]), "m", diffs, ["/a"])
    assert len(diffs) == 1
    diffs.clear()
    compare_values({"a": 1, "b": 2}, {"b": 2, "a": 1}, "x", diffs)
    assert diffs and "keys" in diffs[0]


if __name__ == "__main__":  # pragma: no cover - manual use
    sys.exit(pytest.main([__file__, "-q"]))
