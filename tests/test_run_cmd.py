"""The tests' command runner leaves nothing running behind a command that timed out."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import run_cmd


def test_a_timed_out_command_takes_its_children_with_it(tmp_path: Path) -> None:
    pidfile = tmp_path / "child.pid"
    with pytest.raises(subprocess.TimeoutExpired):
        run_cmd(["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"], timeout=1)
    child = int(pidfile.read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail(f"the command's child {child} outlived it")


def test_output_and_stdin() -> None:
    res = run_cmd(["sh", "-c", "cat; echo err >&2; exit 3"], stdin="in\n")
    assert (res.code, res.out, res.err) == (3, "in\n", "err\n")
