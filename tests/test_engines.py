"""The engine backends behind one protocol: same script, same output, on each backend and Node.

mini-racer runs V8 on its own thread; STPyV8 runs it in the calling thread (hostrt reaches V8's
termination, heap statistics and GC callbacks there through ctypes). Everything above the
`Engine` protocol must behave the same on both.
"""

from __future__ import annotations

import asyncio
import io
import threading

import pytest

from hostrt import Host, HostOptions
from hostrt.engine import ENGINES, default_engine, engine_installed
from hostrt.errors import HostError
from tests.conftest import requires_node

SCRIPT = """
const crypto = require('crypto');
const { EventEmitter } = require('events');
const e = new EventEmitter();
e.on('x', v => console.log('event', v));
console.log('start', [1, { a: new Map([[1, 2]]) }], Buffer.from('hi').toString('base64'));
setTimeout(() => console.log('timeout 100'), 100);
setTimeout(() => {
  console.log('timeout 0');
  setTimeout(() => console.log('nested timeout'), 0);
  setImmediate(() => console.log('immediate'));
}, 0);
process.nextTick(() => console.log('nextTick'));
Promise.resolve().then(() => console.log('microtask'));
(async () => { await null; e.emit('x', crypto.createHash('sha256').update('abc').digest('hex')); })();
queueMicrotask(() => console.log('queued', typeof structuredClone({ a: 1 })));
process.on('exit', code => console.log('exit', code));
"""


@requires_node
def test_same_output_as_node_on_every_engine(engine, write_js, hostrt_run, node_run):
    script = write_js("mix.js", SCRIPT)
    ref = node_run(script)
    got = hostrt_run("--engine", engine, script)
    assert (got.code, got.err) == (ref.code, ref.err) == (0, "")
    assert got.out == ref.out


def test_uncaught_error_reports_file_and_exit_code(engine, write_js, hostrt_run):
    script = write_js("boom.js", "function f() { throw new TypeError('bad ' + 42); }\nf();\n")
    got = hostrt_run("--engine", engine, script)
    assert got.code == 1
    assert f"{script}:1" in got.err and "TypeError: bad 42" in got.err
    assert "Traceback" not in got.err


def test_env_variable_picks_the_default_engine(monkeypatch):
    monkeypatch.delenv("HOSTRT_ENGINE", raising=False)
    assert HostOptions().engine == default_engine() == "mini-racer"
    monkeypatch.setenv("HOSTRT_ENGINE", "stpyv8")
    assert HostOptions().engine == "stpyv8"


async def test_unknown_engine_is_a_clear_error():
    with pytest.raises(HostError, match=r"unknown engine 'v9' \(available: mini-racer, stpyv8\)"):
        async with Host(HostOptions(engine="v9")):
            pass


def test_cli_rejects_an_unknown_engine(write_js, hostrt_run):
    got = hostrt_run("--engine", "v9", write_js("a.js", "1"))
    assert got.code == 2 and "invalid choice: 'v9'" in got.err and "Traceback" not in got.err


async def test_hosts_of_one_thread_keep_their_own_state(engine):
    """Several isolates on one thread take turns (STPyV8 re-enters the right one each time)."""
    async with Host(HostOptions(engine=engine)) as a, Host(HostOptions(engine=engine)) as b:
        for h, name in ((a, "a"), (b, "b")):
            h._bridge.run_script(f"globalThis.who = {name!r}; globalThis.n = 0; __hostrt.bridge"
                                ".handle('n', () => `${who}${++n}`)")
        got = [await h.dispatch("n") for h in (a, b, a, a, b)]
        assert got == ["a1", "b1", "a2", "a3", "b2"]
        assert a.heap_stats()["used_heap_size"] > 0 and b.heap_stats()["used_heap_size"] > 0


@pytest.mark.skipif(not engine_installed("stpyv8"), reason="stpyv8 is not installed")
async def test_stpyv8_engine_refuses_another_thread():
    async with Host(HostOptions(engine="stpyv8")) as host:
        errors: list[BaseException] = []

        def use() -> None:
            try:
                asyncio.run(host.dispatch("nothing"))
            except BaseException as exc:  # the test inspects it
                errors.append(exc)
        t = threading.Thread(target=use)
        t.start()
        t.join(10)
        assert len(errors) == 1 and isinstance(errors[0], HostError)
        assert "only from the thread that created it" in str(errors[0])


@pytest.mark.skipif(not engine_installed("stpyv8"), reason="stpyv8 is not installed")
async def test_stpyv8_heap_statistics_are_plausible():
    """The ctypes view of v8::HeapStatistics reads a consistent struct (layout check)."""
    async with Host(HostOptions(engine="stpyv8", stdout=io.StringIO())) as host:
        before = host.heap_stats()
        host._bridge.run_script("globalThis.keep = Array.from({length: 200000}, (_, i) => ({i}))")
        await host.run_until_idle()
        after = host.heap_stats()
    for stats in (before, after):
        assert 0 < stats["used_heap_size"] <= stats["total_heap_size"] < stats["heap_size_limit"]
    assert after["used_heap_size"] - before["used_heap_size"] > 200000 * 16


