"""fs.createReadStream of --allow-read files, differential against real Node (same script)."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "readstream"


def test_read_streams_match_node(hostrt_run, node_run):
    script = FOLDER / "read_streams.js"
    ours = hostrt_run("--allow-read", str(FOLDER), script)
    node = node_run(script)
    assert node.code == 0, node.err
    assert ours.code == 0, ours.err
    assert ours.out == node.out
    denied = hostrt_run(script)
    assert "ERR_ACCESS_DENIED" in denied.out + denied.err
