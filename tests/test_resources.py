"""Run-time data ships in the wheel: one lookup (hostrt.resources) finds it from a checkout and
from an installed wheel, and the installed CLI works from a directory outside the checkout."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from conftest import REPO, requires_node, run_cmd

from hostrt import resources
from hostrt.errors import HostError


def test_wheel_ships_exactly_the_declared_runtime_data() -> None:
    cfg = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]
    shipped = {src: dst for src, dst in cfg["wheel"]["force-include"].items()
               if src.startswith("js_fixtures/")}
    assert sorted(shipped) == sorted(f"js_fixtures/{rel}" for rel in resources.RUNTIME_DATA)
    for src, dst in shipped.items():
        assert dst == "hostrt/_data/" + src.removeprefix("js_fixtures/")
        assert src in cfg["sdist"]["include"], f"{src} is in the wheel but not in the sdist"


def test_lookup_from_the_checkout() -> None:
    assert resources.compat_probes() == REPO / "js_fixtures" / "compat"
    assert (resources.node_tests_common() / "index.js").is_file()
    assert (resources.bench_module("hello-pepr") / "requests").is_dir()
    assert resources.sample("hello.js").is_file()
    with pytest.raises(ValueError, match="not run-time data"):
        resources.data_path("modules/watch-tour")   # test-only fixtures are not shipped
    with pytest.raises(HostError, match="missing from this installation"):
        resources.data_path("samples/no-such-sample.js")


def test_no_module_reaches_into_the_checkout() -> None:
    # Every run-time read goes through hostrt.resources; a path built from the checkout's
    # js_fixtures/ elsewhere works in the repository and breaks in the wheel.
    offenders = []
    for path in (REPO / "hostrt").rglob("*.py"):
        if path.name == "resources.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""["']js_fixtures["']|parents\[\d\]|find_repo\(""", line):
                offenders.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def _files(root: Path) -> list[str]:
    # os.walk follows the fixtures' symlinked folders, as the wheel build does.
    return sorted(str(Path(d, f).relative_to(root)) for d, _, names in os.walk(root, followlinks=True)
                  for f in names if "__pycache__" not in d)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel installed into a fresh venv; returns the venv's python.

    The wheel goes in with --no-deps and the venv borrows the test environment's dependencies
    through a .pth line (appended after its own site-packages, so its hostrt wins): this checks
    the packaging without downloading dependencies. `.ci/smoke-wheel` does the full install."""
    tmp = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO),
                            "-w", str(tmp / "dist")], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next((tmp / "dist").glob("hostrt-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp / "venv")], check=True)
    py = tmp / "venv" / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # Install before the .pth exists: otherwise pip sees the test environment's hostrt (same
    # version) as already installed and skips the wheel.
    inst = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q",
                           "--no-deps", str(wheel)], capture_output=True, text=True, timeout=300)
    assert inst.returncode == 0, inst.stderr[-2000:]
    (site / "zz-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return py


def test_installed_wheel_finds_its_data(installed: Path, tmp_path: Path) -> None:
    code = ("import json, hostrt, hostrt.resources as r; "
            "print(json.dumps([hostrt.__file__, str(r.shims_dir()), "
            "[str(r.data_path(p)) for p in r.RUNTIME_DATA]]))")
    res = run_cmd([str(installed), "-c", code], cwd=tmp_path)
    assert res.code == 0, res.err
    module, shims, data = json.loads(res.out)
    site = Path(module).parent
    # CI keeps its venv inside the clone, so "not under the checkout" is not the test: hostrt
    # must come from the fresh venv the wheel went into.
    venv = installed.parent.parent
    assert venv in Path(module).parents, f"hostrt not imported from the wheel's venv: {module}"
    assert Path(module).parent != REPO / "hostrt", f"hostrt imported from the checkout: {module}"
    assert Path(shims) == site / "shims"
    for rel, found in zip(resources.RUNTIME_DATA, data, strict=True):
        assert Path(found) == site / "_data" / rel
        ours = _files(REPO / "js_fixtures" / rel)
        theirs = _files(Path(found))
        assert theirs == ours, f"{rel}: the wheel's copy differs from js_fixtures/{rel}"


@requires_node
def test_installed_cli_runs_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    hostrt = [str(installed), "-m", "hostrt.cli"]
    res = run_cmd([*hostrt, "compat", "--only", "timers", "--format", "json"], cwd=tmp_path, timeout=120)
    assert res.code == 0, res.err
    rows = [r for r in json.loads(res.out)["rows"] if r["area"] == "timers"]
    assert any(r["kind"] == "behaviour" for r in rows), "the behaviour probes did not run"

    # Node-style tests with hostrt's own small common (shipped in the wheel).
    (tmp_path / "t" / "parallel").mkdir(parents=True)
    (tmp_path / "t" / "parallel" / "test-ok.js").write_text(
        "'use strict';\nconst common = require('../common');\n"
        "setTimeout(common.mustCall(() => {}), 1);\n")
    res = run_cmd([*hostrt, "compat", "--node-tests", "t", "--common", "ours", "--format", "json"],
                  cwd=tmp_path, timeout=120)
    assert res.code == 0, res.err
    assert '"pass"' in res.out and "test-ok.js" in res.out, res.out[-2000:]

    res = run_cmd([*hostrt, "run", str(resources.sample("hello.js"))], cwd=tmp_path)
    assert res.code == 0 and "slept 10 ms" in res.out, res.err
