"""The serve component interface (CONTRACTS §7): what `hostrt serve` runs.

A component has a `name`, `async start()`, `async stop()` and `health() -> Health`; `/readyz`
answers 200 only when every component reports ok. A component may register Prometheus metrics on
the registry it is given. Other roles plug in with `register_component(role, factory)`: the
watcher (issue #13) for `--role watcher|all`, the Store/Lease (issue #14).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from hostrt.serve.config import ServeConfig
    from hostrt.serve.log import PinoLog
    from hostrt.serve.metrics import ServeMetrics


@dataclass
class Health:
    """A component's state for /readyz: `ok`, and what is wrong (or how it is) in `detail`."""

    ok: bool
    detail: str = ""


class Component(Protocol):
    """One part of the controller that `hostrt serve` starts, reports and stops."""

    name: str

    async def start(self) -> None:
        """Start; return once the component serves (or raise a HostError saying why not)."""

    async def stop(self) -> None:
        """Stop; finish or hand back work in flight. Idempotent."""

    def health(self) -> Health:
        """Current health, cheap (called on every /readyz)."""


@dataclass
class ServeContext:
    """What a component factory gets: the settings, the metrics (`metrics.registry` is the
    prometheus_client registry /metrics exposes), the logger, and the components already built
    (e.g. the watcher finds the admission component's host)."""

    config: ServeConfig
    metrics: ServeMetrics
    log: PinoLog
    components: dict[str, Any]


Factory = Callable[[ServeContext], Component]
# role -> factories, in start order. "admission" is registered by hostrt.serve.admission.
_FACTORIES: dict[str, list[tuple[str, Factory]]] = {"admission": [], "watcher": []}


def register_component(role: str, name: str, factory: Factory) -> None:
    """Run `factory(ctx)`'s component in processes whose --role includes `role`
    ("admission" or "watcher"; `all` runs both). Re-registering a name replaces it."""
    if role not in _FACTORIES:
        raise ValueError(f"unknown role {role!r} (admission, watcher)")
    entries = [(n, f) for n, f in _FACTORIES[role] if n != name]
    entries.append((name, factory))
    _FACTORIES[role] = entries


def factories(role: str) -> list[tuple[str, Factory]]:
    """The factories registered for one role ("admission" or "watcher")."""
    return list(_FACTORIES.get(role, []))