def test_every_engine_is_known():
    assert ENGINES == ("mini-racer", "stpyv8")
    assert engine_installed("mini-racer") and not engine_installed("v9")


def test_stpyv8_date_time_formatting_is_an_error_not_an_abort(write_js, hostrt_run):
    """STPyV8 13.1 aborts the process in ICU date-time formatting; hostrt makes it a RangeError."""
    from hostrt.engine import engine_installed
    if not engine_installed("stpyv8"):
        pytest.skip("the stpyv8 engine's package is not installed (pip install 'hostrt[stpyv8]')")
    script = write_js("intl.js", """
        for (const f of [() => new Intl.DateTimeFormat('en-US'), () => new Date(0).toLocaleString(),
                         () => new Date(0).toLocaleTimeString()]) {
          try { f(); console.log('formatted'); } catch (e) { console.log(e.name, e.code); }
        }
    """)
    got = hostrt_run("--engine", "stpyv8", script)
    assert got.code == 0, got.err
    assert got.out.splitlines() == ["RangeError ERR_HOSTRT_ENGINE_UNSUPPORTED"] * 3


def test_the_mini_racer_private_api_hostrt_relies_on_is_there():
    """engine/miniracer.py uses a few private names of mini-racer (pinned ==0.14.1): each exists,
    and the private eval it repeats (to keep the task id for the watchdog) is unchanged."""
    import importlib
    import inspect
    from importlib.metadata import version

    from py_mini_racer import init_mini_racer

    from hostrt.engine import engine_class
    from hostrt.engine.miniracer import PRIVATE_API
    assert version("mini-racer") == "0.14.1"
    engine_class("mini-racer").init()
    dll = init_mini_racer(ignore_duplicate_init=True)
    for name in PRIVATE_API:
        if name.startswith("dll."):
            assert hasattr(dll, name[4:]), name
            continue
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                obj = importlib.import_module(".".join(parts[:cut]))
                break
            except ModuleNotFoundError:
                continue
        for attr in parts[cut:]:
            # Context is a dataclass: its private queue is a field, not a class attribute.
            fields = getattr(obj, "__dataclass_fields__", {})
            assert hasattr(obj, attr) or attr in fields, name
            obj = getattr(obj, attr, None)
    from py_mini_racer import _context
    assert _context._UNCANCELABLE_TASK_CALLBACK_ID == 0
    body = inspect.getsource(_context.Context._run_uncancelable_mr_task)
    assert "dll_method(self._ctx, *args, _UNCANCELABLE_TASK_CALLBACK_ID)" in body
    assert "self._non_cancelable_mr_task_results_queue.get()" in body


def test_engine_classes_report_their_v8(engine):
    from hostrt.engine import engine_class
    cls = engine_class(engine)
    cls.init()
    assert cls.version().split(".")[0] in ("13", "14")


def _rss_kib() -> int:
    from pathlib import Path
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


@pytest.mark.skipif(not engine_installed("stpyv8"), reason="stpyv8 is not installed")
def test_stpyv8_closed_engines_give_their_isolates_memory_back():
    """A closed engine's isolate is disposed: 12 isolates that each held ~30 MB of JS objects
    leave RSS near where it was after the second (STPyV8's default JSIsolate() never disposed
    one, and this loop grew by ~30 MB an engine)."""
    import gc

    from hostrt.engine.stpyv8 import StPyV8Engine
    samples = []
    for _ in range(12):
        eng = StPyV8Engine()
        assert eng.eval("globalThis.keep = Array.from({length: 300000}, (_, i) => ({i, s: 'x' + i}));"
                        " keep.length") == 300000
        eng.close()
        del eng
        gc.collect()
        samples.append(_rss_kib())
    assert samples[-1] - samples[1] < 60 * 1024, samples


@pytest.mark.skipif(not engine_installed("stpyv8"), reason="stpyv8 is not installed")
def test_stpyv8_errors_outlive_the_disposed_isolate():
    """An error raised by an engine keeps no STPyV8 exception (which holds V8 handles) as its
    cause or context, so it can be kept and printed after the isolate is disposed."""
    import gc

    from hostrt.engine.stpyv8 import StPyV8Engine
    eng = StPyV8Engine()
    with pytest.raises(HostError) as info:
        eng.eval("throw new TypeError('kept after close')")
    err = info.value
    with pytest.raises(HostError, match="SyntaxError"):
        eng.eval("}{")
    eng.close()
    del eng, info
    gc.collect()
    assert err.__cause__ is None and err.__context__ is None
    assert "kept after close" in str(err)
    other = StPyV8Engine()  # the process is intact: a new isolate works
    assert other.eval("6 * 7") == 42
    other.close()
