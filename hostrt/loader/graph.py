"""Find the files a module needs, with esbuild, and turn TypeScript / ES modules into CommonJS.

A CommonJS entry keeps its own files (so `require`, `__filename`, cycles and stack lines behave
as in Node); esbuild only discovers the graph. An ES module or TypeScript entry is bundled into
one CommonJS file, as `npx pepr build` does. Built-in modules and shim-provided modules (such as
`pepr`) stay external: the in-engine registry answers them.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt.errors import HostError
from hostrt.loader.npm import ensure_installed, esbuild_path
from hostrt.paths import home

TS_EXTS = {".ts", ".mts", ".cts", ".tsx", ".jsx"}
# Async functions in code hostrt compiles are lowered onto the global Promise, which is the only
# way a bare V8 embedding can see their unhandled rejections (see shims/process/rejections.js).
LOWER_ASYNC = ("--supported:async-await=false", "--supported:async-generator=false",
               "--supported:for-await=false")
_ASYNC = re.compile(r"\basync\b")
# `import.meta` in code turned into CommonJS reads a getter of hostrt's require (see require.js),
# which finds the module from the caller's source position.
IMPORT_META = "--define:import.meta=__hostrt_import_meta"
_TLA_ERROR = "Top-level await is not available"
_UNRESOLVED = re.compile(r'Could not resolve "([^"]+)"')
_MAX_RETRIES = 50


@dataclass
class ModuleGraph:
    """What to push into the isolate for one entry."""

    entry: Path                       # the path `runMain` loads (in the VFS)
    files: dict[str, str] = field(default_factory=dict)
    bundled: bool = False


@dataclass(frozen=True)
class BundleOptions:
    """esbuild options for a bundled entry (defaults: Pepr's build settings)."""

    minify: bool = False
    keep_names: bool = True
    tree_shaking: bool = True
    sourcemap: bool = True
    lower_async: bool = True
    extra_args: tuple[str, ...] = ()


def _run_esbuild(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    ensure_installed()
    return subprocess.run([str(esbuild_path()), *args, "--log-level=error", "--color=false"],
                          cwd=cwd, capture_output=True, text=True)


def _esbuild_error(stderr: str) -> HostError:
    # esbuild prints "✘ [ERROR] message\n\n    file:line:col:\n ..." — keep it, it names the spot.
    text = stderr.replace("✘ [ERROR] ", "error: ").strip()
    if "Top-level await is not available" in text:
        text += ("\nhostrt loads ES modules as CommonJS (as `npx pepr build` does), so top-level "
                 "await is not supported: wrap the code in an async function")
    return HostError(text or "esbuild failed", code="ERR_HOSTRT_BUILD")


def _externals(external: list[str]) -> list[str]:
    return [f"--external:{name}" for name in external]


def _with_unresolved_as_external(build: list[str], external: list[str], cwd: Path) -> list[str]:
    """Run esbuild; a module it cannot resolve becomes external so that `require` throws
    MODULE_NOT_FOUND when (and only if) the code runs it, as in Node. Returns those modules."""
    extra: list[str] = []
    for _ in range(_MAX_RETRIES):
        proc = _run_esbuild([*build, *_externals(external + extra)], cwd)
        if proc.returncode == 0:
            return extra
        missing = _UNRESOLVED.findall(proc.stderr)
        others = [line for line in proc.stderr.split("✘")[1:] if "Could not resolve" not in line]
        if not missing or others:
            raise _esbuild_error(proc.stderr)
        extra.extend(m for m in missing if m not in extra)
    raise _esbuild_error(proc.stderr)


_INLINE_MAP = re.compile(
    r"//# sourceMappingURL=data:application/json;base64,([A-Za-z0-9+/=]+)\s*$")


def _absolute_sources(code: str, out_file: Path) -> str:
    """Make an inline source map name its sources by absolute path (esbuild writes them
    relative to the output file, which only existed in a temporary directory)."""
    m = _INLINE_MAP.search(code)
    if m is None:
        return code
    data = json.loads(base64.b64decode(m.group(1)))
    data["sources"] = [str((out_file.parent / s).resolve()) for s in data.get("sources", [])]
    data.pop("sourceRoot", None)
    encoded = base64.b64encode(json.dumps(data).encode()).decode()
    return code[:m.start(1)] + encoded + code[m.end(1):]


def is_module_syntax(path: Path, source: str) -> bool:
    """True for files that need a transform: TypeScript, .mjs, or ES import/export syntax."""
    if path.suffix in TS_EXTS or path.suffix == ".mjs":
        return True
    return bool(re.search(r"^\s*(import\s[^(]|import\s*\{|export\s)", source, re.M))


def discover(entry: Path, external: list[str], bundle: BundleOptions | None = None,
             *, lower_async: bool = True) -> ModuleGraph:
    """Collect the files `entry` needs: the CommonJS graph, or one esbuild bundle.

    `lower_async` turns user `async` functions into generator code on the global Promise, so
    their unhandled rejections are seen (at the price of them no longer being AsyncFunctions).
    """
    entry = entry.resolve()
    if not entry.is_file():
        raise HostError(f"{entry}: no such file", code="ERR_HOSTRT_NOT_FOUND")
    source = entry.read_text(encoding="utf-8", errors="replace")
    with tempfile.TemporaryDirectory(prefix="hostrt-build-") as tmp:
        out = Path(tmp)
        if bundle is not None or is_module_syntax(entry, source):
            opts = bundle or BundleOptions()
            if not lower_async:
                opts = dataclasses.replace(opts, lower_async=False)
            return _bundle(entry, external, opts, out)
        return _graph(entry, external, out, lower_async, source)


def _bundle(entry: Path, external: list[str], opts: BundleOptions, out: Path) -> ModuleGraph:
    target = out / "bundle.js"
    args = [str(entry), "--bundle", "--platform=node", f"--outfile={target}", "--target=es2022",
            IMPORT_META]
    if opts.keep_names:
        args.append("--keep-names")
    if opts.minify:
        args.append("--minify")
    if not opts.tree_shaking:
        args.append("--tree-shaking=false")
    if opts.sourcemap:
        args.append("--sourcemap=inline")
    if opts.lower_async:
        args.extend(LOWER_ASYNC)
    args.extend(opts.extra_args)
    try:
        _with_unresolved_as_external([*args, "--format=cjs"], external, entry.parent)
        code = _absolute_sources(target.read_text(encoding="utf-8"), target)
    except HostError as exc:
        if _TLA_ERROR not in str(exc):
            raise
        code = _bundle_with_top_level_await(args, external, entry, opts, out)
    # The bundle stands in for the entry, beside it, so relative requests keep their meaning.
    vfs_entry = entry.with_name(entry.name + ".hostrt.js")
    return ModuleGraph(vfs_entry, {str(vfs_entry): code}, True)


_ESM_IMPORT = re.compile(r'^import\s(?:[^;"]*?\sfrom\s*)?"[^"\n]*";[ \t]*$', re.M | re.S)
_ESM_EXPORT_LIST = re.compile(r"^export\s*\{[^}]*\};[ \t]*$", re.M)
_MAP_COMMENT = re.compile(r"^//# sourceMappingURL=\S+\s*$", re.M)


def _bundle_with_top_level_await(args: list[str], external: list[str], entry: Path,
                                 opts: BundleOptions, out: Path) -> str:
    """An entry with top-level await: esbuild cannot write it as CommonJS, so it is bundled as an
    ES module, its body (everything but the import statements, which esbuild prints at the
    start of a line) is wrapped in an async function whose failure is thrown as an uncaught
    error, and that one file is turned into CommonJS. Its exports are dropped (an entry's are
    never read), and source maps chain through both steps."""
    esm = out / "bundle.mjs"
    esm_args = [a if not a.startswith("--outfile=") else f"--outfile={esm}" for a in args]
    # Async functions are lowered in the second step, with the wrapper.
    esm_args = [a for a in esm_args if a not in LOWER_ASYNC]
    _with_unresolved_as_external([*esm_args, "--format=esm"], external, entry.parent)
    text = _absolute_sources(esm.read_text(encoding="utf-8"), esm)
    m = _MAP_COMMENT.search(text)
    map_comment = text[m.start():].strip() if m else ""
    body = text[:m.start()] if m else text
    imports = [i.group(0) for i in _ESM_IMPORT.finditer(body)]
    # Blank the moved lines (same number of newlines) so line positions stay put.
    body = _ESM_IMPORT.sub(lambda i: "\n" * i.group(0).count("\n"), body)
    body = _ESM_EXPORT_LIST.sub("", body)
    wrapped = out / "tla-entry.mjs"
    wrapped.write_text(" ".join(i.replace("\n", " ") for i in imports)
                       + " (async () => {" + body
                       + "\n})().catch((err) => { process.nextTick(() => { throw err; }); });\n"
                       + map_comment + "\n", encoding="utf-8")
    target = out / "tla-entry.js"
    proc = _run_esbuild([str(wrapped), "--format=cjs", "--platform=node", "--target=es2022",
                         f"--outfile={target}", "--sourcemap=inline",
                         *(["--keep-names"] if opts.keep_names else []),
                         *(LOWER_ASYNC if opts.lower_async else ())], out)
    if proc.returncode != 0:
        raise _esbuild_error(proc.stderr)
    return _absolute_sources(target.read_text(encoding="utf-8"), target)


# Self-contained CommonJS files seen before (one empty file per entry path + content + externals).
STANDALONE_CACHE = "graph-cache"


def _standalone_marker(entry: Path, source: str, external: list[str]) -> Path:
    digest = hashlib.sha256("\0".join(["1", str(entry), source, *external])
                            .encode("utf-8", "surrogatepass")).hexdigest()
    return home() / STANDALONE_CACHE / digest


def _remember_standalone(marker: Path) -> None:
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        tmp = marker.with_name(f"{marker.name}.{os.getpid()}.tmp")
        tmp.write_bytes(b"")
        tmp.replace(marker)
    except OSError:
        pass  # a read-only home only costs the next start the esbuild run


def _only_known_externals(inputs: dict[str, Any], external: list[str]) -> bool:
    """Every import is a `node:` built-in or a module hostrt provides (not, say, a package
    esbuild left external because a `require` of it inside `try` did not resolve)."""
    known = set(external)
    return all(imp.get("external") and (imp["path"].startswith("node:") or imp["path"] in known)
               for meta in inputs.values() for imp in meta.get("imports", []))


def _graph(entry: Path, external: list[str], out: Path, lower_async: bool,
           source: str) -> ModuleGraph:
    # A file whose every require is built in or external (what `npx pepr build` emits) is its own
    # graph, whatever the disk holds beside it: once esbuild has found that for this content,
    # later loads skip the esbuild run (~0.1 s of `hostrt serve`'s start-up). A file that needed
    # others, or named a module esbuild could not resolve (which may be installed later), is
    # discovered afresh every time.
    marker = _standalone_marker(entry, source, external)
    if marker.is_file():
        paths = [entry]
    else:
        meta = out / "meta.json"
        args = [str(entry), "--bundle", "--platform=node", "--format=cjs",
                f"--outfile={out / 'discard.js'}", f"--metafile={meta}"]
        unresolved = _with_unresolved_as_external(args, external, entry.parent)
        inputs = json.loads(meta.read_text())["inputs"]
        paths = sorted({(entry.parent / name).resolve() for name in inputs
                        if not name.startswith("<")})
        if paths == [entry] and not unresolved and _only_known_externals(inputs, external):
            _remember_standalone(marker)
    files: dict[str, str] = {}
    needs_transform: list[Path] = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        user_code = "node_modules" not in path.parts
        if path.suffix != ".json" and (is_module_syntax(path, text)
                                       or (lower_async and user_code and _ASYNC.search(text))):
            needs_transform.append(path)
        else:
            files[str(path)] = text
        _add_package_jsons(path, files)
    if needs_transform:
        files.update(_transform(needs_transform, out, lower_async))
    return ModuleGraph(entry, files)


def _add_package_jsons(path: Path, files: dict[str, str]) -> None:
    # The resolver in the isolate reads package.json (main, exports) of the packages it walks.
    for parent in path.parents:
        pkg = parent / "package.json"
        key = str(pkg)
        if key in files:
            return
        if pkg.is_file():
            files[key] = pkg.read_text(encoding="utf-8", errors="replace")


def _transform(paths: list[Path], out: Path, lower_async: bool) -> dict[str, str]:
    """TypeScript / ESM files inside a CommonJS graph: one esbuild run turns them all to CJS."""
    outdir = out / "cjs"
    args = [*(str(p) for p in paths), "--format=cjs", "--platform=node", "--target=es2022",
            IMPORT_META, f"--outdir={outdir}", "--outbase=/", "--keep-names", "--out-extension:.js=.js",
            "--sourcemap=inline", *(LOWER_ASYNC if lower_async else ())]
    proc = _run_esbuild(args, Path("/"))
    if proc.returncode != 0:
        raise _esbuild_error(proc.stderr)
    result = {}
    for p in paths:
        built = outdir / p.relative_to("/").with_suffix(".js")
        result[str(p)] = _absolute_sources(built.read_text(encoding="utf-8"), built)
    return result
