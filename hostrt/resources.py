"""One lookup for the files the CLI reads at run time, from a checkout or an installed wheel.

The repository keeps one copy of each: the shims under `shims/`, the run-time data under
`js_fixtures/` (which is also the tests' fixture tree). The wheel carries the same files under
`hostrt/shims/` and `hostrt/_data/` (see `[tool.hatch.build.targets.wheel]` `sources` and `force-include` in
pyproject.toml), so a path is found the same way in both layouts: inside the package first, then
beside it in the checkout.

Run-time data (`RUNTIME_DATA`, each a path relative to `js_fixtures/`): the compat probes, hostrt's
small Node-test `common`, the bench fixtures (hello-pepr source and its admission requests, the
built hello-pepr bundle), the modules `hostrt compat --modules` answers (those, api-tour and
api-tour-js) and the sample scripts.
"""

from __future__ import annotations

from pathlib import Path

from hostrt.errors import HostError

PACKAGE_DIR = Path(__file__).resolve().parent
_WHEEL_DATA = PACKAGE_DIR / "_data"
_CHECKOUT_DATA = PACKAGE_DIR.parent / "js_fixtures"

# Everything under js_fixtures/ the CLI may read at run time; pyproject.toml ships exactly these
# (tests/test_resources.py checks the two lists agree).
RUNTIME_DATA = (
    "compat",
    "node-tests/common",
    "modules/hello-pepr",
    "modules/hello-pepr-built",
    "modules/api-tour",
    "modules/api-tour-js",
    "samples",
)


def data_path(rel: str) -> Path:
    """The run-time data file or folder `rel` (relative to `js_fixtures/`), wherever it lives.

    Raises HostError naming what is missing when neither the wheel nor a checkout has it.
    """
    if not any(rel == top or rel.startswith(top + "/") for top in RUNTIME_DATA):
        raise ValueError(f"{rel!r} is not run-time data (declared: {', '.join(RUNTIME_DATA)})")
    for base in (_WHEEL_DATA, _CHECKOUT_DATA):
        candidate = base / rel
        if candidate.exists():
            return candidate
    raise HostError(f"{rel}: hostrt's run-time data is missing from this installation "
                    f"(looked in {_WHEEL_DATA} and {_CHECKOUT_DATA})")


def shims_dir() -> Path:
    """The shims folder: inside the installed wheel, or the repository's `shims/` in a checkout."""
    for candidate in (PACKAGE_DIR / "shims", PACKAGE_DIR.parent / "shims"):
        if candidate.is_dir():
            return candidate
    raise HostError("hostrt's shims folder is missing from this installation")


def compat_probes() -> Path:
    """The behaviour-probe folder of `hostrt compat`."""
    return data_path("compat")


def node_tests_common() -> Path:
    """hostrt's own small `common` module folder for `hostrt compat --node-tests --common ours`."""
    return data_path("node-tests/common")


def bench_module(name: str) -> Path:
    """A bench fixture module folder (`hello-pepr`, `hello-pepr-built`)."""
    return data_path(f"modules/{name}")


def sample(name: str) -> Path:
    """A sample script shipped with hostrt (e.g. `hello.js`)."""
    return data_path(f"samples/{name}")


def source_root() -> Path | None:
    """The source checkout hostrt runs from, or None when it runs from an installed wheel."""
    root = PACKAGE_DIR.parent
    return root if (root / "pyproject.toml").is_file() and (root / "shims").is_dir() else None
