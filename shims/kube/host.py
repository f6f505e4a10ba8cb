"""Python half of the kube shim: wires the `kube.*` ops from `hostrt.kube.ops`."""

from __future__ import annotations

from typing import Any

from hostrt.kube.ops import register as _register_kube_ops


def register(api: Any) -> None:
    """Register the kube ops on this host."""
    _register_kube_ops(api)
