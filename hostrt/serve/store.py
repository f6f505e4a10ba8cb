"""Which Store a `hostrt serve` process keeps the module's capability Stores in.

`--store cluster`: the PeprStore resources (hostrt/kube/peprstore.py), shared with every
replica and with Pepr's own controller; `--store PATH`: a SQLite file (hostrt/pepr/store.py);
no `--store`: the cluster when one is configured (KUBECONFIG, ~/.kube/config or the in-cluster
service account), else memory only, as `hostrt run` does.
"""

from __future__ import annotations

import asyncio
from typing import Any

from hostrt.errors import HostError
from hostrt.kube.client import NO_CLUSTER, KubeClient, KubeError, load_api_client
from hostrt.kube.peprstore import ClusterStore, StoreSettings


async def make_store(choice: str | None, *, settings: StoreSettings | None = None) -> Any:
    """The store for `choice` (see the module docstring), not started yet: a ClusterStore is
    started with `start_store` once the module's uuid is known."""
    from hostrt.pepr.store import PeprStore
    if choice not in (None, "", "cluster"):
        return PeprStore(choice)
    try:
        api = await asyncio.to_thread(load_api_client)
    except KubeError as exc:
        if choice == "cluster" or exc.code != "ERR_HOSTRT_NO_CLUSTER":
            raise HostError(f"--store cluster: {exc}" if choice else str(exc),
                            code=exc.code) from exc
        return PeprStore(None)
    return ClusterStore(KubeClient(api), None, settings)


async def start_store(store: Any, uuid: str, *, log: Any = None) -> None:
    """Start a ClusterStore for module `uuid` (read or create its PeprStores, watch them)."""
    if not isinstance(store, ClusterStore):
        return
    if not uuid:
        raise HostError("the module has no pepr.uuid: its PeprStore (pepr-<uuid>-store) cannot "
                        "be named", code="ERR_HOSTRT_BAD_INPUT")
    try:
        await store.start(uuid)
    except KubeError as exc:
        raise HostError(f"the PeprStore pepr-{uuid}-store in pepr-system could not be read or "
                        f"created: {exc}", code=exc.code) from exc
    if log is not None:
        log.info("Using the PeprStore resources", store=store.objects["store"].name,
                 schedule=store.objects["schedule"].name)


async def close_store(store: Any) -> None:
    """Send what is pending and stop (cluster), or close the database (SQLite)."""
    if isinstance(store, ClusterStore):
        await store.stop()
        await asyncio.to_thread(store.client.close)
    elif store is not None:
        store.close()


__all__ = ["NO_CLUSTER", "close_store", "make_store", "start_store"]
