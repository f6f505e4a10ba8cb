"""The Pepr Store on the host: each capability's items in memory, written through to SQLite.

Real Pepr keeps a capability's Store in the PeprStore resource `pepr-<uuid>-store` (and the
schedule store in `pepr-<uuid>-schedule`). hostrt keeps both in one SQLite database (`--store
PATH`; default: in memory only, no database), so a module's Store works with no cluster and
survives restarts.

Host ops the `pepr` shim posts (fire-and-forget; see shims/pepr/lib/storage.js):

    pepr.store.set    (capability, key, value)      the capability Store
    pepr.store.remove (capability, key)
    pepr.store.clear  (capability)
    pepr.schedule.set / .remove / .clear            the same for the schedule store

Before the module is ready the host dispatches the JS
handler `pepr.store.load` with `snapshot()`: {"store": {cap: {key: value}}, "schedule": {...}}.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from hostrt import wirejson
from hostrt.errors import HostError
from hostrt.shimapi import ShimAPI

if TYPE_CHECKING:
    import sqlite3

STORES = ("store", "schedule")


class PeprStore:
    """Items keyed by (store, capability, key); string values, as Pepr's Store keeps them."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path else ":memory:"
        # Every admission posts its Store writes: they are served from a dict (one SQLite
        # statement costs several µs per write), and only a file-backed store also writes
        # through to SQLite, so it survives restarts.
        self._items: dict[tuple[str, str], dict[str, str]] = {}
        self._db: sqlite3.Connection | None = None
        if not path:
            return
        import sqlite3  # only for a file-backed store (~1 MB resident; `hostrt serve` uses none)
        try:
            self._db = sqlite3.connect(self.path)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS items (store TEXT NOT NULL, capability TEXT NOT NULL,"
                " key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (store, capability, key))")
            self._db.commit()
            rows = self._db.execute("SELECT store, capability, key, value FROM items").fetchall()
        except sqlite3.Error as exc:
            raise HostError(f"{self.path}: cannot open the store database: {exc}",
                            code="ERR_HOSTRT_STORE") from exc
        for store, capability, key, value in rows:
            self._items.setdefault((store, capability), {})[key] = value

    def close(self) -> None:
        """Close the database (committed writes are kept)."""
        if self._db is not None:
            self._db.close()

    @staticmethod
    def _check(store: Any, capability: Any) -> None:
        if store not in STORES:
            raise HostError(f"pepr store: unknown store {store!r} (expected one of "
                            f"{', '.join(STORES)})", code="ERR_INVALID_ARG_VALUE")
        if not isinstance(capability, str):
            raise HostError("pepr store: capability must be a string",
                            code="ERR_INVALID_ARG_TYPE")

    def _write(self, sql: str, params: tuple[str, ...]) -> None:
        if self._db is not None:
            self._db.execute(sql, params)
            self._db.commit()

    def set(self, store: str, capability: str, key: str, value: Any) -> None:
        """Set one item (non-string values are stored as their JSON text)."""
        self._check(store, capability)
        text = value if isinstance(value, str) else wirejson.dumps(value, separators=(", ", ": "))
        self._items.setdefault((store, capability), {})[str(key)] = text
        self._write("INSERT OR REPLACE INTO items VALUES (?, ?, ?, ?)",
                    (store, capability, str(key), text))

    def remove(self, store: str, capability: str, key: str) -> None:
        """Remove one item (absent keys are fine)."""
        self._check(store, capability)
        self._items.get((store, capability), {}).pop(str(key), None)
        self._write("DELETE FROM items WHERE store=? AND capability=? AND key=?",
                    (store, capability, str(key)))

    def clear(self, store: str, capability: str) -> None:
        """Remove every item of a capability."""
        self._check(store, capability)
        self._items.pop((store, capability), None)
        self._write("DELETE FROM items WHERE store=? AND capability=?", (store, capability))

    def items(self, store: str, capability: str) -> dict[str, str]:
        """One capability's items (sorted by key)."""
        return dict(sorted(self._items.get((store, capability), {}).items()))

    def snapshot(self) -> dict[str, dict[str, dict[str, str]]]:
        """Everything: {"store": {capability: {key: value}}, "schedule": {...}} (sorted keys)."""
        out: dict[str, dict[str, dict[str, str]]] = {name: {} for name in STORES}
        for (store, capability) in sorted(self._items):
            items = self._items[(store, capability)]
            if items:
                out.setdefault(store, {})[capability] = dict(sorted(items.items()))
        return out

    def register(self, api: Any) -> None:
        """Register the pepr.store.* and pepr.schedule.* ops on a shim API (or anything with
        `op(name, fn)`)."""
        for store in STORES:
            api.op(f"pepr.{store}.set", lambda cap, key, value, _s=store: self.set(_s, cap, key,
                                                                                   value))
            api.op(f"pepr.{store}.remove", lambda cap, key, _s=store: self.remove(_s, cap, key))
            api.op(f"pepr.{store}.clear", lambda cap, _s=store: self.clear(_s, cap))


def register(api: ShimAPI) -> None:
    """Shim hook: serve the store in `api.options.pepr.store`, else a fresh in-memory one for
    this isolate, so a module using Store works under plain `hostrt run` too."""
    store = api.options.pepr.store
    if store is None:
        store = PeprStore()
        api.on_close(store.close)
    store.register(api)
