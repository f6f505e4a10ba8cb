"""What an embedder registers on the Host (ops, start-up data, closers) belongs to the Host and
survives the isolate restarts that follow a CPU deadline or the heap cap, on every engine."""

from __future__ import annotations

import io

import pytest

from hostrt import Host, HostOptions
from hostrt.errors import DeadlineExceeded, HeapLimitExceeded, HostError

MODULE = """
const bridge = require('hostrt:bridge');
bridge.handle('double', (x) => bridge.call('my.double', x));
bridge.handle('async', (x) => bridge.call('my.async', x));
bridge.handle('config', () => bridge.config('my.data'));
bridge.handle('timer', () => new Promise((resolve) => setTimeout(() => resolve('fired'), 5)));
bridge.handle('spin', () => { for (;;) {} });
bridge.handle('hog', () => { const a = []; for (;;) a.push(new Array(1e5).fill(1)); });
"""


async def _answers_everything(host: Host) -> None:
    assert await host.dispatch("double", 21) == 42
    assert await host.dispatch("async", "x") == "x!"
    assert await host.dispatch("config") == {"k": [1, 2]}
    assert await host.dispatch("timer") == "fired"  # a shim's op (timers.arm) as well


@pytest.mark.parametrize("kill, error, opts", [
    ("spin", DeadlineExceeded, {"timeout": 0.5}),
    ("hog", HeapLimitExceeded, {"max_heap_mb": 64}),
], ids=["deadline", "heap-cap"])
async def test_registrations_survive_a_restart(write_js, engine, kill, error, opts):
    mod = write_js("m.js", MODULE)
    closed: list[str] = []

    async def later(x: str) -> str:
        return x + "!"

    host = Host(HostOptions(engine=engine, stdout=io.StringIO(), **opts))
    # Registered before start: replayed into the first isolate and every later one.
    host.op("my.async", later)
    host.provide("my.data", {"k": [1, 2]})
    host.on_close(lambda: closed.append("closed"))
    async with host:
        await host.load(mod)
        host.op("my.double", lambda x: x * 2)  # registered on a running host
        await _answers_everything(host)
        with pytest.raises(error):
            await host.dispatch(kill)
        await _answers_everything(host)
        assert host.restarts == 1
        with pytest.raises(error):
            await host.dispatch(kill)
        await _answers_everything(host)
        assert host.restarts == 2 and closed == []  # restarts are not closes
    assert closed == ["closed"]


async def test_the_issue_example(write_js):
    """The README's embedder: an op registered after load still answers after a runaway."""
    mod = write_js("m.js", """
        const bridge = require('hostrt:bridge');
        bridge.handle('double', (x) => bridge.call('my.op', x));
        bridge.handle('spin', () => { for (;;) {} });
    """)
    async with Host(HostOptions(timeout=1, stdout=io.StringIO())) as host:
        await host.load(mod)
        host.op("my.op", lambda x: x * 2)
        assert await host.dispatch("double", 21) == 42
        with pytest.raises(DeadlineExceeded):
            await host.dispatch("spin", None)
        assert await host.dispatch("double", 21) == 42


async def test_provide_reaches_a_running_isolate(write_js):
    mod = write_js("m.js", "require('hostrt:bridge').handle('c', () => require('hostrt:bridge')"
                           ".config('late') ?? null);")
    async with Host(HostOptions(stdout=io.StringIO())) as host:
        await host.load(mod)
        assert await host.dispatch("c") is None
        host.provide("late", 7)
        assert await host.dispatch("c") == 7


@pytest.mark.parametrize("name, message", [
    ("$exit", "reserved for the host"),
    ("timers.arm", "declared by the 'timers' shim"),
    ("", "an op needs a name"),
])
async def test_host_op_refuses_reserved_and_shim_names(name, message):
    host = Host(HostOptions())
    with pytest.raises(HostError, match=message):
        host.op(name, lambda: None)


async def test_provide_refuses_a_shim_key():
    async with Host(HostOptions(stdout=io.StringIO())) as host:
        with pytest.raises(HostError, match="'process' is provided by the 'process' shim"):
            host.provide("process", {})
    host = Host(HostOptions(stdout=io.StringIO()))
    host.provide("process", {})
    with pytest.raises(HostError, match="'process' is provided by the 'process' shim"):
        await host.start()
