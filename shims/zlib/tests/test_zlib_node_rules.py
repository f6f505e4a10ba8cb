"""zlib: behaviour Node's own tests check, differential against real Node (same script, same
stdout). The scripts are in scripts/."""

from __future__ import annotations

from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent / "scripts"


@pytest.mark.parametrize("name", sorted(p.stem for p in SCRIPTS.glob("*.js")))
def test_os_matches_node(name, hostrt_run, node_run):
    script = SCRIPTS / f"{name}.js"
    ours, node = hostrt_run(script), node_run(script)
    assert node.code == 0, node.err
    assert ours.code == 0, ours.err
    assert ours.out == node.out
