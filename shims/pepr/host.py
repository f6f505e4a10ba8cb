"""Python half of the pepr shim: the Store's host ops (`pepr.store.set/remove/clear`)."""

from __future__ import annotations

from hostrt.pepr.store import register as _register_store
from hostrt.shimapi import ShimAPI


def register(api: ShimAPI) -> None:
    """Serve the capability stores of this host (see hostrt/pepr/store.py)."""
    _register_store(api)
