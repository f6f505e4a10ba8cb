"""Python half of fs: reads behind an explicit allow-list (`--allow-read PATH`,
HostOptions.permissions.read) and writes confined to `--allow-write PATH` directories
(HostOptions.permissions.write).

Async reads are served live by Python (`fs.read`, `fs.access`). Synchronous forms cannot wait for
the host, so the allowed paths are walked at start-up: their names (for existsSync) and, up to a
size budget, their contents (for readFileSync) are pushed into the isolate as a snapshot. The
--allow-write trees are pushed the same way; JS changes its view of them at once and posts each
change (`fs.change`), which WriteThrough applies to the disk in order.
"""

from __future__ import annotations

import base64
import errno
import os
import shutil
import stat
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


def _roots(raws: tuple[str, ...], flag: str, *, directories: bool = False) -> list[Path]:
    roots = []
    for raw in raws:
        path = Path(raw).expanduser().resolve()
        if not path.exists():
            raise HostError(f"{flag} {raw}: no such file or directory", code="ERR_HOSTRT_BAD_OPTION")
        if directories and not path.is_dir():
            raise HostError(f"{flag} {raw}: not a directory", code="ERR_HOSTRT_BAD_OPTION")
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


def _walk_links(roots: list[Path]) -> tuple[dict[str, list[Any]], dict[str, str], dict[str, str]]:
    """As _walk for --allow-write roots, whose symbolic links stay links in the view (kind "l"
    and their target; the view follows one only where it stays under the grants)."""
    stats: dict[str, list[Any]] = {}
    targets: dict[str, str] = {}
    sizes: dict[str, int] = {}
    for root in roots:
        for top, dirs, files in os.walk(root, followlinks=False):
            for path in [top, *(os.path.join(top, n) for n in sorted(dirs) + sorted(files))]:
                if path in stats or len(stats) >= MAX_ENTRIES:
                    continue
                try:
                    st = os.lstat(path)
                    kind = ("l" if stat.S_ISLNK(st.st_mode) else
                            "d" if stat.S_ISDIR(st.st_mode) else "f")
                    if kind == "l":
                        targets[path] = os.readlink(path)
                except OSError:
                    continue
                stats[path] = [kind, st.st_mode, st.st_size, st.st_ino, st.st_atime_ns / 1e6,
                               st.st_mtime_ns / 1e6, st.st_ctime_ns / 1e6, st.st_ctime_ns / 1e6,
                               st.st_nlink, st.st_uid, st.st_gid, st.st_dev]
                if kind == "f":
                    sizes[path] = st.st_size
    return stats, targets, _snapshot_contents(sizes)


def _walk(roots: list[Path]) -> tuple[dict[str, str], dict[str, list[Any]], dict[str, str]]:
    """Names, stat fields and (within the budget) contents of the trees under `roots`. A symbolic
    link is followed only when its target is under one of the roots; others are left out, so
    the snapshot never carries anything from outside the grants."""
    entries: dict[str, str] = {}
    stats: dict[str, list[Any]] = {}
    sizes: dict[str, int] = {}
    for root in roots:
        walk = [root] if root.is_file() else [root, *sorted(root.rglob("*"))]
        for path in walk:
            if len(entries) >= MAX_ENTRIES:
                break
            try:
                if path.is_symlink() and not _is_allowed(path.resolve(), roots):
                    continue
                st = path.stat()
            except OSError:
                continue
            kind = "d" if stat.S_ISDIR(st.st_mode) else "f"
            entries[str(path)] = kind
            stats[str(path)] = [kind, st.st_mode, st.st_size, st.st_ino, st.st_atime_ns / 1e6,
                                st.st_mtime_ns / 1e6, st.st_ctime_ns / 1e6, st.st_ctime_ns / 1e6,
                                st.st_nlink, st.st_uid, st.st_gid, st.st_dev]
            if kind == "f":
                sizes[str(path)] = st.st_size
    return entries, stats, _snapshot_contents(sizes)


def register(api: ShimAPI) -> None:
    """Provide the snapshot of the granted paths (`fs`) and serve `fs.read` / `fs.access` (live
    reads under --allow-read) and `fs.change` (the write-through of --allow-write changes)."""
    perms = api.options.permissions
    roots = _roots(perms.read, "--allow-read")
    write_roots = _roots(perms.write, "--allow-write", directories=True)
    entries, stats, contents = _walk(roots)
    w_stats, w_targets, w_contents = _walk_links(write_roots)
    node = node_exports()["modules"]
    api.provide("fs", {
        "roots": [str(r) for r in roots],
        "entries": entries,
        "stats": stats,
        "contents": contents,
        "write": {"roots": [str(r) for r in write_roots], "stats": w_stats,
                  "contents": w_contents, "targets": w_targets},
        "ids": {"uid": os.getuid(), "gid": os.getgid()},
        "statfs": {str(r): _statfs(r) for r in roots + write_roots},
        "exports": {"fs": node["fs"]["exports"], "fs/promises": node["fs/promises"]["exports"]},
    })

    def resolve(raw: str, syscall: str) -> Path:
        path = Path(raw)
        if not path.is_absolute():
            path = Path(api.options.cwd or os.getcwd()) / path
        real = path.resolve()
        if not _is_allowed(real, roots + write_roots):
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

    writer = WriteThrough([str(r) for r in write_roots], api)
    api.op("fs.read", read)
    api.op("fs.access", access)
    api.op("fs.change", writer.apply)

    def denied(permission: str, path: str) -> None:
        flag = "--allow-write DIR" if permission == "FileSystemWrite" else "--allow-read PATH"
        what = "write" if permission == "FileSystemWrite" else "read"
        api.write(2, f"hostrt note: fs {what} of '{path}' denied (ERR_ACCESS_DENIED): it is outside "
                     f"the granted paths; grant it with {flag}\n")

    api.op("fs.denied", denied)


