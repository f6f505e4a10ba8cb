"""The V8 engine behind a narrow interface, the bridge protocol and the event loop."""

from __future__ import annotations

import importlib.util
import os

from hostrt.engine.base import Engine, EngineLimits

# Backends: mini-racer runs V8 on its own thread (a thread hand-off per crossing); STPyV8 runs it
# in the calling thread (optional dependency, the `stpyv8` extra).
ENGINES = ("mini-racer", "stpyv8")
DEFAULT_ENGINE = "mini-racer"
_MODULES = {"mini-racer": "py_mini_racer", "stpyv8": "_STPyV8"}


def default_engine() -> str:
    """The backend a host uses unless told otherwise: $HOSTRT_ENGINE, else mini-racer."""
    return os.environ.get("HOSTRT_ENGINE") or DEFAULT_ENGINE


def engine_installed(name: str) -> bool:
    """Whether a backend's Python package is importable here."""
    module = _MODULES.get(name)
    return module is not None and importlib.util.find_spec(module) is not None


__all__ = ["DEFAULT_ENGINE", "ENGINES", "Engine", "EngineLimits", "default_engine", "engine_installed"]
