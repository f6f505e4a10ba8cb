"""`ShimAPI`: what a shim's Python half gets in `register(api)`.

A shim with a `[python]` module in its shim.toml exposes `register(api: ShimAPI) -> None`. The
host calls it once per isolate (again after every deadline or heap-cap restart), so a half keeps
its per-isolate state in the closure `register` builds, never in module globals.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from hostrt.engine.loop import EventLoop
    from hostrt.host import HostOptions
    from hostrt.shimreg import Shim


class ShimAPI(Protocol):
    """The host as a shim's Python half sees it."""

    @property
    def shim(self) -> Shim:
        """This shim's declaration (its folder, `[ops]`, `[apis]`, ...)."""
        ...

    @property
    def options(self) -> HostOptions:
        """The host's options (read only: nothing changes them after start)."""
        ...

    @property
    def loop(self) -> EventLoop:
        """This isolate's event loop: `call_later(ms, cb, ref=True, start=None)`, `turn_now`
        (the loop time of this turn, libuv's `uv_now`), `hold()` to keep the loop alive, and the
        clock."""
        ...

    def op(self, name: str, fn: Callable[..., Any]) -> None:
        """Serve an op JS reaches with `bridge.call(name, ...)` / `bridge.post(name, ...)`. The name
        must be declared in this shim's `[ops]` (`<shim>.<verb>`); anything else is refused. A
        coroutine function runs as a task; a plain function answers in the next tick."""
        ...

    def emit(self, event: str, payload: Any = None) -> None:
        """Send an event to the JS listener `bridge.on(event, fn)`."""
        ...

    def dispatch(self, handler: str, payload: Any = None) -> asyncio.Future[Any]:
        """Call a JS handler (`bridge.handle`) from a background task; the future settles with its
        result. Whoever drives the loop delivers it."""
        ...

    def write(self, fd: int, text: str) -> None:
        """Write to the host's stdout (1) or stderr (2), keeping their relative order."""
        ...

    def provide(self, key: str, value: Any) -> None:
        """Start-up data JS reads synchronously with `bridge.config(key)` (env, argv, ...)."""
        ...

    @property
    def v8_version(self) -> str:
        """The V8 version of the engine backend running this isolate."""
        ...

    def heap_stats(self) -> dict[str, Any]:
        """This isolate's V8 heap statistics (bytes; keys as `Engine.heap_stats`)."""
        ...

    def on_close(self, fn: Callable[[], Any]) -> None:
        """Run `fn` (function or coroutine function) when this isolate goes away."""
        ...
