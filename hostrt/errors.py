"""Errors hostrt raises in Python, and their JSON shape when they cross into JS."""

from __future__ import annotations

import traceback
from typing import Any


class HostError(Exception):
    """A problem hostrt reports to the user (bad input, missing set-up, limits)."""

    def __init__(self, message: str, *, code: str = "ERR_HOSTRT") -> None:
        super().__init__(message)
        self.code = code


class JSError(HostError):
    """An exception thrown in JavaScript, carried into Python with its stack."""

    def __init__(self, message: str, *, name: str = "Error", stack: str = "",
                 code: str | None = None) -> None:
        super().__init__(message, code=code or "ERR_HOSTRT_JS")
        self.name = name
        self.stack = stack or f"{name}: {message}"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JSError:
        """Build from the `{name, message, stack, code}` object JS sends."""
        return cls(str(data.get("message", "")), name=str(data.get("name", "Error")),
                   stack=str(data.get("stack") or ""), code=data.get("code"))


class DeadlineExceeded(HostError):
    """A dispatch ran past its deadline (CPU per crossing, or the whole call's) and was
    stopped; the isolate is replaced before its next use."""

    def __init__(self, seconds: float, *, what: str = "") -> None:
        if what:
            message = f"{what} within its deadline of {seconds:g}s"
        else:
            message = (f"script execution timed out after {seconds:g}s (CPU deadline; raise it "
                       "with --timeout)")
        super().__init__(message, code="ERR_HOSTRT_TIMEOUT")
        self.seconds = seconds


class HeapLimitExceeded(HostError):
    """The isolate hit its V8 heap cap; the host must be rebuilt."""

    def __init__(self, mb: int) -> None:
        super().__init__(f"JavaScript heap out of memory (cap {mb} MiB; raise it with "
                         "--max-heap-mb)", code="ERR_HOSTRT_HEAP_LIMIT")


def error_to_json(exc: BaseException) -> dict[str, Any]:
    """Describe a Python exception for JS: it becomes an `Error` with this code and stack."""
    frames = traceback.extract_tb(exc.__traceback__)
    lines = [f"    at {f.name} (python:{f.filename}:{f.lineno})" for f in reversed(frames)]
    name = type(exc).__name__
    message = str(exc)
    code = getattr(exc, "code", None)
    if not isinstance(code, str):
        code = "ERR_HOSTRT_PYTHON"
    return {"name": "Error", "pyType": name, "message": message, "code": code,
            "stack": "\n".join([f"Error [{code}]: {message}", *lines])}
