"""The narrow interface every JS engine backend implements.

A backend runs one isolate. It evaluates scripts, performs a bridge tick (one Python->JS
crossing that returns the outbox), enforces the limits and closes. The bridge protocol, the event
loop and the module loader sit above it and never touch the backend's own types, so the backends
(mini-racer: V8 on its own thread; STPyV8: V8 in the calling thread) are interchangeable and
measured side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

# (op, argsJSON) -> answer JSON: how an engine that can call Python synchronously reaches the
# bridge (`Bridge.call_sync`).
SyncHandler = Callable[[str, str], str]


@dataclass(frozen=True)
class EngineLimits:
    """Per-isolate limits: CPU deadline per crossing (seconds) and V8 heap cap (MiB)."""

    timeout: float = 10.0
    max_heap_mb: int | None = None


class Engine(Protocol):
    """One V8 isolate. All methods run on the owning host's asyncio loop thread."""

    name: str
    limits: EngineLimits
    v8_version: str       # the V8 this backend embeds, e.g. "14.4.258.23" (process.versions.v8)
    # Whether JS can call Python synchronously (`bridge.callSync`): STPyV8 yes, mini-racer no.
    sync_calls: bool

    def __init__(self, limits: EngineLimits | None = None) -> None:
        """Create the isolate (on the running asyncio loop's thread) and load core.js."""
        ...

    @classmethod
    def init(cls) -> None:
        """Start V8 for this process with hostrt's flags, once (idempotent). Whoever starts V8
        first fixes its flags, so code that runs the backend's library directly calls this
        first."""
        ...

    @classmethod
    def version(cls) -> str:
        """The V8 version this backend embeds (starts V8 if needed)."""
        ...

    def set_sync_handler(self, fn: SyncHandler) -> None:
        """Route `bridge.callSync` to `fn` (a no-op on engines without synchronous calls)."""
        ...

    def eval(self, source: str, filename: str | None = None) -> Any:
        """Evaluate a script under the CPU deadline; return its (primitive) completion value."""
        ...

    def tick(self, inbox_json: str) -> str:
        """One bridge crossing: deliver the inbox to `__hostrt.tick`, return the outbox JSON."""
        ...

    def heap_stats(self) -> dict[str, Any]:
        """V8 heap statistics (used/total/limit bytes)."""
        ...

    def collect_garbage(self) -> None:
        """Run a full, memory-reducing GC now (V8's low-memory notification)."""
        ...

    def close(self) -> None:
        """Free the isolate. Idempotent."""
        ...


def core_source() -> str:
    """The JS half of the bridge (`__hostrt`), evaluated first in every isolate."""
    return resources.files("hostrt.engine").joinpath("core.js").read_text(encoding="utf-8")
