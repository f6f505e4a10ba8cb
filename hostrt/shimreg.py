"""Shim declarations: what each `shims/<name>/shim.toml` provides and how.

The require registry, the globals installed at start-up, the Python halves and the compat
report's strategy column are all read from these declarations, so "where does setTimeout live and
how is it done" has exactly one answer.
"""

from __future__ import annotations

import importlib.util
import json
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from hostrt.errors import HostError
from hostrt.paths import shims_dir

STRATEGIES = ("python", "js", "npm", "stub", "impossible")
VFS_ROOT = "/$hostrt/shims"
NPM_VFS_ROOT = "/$hostrt/npm"


@dataclass(frozen=True)
class Api:
    """How one API is provided."""

    name: str
    strategy: str
    note: str = ""
    sync_host: bool = False  # needs a synchronous host call (impossible on mini-racer)


@dataclass(frozen=True)
class OpDecl:
    """One host op a shim's Python half provides (`[ops]` in shim.toml)."""

    name: str
    doc: str
    # JS may call it synchronously where the engine allows (`bridge.callSync`).
    sync: bool = False


@dataclass
class Shim:
    """One shim folder's declaration."""

    name: str
    path: Path
    description: str
    modules: dict[str, str]          # module name -> file in the folder, or "npm:<pkg>"
    globals: dict[str, str]          # global name -> "module#export" or "module"
    init: list[str]                  # files required at start-up, in order
    python: str | None
    apis: dict[str, Api] = field(default_factory=dict)
    after: list[str] = field(default_factory=list)
    ops: dict[str, OpDecl] = field(default_factory=dict)

    def vfs_path(self, file: str) -> str:
        """Where a file of this shim lives in the isolate's virtual file system."""
        if file.startswith("npm:"):
            return f"{NPM_VFS_ROOT}/{file[4:]}.js"
        return f"{VFS_ROOT}/{self.name}/{file}"

    def load_python(self) -> ModuleType | None:
        """Import the shim's Python half (a module exposing `register(api)`), once per process:
        each host calls `register` again, so the halves keep no per-host module state."""
        if self.python is None:
            return None
        return _import_half(self.name, self.path / self.python)


@cache
def _import_half(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"hostrt_shim_{name}", path)
    if spec is None or spec.loader is None:
        raise HostError(f"{path}: cannot import the shim's Python half")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _parse(path: Path) -> Shim:
    where = path / "shim.toml"
    try:
        data: dict[str, Any] = tomllib.loads(where.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise HostError(f"{where}: {exc}") from exc
    apis = {}
    for api_name, spec in data.get("apis", {}).items():
        strategy = spec.get("strategy")
        if strategy not in STRATEGIES:
            raise HostError(f"{where}: apis.{api_name}.strategy must be one of "
                            f"{', '.join(STRATEGIES)}, got {strategy!r}")
        apis[api_name] = Api(api_name, strategy, spec.get("note") or spec.get("reason", ""),
                             bool(spec.get("sync_host", False)))
    init = data.get("init", [])
    return Shim(
        name=data.get("name", path.name),
        path=path,
        description=data.get("description", ""),
        modules=dict(data.get("modules", {})),
        globals=dict(data.get("globals", {})),
        init=[init] if isinstance(init, str) else list(init),
        python=data.get("python", {}).get("module"),
        apis=apis,
        after=list(data.get("after", [])),
        ops={name: OpDecl(name, str(spec.get("doc", "")), bool(spec.get("sync", False)))
             for name, spec in data.get("ops", {}).items()},
    )


@cache
def load_shims(root: Path | None = None) -> tuple[Shim, ...]:
    """All shim declarations, ordered so each comes after the shims it names in `after`."""
    base = root or shims_dir()
    found = {s.name: s for s in (_parse(p) for p in sorted(base.iterdir())
                                 if (p / "shim.toml").is_file())}
    ordered: list[Shim] = []
    seen: set[str] = set()

    def visit(shim: Shim, stack: tuple[str, ...]) -> None:
        if shim.name in seen:
            return
        if shim.name in stack:
            raise HostError(f"shim dependency cycle: {' -> '.join((*stack, shim.name))}")
        for dep in shim.after:
            if dep in found:
                visit(found[dep], (*stack, shim.name))
        seen.add(shim.name)
        ordered.append(shim)

    for shim in found.values():
        visit(shim, ())
    return tuple(ordered)


@cache
def node_exports() -> dict[str, Any]:
    """Real Node's export lists and enumerable globals (hostrt/data/node_exports.json, written by
    `node tools/gen_node_exports.js`)."""
    path = Path(__file__).parent / "data" / "node_exports.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise HostError(f"{path}: cannot read Node's export lists ({exc}); regenerate with "
                        "`node tools/gen_node_exports.js > hostrt/data/node_exports.json`") from exc
    return data


def node_builtin_names() -> list[str]:
    """Node 20's built-in module names (generated from real Node; see the file's header)."""
    data = json.loads((Path(__file__).parent / "loader" / "node_builtins.json").read_text())
    return list(data["names"])


def find_api(name: str) -> tuple[Shim, Api] | None:
    """The declaration of one API (e.g. 'crypto.randomBytes'), if any shim declares it."""
    for shim in load_shims():
        if name in shim.apis:
            return shim, shim.apis[name]
    return None


def provided_modules(root: Path | None = None) -> dict[str, tuple[Shim, str]]:
    """Every module name a shim provides (with its `node:` twin for Node's names)."""
    node_names = set(node_builtin_names())
    out: dict[str, tuple[Shim, str]] = {}
    for shim in load_shims(root):
        for name, file in shim.modules.items():
            out[name] = (shim, file)
            if name in node_names:
                out[f"node:{name}"] = (shim, file)
    return out
