"""How much code implements a shim: its own folder, plus the files of other shims it requires.

A shim can be thin and borrow its implementation (the `console` shim is a few lines that build
Node's Console from `shims/util/console.js`); counting only its folder would understate it. The
files it reaches are found by following `require('./x.js')` and `require('/$hostrt/shims/<s>/x.js')`
from its own files, transitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hostrt.shimreg import VFS_ROOT, Shim

_REQUIRE = re.compile(r"""require\(\s*['"]([^'"]+\.js)['"]\s*\)""")


@dataclass(frozen=True)
class ShimSize:
    """Lines of JS + Python in the shim's folder, and in the other shims' files it requires."""

    own_lines: int
    borrowed: tuple[Path, ...]      # files of other shims, reached by require
    borrowed_lines: int


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def shim_size(shim: Shim) -> ShimSize:
    """The size of the code implementing `shim` (see the module docstring)."""
    root = shim.path.parent
    skip = {"probes", "tests", "__pycache__"}   # test data and tests beside the shim are not it
    own = [p for p in sorted(shim.path.rglob("*"))
           if p.suffix in (".js", ".py") and not skip & set(p.relative_to(shim.path).parts)]
    seen = set(own)
    borrowed: list[Path] = []
    todo = [p for p in own if p.suffix == ".js"]
    while todo:
        src = todo.pop()
        for spec in _REQUIRE.findall(src.read_text(encoding="utf-8")):
            if spec.startswith(VFS_ROOT + "/"):
                target = root / spec[len(VFS_ROOT) + 1:]
            elif spec.startswith("."):
                target = (src.parent / spec).resolve()
            else:
                continue
            if target.is_file() and target not in seen:
                seen.add(target)
                borrowed.append(target)
                todo.append(target)
    return ShimSize(sum(map(_lines, own)), tuple(sorted(borrowed)), sum(map(_lines, borrowed)))
