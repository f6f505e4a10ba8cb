"""Python half of the declared stubs: hand each stub module its Node export list and its reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hostrt.errors import HostError
from hostrt.shimapi import ShimAPI
from hostrt.shimreg import node_exports

EXPORTS = "hostrt/data/node_exports.json"


def register(api: ShimAPI) -> None:
    """Provide `stubs`: {module: {reason, exports}} for every module this shim declares."""
    shim = api.shim
    node = node_exports()["modules"]
    declared = _declared_exports(shim.path / "shim.toml")
    stubs: dict[str, Any] = {}
    for target in shim.modules.values():
        if "?" not in target:
            continue  # a helper file, not a stub module
        name = target.split("?", 1)[1]
        api_decl = shim.apis.get(name)
        if api_decl is None:
            raise HostError(f"{shim.path / 'shim.toml'}: apis.\"{name}\" "
                            "(the stub's reason) is missing")
        if name in node:
            exports = node[name]["exports"]
        elif name in declared:
            exports = {k: {"kind": v} for k, v in declared[name].items()}
        else:
            raise HostError(f"{shim.path / 'shim.toml'}: no export list for '{name}' in {EXPORTS} "
                            "or [declared_exports]")
        stubs[name] = {"reason": api_decl.note, "exports": exports}
    api.provide("stubs", stubs)
    # Data other shims copy from real Node (os.constants, zlib.codes, perf_hooks.constants, ...).
    data = {}
    for mod in ("os", "zlib", "perf_hooks", "async_hooks"):
        for key, desc in node[mod]["exports"].items():
            value = _plain(desc)
            if value is not _NOT_DATA:
                data[f"{mod}.{key}"] = value
    api.provide("node_data", data)


_NOT_DATA = object()


def _plain(desc: dict[str, Any]) -> Any:
    """The value of a data export (objects of data included, e.g. zlib.constants)."""
    if desc["kind"] == "data":
        return desc["value"]
    if desc["kind"] == "number":  # Infinity/NaN are not JSON: revived by stubs/make.js
        return {"$number": desc["value"]}
    if desc["kind"] == "object":
        out = {k: _plain(d) for k, d in desc["members"].items()}
        return _NOT_DATA if any(v is _NOT_DATA for v in out.values()) else out
    return _NOT_DATA


def _declared_exports(path: Path) -> dict[str, dict[str, str]]:
    import tomllib
    return dict(tomllib.loads(path.read_text(encoding="utf-8")).get("declared_exports", {}))
