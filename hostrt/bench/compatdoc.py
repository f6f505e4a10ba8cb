"""A `hostrt compat ... --format json` document for the report: read from where a run saved it,
or run now. Each comes with a note on where it came from or why it is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

Loaded = tuple[dict[str, Any] | None, str]


def compat_document(path: Path | None, flags: list[str], timeout: float = 1800) -> Loaded:
    """Read `path`; without one, run `hostrt compat FLAGS --format json` now."""
    if path is not None:
        try:
            return json.loads(path.read_text(encoding="utf-8")), f"read from `{path}`"
        except (OSError, ValueError) as exc:
            return None, f"could not read `{path}`: {exc}"
    cmd = " ".join(["hostrt compat", *flags, "--format json"])
    proc = subprocess.run([sys.executable, "-m", "hostrt.cli", "compat", *flags, "--format",
                           "json"], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, env=os.environ.copy())
    try:
        return json.loads(proc.stdout), f"from `{cmd}`, run for this report"
    except ValueError:
        return None, (f"`{cmd}` gave no JSON (exit {proc.returncode}): "
                      f"{proc.stderr.strip()[-300:]}")
