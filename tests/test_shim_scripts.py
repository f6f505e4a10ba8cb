"""Every shim's differential scripts (`shims/<name>/tests/scripts/*.js`, behaviour Node's own tests
check): each runs in real Node and in hostrt and must exit 0 and print the same stdout. A shim
gains a check by adding a script there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Result

SCRIPTS = sorted((REPO / "shims").glob("*/tests/scripts/*.js"))


def test_the_scripts_are_found() -> None:
    assert {p.parts[-4] for p in SCRIPTS} >= {"buffer", "crypto", "process", "zlib"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: f"{p.parts[-4]}/{p.stem}")
def test_script_matches_node(script: Path, hostrt_run: Callable[..., Result],
                             node_run: Callable[..., Result]) -> None:
    ours, node = hostrt_run(script), node_run(script)
    assert node.code == 0, node.err
    assert ours.code == 0, ours.err
    assert ours.out == node.out
