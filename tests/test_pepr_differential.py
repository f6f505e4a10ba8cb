"""Real Pepr 1.1.4 against `hostrt run MODULE --admission`: wire-identical answers.

For every fixture module under js_fixtures/modules/ (a directory with requests/*.json; an
optional fixture.json gives the entry, environment runs and patch paths whose values are random
by design), both sides answer every request on /mutate and /validate:

- real Pepr: hostrt/pepr/node/pepr_reference.js bundles the module against Pepr's own TypeScript
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
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hostrt.pepr.compare import answer_lines as _lines
from hostrt.pepr.compare import compare_bodies, compare_values
from hostrt.pepr.reference import PEPR_VERSION, REFERENCE_RUNNER
from tests.conftest import NODE, REPO, engine_params, hostrt_cmd

MODULES = REPO / "js_fixtures" / "modules"
REFERENCE = REFERENCE_RUNNER

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
