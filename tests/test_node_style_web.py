"""Node-style tests (js_fixtures/node-tests/parallel/test-web-*.js, using test/common's mustCall
and friends) must pass in real Node and in hostrt: exit code 0 in both."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, Result

PARALLEL = FIXTURES / "node-tests" / "parallel"
TESTS = sorted(p.name for p in PARALLEL.glob("test-web-*.js"))


@pytest.mark.parametrize("name", TESTS)
def test_node_style(name: str, hostrt_run: Callable[..., Result],
                    node_run: Callable[..., Result]) -> None:
    """The fixture is valid (passes in Node) and passes in hostrt."""
    path: Path = PARALLEL / name
    node = node_run(path)
    assert node.code == 0, f"fixture fails in Node itself:\n{node.err}"
    ours = hostrt_run(path)
    assert ours.code == 0, ours.err
