"""What a module may reach: file reads, network, the host's environment (Deno-style grants).

Pepr modules run deny-by-default (`hostrt run MODULE --admission/--watch`, `hostrt serve`):
  - fs:      reads only under `--allow-read PATH`, changes only under `--allow-write DIR`
             (the fs shim serves nothing else; a write root is readable too);
  - network: `fetch` only to `--allow-net HOST[:PORT]` (each redirect hop is checked too). The
             module's own Kubernetes calls through `K8s()` go through hostrt's Kubernetes client
             and its credentials/RBAC, not through this flag;
  - env:     `process.env` holds the module's configured `pepr.env`, Pepr's own variables
             (PEPR_*, LOG_LEVEL, NODE_ENV) and `--env` entries; the rest of the host's
             environment only with `--allow-env [NAMES]`.
Plain scripts (`hostrt run script.js`) stay Node-like (network and environment open; fs reads
and writes are always behind --allow-read/--allow-write) unless `--sandbox` asks for the same
rules.

A denied file read, file write or fetch throws Node's permission-model error (`ERR_ACCESS_DENIED`) naming
the flag that grants it. A variable held back reads as unset — Pepr and its libraries probe
optional variables (NODE_DEBUG, DEBUG, ...), and a throw would also tell the module that the
variable exists on the host — and hostrt says on stderr, once per name, which flag grants it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from hostrt.errors import HostError

# The host variables a Pepr module always sees: Pepr's own configuration and Node's mode.
PEPR_PREFIXES = ("PEPR_",)
PEPR_NAMES = frozenset({"LOG_LEVEL", "NODE_ENV"})


class PermissionDenied(HostError):
    """An access the module was not granted (Node's `ERR_ACCESS_DENIED`)."""

    def __init__(self, what: str, flag: str, *, permission: str, resource: str) -> None:
        super().__init__(f"Access to this API has been restricted: {what}; grant it with "
                         f"{flag}", code="ERR_ACCESS_DENIED")
        self.permission = permission
        self.resource = resource


@dataclass(frozen=True)
class Permissions:
    """The grants of one host. `enforced` False: Node-like (net and env open)."""

    enforced: bool = False
    read: tuple[str, ...] = ()               # --allow-read roots (always enforced by fs)
    write: tuple[str, ...] = ()              # --allow-write directories (always enforced by fs)
    net: frozenset[str] | None = None        # None: any host; else "host" / "host:port"
    env: frozenset[str] | None = None        # None: the whole host environment

    def net_allowed(self, host: str, port: int) -> bool:
        """May fetch connect to host:port?"""
        if not self.enforced or self.net is None:
            return True
        host = host.lower().strip("[]")
        return host in self.net or f"{host}:{port}" in self.net

    def check_fetch(self, url: str) -> None:
        """Raise PermissionDenied unless fetch may reach `url` (http/https)."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if not self.net_allowed(host, port):
            where = f"{host}:{port}"
            raise PermissionDenied(f"fetch to {where} ({url})", f"--allow-net {where}",
                                   permission="Net", resource=where)

    def env_allowed(self, name: str) -> bool:
        """Is this host variable passed to the module?"""
        if not self.enforced or self.env is None:
            return True
        return name in self.env or name in PEPR_NAMES or name.startswith(PEPR_PREFIXES)

    def host_env(self, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        """The part of the host's environment the module may see."""
        env = os.environ if environ is None else environ
        return {k: v for k, v in env.items() if self.env_allowed(k)}

    def held_back(self, name: str, environ: Mapping[str, str] | None = None) -> bool:
        """True when `name` is in the host's environment but not granted."""
        env = os.environ if environ is None else environ
        return name in env and not self.env_allowed(name)

    def describe(self) -> dict[str, object]:
        """The grants as JSON-able data (for --info and logs)."""
        return {"enforced": self.enforced, "read": list(self.read), "write": list(self.write),
                "net": None if self.net is None else sorted(self.net),
                "env": None if self.env is None else sorted(self.env)}


def add_permission_flags(p: argparse.ArgumentParser) -> None:
    """--allow-write, --allow-net, --allow-env and --sandbox (--allow-read is added with the
    host options)."""
    p.add_argument("--allow-write", action="append", default=[], metavar="DIR[,DIR...]",
                   help="let fs create, change and remove files under these directories "
                        "(repeatable; denied otherwise): changes are made in the script's view "
                        "at once and written through to the disk in order before exit")
    p.add_argument("--allow-net", action="append", nargs="?", const="", default=None,
                   metavar="HOST[:PORT],...",
                   help="let fetch reach these hosts (all ports, or the one given); without a "
                        "value: any host (Pepr modules and --sandbox scripts are denied "
                        "otherwise; K8s() calls use the Kubernetes client, not this)")
    p.add_argument("--allow-env", action="append", nargs="?", const="", default=None,
                   metavar="NAME,...",
                   help="pass these host environment variables to the module; without a "
                        "value: all of them (a Pepr module otherwise sees its pepr.env, "
                        "PEPR_*, LOG_LEVEL, NODE_ENV and --env entries only)")
    p.add_argument("--sandbox", action="store_true",
                   help="apply the Pepr-module rules (network and environment denied unless "
                        "granted) to a plain script too")


def _grants(values: Iterable[str] | None) -> frozenset[str] | None:
    if values is None:
        return frozenset()
    items = [item.strip() for value in values for item in value.split(",")]
    if any(item == "" for item in items):
        return None  # a bare flag: everything
    return frozenset(items)


def _net_grants(values: Iterable[str] | None) -> frozenset[str] | None:
    grants = _grants(values)
    if grants is None:
        return None
    for item in grants:
        host, _, port = item.rpartition(":") if item.count(":") == 1 else (item, "", "")
        if port and not port.isdigit():
            raise HostError(f"--allow-net {item}: expected HOST or HOST:PORT",
                            code="ERR_HOSTRT_BAD_OPTION")
        if not (host or item):
            raise HostError("--allow-net: empty host", code="ERR_HOSTRT_BAD_OPTION")
    return frozenset(g.lower() for g in grants)


def _paths(values: Iterable[str]) -> tuple[str, ...]:
    """Repeated and comma-separated paths, in order; an empty item is an error."""
    items = [item.strip() for value in values for item in value.split(",")]
    if any(item == "" for item in items):
        raise HostError("--allow-write: empty path (expected DIR or DIR,DIR,...)",
                        code="ERR_HOSTRT_BAD_OPTION")
    return tuple(items)


def from_args(args: argparse.Namespace, *, enforced: bool) -> Permissions:
    """Permissions from parsed flags; `enforced` is the command's default (True for Pepr
    modules), which --sandbox also turns on."""
    env_values = getattr(args, "allow_env", None)
    return Permissions(
        enforced=enforced or bool(getattr(args, "sandbox", False)),
        read=tuple(getattr(args, "allow_read", []) or []),
        write=_paths(getattr(args, "allow_write", []) or []),
        net=_net_grants(getattr(args, "allow_net", None)),
        env=_grants(env_values) if env_values is not None else frozenset(),
    )
