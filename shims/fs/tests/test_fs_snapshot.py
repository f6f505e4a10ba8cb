"""fs: what the start-up snapshot of --allow-read paths holds for synchronous reads."""

from __future__ import annotations

import base64
from pathlib import Path


def _host_module():
    """The fs shim's Python half, imported as the registry imports it."""
    from hostrt.shimreg import load_shims
    return next(s for s in load_shims() if s.name == "fs").load_python()


def test_snapshot_takes_small_files_before_a_large_one(tmp_path, monkeypatch):
    host = _host_module()
    monkeypatch.setattr(host, "MAX_SNAPSHOT_BYTES", 1000)
    monkeypatch.setattr(host, "MAX_FILE_BYTES", 900)
    # Sorted by name the large file comes first and would use most of the budget.
    big = tmp_path / "a-big.bin"
    big.write_bytes(b"x" * 880)
    small = {tmp_path / f"z-small-{i}.txt": f"small {i}".encode() for i in range(20)}
    for path, data in small.items():
        path.write_bytes(data)
    huge = tmp_path / "b-huge.bin"
    huge.write_bytes(b"y" * 2000)
    sizes = {str(p): p.stat().st_size for p in [big, huge, *small]}
    contents = host._snapshot_contents(sizes)
    assert {Path(p) for p in contents} == set(small)
    assert all(base64.b64decode(contents[str(p)]) == data for p, data in small.items())
