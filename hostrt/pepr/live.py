"""Real Pepr 1.1.4's controller, live: the reference `hostrt serve` is compared with.

What a Pepr admission pod runs: the `npx pepr build` bundle, run by `node` from its folder, with
Pepr's environment (SSL_KEY_PATH, SSL_CERT_PATH, PEPR_API_PATH, PEPR_WATCH_MODE=false, LOG_LEVEL,
PEPR_PRETTY_LOG=false) and a KUBECONFIG pointing at hostrt's fake Kubernetes API
(`hostrt/kube/fakeapi.py`, its own process), which serves the PeprStore the controller reads
before it binds its routes. `require("pepr")` resolves to the pepr@1.1.4 npm install
(`hostrt/pepr/reference.py`) through NODE_PATH.

One change to Pepr: it listens on port 3000, fixed; `controller_port.js` (preloaded with
`node --require`) makes it listen on a free port of 127.0.0.1 instead, so runs can share a
machine.
"""

from __future__ import annotations

import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from hostrt.errors import HostError
from hostrt.subproc import stop

PORT_SHIM = Path(__file__).with_name("controller_port.js")


@dataclass
class LiveController:
    """A running controller: its process, port, and when it answered its first /healthz 200."""

    proc: subprocess.Popen[bytes]
    port: int
    ready_s: float
    stderr: list[str] = field(default_factory=list)

    @property
    def pid(self) -> int:
        """The node process id."""
        return self.proc.pid


def _pump(stream: IO[bytes], sink: list[str]) -> None:
    for raw in stream:
        sink.append(raw.decode("utf-8", "replace"))


@contextmanager
def fake_kube_api(folder: Path) -> Iterator[dict[str, Any]]:
    """The fake Kubernetes API as a subprocess on a free port; yields {url, kubeconfig, pid}."""
    kubeconfig = folder / "kubeconfig"
    proc = subprocess.Popen([sys.executable, "-m", "hostrt.kube.fakeapi", "--port", "0",
                             "--kubeconfig", str(kubeconfig)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise HostError(f"the fake Kubernetes API did not start: {err[-2000:]}",
                            code="ERR_HOSTRT_SETUP")
        info = json.loads(line)
        # @kubernetes/client-node refuses a plain-HTTP server unless TLS checks are declared off.
        import yaml
        config = yaml.safe_load(kubeconfig.read_text())
        for cluster in config.get("clusters") or []:
            cluster.setdefault("cluster", {})["insecure-skip-tls-verify"] = True
        kubeconfig.write_text(yaml.safe_dump(config))
        yield info
    finally:
        stop(proc)


def _healthz(port: int) -> int:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # readiness only; the answers are compared over verified TLS
    try:
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/healthz", context=ctx,
                                    timeout=2) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


@contextmanager
def pepr_controller(bundle: Path, *, cert: Path, key: Path, api_path: str,
                    log_level: str = "info", env: dict[str, str] | None = None,
                    stdout: int | IO[bytes] | None = subprocess.DEVNULL,
                    startup: float = 90.0) -> Iterator[LiveController]:
    """Run real Pepr's controller on `bundle` (a `npx pepr build` output) until the block ends."""
    from hostrt.pepr.reference import pepr_reference
    node = shutil.which("node")
    if node is None:
        raise HostError("real Pepr's controller needs Node.js (node) on PATH",
                        code="ERR_HOSTRT_SETUP")
    node_modules = pepr_reference()
    with tempfile.TemporaryDirectory(prefix="hostrt-pepr-live-") as tmp, \
            fake_kube_api(Path(tmp)) as api:
        run_env = {k: v for k, v in os.environ.items() if not k.startswith("PEPR_")}
        run_env.update({
            "NODE_PATH": str(node_modules), "KUBECONFIG": str(api["kubeconfig"]),
            "SSL_KEY_PATH": str(Path(key).resolve()), "SSL_CERT_PATH": str(Path(cert).resolve()),
            "PEPR_API_PATH": api_path,
            "PEPR_WATCH_MODE": "false", "LOG_LEVEL": log_level, "PEPR_PRETTY_LOG": "false",
            "HOSTRT_PEPR_PORT": "0", **(env or {}),
        })
        started = time.monotonic()
        proc = subprocess.Popen([node, "--require", str(PORT_SHIM), bundle.name],
                                cwd=Path(bundle).resolve().parent, env=run_env, stdout=stdout,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        live = LiveController(proc, 0, 0.0)
        assert proc.stderr is not None
        pump = threading.Thread(target=_pump, args=(proc.stderr, live.stderr), daemon=True)
        pump.start()
        try:
            end = started + startup
            while True:
                if proc.poll() is not None:
                    raise HostError("real Pepr's controller exited "
                                    f"{proc.returncode}:\n{''.join(live.stderr)[-3000:]}",
                                    code="ERR_HOSTRT_SETUP")
                if time.monotonic() > end:
                    raise HostError("real Pepr's controller was not ready within "
                                    f"{startup:g}s:\n{''.join(live.stderr)[-3000:]}",
                                    code="ERR_HOSTRT_SETUP")
                if not live.port:
                    for line in list(live.stderr):
                        if line.startswith("hostrt-pepr: listening on "):
                            live.port = int(line.split()[-1])
                if live.port and _healthz(live.port) == 200:
                    live.ready_s = time.monotonic() - started
                    break
                time.sleep(0.02)
            yield live
        finally:
            stop(proc)
            pump.join(5)
