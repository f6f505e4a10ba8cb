"""Run `hostrt serve` as a user does (a subprocess over real HTTPS) and talk to it."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import ssl
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt.subproc import stop
from tests.conftest import FIXTURES, hostrt_cmd

API_PATH = "d12-test-api-path"
BUILT = FIXTURES / "modules" / "hello-pepr-built" / "pepr-6f9e3f1c-4c3a-4d1b-9a49-0c8c2d1e5b7a.js"
HELLO_REQUESTS = FIXTURES / "modules" / "hello-pepr" / "requests"
DEADLINE = FIXTURES / "serve" / "deadline" / "pepr.js"
SLOWSTART = FIXTURES / "serve" / "slowstart" / "pepr.js"
SOONSTART = FIXTURES / "serve" / "soonstart" / "pepr.js"
_LISTEN = re.compile(r"hostrt serve: listening on https://[^:]+:(\d+)")


@dataclass
class Certs:
    """A CA and a serving certificate for 127.0.0.1."""

    cert: Path
    key: Path
    ca: Path

    def client(self) -> ssl.SSLContext:
        """A client context trusting only this CA (real verification, SAN checked)."""
        return ssl.create_default_context(cafile=str(self.ca))


def make_certs(folder: Path) -> Certs:
    """Generate the set with hostrt's own --tls-self-signed code."""
    from hostrt.serve.tls import generate_self_signed
    made = generate_self_signed(folder / "tls.crt", folder / "tls.key")
    return Certs(made.cert, made.key, made.ca)


@dataclass
class Answer:
    """One HTTP answer."""

    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


@dataclass
class Served:
    """A running `hostrt serve` process."""

    proc: subprocess.Popen[str]
    port: int
    certs: Certs
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)

    def request(self, method: str, path: str, body: bytes | None = None,
                ctype: str = "application/json", timeout: float = 30) -> Answer:
        """One request on a new HTTPS connection."""
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.certs.client(),
                                           timeout=timeout)
        try:
            headers = {"Content-Type": ctype} if body is not None else {}
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            return Answer(resp.status, resp.read(), {k.lower(): v for k, v in resp.getheaders()})
        finally:
            conn.close()

    def admit(self, route: str, body: bytes, api_path: str = API_PATH) -> Answer:
        """POST an AdmissionReview to /mutate or /validate."""
        return self.request("POST", f"/{route}/{api_path}", body)

    def wait_ready(self, timeout: float = 60) -> None:
        """Until /healthz answers 200."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise AssertionError(f"hostrt serve exited {self.proc.returncode}:\n"
                                     + "".join(self.stderr[-40:]))
            try:
                if self.request("GET", "/healthz", timeout=5).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("hostrt serve did not become ready:\n" + "".join(self.stderr[-40:]))

    def terminate(self, timeout: float = 20) -> int:
        """SIGTERM and wait; the exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)


def _pump(stream: Any, sink: list[str]) -> None:
    for line in stream:
        sink.append(line)


@contextmanager
def serving(module: Path, certs: Certs, *extra: str, env: dict[str, str] | None = None,
            ready: bool = True, startup: float = 60):
    """Start `hostrt serve MODULE` on a free port; stop it (SIGTERM) afterwards."""
    cmd = [*hostrt_cmd(), "serve", str(module), "--port", "0", "--host", "127.0.0.1",
           "--tls-cert", str(certs.cert), "--tls-key", str(certs.key), "--api-path", API_PATH,
           *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})})
    served = Served(proc, 0, certs)
    threads = [threading.Thread(target=_pump, args=(proc.stdout, served.stdout), daemon=True),
               threading.Thread(target=_pump, args=(proc.stderr, served.stderr), daemon=True)]
    for t in threads:
        t.start()
    try:
        end = time.monotonic() + startup
        while not served.port:
            for line in list(served.stderr):
                m = _LISTEN.search(line)
                if m:
                    served.port = int(m.group(1))
            if proc.poll() is not None:
                raise AssertionError(f"hostrt serve exited {proc.returncode}:\n"
                                     + "".join(served.stderr))
            if time.monotonic() > end:
                raise AssertionError("hostrt serve never listened:\n" + "".join(served.stderr))
            time.sleep(0.02)
        if ready:
            served.wait_ready(startup)
        yield served
    finally:
        stop(proc, 20)
        for t in threads:
            t.join(5)


def configmap_review(name: str, uid: str = "00000000-0000-4000-8000-0000000000aa") -> bytes:
    """A CREATE ConfigMap AdmissionReview."""
    obj = {"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": name, "namespace": "default"}, "data": {"k": "v"}}
    review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": uid, "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
        "resource": {"group": "", "version": "v1", "resource": "configmaps"},
        "requestKind": {"group": "", "version": "v1", "kind": "ConfigMap"},
        "requestResource": {"group": "", "version": "v1", "resource": "configmaps"},
        "name": name, "namespace": "default", "operation": "CREATE",
        "userInfo": {"username": "test"}, "object": obj, "oldObject": None, "dryRun": False,
        "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1"}}}
    return json.dumps(review).encode()
