"""Child processes the CLI starts (servers, reference controllers): stopping them cleanly."""

from __future__ import annotations

import signal
import subprocess


def stop(proc: subprocess.Popen[bytes] | subprocess.Popen[str], grace: float = 10) -> int:
    """SIGTERM a child still running, give it `grace` seconds to exit (a server drains), then
    kill it; return its exit status."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
    return proc.wait()
