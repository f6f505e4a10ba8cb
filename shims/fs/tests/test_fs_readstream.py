"""fs.createReadStream of --allow-read files, differential against real Node (same script)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "readstream"


def _folder(tmp: Path) -> Path:
    """The script and its small file, plus a 200,000-byte file of several chunks (made here,
    the same bytes every run, rather than kept in the repository)."""
    for name in ("read_streams.js", "a.txt"):
        shutil.copy(FOLDER / name, tmp / name)
    rng = random.Random(11)
    (tmp / "big.txt").write_bytes(bytes(rng.choice(b"abcdefghij\n") for _ in range(200_000)))
    return tmp


def test_read_streams_match_node(hostrt_run, node_run, tmp_path: Path):
    folder = _folder(tmp_path)
    script = folder / "read_streams.js"
    ours = hostrt_run("--allow-read", str(folder), script)
    node = node_run(script)
    assert node.code == 0, node.err
    assert ours.code == 0, ours.err
    assert ours.out == node.out
    assert "chunks 4" in node.out  # 200,000 bytes in 64 KiB chunks: the file spans several
    denied = hostrt_run(script)
    assert "ERR_ACCESS_DENIED" in denied.out + denied.err
