"""Compare the global object of real Node 20 with hostrt's.

    python tools/global_diff.py

Runs one script (a file, so `node -e`'s module-name globals such as `fs` or `http` are absent)
under `node` and under `hostrt run`, and prints the own property names of globalThis that only
one of them has.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPT = "console.log(JSON.stringify(Object.getOwnPropertyNames(globalThis).sort()));\n"


def names(cmd: list[str], script: Path) -> set[str]:
    """The global names one runtime reports (its last stdout line)."""
    proc = subprocess.run([*cmd, str(script)], capture_output=True, text=True, timeout=60,
                          check=False)
    if proc.returncode != 0:
        sys.exit(f"global_diff: {' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def main() -> int:
    """Print what Node has and hostrt lacks, and the reverse."""
    node = shutil.which("node")
    if node is None:
        sys.exit("global_diff: real Node.js (v20) is not on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "globals.js"
        script.write_text(SCRIPT)
        theirs = names([node], script)
        ours = names([sys.executable, "-m", "hostrt.cli", "run"], script)
    print(f"node: {len(theirs)} globals; hostrt: {len(ours)}")
    print("missing in hostrt:", ", ".join(sorted(theirs - ours)) or "(none)")
    print("only in hostrt:", ", ".join(sorted(ours - theirs)) or "(none)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
