"""Values JS cannot send as JSON never break the bridge: the caller sees an error, the host
keeps answering; a module replacing the global JSON does not reach the bridge's own."""

from __future__ import annotations

import io

import pytest

from hostrt import Host, HostOptions, wirejson
from hostrt.errors import JSError

MODULE = """
    const bridge = require('hostrt:bridge');
    bridge.handle('getter', () => ({ ok: 1, get bad() { throw new Error('boom from getter'); } }));
    bridge.handle('bigint', () => ({ n: 10n }));
    bridge.handle('cycle', () => { const a = {}; a.self = a; return a; });
    bridge.handle('deep', () => {
      let v = 1;
      for (let i = 0; i < 1e6; i++) v = [v];
      return v;
    });
    bridge.handle('call-bad', async () => {
      try {
        await bridge.call('nosuch.op', { toJSON() { throw new Error('bad arg'); } });
        return 'resolved';
      } catch (e) {
        return e.code + ': ' + e.message;
      }
    });
    bridge.handle('patch-json', () => {
      JSON.stringify = () => 'not json';
      JSON.parse = () => { throw new Error('patched'); };
      return 'patched';
    });
    bridge.handle('echo', (x) => x);
"""


@pytest.mark.parametrize(("handler", "message"), [
    ("getter", "boom from getter"),
    ("bigint", "BigInt"),
    ("cycle", "circular"),
])
async def test_unserializable_results_fail_the_dispatch_only(write_js, engine, handler, message):
    mod = write_js("m.js", MODULE)
    async with Host(HostOptions(stdout=io.StringIO(), engine=engine)) as host:
        await host.load(mod)
        with pytest.raises(JSError) as info:
            await host.dispatch(handler)
        assert info.value.code == "ERR_HOSTRT_UNSERIALIZABLE"
        assert message.lower() in str(info.value).lower()
        assert await host.dispatch("echo", {"still": "alive"}) == {"still": "alive"}
        assert host.restarts == 0


async def test_a_million_levels_cross_or_fail_cleanly(write_js, engine):
    """V8's JSON.stringify overflows the stack on STPyV8 (the caller's thread) and not on
    mini-racer's V8 14 (a bigger thread stack): either way Python reads it at any depth or the
    dispatch fails with a clear error, and the host goes on."""
    mod = write_js("m.js", MODULE)
    async with Host(HostOptions(stdout=io.StringIO(), engine=engine)) as host:
        await host.load(mod)
        try:
            value = await host.dispatch("deep")
        except JSError as exc:
            assert exc.code == "ERR_HOSTRT_UNSERIALIZABLE"
            assert "call stack" in str(exc)
        else:
            assert wirejson.dumps(value) == "[" * 1_000_000 + "1" + "]" * 1_000_000
        assert await host.dispatch("echo", [1]) == [1]


async def test_unserializable_call_arguments_reject_the_call(write_js, engine):
    mod = write_js("m.js", MODULE)
    async with Host(HostOptions(stdout=io.StringIO(), engine=engine)) as host:
        await host.load(mod)
        answer = await host.dispatch("call-bad")
        assert answer.startswith("ERR_HOSTRT_UNSERIALIZABLE: the arguments of host call "
                                 "'nosuch.op' cannot be sent"), answer
        assert "bad arg" in answer


async def test_replacing_json_does_not_reach_the_bridge(write_js, engine):
    mod = write_js("m.js", MODULE)
    async with Host(HostOptions(stdout=io.StringIO(), engine=engine)) as host:
        await host.load(mod)
        assert await host.dispatch("patch-json") == "patched"
        deep = {"a": [1, "\u00e9", None]}
        for _ in range(3000):
            deep = {"a": deep}
        assert wirejson.dumps(await host.dispatch("echo", deep)) == wirejson.dumps(deep)


@pytest.mark.parametrize("text", [
    "é" * (1 << 20),                   # 1 MiB of a two-byte character
    "\U0001F600" * (1 << 18),          # astral: surrogate pairs in JS
    "\\" * (1 << 20) + '"' * 1000,     # escaped twice when an inbox was a JS string literal
    "a\u2028b\u2029c\u0000d\ufeff\uffff" * 1000,
    "x\ud800y\udfffz",                 # lone surrogates reach JS as lone UTF-16 code units
], ids=["e-1MiB", "astral", "backslashes", "separators", "lone-surrogates"])
async def test_big_and_odd_strings_cross_unchanged(write_js, engine, text):
    """What Python sends is what JS sees (length and code units) and what comes back, for the
    strings that made an inbox costly (mini-racer passes the inbox as a V8 string, not as
    source)."""
    mod = write_js("m.js", MODULE + """
    bridge.handle('measure', (s) => ({ length: s.length, first: s.charCodeAt(0),
                                       last: s.charCodeAt(s.length - 1), same: s }));
    """)
    async with Host(HostOptions(stdout=io.StringIO(), engine=engine)) as host:
        await host.load(mod)
        got = await host.dispatch("measure", text)
        units = text.encode("utf-16-le", "surrogatepass")
        assert got["length"] == len(units) // 2
        assert got["first"] == int.from_bytes(units[:2], "little")
        assert got["last"] == int.from_bytes(units[-2:], "little")
        assert got["same"] == text
        assert await host.dispatch("echo", {"still": "alive"}) == {"still": "alive"}
