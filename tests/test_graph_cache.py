"""The loader skips esbuild's graph discovery for a self-contained CommonJS file seen before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hostrt.loader import graph


@pytest.fixture
def esbuild_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    """Each esbuild run's arguments; the cache lives under tmp_path."""
    runs: list[list[str]] = []
    real = graph._run_esbuild

    def counted(args: list[str], cwd: Path) -> Any:
        runs.append(args)
        return real(args, cwd)

    monkeypatch.setattr(graph, "_run_esbuild", counted)
    monkeypatch.setattr(graph, "home", lambda: tmp_path / "home")
    return runs


def _discover(path: Path) -> graph.ModuleGraph:
    return graph.discover(path, ["pepr"], lower_async=False)


def test_self_contained_file_is_discovered_once(write_js: Callable[..., Path],
                                                esbuild_runs: list[list[str]]) -> None:
    entry = write_js("dist/bundle.js", """
        const fs = require("node:fs"); const { PeprModule } = require("pepr");
        module.exports = { fs, PeprModule };
    """)
    first = _discover(entry)
    assert len(esbuild_runs) == 1
    again = _discover(entry)
    assert len(esbuild_runs) == 1          # answered from the cache
    assert again.files == first.files and again.entry == first.entry
    assert list(first.files) == [str(entry.resolve())]
    # Other content is another key: esbuild runs again.
    entry.write_text(entry.read_text() + "\n// changed\n")
    assert _discover(entry).files[str(entry.resolve())].endswith("// changed\n")
    assert len(esbuild_runs) == 2


def test_files_with_dependencies_are_discovered_every_time(write_js: Callable[..., Path],
                                                           esbuild_runs: list[list[str]]) -> None:
    entry = write_js("main.js", 'module.exports = require("./dep");')
    dep = write_js("dep.js", "module.exports = 1;")
    assert str(dep.resolve()) in _discover(entry).files
    dep.write_text("module.exports = 2;")
    write_js("dep2.js", "module.exports = 3;")
    files = _discover(entry).files
    assert files[str(dep.resolve())] == "module.exports = 2;"
    assert len(esbuild_runs) == 2


def test_unresolved_modules_are_not_cached(write_js: Callable[..., Path],
                                           esbuild_runs: list[list[str]]) -> None:
    # It may be installed later: the next load must look again.
    entry = write_js("main.js", """
        try { require("not-installed-pkg"); } catch {}
        require("also-not-installed");
    """)
    _discover(entry)
    runs = len(esbuild_runs)
    assert runs >= 2                       # once failing, once with it external
    _discover(entry)
    assert len(esbuild_runs) == 2 * runs


def test_a_require_left_unresolved_inside_try_is_not_cached(write_js: Callable[..., Path],
                                                            esbuild_runs: list[list[str]]) -> None:
    # esbuild leaves it external without an error; installed later, it must be found.
    entry = write_js("main.js", 'try { require("not-installed-pkg"); } catch {}')
    _discover(entry)
    _discover(entry)
    assert len(esbuild_runs) == 2
