"""Shared fixtures: run hostrt and real Node on the same script, and an in-process Host."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from hostrt import Host, HostOptions

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "js_fixtures"
NODE = shutil.which("node")

requires_node = pytest.mark.skipif(NODE is None, reason="real Node.js (v20) is not on PATH")


def engine_params() -> list[object]:
    """Every engine backend as a pytest param; one whose package is missing is skipped with the
    reason (CI installs them all: `.[test,compat,stpyv8]`)."""
    from hostrt.engine import ENGINES, engine_installed
    return [pytest.param(e, marks=pytest.mark.skipif(
        not engine_installed(e), reason=f"the {e} engine's package is not installed "
                                        f"(pip install 'hostrt[{e}]')")) for e in ENGINES]


@pytest.fixture(params=engine_params())
def engine(request: pytest.FixtureRequest) -> str:
    """The name of an engine backend; tests using it run once per backend."""
    return str(request.param)


@dataclass
class Result:
    """Outcome of one process run."""

    code: int
    out: str
    err: str


def run_cmd(args: list[str], *, cwd: Path | None = None, timeout: float = 60,
            env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    """Run a command with stdin/stdout piped (never a TTY) and a hard timeout.

    The command runs in a process group of its own, killed whole when the call does not end
    normally (its timeout, or pytest-timeout interrupting the test): servers it started must not
    outlive the test."""
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **(env or {})},
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            start_new_session=True)
    try:
        out, err = proc.communicate(input=stdin, timeout=timeout)
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return Result(proc.returncode, out, err)


def hostrt_cmd() -> list[str]:
    """How to invoke the CLI of the hostrt under test."""
    return [sys.executable, "-m", "hostrt.cli"]


@pytest.fixture
def write_js(tmp_path: Path) -> Callable[..., Path]:
    """Write a (dedented) file under tmp_path and return its path."""
    def write(name: str, source: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source).lstrip("\n"))
        return path
    return write


@pytest.fixture
def hostrt_run() -> Callable[..., Result]:
    """`hostrt run FILE ARGS...` as a subprocess."""
    def run(*args: str | Path, timeout: float = 60, **kw: object) -> Result:
        return run_cmd([*hostrt_cmd(), "run", *map(str, args)], timeout=timeout, **kw)  # type: ignore[arg-type]
    return run


@pytest.fixture
def node_run() -> Callable[..., Result]:
    """`node FILE ARGS...` as a subprocess (skips when Node is missing)."""
    if NODE is None:
        pytest.skip("real Node.js (v20) is not on PATH")

    def run(*args: str | Path, timeout: float = 60, **kw: object) -> Result:
        return run_cmd([NODE, *map(str, args)], timeout=timeout, **kw)  # type: ignore[arg-type]
    return run


@pytest.fixture
async def host() -> AsyncIterator[Host]:
    """A started in-process Host with default options and captured output."""
    import io
    out, err = io.StringIO(), io.StringIO()
    async with Host(HostOptions(stdout=out, stderr=err, timeout=5)) as h:
        h.captured_out = out  # type: ignore[attr-defined]
        h.captured_err = err  # type: ignore[attr-defined]
        yield h


@pytest.fixture(scope="session")
def pepr_node_modules() -> Path:
    """node_modules holding pepr@1.1.4 (with its TypeScript source and dependencies)."""
    from hostrt.errors import HostError
    from hostrt.pepr.reference import PEPR_VERSION, pepr_reference
    try:
        return pepr_reference(PEPR_VERSION)
    except HostError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def esbuild_package() -> Path:
    """The esbuild npm package hostrt set up (the reference runner bundles with it too)."""
    from hostrt.loader.npm import ensure_installed
    where = Path(ensure_installed())
    pkg = where / "node_modules" / "esbuild"
    if not pkg.is_dir():
        pkg = where / "esbuild"
    assert pkg.is_dir(), f"esbuild package not found under {where}"
    return pkg
