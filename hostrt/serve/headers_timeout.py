"""`PEPR_HEADERS_TIMEOUT_MS` for aiohttp: Node's `server.headersTimeout`, which aiohttp lacks.

A request whose headers have not all arrived within the timeout, counted from its first byte,
gets Node's answer, `HTTP/1.1 408 Request Timeout` with `Connection: close`, and its connection
is closed; a slow-headers client cannot hold a connection open. Idle keep-alive connections are
not affected (the keep-alive timeout closes those, as in Node), nor is a request whose headers
are complete and whose body is still arriving.

Node checks its connections every `connectionsCheckingInterval` (30 s), so its 408 comes up to
30 s late; this guard checks every `min(timeout / 4, 1 s)`.

How: each connection's protocol (aiohttp's `RequestHandler`) is wrapped by a small protocol that
notes when a request's first bytes arrive and sees, from the handler's request count, when its
headers have been parsed. The three `RequestHandler` internals it reads are pinned in
`PRIVATE_API` and checked by a test, as the mini-racer engine does with its privates.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

# What this module reads of aiohttp's RequestHandler (3.14): the count of requests whose headers
# were parsed, whether a request is being handled, and the queue of parsed ones not yet handled.
PRIVATE_API = ("_request_count", "_request_in_progress", "_messages")

REQUEST_TIMEOUT_ANSWER = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"


class HeadersClock:
    """The connections of one server and the sweep that times out slow headers."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout = timeout_s
        self.guards: set[_Guard] = set()
        self._sweeper: asyncio.TimerHandle | None = None

    def start(self) -> None:
        """Begin sweeping (on the running loop)."""
        if self._sweeper is None:
            self._arm()

    def stop(self) -> None:
        """Stop sweeping."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None

    def _arm(self) -> None:
        loop = asyncio.get_running_loop()
        self._sweeper = loop.call_later(min(self.timeout / 4, 1.0), self._sweep)

    def _sweep(self) -> None:
        now = asyncio.get_running_loop().time()
        for guard in list(self.guards):
            if guard.started is not None and now - guard.started >= self.timeout:
                guard.time_out()
        self._arm()


class _Guard(asyncio.Protocol):
    """Delegates to aiohttp's handler; keeps when the current request's first byte came."""

    __slots__ = ("_clock", "_inner", "_transport", "started")

    def __init__(self, inner: RequestHandler, clock: HeadersClock) -> None:
        self._inner = inner
        self._clock = clock
        self._transport: asyncio.BaseTransport | None = None
        self.started: float | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        self._clock.guards.add(self)
        self._inner.connection_made(transport)

    def connection_lost(self, exc: BaseException | None) -> None:
        self._clock.guards.discard(self)
        self._inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        inner: Any = self._inner
        count = inner._request_count
        # Bytes that come while no request is queued or being handled start a new request.
        if self.started is None and not inner._request_in_progress and not inner._messages:
            self.started = asyncio.get_running_loop().time()
        inner.data_received(data)
        if inner._request_count != count:  # its headers are parsed: what follows is its body
            self.started = None

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    def time_out(self) -> None:
        """Answer 408 and close, as Node does for headers past `headersTimeout`."""
        self.started = None
        transport = self._transport
        if transport is None or transport.is_closing():
            return
        transport.write(REQUEST_TIMEOUT_ANSWER)  # type: ignore[attr-defined]
        transport.close()


class _GuardedServer:
    """aiohttp's `Server` whose protocols are guarded (everything else is the Server's)."""

    def __init__(self, server: web.Server, clock: HeadersClock) -> None:
        self._server = server
        self._clock = clock

    def __call__(self) -> _Guard:
        return _Guard(self._server(), self._clock)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._server, name)


class GuardedAppRunner(web.AppRunner):
    """`web.AppRunner` whose connections get `HeadersClock`'s headers timeout."""

    def __init__(self, app: web.Application, clock: HeadersClock, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.clock = clock

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        self.clock.start()
        return _GuardedServer(server, self.clock)  # type: ignore[return-value]

    async def cleanup(self) -> None:
        """Stop the sweep, then aiohttp's cleanup."""
        self.clock.stop()
        await super().cleanup()
