"""Find a Pepr module's entry and configuration, the way `npx pepr build` / deploy see them.

A module is given as one of:
  - a Pepr project directory (`npx pepr init`): package.json with a `pepr` section + pepr.ts;
  - its pepr.ts (or any TypeScript / ES module entry): bundled with Pepr's build settings;
  - what `npx pepr build` emits (dist/pepr-module-<uuid>.js, minified CommonJS requiring `pepr`);
  - a plain CommonJS module doing `require("pepr")`;
  - any of those files gzipped (`module-<sha256>.js.gz`, as the module Secret of `npx pepr build`
    and `hostrt build` holds it): unpacked to a temporary file, its hash checked.

The module's own config (uuid, onError, alwaysIgnore, ...) reaches `new PeprModule(cfg, ...)`
through the module's `import cfg from "./package.json"`, bundled in as Pepr's build does. What
Pepr's deployment adds is the process environment (`genEnv` in Pepr's assets): LOG_LEVEL (the
environment's, else `pepr.logLevel`, else "info"), PEPR_PRETTY_LOG=false, PEPR_WATCH_MODE for the
watcher pod, and every `pepr.env` entry. `module_env` builds the same.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt.errors import HostError
from hostrt.loader.graph import TS_EXTS, BundleOptions

# `npx pepr build`: bundle, cjs, platform node, keepNames, minify, treeShaking, sourcemap.
PEPR_BUILD = BundleOptions(minify=True, keep_names=True, tree_shaking=True, sourcemap=True)
ENTRY_NAMES = ("pepr.ts", "pepr.js", "pepr.mts", "pepr.cjs")


@dataclass
class PeprModuleSpec:
    """Where a module's code is and how to load it."""

    entry: Path
    bundle: BundleOptions | None = None
    package_json: Path | None = None
    config: dict[str, Any] = field(default_factory=dict)  # package.json's `pepr` section


def _read_pepr_config(pkg: Path, *, required: bool) -> dict[str, Any] | None:
    try:
        data = json.loads(pkg.read_text(encoding="utf-8"))
    except OSError as exc:
        raise HostError(f"{pkg}: cannot read: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise HostError(f"{pkg}: not valid JSON: {exc}", code="ERR_HOSTRT_BAD_INPUT") from exc
    section = data.get("pepr") if isinstance(data, dict) else None
    if not isinstance(section, dict):
        if required:
            raise HostError(f"{pkg.parent}: not a Pepr module: {pkg} has no \"pepr\" section "
                            "(a Pepr project is what `npx pepr init` creates)",
                            code="ERR_HOSTRT_NOT_PEPR")
        return None
    return section


def resolve_module(path: str | Path) -> PeprModuleSpec:
    """Turn the MODULE argument into an entry file, bundle settings and the pepr config."""
    target = Path(path)
    if not target.exists():
        raise HostError(f"{target}: no such file or directory", code="ERR_HOSTRT_NOT_FOUND")
    if target.is_dir():
        pkg = target / "package.json"
        if not pkg.is_file():
            raise HostError(f"{target}: not a Pepr module: no package.json (a Pepr project is "
                            "what `npx pepr init` creates)", code="ERR_HOSTRT_NOT_PEPR")
        config = _read_pepr_config(pkg, required=True) or {}
        for name in ENTRY_NAMES:
            if (target / name).is_file():
                entry = target / name
                break
        else:
            raise HostError(f"{target}: Pepr module without an entry: none of "
                            f"{', '.join(ENTRY_NAMES)} exists", code="ERR_HOSTRT_NOT_PEPR")
        return _spec(entry, pkg, config)
    if not target.is_file():
        raise HostError(f"{target}: not a file or directory", code="ERR_HOSTRT_NOT_FOUND")
    if target.suffix == ".gz":
        return _spec(unpack_module(target), None, {})
    pkg = _nearest_pepr_package(target)
    config = _read_pepr_config(pkg, required=False) if pkg else None
    return _spec(target, pkg if config is not None else None, config or {})


_HASHED = re.compile(r"module-([0-9a-f]{64})\.js\.gz")


def unpack_module(packed: Path) -> Path:
    """Unpack a gzipped module into a temporary file (a Secret volume is read-only). A name
    `module-<sha256>.js.gz` must match the unpacked code's sha256, as Pepr's controller checks."""
    try:
        code = gzip.decompress(packed.read_bytes())
    except (OSError, EOFError) as exc:
        raise HostError(f"{packed}: not a gzipped module: {exc}", code="ERR_HOSTRT_BAD_INPUT") from exc
    digest = hashlib.sha256(code).hexdigest()
    m = _HASHED.fullmatch(packed.name)
    if m and m.group(1) != digest:
        raise HostError(f"{packed}: the module's sha256 is {digest}, not the {m.group(1)} its name "
                        "promises (a corrupt or swapped module Secret)", code="ERR_HOSTRT_BAD_INPUT")
    folder = Path(tempfile.gettempdir()) / "hostrt-modules"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"module-{digest}.js"
    if not out.is_file() or hashlib.sha256(out.read_bytes()).hexdigest() != digest:
        tmp = out.with_name(f"{out.name}.{os.getpid()}.tmp")
        tmp.write_bytes(code)
        tmp.replace(out)
    return out


def _spec(entry: Path, pkg: Path | None, config: dict[str, Any]) -> PeprModuleSpec:
    # TypeScript / ESM entries are bundled as Pepr builds them; built or plain CommonJS files
    # load as they are (a `pepr build` output is already a bundle).
    bundle = PEPR_BUILD if entry.suffix in TS_EXTS or entry.suffix == ".mjs" else None
    return PeprModuleSpec(entry.resolve(), bundle, pkg, config)


def _nearest_pepr_package(entry: Path) -> Path | None:
    # The project root for pepr.ts; its parent for dist/pepr-module-<uuid>.js.
    for folder in (entry.resolve().parent, entry.resolve().parent.parent):
        pkg = folder / "package.json"
        if pkg.is_file():
            return pkg
    return None


def module_env(config: dict[str, Any], base: dict[str, str], *, watch: bool, admission: bool,
               overrides: dict[str, str]) -> dict[str, str]:
    """The process environment Pepr's deployment gives a module (see the module docstring).

    Priority: Pepr's defaults < `pepr.env` < `base` (this process's environment) < `overrides`
    (--env). Admission and watch together run as `PEPR_MODE=dev`, which serves both in one
    process, as `npx pepr dev` does.
    """
    env: dict[str, str] = {
        "PEPR_PRETTY_LOG": "false",
        "LOG_LEVEL": str(config.get("logLevel") or "info"),
    }
    if watch and admission:
        env["PEPR_MODE"] = "dev"
    elif watch:
        env["PEPR_WATCH_MODE"] = "true"
    extra = config.get("env")
    if isinstance(extra, dict):
        env.update({str(k): str(v) for k, v in extra.items() if k != "PEPR_WATCH_MODE"})
    env.update(base)
    if not env.get("LOG_LEVEL"):  # Pepr's getLogLevel: an empty LOG_LEVEL counts as unset
        env["LOG_LEVEL"] = str(config.get("logLevel") or "info")
    env.update(overrides)
    return env
