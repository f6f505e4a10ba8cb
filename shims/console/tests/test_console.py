"""console: every method, differential against real Node (same script, stdout and stderr)."""

from __future__ import annotations

import re

SCRIPT = r"""
const { Console } = require('node:console');
console.log('%s is %d years and %o', 'Bob', 42, { a: [1, 2, { b: new Map([[1, 2]]) }] });
console.info('info', { nested: { deep: { deeper: { deepest: 1 } } } });
console.debug('debug', [1, 2, 3], null, undefined, 10n, Symbol('s'));
console.warn('warn', new Set(['x']));
console.error('error %i%%', 12.7);
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dirxml({ x: 1 }, [2]);
console.table([{ a: 1, b: 'x' }, { a: 2, c: true }]);
console.table([[1, 2], [3, 4]], ['0']);
console.table('not tabular');
console.group('Group A');
console.log('inside A');
console.groupCollapsed('Group B');
console.error('inside B, on stderr');
console.groupEnd();
console.groupEnd();
console.log('outside');
console.count(); console.count('x'); console.count(); console.countReset('x'); console.count('x');
console.countReset('never-counted');
console.assert(1 === 1, 'not printed');
console.assert(false, 'assertion %s', 'failed');
console.assert(false);
console.time('t'); console.timeLog('t', 'extra', 1); console.timeEnd('t');
console.timeEnd('never-started');
const out = [], err = [];
const { Writable } = require('stream');
const sink = (arr) => new Writable({ write(chunk, enc, cb) { arr.push(String(chunk)); cb(); } });
const c = new Console(sink(out), sink(err));
c.log('to my stdout'); c.error('to my stderr'); c.group(); c.warn('indented');
process.stdout.write(JSON.stringify({ out, err }) + '\n');
const c2 = new console.Console(process.stdout);
c2.log(Array.from({ length: 30 }, (_, i) => i * 3));
console.log(typeof console.Console, require('console') === console);
"""

# Durations and the trace's stack frames differ by nature; the rest must be byte-identical.
_DURATION = re.compile(r"\d+(\.\d+)?(ms|s)\b")


def _normal(text: str) -> str:
    # Warnings name the process: "(node:PID)" in Node, "(hostrt:PID)" here, without Node's
    # pointer to its --trace-warnings flag (hostrt has no such flag).
    lines = [re.sub(r"^\((node|hostrt):\d+\)", "(<process>)", line) for line in text.splitlines()
             if not line.lstrip().startswith("at ") and "--trace-warnings" not in line]
    return _DURATION.sub("<dur>", "\n".join(lines))


def test_every_console_method_matches_node(write_js, hostrt_run, node_run):
    script = write_js("console_all.js", SCRIPT)
    ours, node = hostrt_run(script), node_run(script)
    assert ours.code == node.code == 0, ours.err
    assert _DURATION.sub("<dur>", ours.out) == _DURATION.sub("<dur>", node.out)
    assert _normal(ours.err) == _normal(node.err)


def test_trace_goes_to_stderr_with_frames(write_js, hostrt_run, node_run):
    script = write_js("trace.js", "function here() { console.trace('where %s', 'am I'); }\nhere();\n")
    ours, node = hostrt_run(script), node_run(script)
    assert ours.out == node.out == ""
    assert ours.err.splitlines()[0] == node.err.splitlines()[0] == "Trace: where am I"
    assert f"at here ({script}:1:27)" in ours.err


def test_no_colour_when_piped_even_with_force_color_unset(write_js, hostrt_run):
    script = write_js("colour.js", "console.log({ a: 1, s: 'x' }, [true]);")
    res = hostrt_run(script)
    assert "\x1b[" not in res.out
