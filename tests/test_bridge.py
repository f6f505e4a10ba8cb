"""The bridge: batched host calls, dispatch into JS, errors crossing both ways."""

from __future__ import annotations

import asyncio

import pytest

from hostrt import HostError, JSError


async def _load(host, write_js, source: str):
    path = write_js("mod.js", source)
    await host.load(path)


async def test_many_concurrent_calls_cross_in_few_ticks(host, write_js):
    calls: list[int] = []

    def echo(i: int) -> int:
        calls.append(i)
        return i * 2

    host.op("test.echo", echo)
    await _load(host, write_js, """
        const bridge = require('hostrt:bridge');
        bridge.handle('many', async (n) => {
          const results = await Promise.all(Array.from({ length: n }, (_, i) => bridge.call('test.echo', i)));
          return results.reduce((a, b) => a + b, 0);
        });
    """)
    before = host.crossings
    total = await host.dispatch("many", 1000)
    assert total == sum(i * 2 for i in range(1000))
    assert sorted(calls) == list(range(1000))
    # One tick delivers the dispatch (and returns all 1000 calls), one delivers the answers.
    assert host.crossings - before <= 3


async def test_async_ops_keep_order_independent_results(host, write_js):
    async def slow(ms: int, tag: str) -> str:
        await asyncio.sleep(ms / 1000)
        return tag

    host.op("test.slow", slow)
    await _load(host, write_js, """
        const bridge = require('hostrt:bridge');
        bridge.handle('race', async () => {
          const order = [];
          await Promise.all([
            bridge.call('test.slow', 30, 'slow').then((t) => order.push(t)),
            bridge.call('test.slow', 1, 'fast').then((t) => order.push(t)),
          ]);
          return order;
        });
    """)
    assert await host.dispatch("race") == ["fast", "slow"]


async def test_python_exception_becomes_js_error_with_code_and_stack(host, write_js):
    def fails(what: str) -> None:
        raise HostError(f"cannot {what}", code="ERR_TEST_NOPE")

    def plain_fail(*_: object) -> None:
        raise ValueError("plain python failure")

    host.op("test.fail", fails)
    host.op("test.plain", plain_fail)
    await _load(host, write_js, """
        const bridge = require('hostrt:bridge');
        bridge.handle('try', async (op) => {
          try { await bridge.call(op, 'fly'); return 'no error'; }
          catch (e) { return { isError: e instanceof Error, code: e.code, message: e.message,
                               stack: e.stack, hostType: e.hostType }; }
        });
    """)
    err = await host.dispatch("try", "test.fail")
    assert err["isError"] and err["code"] == "ERR_TEST_NOPE" and err["message"] == "cannot fly"
    assert err["stack"].startswith("Error [ERR_TEST_NOPE]: cannot fly\n")
    assert "at fails (python:" in err["stack"]  # the Python frames that raised
    plain = await host.dispatch("try", "test.plain")
    assert plain["code"] == "ERR_HOSTRT_PYTHON" and plain["hostType"] == "ValueError"
    unknown = await host.dispatch("try", "test.nothing")
    assert unknown["code"] == "ERR_HOSTRT_UNKNOWN_OP"


async def test_js_exception_becomes_python_jserror(host, write_js):
    await _load(host, write_js, """
        require('hostrt:bridge').handle('explode', async (msg) => {
          const e = new RangeError(msg); e.code = 'E_JS'; throw e;
        });
    """)
    with pytest.raises(JSError) as info:
        await host.dispatch("explode", "out of range")
    assert info.value.name == "RangeError" and info.value.code == "E_JS"
    assert "out of range" in str(info.value) and "mod.js:2" in info.value.stack


async def test_dispatch_to_missing_handler(host):
    with pytest.raises(JSError) as info:
        await host.dispatch("nobody-home", {})
    assert info.value.code == "ERR_HOSTRT_NO_HANDLER"


async def test_unsettled_handler_is_reported(host, write_js):
    await _load(host, write_js, "require('hostrt:bridge').handle('never', () => new Promise(() => {}));")
    with pytest.raises(HostError, match="never settled"):
        await host.dispatch("never")


async def test_payload_round_trips_json(host, write_js):
    await _load(host, write_js, "require('hostrt:bridge').handle('id', (x) => x);")
    value = {"s": "ünïcödé \u2028 \"q\" </script>", "n": [1, 2.5, None, True], "__proto__": {"a": 1}}
    assert await host.dispatch("id", value) == value
