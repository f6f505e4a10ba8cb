"""`PEPR_HEADERS_TIMEOUT_MS`: slow headers get Node's 408 and a closed connection; a slow body,
an idle keep-alive connection and an ordinary request do not. Checked against a Node https
server given the same `headersTimeout` (the same bytes on the wire)."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest
from aiohttp.web_protocol import RequestHandler

from hostrt.serve.headers_timeout import PRIVATE_API, REQUEST_TIMEOUT_ANSWER
from tests.serve_util import API_PATH, BUILT, Certs, configmap_review, make_certs, serving

TIMEOUT_MS = 600


def test_the_aiohttp_internals_it_reads_exist() -> None:
    slots = set(RequestHandler.__slots__)
    assert set(PRIVATE_API) <= slots, set(PRIVATE_API) - slots


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    return make_certs(tmp_path_factory.mktemp("tls-headers"))


@pytest.fixture(scope="module")
def served(certs: Certs):
    env = {"PEPR_HEADERS_TIMEOUT_MS": str(TIMEOUT_MS), "PEPR_KEEP_ALIVE_TIMEOUT_MS": "20000",
           "PEPR_PRETTY_LOGS": "true"}
    with serving(BUILT, certs, env=env) as s:
        yield s


def _tls(port: int, certs: Certs) -> ssl.SSLSocket:
    raw = socket.create_connection(("127.0.0.1", port), timeout=15)
    return certs.client().wrap_socket(raw, server_hostname="localhost")


def _read_until_closed(sock: ssl.SSLSocket) -> bytes:
    got = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except (ssl.SSLError, ConnectionResetError):
            break
        if not chunk:
            break
        got += chunk
    return got


def _read_answer(sock: ssl.SSLSocket) -> bytes:
    """One HTTP/1.1 answer with a Content-Length."""
    got = b""
    while b"\r\n\r\n" not in got:
        chunk = sock.recv(65536)
        assert chunk, got
        got += chunk
    head, _, body = got.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk
        body += chunk
    return head + b"\r\n\r\n" + body


def _request(body: bytes) -> tuple[bytes, bytes]:
    head = (f"POST /mutate/{API_PATH} HTTP/1.1\r\nHost: localhost\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    return head, body


def test_slow_headers_get_408_and_close(served, certs: Certs) -> None:
    sock = _tls(served.port, certs)
    t0 = time.monotonic()
    sock.sendall(b"POST /mutate/x HTTP/1.1\r\nHost: localhost\r\n")  # headers never finish
    got = _read_until_closed(sock)
    waited = time.monotonic() - t0
    assert got == REQUEST_TIMEOUT_ANSWER
    assert TIMEOUT_MS / 1000 * 0.9 <= waited < 10, waited


def test_slow_body_and_idle_keep_alive_are_not_timed_out(served, certs: Certs) -> None:
    head, body = _request(configmap_review("slow-body"))
    sock = _tls(served.port, certs)
    sock.sendall(head + body[:10])        # headers complete, body in two parts
    time.sleep(TIMEOUT_MS / 1000 * 2)
    sock.sendall(body[10:])
    first = _read_answer(sock)
    assert first.startswith(b"HTTP/1.1 200"), first[:200]
    time.sleep(TIMEOUT_MS / 1000 * 2)     # idle on a keep-alive connection
    sock.sendall(head + body)
    second = _read_answer(sock)
    assert second.startswith(b"HTTP/1.1 200"), second[:200]
    sock.close()


_NODE_SERVER = r"""
const https = require('https'), fs = require('fs');
const [cert, key, ms] = process.argv.slice(2);
const s = https.createServer({cert: fs.readFileSync(cert), key: fs.readFileSync(key),
                              connectionsCheckingInterval: 100}, (q, r) => r.end('ok'));
s.headersTimeout = Number(ms); s.requestTimeout = Number(ms) * 10;
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
"""


def test_same_bytes_as_node_headers_timeout(served, certs: Certs, tmp_path: Path) -> None:
    script = tmp_path / "server.js"
    script.write_text(_NODE_SERVER)
    node = subprocess.Popen(["node", str(script), str(certs.cert), str(certs.key),
                             str(TIMEOUT_MS)], stdout=subprocess.PIPE, text=True)
    try:
        assert node.stdout is not None
        port = int(node.stdout.readline())
        answers = []
        for p in (port, served.port):
            sock = _tls(p, certs)
            sock.sendall(b"POST /mutate/x HTTP/1.1\r\nHost: localhost\r\nContent-Ty")
            answers.append(_read_until_closed(sock))
        assert answers[0] == answers[1] == REQUEST_TIMEOUT_ANSWER
    finally:
        node.kill()
        node.wait(10)


def test_pretty_logs_asked_for_are_said_to_be_unavailable(served) -> None:
    # Pepr 1.1.4's logger reads PEPR_PRETTY_LOGS; hostrt cannot pretty-print and says so.
    warned = [json.loads(line) for line in served.stdout if "Pretty logs" in line]
    assert warned and warned[0]["level"] == 40, served.stdout[:5]
    assert "npx pino-pretty" in warned[0]["msg"]
