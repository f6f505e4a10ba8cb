"""fs writes under --allow-write, differential against real Node: the same script writes into a
fresh directory in Node and in hostrt (each engine); the printed results and the resulting
directory trees (names, kinds, sizes, modes, bytes) must be the same."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parent / "write"


def tree(root: Path) -> dict[str, tuple[str, int, str, bytes]]:
    """Every entry under root: kind, size (files), permission bits and contents."""
    out: dict[str, tuple[str, int, str, bytes]] = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        rel = str(path.relative_to(root))
        if path.is_symlink():  # an absolute target names the run's own directory: as "D"
            out[rel] = ("link", 0, "", os.readlink(path).replace(str(root), "D").encode())
        elif path.is_dir():
            out[rel] = ("dir", 0, oct(st.st_mode & 0o777), b"")
        else:
            out[rel] = ("file", st.st_size, oct(st.st_mode & 0o777), path.read_bytes())
    return out


def both(script: str, tmp_path: Path, engine: str, hostrt_run, node_run):
    """Run FOLDER/script with a fresh directory argument in Node and in hostrt."""
    theirs, ours = tmp_path / "node", tmp_path / "hostrt"
    theirs.mkdir()
    ours.mkdir()
    node = node_run(FOLDER / script, theirs)
    mine = hostrt_run("--engine", engine, "--allow-write", ours, FOLDER / script, ours)
    return (node, str(theirs)), (mine, str(ours))


@pytest.mark.parametrize("script", ["ops.js", "errors.js", "links.js"])
def test_writes_match_node(script, tmp_path, engine, hostrt_run, node_run):
    (node, theirs), (mine, ours) = both(script, tmp_path, engine, hostrt_run, node_run)
    assert node.code == 0, node.err
    assert mine.code == 0, mine.err
    assert mine.err == ""  # no write-through failures reported
    assert mine.out.replace(ours, "D") == node.out.replace(theirs, "D")
    assert tree(Path(ours)) == tree(Path(theirs))
    assert len(tree(Path(ours))) >= 4  # the scripts leave a real tree behind


def test_writes_before_exit_and_in_exit_listeners_reach_the_disk(tmp_path, engine, hostrt_run,
                                                                  node_run):
    (node, theirs), (mine, ours) = both("exits.js", tmp_path, engine, hostrt_run, node_run)
    assert (node.code, mine.code) == (3, 3), mine.err
    assert tree(Path(ours)) == tree(Path(theirs))
    assert (Path(ours) / "before-exit.txt").read_text().splitlines()[-1] == "line 99"
    assert (Path(ours) / "at-exit.txt").read_text() == "written in an exit listener"


def test_nothing_outside_the_granted_directory_changes(tmp_path, engine, hostrt_run):
    granted, outside = tmp_path / "granted", tmp_path / "outside"
    granted.mkdir()
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    link = granted / "link"
    link.symlink_to(outside)
    before = tree(outside)
    out = hostrt_run("--engine", engine, "--allow-write", granted, FOLDER / "escape.js",
                     granted, outside, link, cwd=tmp_path)
    assert out.code == 0, out.err
    denied = "ERR_ACCESS_DENIED FileSystemWrite"
    assert out.out.splitlines() == [
        f"absolute outside {denied}", f"dot-dot {denied}", f"relative {denied}",
        f"mkdir outside {denied}", f"rename out {denied}", f"rm the root {denied}",
        f"rm outside {denied}",
        f"through the link {denied}",  # the view follows the link out of the grants: denied
        f"unlink outside {denied}", "read outside ERR_ACCESS_DENIED FileSystemRead"]
    assert tree(outside) == before
    assert sorted(p.name for p in granted.iterdir()) == ["in.txt", "link"]


def test_writes_are_denied_by_default_with_the_flag_named(tmp_path, hostrt_run):
    out = hostrt_run(FOLDER / "ops.js", tmp_path)
    assert out.code == 1
    assert "ERR_ACCESS_DENIED" in out.err and "--allow-write" in out.err
    assert list(tmp_path.iterdir()) == []


def test_allow_write_takes_comma_lists_and_checks_them(tmp_path, write_js, hostrt_run):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    script = write_js("two.js", """
        const fs = require('fs');
        fs.writeFileSync(process.argv[2] + '/x', '1');
        fs.writeFileSync(process.argv[3] + '/y', '2');
    """)
    out = hostrt_run(f"--allow-write={a},{b}", script, a, b)
    assert out.code == 0, out.err
    assert (a / "x").read_text() == "1" and (b / "y").read_text() == "2"
    missing = hostrt_run("--allow-write", tmp_path / "nope", script, a, b)
    assert missing.code != 0
    assert "--allow-write" in missing.err and "no such file or directory" in missing.err
    assert "Traceback" not in missing.err


def _host_module():
    """The fs shim's Python half, imported as the registry imports it."""
    from hostrt.shimreg import load_shims
    return next(s for s in load_shims() if s.name == "fs").load_python()


class _Api:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def write(self, fd: int, text: str) -> None:
        self.errors.append(text)


def test_write_through_refuses_paths_outside_its_roots(tmp_path):
    host = _host_module()
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "sub").mkdir()
    (root / "hop").symlink_to(outside)
    api = _Api()
    w = host.WriteThrough([str(root)], api)
    assert w.target(f"{root}/sub/f") == f"{root}/sub/f"
    for bad in (f"{root}/../outside/f", f"{root}/hop/f", "relative/f", f"{outside}/f",
                str(root), f"{root}/sub/./f", f"{root}//f", 5):
        with pytest.raises(PermissionError):
            w.target(bad)
    # A posted change never raises: a refused one is reported on stderr and counted.
    w.apply("write", f"{root}/hop/f", 0, "eA==")
    w.apply("rmtree", str(root))
    w.apply("write", f"{root}/hop", 0, "eA==")  # the link itself is never followed
    assert w.failures == 3 and len(api.errors) == 3
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in root.iterdir()) == ["hop", "sub"]
    w.apply("write", f"{root}/sub/f", 2, "eA==")
    assert (root / "sub" / "f").read_bytes() == b"\0\0x"
