"""The Python API a controller embeds: load, dispatch, limits with recovery, close."""

from __future__ import annotations

import io

import pytest

from hostrt import Host, HostOptions
from hostrt.errors import DeadlineExceeded, HeapLimitExceeded


async def test_load_dispatch_close(write_js, engine):
    mod = write_js("policy.js", """
        const bridge = require('hostrt:bridge');
        let seen = 0;
        console.log('loaded');
        bridge.handle('admit', async (req) => ({ allowed: req.name !== 'bad', seen: ++seen }));
    """)
    out = io.StringIO()
    async with Host(HostOptions(stdout=out, engine=engine)) as host:
        await host.load(mod)
        assert await host.dispatch("admit", {"name": "ok"}) == {"allowed": True, "seen": 1}
        assert await host.dispatch("admit", {"name": "bad"}) == {"allowed": False, "seen": 2}
        assert host.heap_stats()["used_heap_size"] > 0
        host._bridge.run_script("globalThis.junk = Array.from({length: 1e5}, (_, i) => ({i}));"
                               "globalThis.junk = null")
        await host.run_until_idle()
        before = host.heap_stats()["used_heap_size"]
        host.collect_garbage()
        assert host.heap_stats()["used_heap_size"] < before - 1_000_000
    assert out.getvalue() == "loaded\n"


async def test_deadline_then_fresh_isolate_answers(write_js, engine):
    mod = write_js("spin.js", """
        require('hostrt:bridge').handle('work', (n) => { if (n < 0) for (;;) {} return n + 1; });
    """)
    async with Host(HostOptions(timeout=0.3, stdout=io.StringIO(), engine=engine)) as host:
        await host.load(mod)
        with pytest.raises(DeadlineExceeded):
            await host.dispatch("work", -1)
        assert await host.dispatch("work", 41) == 42
        assert host.restarts == 1


async def test_heap_cap_then_fresh_isolate_answers(write_js, engine):
    mod = write_js("hog.js", """
        require('hostrt:bridge').handle('eat', (n) => {
          if (n < 0) { const a = []; for (;;) a.push(new Array(1e5).fill(1)); }
          return 'ok';
        });
    """)
    async with Host(HostOptions(max_heap_mb=64, stdout=io.StringIO(), engine=engine)) as host:
        await host.load(mod)
        with pytest.raises(HeapLimitExceeded):
            await host.dispatch("eat", -1)
        assert await host.dispatch("eat", 1) == "ok"


async def test_run_until_idle_returns_exit_code(write_js):
    mod = write_js("script.js", "setTimeout(() => { process.exitCode = 9; }, 5);")
    async with Host(HostOptions(stdout=io.StringIO())) as host:
        await host.load(mod)
        assert await host.run_until_idle() == 9


async def test_fake_time_runs_hours_instantly(write_js):
    import time
    mod = write_js("sched.js", """
        let n = 0;
        const t = setInterval(() => { if (++n === 24) { clearInterval(t); console.log('day done', n); } },
                              3600 * 1000);
    """)
    out = io.StringIO()
    started = time.monotonic()
    async with Host(HostOptions(fake_time=True, stdout=out)) as host:
        await host.load(mod)
        assert await host.run_until_idle() == 0
        assert host.loop.clock.now() >= 24 * 3600 * 1000
    assert out.getvalue() == "day done 24\n"
    assert time.monotonic() - started < 5
