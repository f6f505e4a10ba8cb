"""The V8 engine behind a narrow interface, the bridge protocol and the event loop."""

from hostrt.engine.base import Engine, EngineLimits

__all__ = ["Engine", "EngineLimits"]
