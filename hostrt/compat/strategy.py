"""The strategy column: how hostrt provides an API, read from the shim declarations.

Lookup for an API name such as `fs.readFileSync`: an exact `[apis]` entry, then a wildcard
(`"fs.*"`), then an entry for the module itself (`fs`, e.g. `impossible` for a whole module).
When no shim declares it but one provides the module (or the global), the strategy is inferred:
`npm` for an `npm:` module, `js` otherwise, and marked as inferred.
"""

from __future__ import annotations

from dataclasses import dataclass

from hostrt.shimreg import Shim, load_shims, provided_modules


@dataclass(frozen=True)
class Strategy:
    """One row's strategy: the value, its note (the reason for `impossible`), and its source."""

    strategy: str = ""      # python | js | npm | stub | impossible | "" (not provided)
    note: str = ""
    source: str = "none"    # declared | inferred | none


def _declared(name: str) -> Strategy | None:
    for shim in load_shims():
        api = shim.apis.get(name)
        if api is not None:
            return Strategy(api.strategy, api.note, "declared")
    return None


def _module_of(api: str, modules: set[str]) -> str | None:
    """The longest provided-or-known module name that prefixes `api` (`timers/promises.x`)."""
    best = None
    for mod in modules:
        if (api == mod or api.startswith(mod + ".")) and (best is None or len(mod) > len(best)):
            best = mod
    return best


def _global_target(name: str) -> str | None:
    for shim in load_shims():
        target = shim.globals.get(name)
        if target is not None:
            mod, _, export = target.partition("#")
            return f"{mod}.{export}" if export else mod
    return None


def lookup(api: str, *, is_global: bool = False, module: str | None = None) -> Strategy:
    """The strategy for one API name (a global's name when `is_global`)."""
    if not api:
        return Strategy()
    provided = provided_modules()
    names = [api]
    if is_global:
        target = _global_target(api)
        if target is not None:
            names.append(target)
    for name in names:
        found = _declared(name)
        if found is not None:
            return found
        mod = module or _module_of(name, set(provided) | {name.split(".")[0]})
        if mod is not None and mod != name:
            found = _declared(f"{mod}.*") or _declared(mod)
            if found is not None:
                return found
    for name in names:
        mod = module or _module_of(name, set(provided))
        if mod is not None and mod in provided:
            shim, file = provided[mod]
            return _inferred(shim, file)
    return Strategy()


def _inferred(shim: Shim, file: str) -> Strategy:
    if file.startswith("npm:"):
        return Strategy("npm", f"npm {file[4:]} (shim {shim.name})", "inferred")
    return Strategy("js", f"shim {shim.name}", "inferred")
