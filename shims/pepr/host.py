"""Python half of the pepr shim: the Store's host ops (`pepr.store.set/remove/clear`)."""

from __future__ import annotations

from typing import Any

from hostrt.pepr.store import register as _register_store


def register(api: Any) -> None:
    """Serve the capability stores of this host (see hostrt/pepr/store.py)."""
    _register_store(api)
