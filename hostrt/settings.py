"""Typed settings groups of `HostOptions`, one per concern a shim's Python half reads.

A group is a frozen dataclass: the host and the shims read it, nothing writes it after start
(what a half needs per isolate it builds in its `register` closure). The groups:

    HostOptions.permissions  what the module may reach: fs reads, fetch hosts, env (permissions.py)
    HostOptions.pepr         the Pepr edge: which capability Store the `pepr` shim serves
    HostOptions.kube         the Kubernetes client the `kube` shim's ops use

A new group goes here (or, for a concern with its own module, beside it as `permissions` does)
and becomes one field of `HostOptions`; never a string key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hostrt.kube.client import KubeClient
    from hostrt.pepr.store import PeprStore


@dataclass(frozen=True)
class PeprSettings:
    """The Pepr edge."""

    # The capability Stores the pepr shim's ops write to (SQLite, memory, or the cluster's
    # PeprStores). None: each isolate gets a fresh in-memory store (plain `hostrt run`).
    store: PeprStore | None = None


@dataclass(frozen=True)
class KubeSettings:
    """The Kubernetes API the kube ops reach."""

    # None: configured on first use from KUBECONFIG or the in-cluster service account.
    client: KubeClient | None = None
