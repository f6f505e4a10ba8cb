"""Host.run_until (a virtual-time limit) and EventLoop.hold (keep-alive without a timer)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from hostrt import Host, HostOptions


async def test_run_until_virtual_time(tmp_path: Path) -> None:
    script = tmp_path / "t.js"
    script.write_text("""
        const fired = [];
        for (const ms of [1000, 2000, 3000]) setTimeout(() => fired.push(ms), ms);
        require('hostrt:bridge').handle('fired', async () => fired);
    """)
    async with Host(HostOptions(fake_time=True, stdout=io.StringIO(), timeout=5)) as host:
        await host.load(script)
        assert await host.run_until(time_ms=2000) is None  # the process goes on
        assert await host.dispatch("fired") == [1000, 2000]  # inclusive of the limit
        assert host.loop.clock.now() == 2000
        await host.run_until(time_ms=10_000)
        assert await host.dispatch("fired") == [1000, 2000, 3000]
        assert host.loop.clock.now() == 3000  # idle before the limit: stops there


async def test_run_until_with_nothing_scheduled_jumps_to_the_limit(tmp_path: Path) -> None:
    script = tmp_path / "t.js"
    script.write_text("setInterval(() => {}, 60_000);\n")
    async with Host(HostOptions(fake_time=True, stdout=io.StringIO(), timeout=5)) as host:
        await host.load(script)
        await host.run_until(time_ms=7_200_000)  # two virtual hours of a one-minute interval
        assert host.loop.clock.now() == 7_200_000


async def test_hold_keeps_the_loop_alive_until_released(tmp_path: Path) -> None:
    script = tmp_path / "t.js"
    script.write_text("require('hostrt:bridge').on('ping', p => console.log('got', p));\n")
    out = io.StringIO()
    async with Host(HostOptions(stdout=out, timeout=5)) as host:
        await host.load(script)
        hold = host.loop.hold()

        async def later() -> None:
            await asyncio.sleep(0.05)
            host.emit("ping", 1)
            await asyncio.sleep(0.05)
            hold.cancel()
        task = asyncio.ensure_future(later())
        code = await asyncio.wait_for(host.run_until_idle(), 5)
        await task
        assert code == 0
        assert "got 1" in out.getvalue()
