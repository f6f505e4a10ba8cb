"""`hostrt run FILE` behaves like `node FILE` for scripts: output, exit codes, errors, limits."""

from __future__ import annotations

import pytest
from conftest import requires_node


def test_runs_until_timers_immediates_and_ticks_are_done(write_js, hostrt_run, node_run):
    # Armed from a timer callback: then Node's order is fixed (the check phase comes before the
    # next timers phase), whatever the machine's load.
    script = write_js("order.js", """
        setTimeout(() => {
          setTimeout(() => console.log('timeout'), 0);
          setImmediate(() => console.log('immediate'));
          process.nextTick(() => console.log('tick'));
          Promise.resolve().then(() => console.log('micro'));
          console.log('main');
        }, 1);
    """)
    ours, node = hostrt_run(script), node_run(script)
    assert ours.code == node.code == 0
    assert ours.out == node.out == "main\ntick\nmicro\nimmediate\ntimeout\n"


@pytest.mark.parametrize("body,code", [
    ("process.exit(5); console.log('not printed')", 5),
    ("process.exitCode = 3", 3),
    ("process.on('exit', (c) => console.log('exit', c)); process.exitCode = 2", 2),
    ("setTimeout(() => process.exit(4), 10); setInterval(() => {}, 1000)", 4),
])
@requires_node
def test_exit_codes_match_node(write_js, hostrt_run, node_run, body, code):
    script = write_js("exit.js", body)
    ours, node = hostrt_run(script), node_run(script)
    assert (ours.code, ours.out) == (node.code, node.out)
    assert ours.code == code


def test_uncaught_exception_prints_user_frames_and_exits_1(write_js, hostrt_run):
    script = write_js("boom.js", """
        function inner() {
          throw new TypeError('bad thing');
        }
        setTimeout(inner, 1);
    """)
    res = hostrt_run(script)
    assert res.code == 1
    assert "TypeError: bad thing" in res.err
    assert f"at Timeout.inner [as _onTimeout] ({script}:2:9)" in res.err
    # The report starts like Node's: the throwing line and a caret under it.
    assert res.err.startswith(f"{script}:2\n  throw new TypeError('bad thing');\n        ^\n")
    assert "hostrt:core.js" not in res.err and "Traceback" not in res.err


@pytest.mark.parametrize("body", [
    "Promise.reject(new Error('rejected!'))",
    "async function f() { await null; throw new Error('rejected!') }\nf();",
    "new Promise((_, reject) => setTimeout(() => reject(new Error('rejected!')), 1));",
])
def test_unhandled_rejection_exits_1_with_stack(write_js, hostrt_run, node_run, body):
    script = write_js("reject.js", body)
    ours, node = hostrt_run(script), node_run(script)
    assert ours.code == node.code == 1
    assert "Error: rejected!" in ours.err
    assert f"({script}:" in ours.err or f"at {script}:" in ours.err


def test_handled_late_and_listener_rejections_match_node(write_js, hostrt_run, node_run):
    script = write_js("late.js", """
        process.on('unhandledRejection', (r) => console.log('unhandled:', r.message));
        const p = Promise.reject(new Error('late'));
        setTimeout(() => p.catch((e) => console.log('caught:', e.message)), 0);
        Promise.reject(new Error('second')).then(() => {});
    """)
    ours, node = hostrt_run(script), node_run(script)
    assert ours.code == node.code == 0
    assert ours.out == node.out


def test_uncaught_exception_listener_keeps_running(write_js, hostrt_run, node_run):
    script = write_js("handler.js", """
        process.on('uncaughtException', (e, origin) => console.log('handled', e.message, origin));
        setTimeout(() => { throw new Error('first'); }, 1);
        setTimeout(() => console.log('still alive'), 5);
    """)
    ours, node = hostrt_run(script), node_run(script)
    assert ours.code == node.code == 0
    assert ours.out == node.out == "handled first uncaughtException\nstill alive\n"


def test_env_and_argv(write_js, hostrt_run):
    script = write_js("env.js", """
        console.log(process.env.HOSTRT_T1, process.env.HOSTRT_T2, process.argv.slice(2).join(','));
    """)
    res = hostrt_run("--env", "HOSTRT_T1=from-flag", script, "a", "b", env={"HOSTRT_T2": "from-env"})
    assert res.code == 0
    assert res.out == "from-flag from-env a,b\n"


