"""Set-up of hostrt's npm side: esbuild (the bundler Pepr uses) and the npm-strategy shims.

`hostrt setup` runs `npm ci` from the lockfile shipped in the package into $HOSTRT_HOME/npm, so a
fresh machine needs only Node's npm and the npm registry. Everything after that is offline.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from hostrt.errors import HostError
from hostrt.paths import PACKAGE_DIR, home

NPM_SPEC_DIR = PACKAGE_DIR / "npm"


def npm_dir() -> Path:
    """Where `npm ci` installs hostrt's npm dependencies."""
    return home() / "npm"


def esbuild_path() -> Path:
    """The esbuild binary installed by set-up."""
    return npm_dir() / "node_modules" / ".bin" / "esbuild"


def _spec_digest(spec_dir: Path = NPM_SPEC_DIR) -> str:
    h = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        h.update((spec_dir / name).read_bytes())
    return h.hexdigest()


def lockfile_installed(spec_dir: Path, target: Path, check: Path) -> bool:
    """True when `target` holds an `npm ci` of `spec_dir`'s lockfile and `check` exists."""
    stamp = target / ".hostrt-stamp"
    return check.exists() and stamp.exists() and stamp.read_text() == _spec_digest(spec_dir)


def is_installed() -> bool:
    """True when the installed npm tree matches the shipped lockfile."""
    return lockfile_installed(NPM_SPEC_DIR, npm_dir(), esbuild_path())


@contextlib.contextmanager
def _lock() -> Iterator[None]:
    home().mkdir(parents=True, exist_ok=True)
    with open(home() / ".setup.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def npm_ci(spec_dir: Path, target: Path, check: Path, *, what: str, announce: bool = True) -> Path:
    """`npm ci` the package.json + package-lock.json shipped in `spec_dir` into `target` (once:
    a stamp of the lockfile's digest marks a finished install; `check` must exist after it)."""
    if lockfile_installed(spec_dir, target, check):
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise HostError(f"hostrt set-up needs npm (Node.js) on PATH to install {what}; "
                        "install Node.js 20 and run `hostrt setup`", code="ERR_HOSTRT_SETUP")
    with _lock():
        if lockfile_installed(spec_dir, target, check):
            return target
        target.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(spec_dir / name, target / name)
        if announce:
            print(f"hostrt: installing {what} into {target} (npm ci)…", file=sys.stderr)
        proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                              cwd=target, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        if proc.returncode != 0 or not check.exists():
            raise HostError(f"`npm ci` in {target} failed:\n{proc.stderr.strip()}",
                            code="ERR_HOSTRT_SETUP")
        (target / ".hostrt-stamp").write_text(_spec_digest(spec_dir))
    return target


def ensure_installed(*, announce: bool = True) -> Path:
    """Install esbuild and the npm shim packages if missing; return the npm directory."""
    return npm_ci(NPM_SPEC_DIR, npm_dir(), esbuild_path(), what="esbuild and npm shims",
                  announce=announce)


def _bundle_aliases(package: str) -> dict[str, str]:
    """esbuild aliases for one npm shim bundle, from package.json's "hostrt.bundleAliases".

    E.g. {"qs": "hostrt:url/qs"}: the bundle then requires that hostrt module (an adapter over
    Node's querystring) instead of carrying an npm substitute. `hostrt:*` stays external.
    """
    spec = json.loads((NPM_SPEC_DIR / "package.json").read_text(encoding="utf-8"))
    aliases = spec.get("hostrt", {}).get("bundleAliases", {}).get(package, {})
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        raise HostError(f"{NPM_SPEC_DIR / 'package.json'}: hostrt.bundleAliases.{package} must map "
                        "module names to module names", code="ERR_HOSTRT_SETUP")
    return dict(aliases)


def npm_shim_bundle(package: str) -> str:
    """An npm package bundled (by esbuild, at set-up) into one CommonJS file for the isolate.

    Node built-ins it requires stay external, so `require('buffer')` inside it reaches hostrt's
    registry instead of a second copy.
    """
    ensure_installed()
    aliases = _bundle_aliases(package)
    # Keyed by the lockfile and the options, so a changed version or alias rebuilds the bundle.
    key = hashlib.sha256(json.dumps([_spec_digest(), package, aliases]).encode()).hexdigest()[:12]
    out = npm_dir() / "bundles" / f"{package.replace('/', '__')}.{key}.js"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        entry = npm_dir() / "bundles" / f"{package.replace('/', '__')}.entry.js"
        # A trailing slash makes esbuild resolve the npm package, not the Node built-in of that
        # name; only for those names, since it bypasses a package's "exports" map.
        from hostrt.shimreg import node_builtin_names
        spec = package + "/" if package in node_builtin_names() else package
        entry.write_text(f"module.exports = require({spec!r});\n")
        # Browser polyfills of `process` (npm `process`, reached as require('process/')) would
        # replace the isolate's real process global and its nextTick queue: point them at it.
        process_alias = out.parent / "process-global.js"
        process_alias.write_text("module.exports = globalThis.process;\n")
        aliases = {"process": str(process_alias), **aliases}
        proc = subprocess.run(
            [str(esbuild_path()), str(entry), "--bundle", "--platform=node", "--format=cjs",
             "--target=es2022", f"--outfile={out}", "--log-level=error", "--color=false",
             "--resolve-extensions=.js,.json,.cjs", "--external:hostrt:*",
             *(f"--alias:{k}={v}" for k, v in sorted(aliases.items()))],
            cwd=npm_dir(), capture_output=True, text=True)
        if proc.returncode != 0:
            raise HostError(f"bundling npm package {package!r} failed:\n{proc.stderr.strip()}",
                            code="ERR_HOSTRT_SETUP")
    return out.read_text(encoding="utf-8")
