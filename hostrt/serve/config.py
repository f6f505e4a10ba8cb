"""`hostrt serve` settings: Pepr's admission-pod environment, overridden by flags.

Pepr's controller reads its environment (the Deployment `npx pepr build` writes sets it), so a
pod could run hostrt with only the command changed:

    PEPR_API_PATH (else the file /app/api-path/value)     the secret path segment of the routes
    SSL_KEY_PATH / SSL_CERT_PATH (/etc/certs/tls.key|crt)  the serving key and certificate
    PEPR_WATCH_MODE=true                                   the watcher pod (no admission routes)
    LOG_LEVEL                                              the pino logger's level
    PEPR_KEEP_ALIVE_TIMEOUT_MS (90000), PEPR_HEADERS_TIMEOUT_MS (32000)
    port 3000

PEPR_PRETTY_LOG is read but not honoured: logs stay JSON lines (Pepr 1.1.4's own logger reads
PEPR_PRETTY_LOGS, and neither timeout variable reaches its https server, which keeps Node's
defaults).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hostrt.errors import HostError
from hostrt.permissions import Permissions

ROLES = ("all", "admission", "watcher")
API_PATH_FILE = Path("/app/api-path/value")
DEFAULT_KEY = "/etc/certs/tls.key"
DEFAULT_CERT = "/etc/certs/tls.crt"
BODY_LIMIT = 2 * 1024 * 1024  # express.json({limit: "2mb"})
DRAIN_SECONDS = 5.0           # Pepr's terminationGracePeriodSeconds


@dataclass
class ServeConfig:
    """Everything `hostrt serve` needs, resolved from the environment and the flags."""

    module: str
    host: str = "0.0.0.0"
    port: int = 3000
    api_path: str | None = None
    tls_cert: Path = Path(DEFAULT_CERT)
    tls_key: Path = Path(DEFAULT_KEY)
    tls_self_signed: bool = False
    role: str = "all"
    workers: int = 1
    log_level: str = "info"
    pretty_log: bool = False
    keep_alive_timeout_ms: int = 90_000
    headers_timeout_ms: int = 32_000
    drain_seconds: float = DRAIN_SECONDS
    uvloop: bool = True
    engine: str | None = None
    max_heap_mb: int | None = None
    env_overrides: dict[str, str] = field(default_factory=dict)
    environ: dict[str, str] = field(default_factory=dict)  # the process environment it was read from
    # What the module may reach (deny-by-default for a Pepr module): --allow-read/-net/-env.
    permissions: Permissions = field(default_factory=lambda: Permissions(enforced=True))
    # The capability Stores: "cluster" (PeprStore resources), a SQLite path, or None (the
    # cluster when one is configured, else memory). See hostrt/serve/store.py.
    store: str | None = None
    # Leader election of the watcher (hostrt/serve/lease.py): the Lease's name, or None.
    lease: str | None = None
    lease_namespace: str = "pepr-system"
    lease_duration: float = 15.0
    lease_identity: str | None = None   # default: $POD_NAME, else host name and pid

    @property
    def admission(self) -> bool:
        """Whether this process answers /mutate and /validate."""
        return self.role in ("all", "admission")

    @property
    def watcher(self) -> bool:
        """Whether this process runs the watcher (Watch/Reconcile/OnSchedule)."""
        return self.role in ("all", "watcher")


def _int_env(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HostError(f"{name}={raw!r}: expected a whole number of milliseconds",
                        code="ERR_HOSTRT_BAD_INPUT") from None
    if value <= 0:
        raise HostError(f"{name}={raw!r}: expected a positive number of milliseconds",
                        code="ERR_HOSTRT_BAD_INPUT")
    return value


def read_api_path(env: Mapping[str, str], flag: str | None, path_file: Path = API_PATH_FILE) -> str | None:
    """--api-path, else PEPR_API_PATH, else the mounted secret file (trimmed), else None."""
    if flag:
        return flag
    if env.get("PEPR_API_PATH"):
        return env["PEPR_API_PATH"]
    try:
        value = path_file.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return value or None


def resolve(module: str, *, environ: Mapping[str, str] | None = None, port: int | None = None,
            host: str | None = None, api_path: str | None = None, tls_cert: str | None = None,
            tls_key: str | None = None, tls_self_signed: bool = False, workers: int = 1,
            role: str | None = None, engine: str | None = None, max_heap_mb: int | None = None,
            env_overrides: dict[str, str] | None = None, uvloop: bool = True,
            api_path_file: Path = API_PATH_FILE,
            permissions: Permissions | None = None, store: str | None = None,
            lease: str | None = None, lease_namespace: str | None = None,
            lease_duration: float | None = None) -> ServeConfig:
    """Build the config: Pepr's environment first, then the flags given (None = not given)."""
    env = dict(os.environ if environ is None else environ)
    env.update(env_overrides or {})
    # Pepr's pods set PEPR_WATCH_MODE: "true" in the watcher, "false" in the admission pod; a
    # process without it (a laptop) runs everything.
    watch_mode = env.get("PEPR_WATCH_MODE")
    chosen_role = role or {"true": "watcher", "false": "admission"}.get(watch_mode or "", "all")
    if chosen_role not in ROLES:
        raise HostError(f"--role {chosen_role!r}: expected one of {', '.join(ROLES)}",
                        code="ERR_HOSTRT_BAD_INPUT")
    cfg = ServeConfig(
        module=module,
        host=host or "0.0.0.0",
        port=3000 if port is None else port,
        tls_cert=Path(tls_cert or env.get("SSL_CERT_PATH") or DEFAULT_CERT),
        tls_key=Path(tls_key or env.get("SSL_KEY_PATH") or DEFAULT_KEY),
        tls_self_signed=tls_self_signed,
        role=chosen_role,
        workers=workers,
        log_level=env.get("LOG_LEVEL") or "info",
        pretty_log="true" in (env.get("PEPR_PRETTY_LOG"), env.get("PEPR_PRETTY_LOGS")),
        keep_alive_timeout_ms=_int_env(env, "PEPR_KEEP_ALIVE_TIMEOUT_MS", 90_000),
        headers_timeout_ms=_int_env(env, "PEPR_HEADERS_TIMEOUT_MS", 32_000),
        uvloop=uvloop,
        engine=engine,
        max_heap_mb=max_heap_mb,
        env_overrides=dict(env_overrides or {}),
        environ=env,
        permissions=permissions or Permissions(enforced=True),
        store=store,
        lease=lease or None,
        lease_namespace=lease_namespace or "pepr-system",
        lease_duration=15.0 if lease_duration is None else lease_duration,
        lease_identity=env.get("POD_NAME") or None,
    )
    if cfg.lease and cfg.lease_duration < 3:
        raise HostError(f"--lease-duration {cfg.lease_duration:g}: expected at least 3 seconds",
                        code="ERR_HOSTRT_BAD_INPUT")
    if not 0 <= cfg.port <= 65535:
        raise HostError(f"--port {cfg.port}: expected 0-65535", code="ERR_HOSTRT_BAD_INPUT")
    if cfg.admission:
        cfg.api_path = read_api_path(env, api_path, api_path_file)
        if not cfg.api_path:
            raise HostError("API path not found: pass --api-path, set PEPR_API_PATH, or mount "
                            f"it at {api_path_file} (Pepr's deployment does)",
                            code="ERR_HOSTRT_BAD_INPUT")
    return cfg
