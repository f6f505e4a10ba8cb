"""Where hostrt's files live: the shims shipped in the package, and the set-up home."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def shims_dir() -> Path:
    """The shims folder: inside the installed wheel, or the repository's `shims/` in a checkout."""
    for candidate in (PACKAGE_DIR / "shims", PACKAGE_DIR.parent / "shims"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("hostrt's shims folder is missing from this installation")


def home() -> Path:
    """The set-up home ($HOSTRT_HOME, default ~/.cache/hostrt): npm tools and built bundles."""
    env = os.environ.get("HOSTRT_HOME")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hostrt"
    return base.expanduser().resolve()
