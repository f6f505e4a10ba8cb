"""Where `hostrt serve`'s RSS at ready comes from: its start-up, stage by stage, in one fresh
process, as `hostrt bench serve` reports it (`stages_cmd(BUNDLE)` runs this file as a script,
so nothing of hostrt is imported before the first stage).

The stages follow the serving process's own order (hostrt/serve/run.py, admission.py): the
interpreter, asyncio + uvloop + ssl, the HTTP stack (aiohttp.web, prometheus_client), hostrt's
serve modules, V8 initialised (mini-racer's library loaded, serve's V8 flags), the Host started
(core + every shim), the module loaded, then what serve does at ready (a full V8 collection,
gc.collect, malloc_trim). After each stage one line `HOSTRT_RSS {json}` gives VmRSS and its
anonymous and file-backed parts (MB, /proc/self/status); the last also gives the resident pages
of mini-racer's library and V8's heap. Nothing is hidden: no page is advised away.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

MINI_RACER_LIB = "libmini_racer.so"
STAGES = ("python", "asyncio-uvloop", "http-stack", "hostrt-serve", "v8-init", "host-start",
          "module-load", "ready")


def stages_cmd(bundle: str) -> list[str]:
    """The command that prints the stages of serving `bundle` (this file run as a script)."""
    boot = ("import runpy, sys; sys.argv = sys.argv[1:]; "
            "runpy.run_path(sys.argv[0], run_name='__main__')")
    return [sys.executable, "-c", boot, __file__, bundle]


def _status() -> dict[str, float]:
    out: dict[str, float] = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                out[key] = int(value.split()[0]) / 1024.0
    return out


def mapping_rss_mb(name: str) -> float:
    """Resident MB of this process's mappings of a file whose path ends with `name`."""
    kb, inside = 0, False
    with open("/proc/self/smaps") as fh:
        for line in fh:
            parts = line.split()
            if parts and "-" in parts[0] and ":" not in parts[0]:
                inside = len(parts) > 5 and parts[5].endswith(name)
            elif inside and parts[0] == "Rss:":
                kb += int(parts[1])
    return kb / 1024.0


def _emit(stage: str, **extra: Any) -> None:
    st = _status()
    line = {"stage": stage, "rss": st.get("VmRSS", 0.0), "anon": st.get("RssAnon", 0.0),
            "file": st.get("RssFile", 0.0), "shmem": st.get("RssShmem", 0.0), **extra}
    sys.stdout.write(f"HOSTRT_RSS {json.dumps(line)}\n")
    sys.stdout.flush()


async def _host_stages(bundle: str) -> None:
    import io

    from hostrt.host import Host, HostOptions
    from hostrt.pepr.module import resolve_module
    from hostrt.serve.memory import return_free_memory
    spec = resolve_module(bundle)
    # As serve's admission component starts it (its log lines go nowhere here).
    host = Host(HostOptions(engine="mini-racer", offload_ticks=True, track_rejections=False,
                            stdout=io.StringIO(), stderr=io.StringIO()))
    await host.start()
    _emit("host-start")
    await host.load(spec.entry, bundle=spec.bundle)
    _emit("module-load")
    host.collect_garbage()
    import gc
    gc.collect()
    return_free_memory()
    heap = host.heap_stats()
    _emit("ready", lib_mb=round(mapping_rss_mb(MINI_RACER_LIB), 1),
          v8_heap_mb=round(float(heap.get("total_physical_size", 0)) / 2**20, 1))
    await host.close()


def main(argv: list[str] | None = None) -> int:
    """Print one HOSTRT_RSS line per stage of serving BUNDLE's start-up."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m hostrt.bench.serve_rss BUNDLE\n")
        return 2
    _emit("python")
    import ssl  # noqa: F401

    import uvloop
    _emit("asyncio-uvloop")
    import prometheus_client  # noqa: F401
    from aiohttp import web  # noqa: F401
    _emit("http-stack")
    import hostrt.serve.admission
    import hostrt.serve.run  # noqa: F401
    _emit("hostrt-serve")
    from hostrt.engine.miniracer import MiniRacerEngine, set_v8_flags
    from hostrt.serve.admission import SERVE_V8_FLAGS
    set_v8_flags(SERVE_V8_FLAGS)
    MiniRacerEngine.init()
    _emit("v8-init", lib_mb=round(mapping_rss_mb(MINI_RACER_LIB), 1))
    uvloop.run(_host_stages(args[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
