"""Node's everyday module surface: buffer, events, util, path, querystring, string_decoder,
assert, stream.

Each `js_fixtures/node-tests/parallel/test-*.js` file is written in the style of Node's own
test/parallel (with our own `common` module) and must pass under real Node and under hostrt.
Each `js_fixtures/node-tests/probes/probe-*.js` must print the same stdout under both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, Result

NODE_TESTS = FIXTURES / "node-tests"
PARALLEL = sorted((NODE_TESTS / "parallel").glob("test-*.js"))
PROBES = sorted((NODE_TESTS / "probes").glob("probe-*.js"))

# Probes whose difference is known and owned elsewhere; strict, so a fix shows up as XPASS.
# util.inspect and util.isDeepStrictEqual (used by assert, so by every test file) live in the util
# shim's inspect.js, written on its own branch.
needs_inspect = pytest.mark.skipif(
    not (REPO / "shims" / "util" / "inspect.js").exists(),
    reason="shims/util/inspect.js (util.inspect, isDeepStrictEqual) is not in this checkout")

KNOWN_DIFFERENCES = {
    "probe-assert-buffer-diff.js": "util.inspect prints <Buffer ..> even with customInspect: false "
                                   "(util shim's inspect.js), so assert's diff of Buffers differs",
}


def _explain(name: str, res: Result) -> str:
    return f"{name} exited {res.code}\n--- stdout\n{res.out[-3000:]}\n--- stderr\n{res.err[-3000:]}"


@needs_inspect
@pytest.mark.parametrize("path", PARALLEL, ids=[p.name for p in PARALLEL])
def test_parallel_file_passes_in_node_and_hostrt(path: Path, node_run: Callable[..., Result],
                                                 hostrt_run: Callable[..., Result]) -> None:
    node = node_run(path, cwd=NODE_TESTS)
    assert node.code == 0, _explain("node", node)
    ours = hostrt_run(path, cwd=NODE_TESTS)
    assert ours.code == 0, _explain("hostrt", ours)
    skipped = [r.out for r in (node, ours) if r.out.startswith("1..0 # Skipped")]
    if skipped:
        pytest.skip(skipped[0].strip())


@needs_inspect
@pytest.mark.parametrize("path", PROBES, ids=[p.name for p in PROBES])
def test_probe_stdout_matches_node(path: Path, node_run: Callable[..., Result],
                                   hostrt_run: Callable[..., Result]) -> None:
    node = node_run(path)
    assert node.code == 0, _explain("node", node)
    ours = hostrt_run(path)
    assert ours.code == 0, _explain("hostrt", ours)
    if path.name in KNOWN_DIFFERENCES and ours.out != node.out:
        pytest.xfail(KNOWN_DIFFERENCES[path.name])
    assert ours.out == node.out
    assert path.name not in KNOWN_DIFFERENCES, f"fixed: {KNOWN_DIFFERENCES.get(path.name)}"


@needs_inspect
def test_common_must_call_fails_when_not_called(write_js: Callable[..., Path],
                                                node_run: Callable[..., Result],
                                                hostrt_run: Callable[..., Result]) -> None:
    """common.mustCall fails in both runtimes (a harness that cannot fail proves nothing)."""
    common = (NODE_TESTS / "common" / "index.js").read_text()
    write_js("common/index.js", common)
    script = write_js("parallel/test-never.js", """
        'use strict';
        const common = require('../common');
        const f = common.mustCall();
        void f;
    """)
    for run in (node_run, hostrt_run):
        res = run(script)
        assert res.code == 1, _explain("run", res)
        expected = (r"^Mismatched \S+ function calls\. Expected exactly 1, actual 0\.\n"
                    r" +at .*test-never\.js:3:")
        assert re.search(expected, res.err), res.err


@needs_inspect
def test_failed_assertion_exits_like_node(write_js: Callable[..., Path],
                                          node_run: Callable[..., Result],
                                          hostrt_run: Callable[..., Result]) -> None:
    """An uncaught AssertionError: exit code 1 and the same first lines of the report."""
    script = write_js("fail.js", """
        const assert = require('assert');
        assert.deepStrictEqual({ a: [1, 2] }, { a: [1, 3] });
    """)
    node, ours = node_run(script), hostrt_run(script)
    assert node.code == ours.code == 1

    def report(err: str) -> list[str]:
        lines = err.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("AssertionError"))
        return lines[start:start + 10]
    assert report(ours.err) == report(node.err)


def test_globals_stay_lazy_until_used(write_js: Callable[..., Path],
                                      hostrt_run: Callable[..., Result]) -> None:
    """Start-up must not load the Buffer module: the global is still its lazy getter."""
    script = write_js("lazy.js", """
        const before = typeof Object.getOwnPropertyDescriptor(globalThis, 'Buffer').get;
        const b = Buffer.from('x');
        const after = typeof Object.getOwnPropertyDescriptor(globalThis, 'Buffer').get;
        console.log(before, after, b.length);
    """)
    res = hostrt_run(script)
    assert res.code == 0, _explain("hostrt", res)
    assert res.out == "function undefined 1\n"


SURFACE_SHIMS = ("assert", "buffer", "errors", "events", "path", "querystring", "stream",
                 "string_decoder")


@pytest.mark.parametrize("shim", SURFACE_SHIMS)
def test_shim_sources_are_latin1(shim: str) -> None:
    """Every shim source is pushed into the isolate at start-up; a single character above U+00FF
    makes V8 keep the whole file as a two-byte string (twice the heap)."""
    for path in (REPO / "shims" / shim).rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        wide = sorted({c for c in text if ord(c) > 0xFF})
        assert not wide, f"{path}: characters above U+00FF: {''.join(wide)!r} (use \\u escapes)"


@needs_inspect
def test_debuglog_follows_node_debug(write_js: Callable[..., Path],
                                     node_run: Callable[..., Result],
                                     hostrt_run: Callable[..., Result]) -> None:
    """util.debuglog: sections named in NODE_DEBUG (with wildcards) print `SECTION pid: msg`."""
    script = write_js("dbg.js", """
        const util = require('util');
        const d = util.debuglog('foo');
        console.log(d.enabled, util.debuglog('bar').enabled);
        d('hello %s %d', 'x', 5);
        util.debuglog('foo-bar')('dash');
    """)
    env = {"NODE_DEBUG": "foo,FOO-*"}
    node, ours = node_run(script, env=env), hostrt_run(script, env=env)
    assert ours.code == node.code == 0, _explain("hostrt", ours)
    assert ours.out == node.out

    def normalize(err: str) -> str:
        return re.sub(r"^(\S+) \d+:", r"\1 PID:", err, flags=re.M)
    assert normalize(ours.err) == normalize(node.err)


@needs_inspect
def test_parse_args_defaults_to_process_argv(write_js: Callable[..., Path],
                                             node_run: Callable[..., Result],
                                             hostrt_run: Callable[..., Result]) -> None:
    """util.parseArgs() without `args` parses the script's own arguments, as in Node."""
    script = write_js("pa.js", """
        const { parseArgs } = require('util');
        const r = parseArgs({ options: { v: { type: 'boolean', short: 'v' },
                                         name: { type: 'string' } }, allowPositionals: true });
        console.log(JSON.stringify(r.values), JSON.stringify(r.positionals));
    """)
    args = ("-v", "--name", "x", "pos", "--", "-z")
    node, ours = node_run(script, *args), hostrt_run(script, *args)
    assert ours.code == node.code == 0, _explain("hostrt", ours)
    assert ours.out == node.out == '{"v":true,"name":"x"} ["pos","-z"]\n'
