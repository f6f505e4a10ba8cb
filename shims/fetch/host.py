"""Python half of fetch: HTTP(S) requests on urllib3, in worker threads.

urllib3 is already installed (the `kubernetes` client depends on it), keeps connections alive
per origin like undici's pool, and lets redirects be followed here with the Fetch standard's
rules instead of its own. Its calls block, so each runs in a worker thread of this shim's own
pool; the event loop never waits on the network. The response body is not buffered: JS pulls
it one `fetch.read` (up to 1 MiB: whatever has arrived) at a time.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import errno
import itertools
import os
import socket
import ssl
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    InsecureRequestWarning,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from hostrt.shimapi import ShimAPI

REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 20
CHUNK = 1024 * 1024
WORKERS = 64  # requests (or body reads) waiting on the network at once
# Bodies up to this size with a Content-Length are read with the headers, so fetch() resolves
# with the body at hand (one host call instead of two). The cost: a server that sends the headers
# and then holds back such a small body delays fetch()'s promise until the body is there.
PREFETCH = 64 * 1024
NULL_BODY_STATUS = frozenset({101, 103, 204, 205, 304})
# undici's defaults: connect timeout 10 s; headers and body timeouts 300 s.
TIMEOUT = urllib3.Timeout(connect=10.0, read=300.0)
# What undici adds when the request does not set them (measured against Node 20).
DEFAULT_HEADERS = (("accept", "*/*"), ("accept-language", "*"), ("sec-fetch-mode", "cors"),
                   ("user-agent", "node"), ("accept-encoding", "gzip, deflate"))
# Request headers dropped when a redirect changes POST into GET (the Fetch standard's list).
BODY_HEADERS = frozenset({"content-encoding", "content-language", "content-location",
                          "content-type", "content-length"})
# Headers undici drops when a redirect leaves the origin.
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "host"})


class FetchFailure(Exception):
    """A network error, described as the `cause` Node gives `TypeError: fetch failed`."""

    def __init__(self, message: str, **fields: Any) -> None:
        super().__init__(message)
        self.fields = {"message": message, **fields}


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.port


def _describe(exc: BaseException, url: str) -> FetchFailure:
    """Map urllib3's errors onto the causes Node reports (code, errno, syscall, ...)."""
    _, host, port = _origin(url)
    if port is None:
        port = 443 if url.startswith("https:") else 80
    if isinstance(exc, NameResolutionError) or isinstance(exc.__context__, socket.gaierror):
        return FetchFailure(f"getaddrinfo ENOTFOUND {host}", errno=-3008, code="ENOTFOUND",
                            syscall="getaddrinfo", hostname=host)
    # NewConnectionError subclasses ConnectTimeoutError in urllib3 2, so it is told apart first.
    if isinstance(exc, ConnectTimeoutError) and not isinstance(exc, NewConnectionError):
        return FetchFailure("Connect Timeout Error", code="UND_ERR_CONNECT_TIMEOUT")
    if isinstance(exc, ReadTimeoutError):
        return FetchFailure("Headers Timeout Error", code="UND_ERR_HEADERS_TIMEOUT")
    if isinstance(exc, SSLError):
        return _tls_failure(exc)
    os_error = exc if isinstance(exc, OSError) else None
    seen: BaseException | None = exc
    while os_error is None and seen is not None:
        if isinstance(seen, OSError) and seen.errno is not None:
            os_error = seen
        seen = seen.__cause__ or seen.__context__
    if isinstance(exc, NewConnectionError) or (os_error is not None and os_error.errno):
        num = os_error.errno if os_error is not None and os_error.errno else errno.ECONNREFUSED
        name = errno.errorcode.get(num, "ECONNREFUSED")
        address = host
        return FetchFailure(f"connect {name} {address}:{port}", errno=-num, code=name,
                            syscall="connect", address=address, port=port)
    if isinstance(exc, ProtocolError):
        return FetchFailure("other side closed", code="UND_ERR_SOCKET")
    return FetchFailure(str(exc) or type(exc).__name__, code="UND_ERR")


