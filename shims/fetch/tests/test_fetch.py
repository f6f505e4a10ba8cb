"""The fetch shim: Headers/Request/Response/FormData and fetch() against a local HTTP server,
compared with real Node 20 running the same scripts (shims/fetch/tests/fetch_scripts)."""

from __future__ import annotations

import base64
import gzip
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import Result

SCRIPTS = Path(__file__).parent / "fetch_scripts"
HANG = 30.0  # seconds /hang waits before answering (far beyond start-up time on a loaded machine)
BINARY = bytes((i * 131 + (i >> 8)) & 255 for i in range(200_000))


class Handler(BaseHTTPRequestHandler):
    """Echo, redirect, binary, gzip, slow and dripping endpoints for the fetch scripts."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""

    def _body(self) -> bytes:
        if self.headers.get("transfer-encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def _send(self, status: int, body: bytes = b"", headers: list[tuple[str, str]] | None = None,
              ) -> None:
        self.send_response(status)
        for key, value in headers or []:
            self.send_header(key, value)
        if status not in (204, 304):
            self.send_header("content-length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and body:
            self.wfile.write(body)

    def _handle(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        body = self._body()
        if url.path == "/echo":
            echo = {"method": self.command, "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": base64.b64encode(body).decode()}
            self._send(200, json.dumps(echo).encode(), [("content-type", "application/json")])
        elif url.path == "/redirect":
            self._send(int(query["status"]), b"moved", [("location", query["to"])])
        elif url.path == "/loop":
            self._send(302, b"", [("location", "/loop")])
        elif url.path == "/bin":
            self._send(200, BINARY, [("content-type", "application/octet-stream")])
        elif url.path == "/cookies":
            self._send(200, b"c", [("set-cookie", "a=1; Path=/"), ("Set-Cookie", "b=2"),
                                   ("x-multi", "one"), ("x-multi", "two")])
        elif url.path == "/gzip":
            self._send(200, gzip.compress(b"unzipped text"), [("content-encoding", "gzip")])
        elif url.path == "/nocontent":
            self._send(204)
        elif url.path == "/slow":
            time.sleep(0.5)
            self._send(200, b"late")
        elif url.path == "/hang":
            time.sleep(HANG)
            self._send(200, b"too late")
        elif url.path == "/drip":
            self.send_response(200)
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(4):
                    self.wfile.write(b"5\r\ndrip!\r\n")
                    self.wfile.flush()
                    time.sleep(0.1)
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client went away (aborted): expected
            self.close_connection = True
        else:
            self._send(404, b"nope", [("content-type", "text/plain")])

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _handle


class Server(ThreadingHTTPServer):
    """Threads per request; a client that hung up (an aborted fetch) is not an error here."""

    daemon_threads = True
    request_queue_size = 64  # the default backlog (5) would delay concurrent connects by ~1 s

    def handle_error(self, request: object, client_address: object) -> None:
        """Stay quiet about clients that went away."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 (ephemeral port), in a thread; yields its base URL."""
    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def same_output(node: Result, ours: Result) -> None:
    """Both ran cleanly and printed the same lines."""
    assert node.code == 0, node.err
    assert ours.code == 0, ours.err
    assert ours.out.splitlines() == node.out.splitlines()


def test_objects_like_node(node_run: Callable[..., Result], hostrt_run: Callable[..., Result],
                           ) -> None:
    """Headers, Request, Response and FormData behave as Node 20's (no network)."""
    script = SCRIPTS / "objects.js"
    node, ours = node_run(script), hostrt_run(script)
    same_output(node, ours)
    assert "entries [[\"a\",\"1, 3\"],[\"b\",\"2\"],[\"set-cookie\",\"a=1\"]" in ours.out


def test_network_like_node(server: str, node_run: Callable[..., Result],
                           hostrt_run: Callable[..., Result]) -> None:
    """fetch() against the local server: methods, bodies, redirects, errors, abort, as Node."""
    script = SCRIPTS / "network.js"
    port = str(closed_port())
    node, ours = node_run(script, server, port), hostrt_run(script, server, port)
    same_output(node, ours)
    lines = {line.split(" ", 1)[0]: line for line in ours.out.splitlines()}
    assert '"user-agent":"node"' in lines["GET"]
    assert lines["404"].startswith('404 [404,"Not Found",false')
    assert "ECONNREFUSED" in lines["refused"]


def test_globals_like_node(write_js: Callable[..., Path], node_run: Callable[..., Result],
                          hostrt_run: Callable[..., Result]) -> None:
    """The new globals exist, are the classes of the objects they describe, and enumerate as
    in Node (only `fetch` is enumerable)."""
    script = write_js("g.js", """
        const names = ['fetch', 'Headers', 'Request', 'Response', 'FormData', 'Crypto',
          'CryptoKey', 'SubtleCrypto', 'Performance', 'PerformanceEntry', 'PerformanceMark',
          'PerformanceMeasure', 'PerformanceObserver', 'PerformanceObserverEntryList',
          'PerformanceResourceTiming'];
        console.log(names.map((n) => typeof globalThis[n]).join());
        console.log(crypto instanceof Crypto, crypto.subtle instanceof SubtleCrypto,
          performance instanceof Performance, performance.mark('m') instanceof PerformanceMark,
          performance.measure('m') instanceof PerformanceEntry);
        console.log(Object.keys(globalThis).filter((k) => names.includes(k)).join());
    """)
    node, ours = node_run(script), hostrt_run(script)
    same_output(node, ours)
    assert ours.out.startswith("function,function")


