"""Real Pepr from npm, the reference hostrt's Pepr API is compared with and benchmarked against.

One install per version under $HOSTRT_HOME, shared by `hostrt bench`, `hostrt compat --pepr-sdk`
and the differential tests: `npm install pepr@<version>` brings Pepr's TypeScript source and its
dependencies.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from hostrt.errors import HostError

PEPR_VERSION = "1.1.4"
# Real Pepr's Express app answering request files (one JSON line each); see its header.
REFERENCE_RUNNER = Path(__file__).with_name("node") / "pepr_reference.js"


def pepr_reference(version: str = PEPR_VERSION, *, announce: bool = False) -> Path:
    """The node_modules folder holding pepr@`version`; installed with npm into
    $HOSTRT_HOME/pepr-<version> on first use, reused after."""
    from hostrt.paths import home
    root = home() / f"pepr-{version}"
    marker = root / "node_modules" / "pepr" / "package.json"
    try:
        if json.loads(marker.read_text())["version"] == version:
            return root / "node_modules"
    except (OSError, ValueError, KeyError):
        pass
    npm = shutil.which("npm")
    if npm is None:
        raise HostError(f"the Pepr {version} reference needs npm (Node.js 20) on PATH",
                        code="ERR_HOSTRT_SETUP")
    root.mkdir(parents=True, exist_ok=True)
    (root / "package.json").write_text('{"name": "hostrt-pepr-reference", "private": true}\n')
    if announce:
        print(f"hostrt: installing pepr@{version} into {root} (npm)…", file=sys.stderr)
    proc = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error",
                           f"pepr@{version}"], cwd=root, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise HostError(f"npm install pepr@{version} in {root} failed:\n{proc.stderr[-3000:]}",
                        code="ERR_HOSTRT_SETUP")
    return root / "node_modules"