# OpenSSL verify results (X509_V_ERR_*) Node reports by name, with OpenSSL's own message.
TLS_CODES = {10: "CERT_HAS_EXPIRED", 18: "DEPTH_ZERO_SELF_SIGNED_CERT",
             19: "SELF_SIGNED_CERT_IN_CHAIN", 20: "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
             21: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", 62: "ERR_TLS_CERT_ALTNAME_INVALID"}


def _tls_failure(exc: BaseException) -> FetchFailure:
    """A certificate problem as Node names it (code, OpenSSL's message); others as ERR_TLS."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            code = TLS_CODES.get(seen.verify_code, "ERR_TLS")
            return FetchFailure(seen.verify_message or str(seen), code=code)
        seen = seen.__cause__ or seen.__context__
    return FetchFailure(str(exc.__context__ or exc), code="ERR_TLS")


def tls_context(env: Mapping[str, str], verify: bool) -> ssl.SSLContext:
    """The system's CA store plus NODE_EXTRA_CA_CERTS (read at start-up, as Node does); no
    verification at all when `verify` is false (NODE_TLS_REJECT_UNAUTHORIZED=0)."""
    ctx = urllib3.util.create_urllib3_context()
    if not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    ctx.load_default_certs()
    extra = env.get("NODE_EXTRA_CA_CERTS")
    if extra:
        with contextlib.suppress(OSError, ssl.SSLError):  # Node warns and goes on without them
            ctx.load_verify_locations(cafile=extra)
    return ctx


class Aborted(Exception):
    """The request was aborted from JS while in flight (its answer is no longer awaited)."""


class _InFlight:
    """The connections of requests in flight, by the JS request token, so that an abort can shut
    the socket down and the worker thread returns at once instead of waiting for the server."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.conns: dict[int, HTTPConnection] = {}
        self.aborted: set[int] = set()
        self.local = threading.local()

    def track(self, conn: HTTPConnection) -> None:
        """A request starts on `conn` (in the worker thread that sent it)."""
        token = getattr(self.local, "token", None)
        if token is None:
            return
        with self.lock:
            if token in self.aborted:
                raise Aborted()
            self.conns[token] = conn

    def connected(self) -> None:
        """The socket exists now: an abort that came while connecting takes effect here."""
        token = getattr(self.local, "token", None)
        if token is None:
            return
        with self.lock:
            if token in self.aborted:
                raise Aborted()

    def abort(self, token: int) -> None:
        with self.lock:
            self.aborted.add(token)
            conn = self.conns.pop(token, None)
        if conn is not None:
            _shutdown(conn)

    def done(self, token: int) -> None:
        with self.lock:
            self.conns.pop(token, None)
            self.aborted.discard(token)


def _shutdown(conn: Any) -> None:
    """Wake a thread blocked on this connection's socket (closing alone may not)."""
    sock = getattr(conn, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


def _pool_classes(inflight: _InFlight) -> dict[str, type]:
    """Connection pools whose connections report themselves to `inflight` when used."""

    class Tracked:
        """Reports the connection to `inflight` when it sends and once it is connected."""

        def request(self, *args: Any, **kwargs: Any) -> None:
            inflight.track(self)  # type: ignore[arg-type]
            super().request(*args, **kwargs)  # type: ignore[misc]

        def connect(self) -> None:
            super().connect()  # type: ignore[misc]
            inflight.connected()

    class Conn(Tracked, HTTPConnection):
        pass

    class SConn(Tracked, HTTPSConnection):
        pass

    class Pool(HTTPConnectionPool):
        ConnectionCls = Conn

    class SPool(HTTPSConnectionPool):
        ConnectionCls = SConn

    return {"http": Pool, "https": SPool}


class Fetcher:
    """The connection pool and the open responses of one host."""

    def __init__(self, env: Mapping[str, str], permissions: Any = None) -> None:
        self.env = env
        self.permissions = permissions  # hostrt.permissions.Permissions: --allow-net
        self.inflight = _InFlight()
        self.pool = self._pool(verify=True)
        self.insecure_pool: urllib3.PoolManager | None = None
        self.lock = threading.Lock()
        self.responses: dict[int, urllib3.BaseHTTPResponse] = {}
        self.ids = itertools.count(1)

    def _pool(self, verify: bool) -> urllib3.PoolManager:
        ctx = tls_context(self.env, verify)
        pool = urllib3.PoolManager(num_pools=32, maxsize=WORKERS, block=False, ssl_context=ctx,
                                   cert_reqs=ssl.CERT_REQUIRED if verify else ssl.CERT_NONE)
        pool.pool_classes_by_scheme = _pool_classes(self.inflight)
        return pool

    def pool_for(self, insecure: bool) -> urllib3.PoolManager:
        """The verifying pool, or (NODE_TLS_REJECT_UNAUTHORIZED=0 in process.env) the other."""
        if not insecure:
            return self.pool
        with self.lock:
            if self.insecure_pool is None:
                # JS prints Node's own warning; urllib3's would be a second, Python-looking one.
                urllib3.disable_warnings(InsecureRequestWarning)
                self.insecure_pool = self._pool(verify=False)
            return self.insecure_pool

    def _send(self, pool: urllib3.PoolManager, method: str, url: str,
              headers: list[tuple[str, str]], body: bytes | None) -> urllib3.BaseHTTPResponse:
        try:
            return pool.urlopen(method, url, body=body, headers=urllib3.HTTPHeaderDict(headers),
                                     redirect=False, retries=False, preload_content=False,
                                     decode_content=True, timeout=TIMEOUT, assert_same_host=False)
        except (HTTPError, OSError) as exc:
            token = getattr(self.inflight.local, "token", None)
            if token is not None and token in self.inflight.aborted:
                raise Aborted() from exc
            raise _describe(exc, url) from exc

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send the request, following redirects as `payload["redirect"]` says (blocking)."""
        token = payload.get("token")
        self.inflight.local.token = token
        try:
            return self._request(payload)
        except Aborted:
            return {"error": {"message": "aborted", "code": "ABORT_ERR"}}
        finally:
            self.inflight.local.token = None
            if token is not None:
                self.inflight.done(token)

    def _request(self, payload: dict[str, Any]) -> dict[str, Any]:
        method = str(payload["method"])
        url = str(payload["url"])
        mode = payload.get("redirect", "follow")
        pool = self.pool_for(bool(payload.get("insecure")))
        body = base64.b64decode(payload["body"]) if payload.get("body") is not None else None
        headers = [(str(k).lower(), str(v)) for k, v in payload.get("headers", [])]
        present = {k for k, _ in headers}
        headers += [(k, v) for k, v in DEFAULT_HEADERS if k not in present]
        urls = [url]
        if self.permissions is not None:
            self.permissions.check_fetch(url)  # PermissionDenied: fetch rejects with it
        try:
            for count in itertools.count():
                if body is None and method in ("POST", "PUT") and "content-length" not in present:
                    send_headers = [*headers, ("content-length", "0")]
                else:
                    send_headers = headers
                resp = self._send(pool, method, url, send_headers, body)
                location = resp.headers.get("location")
                if resp.status not in REDIRECT_STATUS or mode == "manual" or location is None:
                    break
                resp.drain_conn()
                resp.release_conn()
                if mode == "error":
                    raise FetchFailure("unexpected redirect")
                target = urljoin(url, location)
                if not target.startswith(("http:", "https:")):
                    raise FetchFailure("URL scheme must be a HTTP(S) scheme")
                if count >= MAX_REDIRECTS:
                    raise FetchFailure("redirect count exceeded")
                if self.permissions is not None:
                    self.permissions.check_fetch(target)  # every hop needs the grant
                if (resp.status in (301, 302) and method == "POST") or (
                        resp.status == 303 and method not in ("GET", "HEAD")):
                    method, body = "GET", None
                    headers = [(k, v) for k, v in headers if k not in BODY_HEADERS]
                if _origin(target) != _origin(url):
                    headers = [(k, v) for k, v in headers if k not in CREDENTIAL_HEADERS]
                present = {k for k, _ in headers}
                if "#" not in target and "#" in url:
                    target += url[url.index("#"):]
                url = target
                urls.append(url)
        except FetchFailure as failure:
            return {"error": failure.fields}
        rid = next(self.ids)
        self.responses[rid] = resp
        answer = {"id": rid, "status": resp.status, "statusText": resp.reason or "",
                  "headers": [[k, v] for k, v in resp.headers.iteritems()], "urls": urls}
        length = resp.length_remaining
        if (method != "HEAD" and resp.status not in NULL_BODY_STATUS and length is not None
                and 0 < length <= PREFETCH):
            # A small body with a known length nearly always came with the headers: read it
            # now and save JS a host call (see PREFETCH).
            answer["first"] = self.read(rid)
        return answer

    def read(self, rid: int) -> dict[str, Any]:
        """The next chunk of a response body: {data: base64 | None at the end, done} or {error}."""
        resp = self.responses.get(rid)
        if resp is None:
            return {"data": None}
        try:
            data = resp.read1(CHUNK)
        except ReadTimeoutError:
            self.close(rid)
            return {"error": {"message": "Body Timeout Error", "code": "UND_ERR_BODY_TIMEOUT"}}
        except (HTTPError, OSError) as exc:
            self.close(rid)
            return {"error": {"message": "terminated", "code": "UND_ERR_SOCKET",
                              "detail": str(exc)}}
        if not data:
            self.close(rid, finished=True)
            return {"data": None}
        done = resp.closed
        if done:
            # The body is all read: one more read (instant now) flushes the decoder, and JS is
            # told it is the end, saving the crossing that would only learn that.
            while tail := resp.read1(CHUNK):
                data += tail
            self.close(rid, finished=True)
        return {"data": base64.b64encode(data).decode("ascii"), "done": done}

    def close(self, rid: int, finished: bool = False) -> None:
        """Forget a response: back to the pool when fully read, else drop its connection."""
        resp = self.responses.pop(rid, None)
        if resp is None:
            return
        if finished:
            resp.release_conn()
        else:
            _shutdown(getattr(resp, "connection", None))
            resp.close()

    def shutdown(self) -> None:
        """Close every open response and pooled connection."""
        for rid in list(self.responses):
            self.close(rid)
        self.pool.clear()
        if self.insecure_pool is not None:
            self.insecure_pool.clear()


def register(api: ShimAPI) -> None:
    """Serve `fetch.request`, `fetch.read` (async, in threads), `fetch.close`, `fetch.abort`."""
    fetcher: Fetcher | None = None
    # Own threads: asyncio's default executor has cpu+4 workers, and every request waiting for
    # its headers (or a body read waiting for data) holds one; Node has no such limit.
    executor: ThreadPoolExecutor | None = None

    async def in_thread(fn: Callable[[Any], dict[str, Any]], arg: Any) -> dict[str, Any]:
        nonlocal executor
        if executor is None:
            executor = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="hostrt-fetch")
        return await asyncio.get_running_loop().run_in_executor(executor, fn, arg)

    def get() -> Fetcher:
        nonlocal fetcher
        if fetcher is None:
            env = api.options.env
            fetcher = Fetcher(os.environ if env is None else env, api.options.permissions)
        return fetcher

    async def request(payload: dict[str, Any]) -> dict[str, Any]:
        return await in_thread(get().request, payload)

    async def read(rid: int) -> dict[str, Any]:
        return await in_thread(get().read, rid)

    def close(rid: int) -> None:
        if fetcher is not None:
            fetcher.close(rid)

    def abort(token: int) -> None:
        # Recorded even when the request's task has not started yet (the abort can arrive in
        # the turn right after the call, before asyncio ran the task): the request then ends as
        # soon as it starts.
        get().inflight.abort(token)

    def shutdown() -> None:
        if fetcher is not None:
            fetcher.shutdown()
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    api.op("fetch.request", request)
    api.op("fetch.read", read)
    api.op("fetch.close", close)
    api.op("fetch.abort", abort)
    api.on_close(shutdown)
