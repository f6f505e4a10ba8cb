"""The Pepr Store's host side: SQLite persistence and the ops the pepr shim posts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from hostrt import Host, HostOptions
from hostrt.errors import HostError
from hostrt.pepr.store import PeprStore
from hostrt.settings import PeprSettings


def test_set_remove_clear_snapshot() -> None:
    s = PeprStore()
    s.set("store", "a", "k1", "v1")
    s.set("store", "a", "k2", "v2")
    s.set("store", "b", "k1", "other")
    s.set("schedule", "a", "tick", '{"completions":1}')
    s.set("store", "a", "k1", "v1-again")
    s.remove("store", "a", "k2")
    s.remove("store", "a", "absent")  # fine, like Pepr's removeItem
    assert s.snapshot() == {"store": {"a": {"k1": "v1-again"}, "b": {"k1": "other"}},
                            "schedule": {"a": {"tick": '{"completions":1}'}}}
    s.clear("store", "a")
    assert s.items("store", "a") == {}
    assert s.items("store", "b") == {"k1": "other"}  # other capabilities untouched
    assert s.items("schedule", "a") == {"tick": '{"completions":1}'}


def test_keys_are_kept_verbatim() -> None:
    s = PeprStore()
    for key in ("with/slash", "with~tilde", "ünïcode", "", "a" * 300):
        s.set("store", "c", key, key.upper())
    assert s.items("store", "c") == {k: k.upper() for k in
                                     ("with/slash", "with~tilde", "ünïcode", "", "a" * 300)}


def test_bad_store_name_is_a_clear_error() -> None:
    with pytest.raises(HostError, match="unknown store 'nope'"):
        PeprStore().set("nope", "a", "k", "v")


def test_persists_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    s = PeprStore(path)
    s.set("store", "cap", "k", "v")
    s.close()
    assert PeprStore(path).snapshot()["store"] == {"cap": {"k": "v"}}


def test_unopenable_file(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(HostError, match="cannot open the store database"):
        PeprStore(tmp_path / "dir.db")
    not_sqlite = tmp_path / "text.db"
    not_sqlite.write_text("this is not a database, " * 100)
    with pytest.raises(HostError, match=r"text\.db: cannot open"):
        PeprStore(not_sqlite)


async def test_module_store_round_trip(tmp_path: Path) -> None:
    """A capability's Store in JS: loaded from the host, its writes land in SQLite."""
    db = tmp_path / "s.db"
    seed = PeprStore(db)
    seed.set("store", "cap", "seeded", "yes")
    seed.close()
    store = PeprStore(db)
    mod = tmp_path / "m.js"
    mod.write_text("""
        const { PeprModule, Capability } = require("pepr");
        const cap = new Capability({ name: "cap", description: "d", namespaces: [] });
        const seen = [];
        cap.Store.onReady(data => seen.push(data));
        new PeprModule({ description: "d", pepr: { uuid: "u", onError: "ignore" } }, [cap]);
        require("hostrt:bridge").handle("t", async () => {
          const before = cap.Store.getItem("seeded");
          cap.Store.setItem("a", "1");
          cap.Store.setItem("b", "2");
          cap.Store.removeItem("seeded");
          const waited = await cap.Store.setItemAndWait("c", "3");
          return { before, seen, waited };
        });
        require("hostrt:bridge").handle("clear", async () => { cap.Store.clear(); });
    """)
    opts = HostOptions(timeout=5, stdout=io.StringIO(), stderr=io.StringIO(),
                       env={"LOG_LEVEL": "error"}, pepr=PeprSettings(store=store))
    async with Host(opts) as host:
        await host.load(mod)
        await host.dispatch("pepr.store.load", store.snapshot())
        out = await host.dispatch("t")
        assert out["before"] == "yes"
        assert out["seen"] == [{"v2-seeded": "yes"}]  # onReady gets Pepr's v2- keys
        assert out["waited"] == "ok"
        assert store.items("store", "cap") == {"a": "1", "b": "2", "c": "3"}
        await host.dispatch("clear")
        assert store.items("store", "cap") == {}


async def test_plain_host_serves_an_in_memory_store(tmp_path: Path) -> None:
    """Without a store given, `hostrt run` of a Store-using module still works."""
    mod = tmp_path / "m.js"
    mod.write_text("""
        const { PeprModule, Capability } = require("pepr");
        const cap = new Capability({ name: "c", description: "d", namespaces: [] });
        new PeprModule({ description: "d", pepr: { uuid: "u", onError: "ignore" } }, [cap]);
        require("hostrt:bridge").handle("t", async () => { cap.Store.setItem("k", "v"); });
    """)
    err = io.StringIO()
    opts = HostOptions(timeout=5, stdout=io.StringIO(), stderr=err, env={"LOG_LEVEL": "error"})
    async with Host(opts) as host:
        await host.load(mod)
        await host.dispatch("pepr.store.load", {})
        await host.dispatch("t")  # posts pepr.store.set: an unserved op would raise here
        await host.run_until(until=lambda: host.idle)
    # The store's posts were served (by a store of that isolate), and the options stay as given.
    assert err.getvalue() == "" and host.fatal is None and opts.pepr.store is None
