"""Python half of the kube shim: wires the `kube.*` ops from `hostrt.kube.ops`."""

from __future__ import annotations

from hostrt.kube.ops import register as _register_kube_ops
from hostrt.shimapi import ShimAPI


def register(api: ShimAPI) -> None:
    """Register the kube ops on this host."""
    _register_kube_ops(api)
