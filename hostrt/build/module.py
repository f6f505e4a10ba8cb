"""The module as `hostrt build` ships it: one CommonJS bundle, and what it binds.

The bundle is made with Pepr's build settings (esbuild: bundle, cjs, platform node, keepNames,
minify, tree shaking; `pepr` and Node's built-ins stay external: hostrt's in-engine `pepr` and
shims answer them). The bindings are read by loading *that bundle* in hostrt and asking the
module (`pepr.info`), so the webhook rules describe exactly the code that is deployed.
"""

from __future__ import annotations

import dataclasses
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hostrt.errors import HostError, JSError
from hostrt.pepr.module import PEPR_BUILD, PeprModuleSpec, module_env, resolve_module

# No inline source map (it would name the build machine's paths and double the size); async
# functions stay native: `hostrt serve` runs modules with V8's own promises.
DEPLOY_BUNDLE = dataclasses.replace(PEPR_BUILD, sourcemap=False, lower_async=False)
# Settings that the running module reports (pepr.info) and that win over package.json's.
_FROM_MODULE = ("uuid", "description", "onError", "webhookTimeout", "alwaysIgnore")


@dataclass
class BuiltModule:
    """The bundle's code, the module's pepr config and its capabilities (with bindings)."""

    spec: PeprModuleSpec
    code: bytes
    config: dict[str, Any]
    description: str
    capabilities: list[dict[str, Any]]


def bundle_module(spec: PeprModuleSpec) -> tuple[Any, bytes]:
    """The module graph (one bundled file) and its code."""
    from hostrt.loader.graph import discover
    from hostrt.shimreg import provided_modules
    external = sorted(n for n in provided_modules() if not n.startswith("node:"))
    graph = discover(spec.entry, external, DEPLOY_BUNDLE, lower_async=False)
    if len(graph.files) != 1:
        raise HostError(f"{spec.entry}: esbuild did not make a single bundle",
                        code="ERR_HOSTRT_BUILD")
    return graph, next(iter(graph.files.values())).encode("utf-8")


async def build_module(path: str | Path) -> BuiltModule:
    """Bundle the module at `path` and read its configuration and bindings."""
    from hostrt.host import Host, HostOptions
    from hostrt.pepr.store import PeprStore
    from hostrt.settings import PeprSettings

    spec = resolve_module(path)
    graph, code = bundle_module(spec)
    # PEPR_MODE=dev registers admission and watch bindings both (Pepr's build mode instead
    # sends them over a Node IPC channel, which an embedding has no use for).
    env = module_env(spec.config, dict(os.environ), watch=True, admission=True,
                     overrides={"LOG_LEVEL": "warn"})
    log = io.StringIO()
    opts = HostOptions(env=env, track_rejections=False, stdout=log, stderr=log,
                       argv=[str(spec.entry)], pepr=PeprSettings(store=PeprStore()))
    async with Host(opts) as host:
        await host.load_graph(graph)
        if host.fatal is not None or host.exit_code is not None:
            raise HostError(f"{spec.entry}: the module failed while loading:\n"
                            f"{log.getvalue()[-3000:]}", code="ERR_HOSTRT_BUILD")
        try:
            await host.dispatch("pepr.store.load", {"store": {}, "schedule": {}})
            info = await host.dispatch("pepr.info", None)
        except JSError as exc:
            if exc.code == "ERR_HOSTRT_NO_HANDLER":
                raise HostError(f"{spec.entry}: no PeprModule was created: a Pepr module's entry "
                                "must run `new PeprModule(cfg, [capabilities])`",
                                code="ERR_HOSTRT_NOT_PEPR") from exc
            raise HostError(f"{spec.entry}: reading the module's bindings failed: "
                            f"{exc.stack}", code="ERR_HOSTRT_BUILD") from exc
    if not isinstance(info, dict) or not isinstance(info.get("capabilities"), list):
        raise HostError(f"{spec.entry}: pepr.info answered {info!r}", code="ERR_HOSTRT_BUILD")
    config = dict(spec.config)
    config.update({k: info[k] for k in _FROM_MODULE if info.get(k) is not None})
    return BuiltModule(spec, code, config, str(info.get("description") or ""),
                       info["capabilities"])
