"""Stubs are declared: every API whose implementation throws hostrt's unsupported error, or
answers with a fixed placeholder Node does not give, is declared `stub` or `impossible` in its
shim.toml, so the compat report never counts it as working.

The shims are scanned as loaded: tests/js/stub_scan.js walks every module hostrt provides (and
`process`) and reads each function's own source. A function whose body is a bare literal is
called with no arguments in hostrt and in Node: if the answers differ it is a placeholder.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import NODE, REPO, hostrt_cmd, requires_node, run_cmd

from hostrt.compat import strategy
from hostrt.shimreg import node_builtin_names, provided_modules

JS = REPO / "tests" / "js"
DECLARED = ("stub", "impossible")


def _modules() -> list[str]:
    node = set(node_builtin_names())
    return sorted(m for m in provided_modules() if m in node and m != "sys")  # sys: util's alias


def _json_line(out: str) -> dict[str, dict[str, str] | str]:
    data: dict[str, dict[str, str] | str] = json.loads(out.strip().splitlines()[-1])
    return data


def _scan() -> dict[str, str]:
    res = run_cmd([*hostrt_cmd(), "run", str(JS / "stub_scan.js"), json.dumps(_modules())], timeout=120)
    assert res.code == 0, res.err
    return {k: str(v) for k, v in _json_line(res.out).items()}


def _undeclared(apis: list[str]) -> list[str]:
    return [api for api in apis if strategy.lookup(api).strategy not in DECLARED]


def _declared_as(api: str) -> str:
    return strategy.lookup(api).strategy or "nothing"


def test_the_scan_sees_the_known_stubs() -> None:
    found = _scan()
    # A declared stub module's members, a process member and a prototype method: if the scan
    # stopped seeing these, the test below would pass for the wrong reason.
    for api in ("net.connect", "process.setuid", "perf_hooks.Performance.markResourceTiming"):
        assert found.get(api) == "unsupported", (api, found.get(api))


@requires_node
def test_every_unsupported_or_placeholder_api_is_declared() -> None:
    found = _scan()
    unsupported = sorted(api for api, kind in found.items() if kind == "unsupported")
    literal = sorted(api for api, kind in found.items() if kind == "literal")
    ours = _json_line(run_cmd([*hostrt_cmd(), "run", str(JS / "call_bare.js"), json.dumps(literal)],
                              timeout=60).out)
    theirs = _json_line(run_cmd([str(NODE), str(JS / "call_bare.js"), json.dumps(literal)],
                                timeout=60).out)
    placeholders = [api for api in literal if ours.get(api) != theirs.get(api)]
    missing = [f"{api}: throws hostrt's unsupported error; declared {_declared_as(api)}"
               for api in _undeclared(unsupported)]
    missing += [f"{api}: placeholder (hostrt {str(ours.get(api))[:80]}, Node "
                f"{str(theirs.get(api))[:80]}); declared {_declared_as(api)}"
                for api in _undeclared(placeholders)]
    assert not missing, ("declare these `stub` or `impossible` in their shim.toml (or implement "
                         "them):\n" + "\n".join(missing))


@requires_node
def test_usage_figures_are_real(engine: str, write_js: Callable[..., Path]) -> None:
    """memoryUsage/cpuUsage/resourceUsage report the engine's heap and the process's RSS and CPU;
    process.versions.v8 names the backend's own V8."""
    script = write_js("usage.js", """
        const m0 = process.memoryUsage();
        const keep = [];
        for (let i = 0; i < 200000; i++) keep.push({ i, s: 'x' + i });
        const spin = Date.now() + 50;
        while (Date.now() < spin);
        setTimeout(() => {
          const m1 = process.memoryUsage();
          const cpu = process.cpuUsage();
          const ru = process.resourceUsage();
          console.log(JSON.stringify({ v8: process.versions.v8, m0, m1, cpu, ru, n: keep.length,
            rss: process.memoryUsage.rss() }));
        }, 1);
    """)
    res = run_cmd([*hostrt_cmd(), "run", "--engine", engine, str(script)], timeout=60)
    assert res.code == 0, res.err
    got = json.loads(res.out)
    if engine == "mini-racer":
        from hostrt.engine import engine_class
        assert got["v8"] == engine_class("mini-racer").version() and got["v8"].startswith("14.")
    else:
        import STPyV8
        assert got["v8"] == STPyV8.JSEngine.version and got["v8"].startswith("13.")
    # The 200k objects were allocated between the two readings: the engine's heap grew.
    assert got["m1"]["heapUsed"] > got["m0"]["heapUsed"] + 4_000_000
    assert got["m1"]["heapTotal"] >= got["m1"]["heapUsed"]
    assert 20_000_000 < got["m1"]["rss"] < 4_000_000_000 and got["rss"] > 20_000_000
    # At least the 50 ms spin, in microseconds, as Node reports it.
    assert got["cpu"]["user"] + got["cpu"]["system"] > 50_000
    assert got["ru"]["userCPUTime"] == got["cpu"]["user"] and got["ru"]["maxRSS"] > 20_000
