"""Where hostrt's files live: the package folder and the set-up home (shipped files: hostrt.resources)."""

from __future__ import annotations

import os
from pathlib import Path

from hostrt import resources

PACKAGE_DIR = Path(__file__).resolve().parent


shims_dir = resources.shims_dir  # the lookup lives in hostrt.resources; kept here for importers


def home() -> Path:
    """The set-up home ($HOSTRT_HOME, default ~/.cache/hostrt): npm tools and built bundles."""
    env = os.environ.get("HOSTRT_HOME")
    base = Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hostrt"
    return base.expanduser().resolve()