def _statfs(path: Path) -> list[int] | None:
    """The file system's figures under a root at start-up (fs.statfs): type (0: Python's
    statvfs does not report it), bsize, blocks, bfree, bavail, files, ffree."""
    try:
        st = os.statvfs(path)
    except OSError:
        return None
    return [0, st.f_bsize, st.f_blocks, st.f_bfree, st.f_bavail, st.f_files, st.f_ffree]


class WriteThrough:
    """Applies the view's changes to the disk, in the order JS made them, never outside the
    --allow-write roots: every path must be absolute and normalised, its parent directory is
    resolved through the kernel's symlinks and must be under a root, and the last component is
    never followed (O_NOFOLLOW, lstat-based removal). A change the disk refuses (it was changed
    behind the view's back) is reported on stderr; it cannot be reported to the JS call, which
    has already returned."""

    def __init__(self, roots: list[str], api: ShimAPI) -> None:
        self.roots = roots
        self.api = api
        self.failures = 0

    def target(self, raw: Any, *, root_ok: bool = False) -> str:
        """The confined host path for a path the view sent; PermissionError outside the roots."""
        if not isinstance(raw, str) or not raw.startswith("/") or "\0" in raw:
            raise PermissionError(f"not an absolute path: {raw!r}")
        parts = raw.split("/")[1:]
        if any(part in ("", ".", "..") for part in parts):
            raise PermissionError(f"not a normalised path: {raw!r}")
        parent = os.path.realpath(os.path.dirname(raw))
        path = os.path.join(parent, os.path.basename(raw))
        if path in self.roots:
            if root_ok:
                return path
            raise PermissionError(f"{raw}: the --allow-write root itself cannot be replaced")
        if not any(path.startswith(root.rstrip("/") + "/") for root in self.roots):
            raise PermissionError(f"{raw}: outside the --allow-write paths")
        return path

    def apply(self, verb: str, *args: Any) -> None:
        """One change from the view (a posted op: it must never raise)."""
        try:
            getattr(self, f"_{verb}")(*args)
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            self.failures += 1
            self.api.write(2, f"hostrt: fs: {verb} of {args[0] if args else ''!s} was not applied "
                              f"to the disk: {exc}\n")

    def _open(self, raw: str, flags: int, mode: int = 0o666) -> int:
        return os.open(self.target(raw, root_ok=True), flags | os.O_NOFOLLOW | os.O_CLOEXEC, mode)

    def _mkdir(self, raw: str, mode: int) -> None:
        path = self.target(raw)
        os.mkdir(path, mode)
        os.chmod(path, mode)  # the view's mode (its umask), not the host process's

    def _truncate(self, raw: str, length: int, mode: int | None = None) -> None:
        fd = self._open(raw, os.O_WRONLY | os.O_CREAT, 0o666 if mode is None else mode)
        try:
            os.ftruncate(fd, int(length))
            if mode is not None:
                os.fchmod(fd, mode)
        finally:
            os.close(fd)

    def _write(self, raw: str, position: int, b64: str) -> None:
        data = memoryview(base64.b64decode(b64))
        fd = self._open(raw, os.O_WRONLY | os.O_CREAT)
        try:
            at = int(position)
            while data:
                n = os.pwrite(fd, data, at)
                data, at = data[n:], at + n
        finally:
            os.close(fd)

    def _unlink(self, raw: str) -> None:
        os.unlink(self.target(raw))

    def _rmdir(self, raw: str) -> None:
        os.rmdir(self.target(raw))

    def _rmtree(self, raw: str) -> None:
        path = self.target(raw)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)  # does not follow links inside the tree
        else:
            os.unlink(path)

    def _rename(self, old: str, new: str) -> None:
        os.rename(self.target(old), self.target(new))

    def _copy(self, src: str, dest: str) -> None:
        fd = self._open(src, os.O_RDONLY)
        try:
            mode = os.fstat(fd).st_mode & 0o7777
            with os.fdopen(fd, "rb", closefd=False) as f:
                data = f.read()
        finally:
            os.close(fd)
        out = self._open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(out, view):]
        finally:
            os.close(out)

    def _symlink(self, target: str, raw: str) -> None:
        os.symlink(target, self.target(raw))

    def _link(self, src: str, dest: str) -> None:
        os.link(self.target(src), self.target(dest), follow_symlinks=False)

    def _utimes(self, raw: str, atime: float, mtime: float) -> None:
        os.utime(self.target(raw, root_ok=True), (atime, mtime), follow_symlinks=False)

    def _chmod(self, raw: str, mode: int) -> None:
        path = self.target(raw, root_ok=True)
        if not os.path.islink(path):
            os.chmod(path, mode)


def _fs_error(exc: OSError, syscall: str, path: str) -> FsError:
    num = exc.errno or errno.EIO
    code = errno.errorcode.get(num, "EIO")
    text = {errno.ENOENT: "no such file or directory", errno.EISDIR: "illegal operation on a "
            "directory", errno.EACCES: "permission denied"}.get(num, os.strerror(num).lower())
    return FsError(code, -num, syscall, path, text)
