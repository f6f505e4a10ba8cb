"""What Node's own test harness (test/common) needs from hostrt, each checked against real Node:
configuration-only members of stub modules keep state, module.createRequire works, the legacy
timer-list API, process.exit() in an 'exit' listener, and the --node-tests pass figure."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import Result, hostrt_cmd, requires_node, run_cmd

Runner = Callable[..., Result]


def _same(write_js: Callable[..., Path], hostrt_run: Runner, node_run: Runner, source: str,
          *args: str) -> Result:
    script = write_js("probe.js", source)
    ours, theirs = hostrt_run(script, *args), node_run(script, *args)
    assert (ours.code, ours.out) == (theirs.code, theirs.out), (ours.err, theirs.err)
    return ours


def test_settings_of_stub_modules_keep_state(write_js: Callable[..., Path], hostrt_run: Runner,
                                              node_run: Runner) -> None:
    out = _same(write_js, hostrt_run, node_run, """
        const net = require('net');
        const dns = require('dns');
        const show = (f) => { try { return f(); } catch (e) { return `${e.name} ${e.code}`; } };
        console.log(net.getDefaultAutoSelectFamily(), net.getDefaultAutoSelectFamilyAttemptTimeout());
        net.setDefaultAutoSelectFamily(false);
        net.setDefaultAutoSelectFamilyAttemptTimeout(5);          // raised to 10, as Node does
        console.log(net.getDefaultAutoSelectFamily(), net.getDefaultAutoSelectFamilyAttemptTimeout());
        console.log(show(() => net.setDefaultAutoSelectFamily('yes')),
                    show(() => net.setDefaultAutoSelectFamilyAttemptTimeout(0)),
                    show(() => net.setDefaultAutoSelectFamilyAttemptTimeout(1.5)));
        console.log(dns.getDefaultResultOrder());
        dns.setDefaultResultOrder('ipv4first');
        console.log(dns.getDefaultResultOrder(), require('dns/promises').getDefaultResultOrder());
        console.log(show(() => dns.setDefaultResultOrder('random')));
    """)
    assert "false 10" in out.out
    # What needs a socket is still a clear error in hostrt.
    script = write_js("socket.js", "require('net').connect(80);\n")
    res = hostrt_run(script)
    assert res.code == 1 and "net.connect is not supported by hostrt: no sockets" in res.err


def test_create_require(write_js: Callable[..., Path], hostrt_run: Runner, node_run: Runner) -> None:
    write_js("lib/dep.js", "module.exports = { name: 'dep', dir: __dirname.endsWith('lib') };\n")
    _same(write_js, hostrt_run, node_run, """
        const { createRequire } = require('module');
        const path = require('path');
        const { pathToFileURL } = require('url');
        // A static reference (never run) is how hostrt learns the file exists.
        module.exports.unused = () => require('./lib/dep.js');
        const fromLib = createRequire(path.join(__dirname, 'lib', 'anything.js'));
        console.log(fromLib('./dep.js'), path.relative(__dirname, fromLib.resolve('./dep.js')));
        console.log(createRequire(pathToFileURL(__filename))('./lib/dep.js').name);
        console.log(createRequire(pathToFileURL(__filename).href)('path') === path);
        console.log(createRequire(__dirname + '/lib/')('./dep.js').name);
        for (const bad of ['relative.js', 42]) {
          try { createRequire(bad); } catch (e) { console.log(e.code, e.message); }
        }
        try { fromLib('./missing.js'); } catch (e) { console.log(e.code); }
    """)


def test_legacy_timer_list_api(write_js: Callable[..., Path], hostrt_run: Runner,
                               node_run: Runner) -> None:
    _same(write_js, hostrt_run, node_run, """
        const timers = require('timers');
        process.on('warning', (w) => console.log('warning', w.name, w.code || ''));
        // Timing-free output: counts are printed at exit.
        const item = { _onTimeout() { if (++n < 3) timers.active(item); } };
        let n = 0;
        timers.enroll(item, 5);
        timers.active(item);
        const other = { _onTimeout() { console.log('never'); } };
        timers.enroll(other, 1);
        timers._unrefActive(other);
        timers.unenroll(other);
        for (const bad of [-1, NaN, 'x']) {
          try { timers.enroll({}, bad); } catch (e) { console.log(e.code); }
        }
        // A timeout made an interval in its callback, an interval stopped by clearing _repeat.
        let k = 0;
        const t = setTimeout(() => { k++; if (t._repeat) clearInterval(t); t._repeat = 1; }, 1);
        let m = 0;
        const iv = setInterval(() => { m++; iv._repeat = null; }, 1);
        const disposed = setTimeout(() => console.log('never'), 1);
        disposed[Symbol.dispose]();
        process.on('exit', () => console.log('fired', n, 'repeats', k, m));
        console.log(Object.keys(timers).join());
    """)


def test_exit_inside_exit_listener(write_js: Callable[..., Path], hostrt_run: Runner,
                                   node_run: Runner) -> None:
    res = _same(write_js, hostrt_run, node_run, """
        process.on('beforeExit', () => console.log('beforeExit'));
        process.on('exit', (code) => { console.log('exit', code); process.exitCode = 2; process.exit(3); });
    """)
    assert res.code == 3 and res.err == ""


@requires_node
def test_node_pass_figure(tmp_path: Path) -> None:
    root = tmp_path / "test"
    (root / "parallel").mkdir(parents=True)
    (root / "common").mkdir()
    # A common like Node's: it re-runs flag files in a child unless NODE_SKIP_FLAG_CHECK is set.
    (root / "common" / "index.js").write_text(
        "'use strict';\nif (!process.env.NODE_SKIP_FLAG_CHECK) throw new Error('flag check');\n"
        "module.exports = { mustCall: (f) => f };\n")
    (root / "parallel" / "test-a-pass.js").write_text("require('../common');\n")
    (root / "parallel" / "test-a-differs.js").write_text(
        "require('../common');\nif (process.versions.hostrt) process.exit(1);\n")
    (root / "parallel" / "test-b-fail.js").write_text("require('../common');\nprocess.exit(1);\n")
    res = run_cmd([*hostrt_cmd(), "compat", "--node-tests", str(root), "--filter",
                   "test-a-*, test-b-*", "--format", "json"], timeout=120)
    assert res.code == 0, res.err
    data = json.loads(res.out)
    assert (data["node_pass"], data["hostrt_pass"]) == (2, 1)
    assert data["line"].startswith("1 of the 2 files Node passes also pass in hostrt (50%)")
    areas = {a["area"]: a for a in data["areas"]}
    assert areas["a"] == {"area": "a", "files": 2, "node_pass": 2, "hostrt_pass": 1}
    assert areas["b"]["node_pass"] == 0


def test_loop_and_globals_as_node_harness_checks(write_js: Callable[..., Path], hostrt_run: Runner,
                                                  node_run: Runner) -> None:
    """common checks for leaked globals at exit and relies on unref'd work not running."""
    _same(write_js, hostrt_run, node_run, """
        const { AsyncLocalStorage } = require('async_hooks');
        const before = [setTimeout, setInterval, setImmediate, queueMicrotask, process.nextTick];
        const als = new AsyncLocalStorage();
        const after = [setTimeout, setInterval, setImmediate, queueMicrotask, process.nextTick];
        console.log(before.every((f, i) => f === after[i]), require('buffer').atob === atob);
        als.run('ctx', () => {
          setTimeout(() => console.log('timeout', als.getStore()), 20);
          setImmediate(() => console.log('immediate', als.getStore()));
          process.nextTick(() => console.log('tick', als.getStore()));
          queueMicrotask(() => console.log('microtask', als.getStore()));
        });
    """)
    # Alone, an unref'd immediate does not start a loop iteration: it never runs.
    _same(write_js, hostrt_run, node_run, """
        setImmediate(() => console.log('never')).unref();
        process.nextTick(() => console.log('tick'));
    """)


def test_appendix_quotes_the_node_tests_figure(tmp_path: Path) -> None:
    from hostrt.bench.report import _node_tests_lines, load_node_tests
    doc = {"schema": "hostrt-compat-node-tests/1", "node_pass": 4, "hostrt_pass": 3,
           "command": "hostrt compat --node-tests <test/> --filter 'test-a*'",
           "selection": "the 5 files matching --filter 'test-a*'",
           "areas": [{"area": "a", "files": 5, "node_pass": 4, "hostrt_pass": 3}], "files": []}
    path = tmp_path / "nt.json"
    path.write_text(json.dumps(doc))
    loaded, note = load_node_tests(path)
    text = "\n".join(_node_tests_lines(loaded, note))
    assert "3 of the 4 files Node passes also pass in hostrt (75%)" in text
    assert "| a | 5 | 4 | 3 |" in text and "--filter 'test-a*'" in text
    (tmp_path / "bad.json").write_text(json.dumps({"schema": "other"}))
    missing = "\n".join(_node_tests_lines(*load_node_tests(tmp_path / "bad.json")))
    assert "is not a `hostrt compat --node-tests --format json` document" in missing
    assert "not measured for this report" in "\n".join(_node_tests_lines(*load_node_tests(None)))
