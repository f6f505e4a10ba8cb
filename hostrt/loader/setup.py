"""The isolate's start-up scripts: the CommonJS loader, then the shims' virtual file system.

`setup_script` fills the isolate's file system with every shim file and npm bundle the
declarations name (probes and tests beside the shim are left out), registers the built-in module
names and installs the lazy globals: everything the registry (`hostrt.shimreg`) declares, in one script.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from hostrt.shimreg import load_shims, node_builtin_names, node_exports, provided_modules


def require_source() -> str:
    """`require.js`: CommonJS `require` over a virtual file system (evaluated after core.js)."""
    return resources.files("hostrt.loader").joinpath("require.js").read_text("utf-8")


@functools.lru_cache(maxsize=4)
def setup_script(shims_root: Path | None) -> str:
    """The script that fills the isolate's file system with every shim file and npm bundle,
    registers built-ins and installs the lazy globals. The same for every host of a process, so
    it is built (and JSON-encoded) once; each file is a plain JS string literal."""
    shims = load_shims(shims_root)
    files: dict[str, str] = {}
    builtins = {name: shim.vfs_path(file)
                for name, (shim, file) in provided_modules(shims_root).items()}
    for shim in shims:
        for path in sorted(shim.path.rglob("*.js")):
            if {"probes", "tests"} & set(path.relative_to(shim.path).parts):
                continue
            rel = path.relative_to(shim.path).as_posix()
            files[shim.vfs_path(rel)] = path.read_text(encoding="utf-8")
        for file in shim.modules.values():
            if file.startswith("npm:"):
                files[shim.vfs_path(file)] = _npm_bundle(file[4:])
    enumerable = set(node_exports().get("enumerableGlobals", []))
    rest = {
        "builtins": builtins, "node": node_builtin_names(),
        # [name, module, export, enumerable as in Node]
        "globals": [[g, *[*target.split("#", 1), None][:2], g in enumerable]
                    for s in shims for g, target in s.globals.items()],
    }
    # Keys are VFS paths and module names (never "__proto__"), so object literals are safe here.
    file_literal = "{" + ",\n".join(f"{json.dumps(k)}:{json.dumps(v)}" for k, v in files.items()) + "}"
    return (f"__hostrt_modules.addFiles({file_literal});\n"
            f"(() => {{ const s = {json.dumps(rest)};\n"
            "  __hostrt_modules.defineBuiltins(s.builtins);\n"
            "  __hostrt_modules.setNodeBuiltins(s.node);\n"
            "  for (const [name, mod, exp, en] of s.globals) {\n"
            "    __hostrt_modules.installGlobal(name, mod, exp ?? undefined, en);\n"
            "  }\n"
            "})();\n")


def _npm_bundle(package: str) -> str:
    from hostrt.loader.npm import npm_shim_bundle
    return npm_shim_bundle(package)
