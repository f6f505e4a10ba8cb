"""Python half of fs: reads behind an explicit allow-list (`--allow-read PATH`,
HostOptions.permissions.read).

Async reads are served live by Python (`fs.read`, `fs.access`). Synchronous forms cannot wait for
the host, so the allowed paths are walked at start-up: their names (for existsSync) and, up to a
size budget, their contents (for readFileSync) are pushed into the isolate as a snapshot.
"""

from __future__ import annotations

import base64
import errno
import os
from pathlib import Path
from typing import Any

from hostrt.errors import HostError
from hostrt.shimapi import ShimAPI
from hostrt.shimreg import node_exports

MAX_ENTRIES = 10_000             # names pushed at start-up
MAX_SNAPSHOT_BYTES = 8 << 20     # file contents pushed at start-up, in total
MAX_FILE_BYTES = 1 << 20         # largest single file pushed at start-up


class FsError(Exception):
    """A file-system error carried to JS with Node's code, errno, syscall and path."""

    def __init__(self, code: str, err: int, syscall: str, path: str, text: str) -> None:
        # Node names the path except for EISDIR on read.
        where = syscall if code == "EISDIR" else f"{syscall} '{path}'"
        super().__init__(f"{code}: {text}, {where}")
        self.code = code
        self.errno = err
        self.syscall = syscall
        self.path = path


def _allowed_roots(options: Any) -> list[Path]:
    roots = []
    for raw in options.permissions.read:
        path = Path(raw).expanduser().resolve()
        if not path.exists():
            raise HostError(f"--allow-read {raw}: no such file or directory",
                            code="ERR_HOSTRT_BAD_OPTION")
        roots.append(path)
    return roots


def _is_allowed(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _snapshot_contents(sizes: dict[str, int]) -> dict[str, str]:
    """The files whose contents go into the start-up snapshot: smallest first, so that one large
    file does not crowd out many small ones, up to MAX_FILE_BYTES each and MAX_SNAPSHOT_BYTES in
    all (base64, keyed by path)."""
    contents: dict[str, str] = {}
    budget = MAX_SNAPSHOT_BYTES
    for path, size in sorted(sizes.items(), key=lambda item: (item[1], item[0])):
        if size > MAX_FILE_BYTES or size > budget:
            break
        try:
            contents[path] = base64.b64encode(Path(path).read_bytes()).decode("ascii")
        except OSError:
            continue  # unreadable (permissions, gone): a sync read reports it as not pushed
        budget -= size
    return contents


def register(api: ShimAPI) -> None:
    """Provide the allow-list snapshot (`fs`) and serve `fs.read` / `fs.access`."""
    roots = _allowed_roots(api.options)
    entries: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for root in roots:
        walk = [root] if root.is_file() else [root, *sorted(root.rglob("*"))]
        for path in walk:
            if len(entries) >= MAX_ENTRIES:
                break
            kind = "d" if path.is_dir() else "f"
            entries[str(path)] = kind
            if kind == "f":
                sizes[str(path)] = path.stat().st_size
    contents = _snapshot_contents(sizes)
    node = node_exports()["modules"]
    api.provide("fs", {
        "roots": [str(r) for r in roots],
        "entries": entries,
        "contents": contents,
        "exports": {"fs": node["fs"]["exports"], "fs/promises": node["fs/promises"]["exports"]},
    })

    def resolve(raw: str, syscall: str) -> Path:
        path = Path(raw)
        if not path.is_absolute():
            path = Path(api.options.cwd or os.getcwd()) / path
        real = path.resolve()
        if not _is_allowed(real, roots):
            err = HostError(f"Access to this API has been restricted: '{raw}' is not under "
                            "an --allow-read path", code="ERR_ACCESS_DENIED")
            raise err
        return real

    def read(raw: str) -> str:
        path = resolve(raw, "open")
        try:
            return base64.b64encode(path.read_bytes()).decode("ascii")
        except OSError as exc:
            raise _fs_error(exc, "read" if exc.errno == errno.EISDIR else "open", raw) from None

    def access(raw: str, mode: int) -> None:
        path = resolve(raw, "access")
        if not os.access(path, mode or os.F_OK):
            code = "ENOENT" if not path.exists() else "EACCES"
            err = errno.ENOENT if code == "ENOENT" else errno.EACCES
            raise FsError(code, -err, "access", raw, os.strerror(err).lower())

    api.op("fs.read", read)
    api.op("fs.access", access)


def _fs_error(exc: OSError, syscall: str, path: str) -> FsError:
    num = exc.errno or errno.EIO
    code = errno.errorcode.get(num, "EIO")
    text = {errno.ENOENT: "no such file or directory", errno.EISDIR: "illegal operation on a "
            "directory", errno.EACCES: "permission denied"}.get(num, os.strerror(num).lower())
    return FsError(code, -num, syscall, path, text)