def test_pepr_fetch(server: str, write_js: Callable[..., Path],
                    hostrt_run: Callable[..., Result]) -> None:
    """`require('pepr').fetch` (kubernetes-fluent-client's wrapper) goes through the global fetch."""
    script = write_js("p.js", """
        const { fetch, fetchStatus } = require('pepr');
        (async () => {
          const base = process.argv[2];
          const ok = await fetch(`${base}/echo`, { method: 'POST', body: '{"n":1}' });
          console.log(ok.ok, ok.status, ok.data.method, Buffer.from(ok.data.body, 'base64').toString());
          const missing = await fetch(`${base}/missing`);
          console.log(missing.ok, missing.status, missing.statusText, missing.data);
          const text = await fetch(`${base}/gzip`);
          console.log(text.status, text.data, text.headers.get('content-encoding'));
          console.log(fetchStatus[404]);
        })();
    """)
    res = hostrt_run(script, server)
    assert res.code == 0, res.err
    assert res.out.splitlines() == ['true 200 POST {"n":1}', "false 404 Not Found nope",
                                    "200 unzipped text gzip", "NOT_FOUND"]


def test_abort_ends_request_in_flight(server: str, write_js: Callable[..., Path],
                                      hostrt_run: Callable[..., Result]) -> None:
    """An aborted fetch does not keep the process alive until the server answers: Python shuts
    the request's socket down (the server here would answer after HANG seconds)."""
    script = write_js("hang.js", """
        fetch(`${process.argv[2]}/hang`, { signal: AbortSignal.timeout(50) })
          .catch((e) => console.log(e.name, e.message));
    """)
    start = time.monotonic()
    res = hostrt_run(script, server)
    elapsed = time.monotonic() - start
    assert res.code == 0, res.err
    assert res.out == "TimeoutError The operation was aborted due to timeout\n"
    assert elapsed < HANG / 2, f"took {elapsed:.1f}s: the aborted request held the process"


def test_abort_due_before_the_request_task_starts(server: str, write_js: Callable[..., Path],
                                                  hostrt_run: Callable[..., Result]) -> None:
    """The abort timer is already due when the request is made (a slow main module), so the
    abort reaches Python before the request's task ran: it still ends the request."""
    script = write_js("late.js", """
        const signal = AbortSignal.timeout(20);
        const t0 = Date.now(); while (Date.now() - t0 < 100) {}
        fetch(`${process.argv[2]}/hang`, { signal }).catch((e) => console.log(e.name));
    """)
    start = time.monotonic()
    res = hostrt_run(script, server)
    assert res.code == 0 and res.out == "TimeoutError\n", res.err
    assert time.monotonic() - start < HANG / 2, "the aborted request held the process"


def test_concurrent_requests_overlap(server: str, write_js: Callable[..., Path],
                                     hostrt_run: Callable[..., Result]) -> None:
    """30 requests to an endpoint that answers after 0.5 s run at once (as in Node), not a
    handful at a time: each one waiting for its headers holds a worker thread."""
    script = write_js("many.js", """
        const t = performance.now();
        Promise.all(Array.from({ length: 30 }, () => fetch(`${process.argv[2]}/slow`).then((r) => r.text())))
          .then((all) => console.log(all.length, new Set(all).size, all[0], performance.now() - t));
    """)
    res = hostrt_run(script, server)
    assert res.code == 0, res.err
    count, distinct, text, ms = res.out.split()
    assert (count, distinct, text) == ("30", "1", "late")
    assert float(ms) < 1500, f"30 concurrent 0.5 s requests took {float(ms):.0f} ms"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """An HTTPS server on 127.0.0.1 with a fresh self-signed certificate: (base URL, cert)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl CLI is needed to make a test certificate")
    tmp = tmp_path_factory.mktemp("tls")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    httpd = Server(("127.0.0.1", 0), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", cert
    httpd.shutdown()
    httpd.server_close()


def test_https_like_node(tls_server: tuple[str, Path], write_js: Callable[..., Path],
                         node_run: Callable[..., Result], hostrt_run: Callable[..., Result],
                         ) -> None:
    """A self-signed certificate fails as in Node (cause code and OpenSSL's message); with it in
    NODE_EXTRA_CA_CERTS, or with NODE_TLS_REJECT_UNAUTHORIZED=0, the request goes through."""
    base, cert = tls_server
    script = write_js("tls.js", """
        fetch(`${process.argv[2]}/echo`).then(async (r) => console.log(r.status, (await r.json()).method),
          (e) => console.log(e.message, e.cause.message, e.cause.code));
    """)
    outputs = []
    for env in ({}, {"NODE_EXTRA_CA_CERTS": str(cert)}, {"NODE_TLS_REJECT_UNAUTHORIZED": "0"}):
        node, ours = node_run(script, base, env=env), hostrt_run(script, base, env=env)
        same_output(node, ours)
        outputs.append(ours.out)
        if env.get("NODE_TLS_REJECT_UNAUTHORIZED"):
            assert "NODE_TLS_REJECT_UNAUTHORIZED" in ours.err  # Node's warning, once
    assert outputs == ["fetch failed self-signed certificate DEPTH_ZERO_SELF_SIGNED_CERT\n",
                       "200 GET\n", "200 GET\n"]


def test_no_node_global_is_missing(write_js: Callable[..., Path], node_run: Callable[..., Result],
                                   hostrt_run: Callable[..., Result]) -> None:
    """Every own property of Node 20's globalThis exists in hostrt too (run from a file, so
    `node -e`'s module-name globals are not part of it; tools/global_diff.py prints both ways)."""
    script = write_js("names.js", "console.log(JSON.stringify(Object.getOwnPropertyNames(globalThis)));")
    node, ours = node_run(script), hostrt_run(script)
    assert node.code == 0 and ours.code == 0, ours.err
    missing = set(json.loads(node.out)) - set(json.loads(ours.out))
    assert missing == set()
