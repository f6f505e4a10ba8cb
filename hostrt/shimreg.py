"""Shim declarations: what each `shims/<name>/shim.toml` provides and how.

The require registry, the globals installed at start-up, the Python halves, the host ops they
serve and the compat report's strategy column are all read from these declarations, so "where does
setTimeout live and how is it done" has exactly one answer. The registry is checked when it is
built (as Deno checks its extension manifest): an unknown key, an unknown `after` name, a missing
file, a module or op declared twice, or a badly named op is an error naming the shim.

Op naming rule: a shim's ops are named `<shim>.<verb>` (the shim's own name, a dot, then a verb
that may itself be dotted: `timers.arm`, `pepr.store.set`). Names starting with `$` are the
host's own (`$exit`, `$fatal`, `$done`).
"""

from __future__ import annotations

import importlib.util
import json
import re
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
    # JS may call it synchronously where the engine allows (`bridge.callSync`); otherwise only
    # through the Promise of `bridge.call` (or fire-and-forget `bridge.post`).
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

    @property
    def where(self) -> Path:
        """The declaration file (named in every registry error)."""
        return self.path / "shim.toml"

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


# Every key shim.toml may use, per table; anything else is a typo the registry reports.
# `notes`: free-text design notes for people; `declared_exports`: the stubs shim's export lists
# for modules real Node 20 lacks.
_TOP_KEYS = {"name", "description", "after", "init", "modules", "globals", "python", "apis",
             "ops", "notes", "declared_exports"}
_PYTHON_KEYS = {"module"}
_API_KEYS = {"strategy", "note", "reason", "sync_host"}
_OP_KEYS = {"doc", "sync"}
_OP_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+")


def _unknown(where: Path, table: str, got: dict[str, Any], known: set[str]) -> None:
    extra = sorted(set(got) - known)
    if extra:
        raise HostError(f"{where}: unknown key{'s' if len(extra) > 1 else ''} "
                        f"{', '.join(repr(k) for k in extra)} in {table} "
                        f"(expected: {', '.join(sorted(known))})", code="ERR_HOSTRT_SHIM_DECL")