def test_bad_env_flag_is_a_usage_error(write_js, hostrt_run):
    script = write_js("x.js", "")
    res = hostrt_run("--env", "NOEQUALS", script)
    assert res.code == 2
    assert "--env expects KEY=VALUE" in res.err


def test_missing_file_is_a_clear_error(tmp_path, hostrt_run):
    res = hostrt_run(tmp_path / "nope.js")
    assert res.code == 1
    assert "nope.js: no such file or directory" in res.err
    assert "Traceback" not in res.err


def test_syntax_error_names_file_line_and_column(write_js, hostrt_run):
    script = write_js("syntax.js", "const ok = 1;\nlet x = ;\n")
    res = hostrt_run(script)
    assert res.code == 1
    assert "syntax.js:2:8" in res.err
    assert "Traceback" not in res.err


def test_deadline_terminates_a_busy_loop(write_js, hostrt_run):
    script = write_js("spin.js", "console.log('start'); while (true) {}")
    res = hostrt_run("--timeout", "0.5", script, timeout=30)
    assert res.code == 1
    assert "timed out after 0.5s" in res.err
    assert "Traceback" not in res.err


def test_heap_cap_is_a_clear_error(write_js, hostrt_run):
    script = write_js("hog.js", "const a = []; for (;;) a.push(new Array(1e5).fill(a.length));")
    res = hostrt_run("--max-heap-mb", "64", script, timeout=60)
    assert res.code == 1
    assert "heap out of memory" in res.err and "64 MiB" in res.err
    assert "Traceback" not in res.err


def test_unref_timer_does_not_keep_the_process_alive(write_js, hostrt_run, node_run):
    script = write_js("unref.js", """
        setTimeout(() => console.log('never'), 60000).unref();
        setTimeout(() => console.log('done'), 5);
    """)
    ours, node = hostrt_run(script, timeout=20), node_run(script)
    assert ours.out == node.out == "done\n"


def test_no_hang_at_exit_with_output_piped(write_js, hostrt_run):
    # stdin, stdout and stderr are pipes (never a TTY); the subprocess timeout would fail the test.
    script = write_js("piped.js", "for (let i = 0; i < 2000; i++) console.log('line', i);")
    res = hostrt_run(script, timeout=20)
    assert res.code == 0
    assert res.out.count("\n") == 2000 and res.out.endswith("line 1999\n")


def test_stdout_and_stderr_keep_their_order(write_js, tmp_path):
    import subprocess
    import sys
    script = write_js("mix.js", """
        for (let i = 0; i < 5; i++) { console.log('out', i); console.error('err', i); }
    """)
    proc = subprocess.run([sys.executable, "-m", "hostrt.cli", "run", str(script)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
    assert proc.stdout.splitlines() == [f"{s} {i}" for i in range(5) for s in ("out", "err")]


def test_help_explains_itself():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "hostrt.cli", "run", "--help"],
                         capture_output=True, text=True, timeout=30).stdout
    for flag in ("--timeout", "--max-heap-mb", "--env", "--fake-time"):
        assert flag in out


def test_closed_stdout_pipe_is_epipe_like_node(write_js):
    """`hostrt run x.js | head -1`: an EPIPE 'error' on process.stdout, exit 1, no traceback."""
    import subprocess
    import sys
    script = write_js("spam.js", "let i = 0; setInterval(() => console.log(i++), 1);")
    proc = subprocess.Popen([sys.executable, "-m", "hostrt.cli", "run", str(script)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert "Error: write EPIPE" in err and "code: 'EPIPE'" in err
    assert "Traceback" not in err


def test_process_identity_and_capture_callback_match_node(write_js, hostrt_run, node_run):
    script = write_js("ids.js", """
        console.log(process.getuid(), process.getgid(), JSON.stringify(process.getgroups()));
        console.log(process.getBuiltinModule('path') === require('path'), process.mainModule === module);
        process.setUncaughtExceptionCaptureCallback((e) => console.log('captured', e.message));
        console.log(process.hasUncaughtExceptionCaptureCallback());
        setTimeout(() => { throw new Error('boom'); }, 1);
    """)
    ours, node = hostrt_run(script), node_run(script)
    assert (ours.code, ours.out) == (node.code, node.out) == (0, node.out)
