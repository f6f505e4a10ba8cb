"""The V8 engine behind a narrow interface, the bridge protocol and the event loop.

The backends are listed once, here: their names, the package that must be installed, and the
class implementing `Engine` (imported only when asked for, so a missing optional backend costs
nothing). Everything else — the host, the CLI's `--engine` choices, compat, bench — asks this
module.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from dataclasses import dataclass
from typing import cast

from hostrt.engine.base import Engine, EngineLimits
from hostrt.errors import HostError


@dataclass(frozen=True)
class Backend:
    """One engine backend."""

    name: str
    package: str       # the importable module that says the backend is installed
    module: str        # where its Engine class lives
    cls: str
    extra: str | None  # the pip extra that installs it (None: a hard dependency)


# mini-racer runs V8 on its own thread (a thread hand-off per crossing); STPyV8 runs it in the
# calling thread (optional dependency, the `stpyv8` extra).
BACKENDS = (
    Backend("mini-racer", "py_mini_racer", "hostrt.engine.miniracer", "MiniRacerEngine", None),
    Backend("stpyv8", "_STPyV8", "hostrt.engine.stpyv8", "StPyV8Engine", "stpyv8"),
)
ENGINES = tuple(b.name for b in BACKENDS)
DEFAULT_ENGINE = "mini-racer"


def default_engine() -> str:
    """The backend a host uses unless told otherwise: $HOSTRT_ENGINE, else mini-racer."""
    return os.environ.get("HOSTRT_ENGINE") or DEFAULT_ENGINE


def backend(name: str) -> Backend:
    """A backend by name; a HostError listing the known ones otherwise."""
    for b in BACKENDS:
        if b.name == name:
            return b
    raise HostError(f"unknown engine {name!r} (available: {', '.join(ENGINES)})",
                    code="ERR_HOSTRT_ENGINE")


def engine_installed(name: str) -> bool:
    """Whether a backend's Python package is importable here."""
    found = [b for b in BACKENDS if b.name == name]
    return bool(found) and importlib.util.find_spec(found[0].package) is not None


def engine_class(name: str) -> type[Engine]:
    """The Engine class of a backend (`init()`, `version()`, and the constructor)."""
    b = backend(name)
    return cast("type[Engine]", getattr(importlib.import_module(b.module), b.cls))


def make_engine(name: str, limits: EngineLimits) -> Engine:
    """A new isolate of the named backend."""
    return engine_class(name)(limits)


__all__ = ["BACKENDS", "DEFAULT_ENGINE", "ENGINES", "Backend", "Engine", "EngineLimits",
           "backend", "default_engine", "engine_class", "engine_installed", "make_engine"]