def _table(where: Path, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise HostError(f"{where}: [{key}] must be a table, got {type(value).__name__}",
                        code="ERR_HOSTRT_SHIM_DECL")
    return value


def _strings(where: Path, data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise HostError(f"{where}: {key} must be a list of strings", code="ERR_HOSTRT_SHIM_DECL")
    return list(value)


def _parse_ops(where: Path, shim: str, table: dict[str, Any]) -> dict[str, OpDecl]:
    ops = {}
    for name, spec in table.items():
        if not _OP_NAME.fullmatch(name) or name.split(".", 1)[0] != shim:
            raise HostError(f"{where}: op {name!r} must be named '{shim}.<verb>' (ops are "
                            "named after the shim that serves them)", code="ERR_HOSTRT_SHIM_DECL")
        if not isinstance(spec, dict):
            raise HostError(f"{where}: ops.\"{name}\" must be a table like "
                            "{ doc = \"...\", sync = false }", code="ERR_HOSTRT_SHIM_DECL")
        _unknown(where, f"ops.\"{name}\"", spec, _OP_KEYS)
        doc, sync = spec.get("doc"), spec.get("sync", False)
        if not isinstance(doc, str) or not doc.strip():
            raise HostError(f"{where}: ops.\"{name}\".doc must say what the op does",
                            code="ERR_HOSTRT_SHIM_DECL")
        if not isinstance(sync, bool):
            raise HostError(f"{where}: ops.\"{name}\".sync must be true or false, got {sync!r}",
                            code="ERR_HOSTRT_SHIM_DECL")
        ops[name] = OpDecl(name, doc.strip(), sync)
    return ops


def _parse(path: Path) -> Shim:
    where = path / "shim.toml"
    try:
        data: dict[str, Any] = tomllib.loads(where.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise HostError(f"{where}: {exc}", code="ERR_HOSTRT_SHIM_DECL") from exc
    _unknown(where, "shim.toml", data, _TOP_KEYS)
    name = data.get("name", path.name)
    apis = {}
    for api_name, spec in _table(where, data, "apis").items():
        if not isinstance(spec, dict):
            raise HostError(f"{where}: apis.\"{api_name}\" must be a table like "
                            "{ strategy = \"js\" }", code="ERR_HOSTRT_SHIM_DECL")
        _unknown(where, f"apis.\"{api_name}\"", spec, _API_KEYS)
        strategy = spec.get("strategy")
        if strategy not in STRATEGIES:
            raise HostError(f"{where}: apis.{api_name}.strategy must be one of "
                            f"{', '.join(STRATEGIES)}, got {strategy!r}", code="ERR_HOSTRT_SHIM_DECL")
        apis[api_name] = Api(api_name, strategy, spec.get("note") or spec.get("reason", ""),
                             bool(spec.get("sync_host", False)))
    python = _table(where, data, "python")
    _unknown(where, "[python]", python, _PYTHON_KEYS)
    shim = Shim(
        name=name,
        path=path,
        description=data.get("description", ""),
        modules=dict(_table(where, data, "modules")),
        globals=dict(_table(where, data, "globals")),
        init=_strings(where, data, "init"),
        python=python.get("module"),
        apis=apis,
        after=_strings(where, data, "after"),
        ops=_parse_ops(where, name, _table(where, data, "ops")),
    )
    _check_files(shim)
    return shim


def _check_files(shim: Shim) -> None:
    """Every file the declaration names exists in the shim's folder."""
    files = [("init", f) for f in shim.init]
    files += [(f"modules.\"{m}\"", t.split("?", 1)[0]) for m, t in shim.modules.items()
              if not t.startswith("npm:")]
    if shim.python is not None:
        files.append(("python.module", shim.python))
    for key, file in files:
        if not (shim.path / file).is_file():
            raise HostError(f"{shim.where}: {key} names {file!r}, which is not a file in "
                            f"{shim.path}", code="ERR_HOSTRT_SHIM_DECL")
    if shim.ops and shim.python is None:
        raise HostError(f"{shim.where}: [ops] are declared but no [python] module serves them",
                        code="ERR_HOSTRT_SHIM_DECL")


def _check_registry(found: dict[str, Shim]) -> None:
    """Cross-shim rules: `after` names exist; no module or op is declared twice."""
    modules: dict[str, Shim] = {}
    ops: dict[str, Shim] = {}
    for shim in found.values():
        for dep in shim.after:
            if dep not in found:
                raise HostError(f"{shim.where}: after names {dep!r}, which is not a shim "
                                f"(known: {', '.join(sorted(found))})", code="ERR_HOSTRT_SHIM_DECL")
        for table, seen, names in (("module", modules, shim.modules), ("op", ops, shim.ops)):
            for name in names:
                other = seen.setdefault(name, shim)
                if other is not shim:
                    raise HostError(f"{shim.where}: {table} {name!r} is also declared by the "
                                    f"{other.name!r} shim ({other.where})",
                                    code="ERR_HOSTRT_SHIM_DECL")


@cache
def load_shims(root: Path | None = None) -> tuple[Shim, ...]:
    """All shim declarations, checked, ordered so each comes after the shims it names in
    `after`. A bad declaration is a HostError naming its shim.toml."""
    base = root or shims_dir()
    found: dict[str, Shim] = {}
    for p in sorted(base.iterdir()):
        if not (p / "shim.toml").is_file():
            continue
        shim = _parse(p)
        if shim.name in found:
            raise HostError(f"{shim.where}: shim name {shim.name!r} is also used by "
                            f"{found[shim.name].where}", code="ERR_HOSTRT_SHIM_DECL")
        found[shim.name] = shim
    _check_registry(found)
    ordered: list[Shim] = []
    seen: set[str] = set()

    def visit(shim: Shim, stack: tuple[str, ...]) -> None:
        if shim.name in seen:
            return
        if shim.name in stack:
            raise HostError(f"shim dependency cycle: {' -> '.join((*stack, shim.name))}",
                            code="ERR_HOSTRT_SHIM_DECL")
        for dep in shim.after:
            visit(found[dep], (*stack, shim.name))
        seen.add(shim.name)
        ordered.append(shim)

    for shim in found.values():
        visit(shim, ())
    return tuple(ordered)


def declared_ops(root: Path | None = None) -> dict[str, tuple[Shim, OpDecl]]:
    """Every op any shim declares, with its shim."""
    return {name: (shim, decl) for shim in load_shims(root) for name, decl in shim.ops.items()}


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
