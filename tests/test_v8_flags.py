"""V8 flags of the mini-racer engine: an embedder's (`set_v8_flags`, e.g. `hostrt serve`'s) and
the user's ($HOSTRT_V8_FLAGS, last). Flags are process-wide: each case runs in its own process."""

from __future__ import annotations

import json
import sys

from tests.conftest import run_cmd

SCRIPT = r"""
import asyncio, json, sys
from hostrt import Host, HostOptions
from hostrt.engine.miniracer import set_v8_flags
from hostrt.errors import HostError
set_v8_flags(sys.argv[1:])
async def main():
    async with Host(HostOptions(engine="mini-racer")) as host:
        limit = host.heap_stats()["heap_size_limit"]
    try:
        set_v8_flags(["--max-old-space-size=999"])
        late = "accepted"
    except HostError as exc:
        late = str(exc)
    set_v8_flags(sys.argv[1:])  # the same flags again: fine
    print(json.dumps({"limit_mb": limit / 2**20, "late": late}))
asyncio.run(main())
"""


def _run(flags: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    res = run_cmd([sys.executable, "-c", SCRIPT, *flags], env=env, timeout=120)
    assert res.code == 0, res.err
    return json.loads(res.out.strip().splitlines()[-1])


def test_embedder_flags_apply_freeze_and_user_flags_come_last() -> None:
    none = {"HOSTRT_V8_FLAGS": ""}
    small = _run(["--max-old-space-size=64"], env=none)
    big = _run(["--max-old-space-size=128"], env=none)
    # heap_size_limit is old space plus the young generation: the old space moved by 64 MB.
    assert float(big["limit_mb"]) - float(small["limit_mb"]) == 64  # type: ignore[arg-type]
    assert "already running with flags ['--max-old-space-size=64']" in str(small["late"])
    user = _run(["--max-old-space-size=64"], env={"HOSTRT_V8_FLAGS": "--max-old-space-size=128"})
    assert user["limit_mb"] == big["limit_mb"]
