"""`hostrt serve MODULE`: the Pepr admission controller, live over HTTPS (issue #12)."""

from __future__ import annotations

import argparse
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hostrt.cliargs import env_pair, positive_int
from hostrt.engine import ENGINES
from hostrt.errors import HostError
from hostrt.permissions import add_permission_flags, from_args


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port 0-65535, got {text!r}")
    return value


def serve_command(p: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    p.description = (
        "Run a Pepr module as Pepr 1.1.4's controller does: POST /mutate/<apiPath> and "
        "/validate/<apiPath> over HTTPS with Pepr's answers, GET /healthz, /readyz and /metrics. "
        "Reads Pepr's environment (PEPR_API_PATH or /app/api-path/value, SSL_KEY_PATH, "
        "SSL_CERT_PATH, PEPR_WATCH_MODE, LOG_LEVEL, PEPR_KEEP_ALIVE_TIMEOUT_MS, "
        "PEPR_HEADERS_TIMEOUT_MS; port 3000); flags override it. Logs are Pepr's pino JSON lines "
        "on stdout (PEPR_PRETTY_LOG is not honoured: pipe them through `npx pino-pretty`). "
        "SIGTERM drains requests in flight (at most 5 s) and exits 143.")
    p.add_argument("module", metavar="MODULE",
                   help="a Pepr project directory, its pepr.ts, or what `npx pepr build` emits")
    p.add_argument("--port", type=_port, default=None, help="port to listen on (default 3000; "
                   "0 picks a free one, logged as 'Server listening on port N')")
    p.add_argument("--host", default=None, help="address to bind (default 0.0.0.0, as Pepr)")
    p.add_argument("--api-path", default=None, metavar="PATH",
                   help="the secret path segment of /mutate/<PATH> (default $PEPR_API_PATH, "
                        "else the file /app/api-path/value)")
    p.add_argument("--tls-cert", default=None, metavar="FILE",
                   help="serving certificate, PEM (default $SSL_CERT_PATH, else "
                        "/etc/certs/tls.crt)")
    p.add_argument("--tls-key", default=None, metavar="FILE",
                   help="serving key, PEM (default $SSL_KEY_PATH, else /etc/certs/tls.key)")
    p.add_argument("--tls-self-signed", action=argparse.BooleanOptionalAction, default=False,
                   help="generate a CA and a serving certificate (SANs: localhost, 127.0.0.1, "
                        "the module's webhook Service) and write them to --tls-cert/--tls-key "
                        "(default: a new temporary directory), ca.crt beside them; prints the "
                        "CA bundle for a webhook configuration")
    p.add_argument("--workers", type=positive_int, default=1, metavar="N",
                   help="N processes on one port (SO_REUSEPORT), each with its own isolate")
    p.add_argument("--role", choices=("all", "admission", "watcher"), default=None,
                   help="what this process runs (default: all; admission if PEPR_WATCH_MODE=false, "
                        "watcher if PEPR_WATCH_MODE=true, as in Pepr's pods)")
    p.add_argument("--engine", choices=ENGINES, default=None,
                   help="JS engine backend (default mini-racer; HOSTRT_ENGINE sets it)")
    p.add_argument("--max-heap-mb", type=positive_int, default=None, metavar="MIB",
                   help="V8 heap cap per isolate; an isolate over it is replaced")
    p.add_argument("--env", type=env_pair, action="append", default=[], metavar="KEY=VALUE",
                   help="add or override an environment entry for the module (repeatable)")
    p.add_argument("--allow-read", action="append", default=[], metavar="PATH",
                   help="let the module's fs read this file or directory tree (repeatable)")
    add_permission_flags(p)
    p.add_argument("--store", default=None, metavar="cluster|PATH",
                   help="where the capability Stores live: `cluster` (the PeprStore resources "
                        "pepr-<uuid>-store/-schedule in pepr-system, shared with other replicas "
                        "and with Pepr's controller) or a SQLite file; default: the cluster when "
                        "one is configured, else memory")
    p.add_argument("--lease", default=None, metavar="NAME",
                   help="elect the watcher with this coordination.k8s.io Lease: only the "
                        "replica holding it runs the watcher, admission runs in every replica "
                        "(`hostrt build` uses pepr-<uuid>-watcher)")
    p.add_argument("--lease-namespace", default=None, metavar="NS",
                   help="the Lease's namespace (default pepr-system)")
    p.add_argument("--lease-duration", type=float, default=None, metavar="SECONDS",
                   help="how long the Lease holds without renewal: a standby takes over this "
                        "long after the leader dies or loses the API (default 15, at least 3)")
    p.add_argument("--no-uvloop", dest="uvloop", action="store_false",
                   help="use asyncio's default event loop instead of uvloop")
    p.add_argument("--reuse-port", action="store_true", help=argparse.SUPPRESS)

    def handler(args: argparse.Namespace) -> int:
        from hostrt.serve.config import resolve
        cfg = resolve(args.module, port=args.port, host=args.host, api_path=args.api_path,
                      tls_cert=args.tls_cert, tls_key=args.tls_key,
                      tls_self_signed=args.tls_self_signed, workers=args.workers,
                      role=args.role, engine=args.engine, max_heap_mb=args.max_heap_mb,
                      env_overrides=dict(args.env), uvloop=args.uvloop,
                      permissions=from_args(args, enforced=True), store=args.store,
                      lease=args.lease, lease_namespace=args.lease_namespace,
                      lease_duration=args.lease_duration)
        if not Path(cfg.module).exists():
            raise HostError(f"{cfg.module}: no such file or directory",
                            code="ERR_HOSTRT_NOT_FOUND")
        if cfg.tls_self_signed:
            _self_signed(cfg, args)
        from hostrt.serve.tls import server_context
        ctx = server_context(cfg.tls_cert, cfg.tls_key)
        if cfg.workers > 1:
            return _supervise(cfg, args)
        from hostrt.serve.run import run_process
        return run_process(cfg, ctx, reuse_port=args.reuse_port)
    return handler


def _self_signed(cfg: Any, args: argparse.Namespace) -> None:
    from hostrt.pepr.module import resolve_module
    from hostrt.serve.tls import generate_self_signed
    if args.tls_cert is None and args.tls_key is None:
        folder = Path(tempfile.mkdtemp(prefix="hostrt-serve-tls-"))
        cfg.tls_cert, cfg.tls_key = folder / "tls.crt", folder / "tls.key"
    uuid = str(resolve_module(cfg.module).config.get("uuid") or "") or None
    made = generate_self_signed(cfg.tls_cert, cfg.tls_key, uuid=uuid,
                                hosts=[cfg.host] if cfg.host else [])
    sys.stderr.write(f"hostrt serve: self-signed TLS: cert {made.cert}, key {made.key}, "
                     f"CA {made.ca}\nhostrt serve: caBundle: {made.ca_bundle()}\n")
    sys.stderr.flush()


def _child_argv(cfg: Any, args: argparse.Namespace, port: int, role: str) -> list[str]:
    argv = [sys.executable, "-m", "hostrt.cli", "serve", str(cfg.module), "--port", str(port),
            "--host", cfg.host, "--tls-cert", str(cfg.tls_cert), "--tls-key", str(cfg.tls_key),
            "--workers", "1", "--reuse-port", "--role", role]
    if cfg.api_path:
        argv += ["--api-path", cfg.api_path]
    if args.engine:
        argv += ["--engine", args.engine]
    if args.max_heap_mb:
        argv += ["--max-heap-mb", str(args.max_heap_mb)]
    for flag, value in (("--store", args.store), ("--lease", args.lease),
                        ("--lease-namespace", args.lease_namespace),
                        ("--lease-duration", args.lease_duration)):
        if value is not None:
            argv += [flag, str(value)]
    for key, value in args.env:
        argv += ["--env", f"{key}={value}"]
    if not args.uvloop:
        argv.append("--no-uvloop")
    return argv


def _supervise(cfg: Any, args: argparse.Namespace) -> int:
    """--workers N: N child processes bound to one port with SO_REUSEPORT. SIGTERM/SIGINT are
    passed on; a worker that dies unexpectedly is restarted."""
    holder = socket.socket(socket.AF_INET6 if ":" in cfg.host else socket.AF_INET)
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    holder.bind((cfg.host, cfg.port))  # reserves the port (port 0: picks it) for the workers
    port = holder.getsockname()[1]
    # Pepr runs one watcher (replicas: 1): with --role all, worker 0 watches, the rest admit.
    argvs = [_child_argv(cfg, args, port, "admission" if i and cfg.role == "all" else cfg.role)
             for i in range(cfg.workers)]
    children: list[subprocess.Popen[bytes]] = [subprocess.Popen(a) for a in argvs]
    started = [time.monotonic()] * cfg.workers
    stopping: list[int] = []

    def forward(sig: int, _frame: Any) -> None:
        stopping.append(sig)
        for child in children:
            if child.poll() is None:
                child.send_signal(sig)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    try:
        while not stopping:
            for i, child in enumerate(children):
                code = child.poll()
                if code is not None and not stopping:
                    if time.monotonic() - started[i] < 10.0:
                        # It never got going (bad module, port taken): stop them all.
                        forward(signal.SIGTERM, None)
                        for other in children:
                            other.wait()
                        return code or 1
                    sys.stderr.write(f"hostrt serve: worker {child.pid} exited with {code}; "
                                     "starting a new one\n")
                    time.sleep(0.5)
                    children[i] = subprocess.Popen(argvs[i])
                    started[i] = time.monotonic()
            time.sleep(0.1)
        for child in children:
            try:
                child.wait(timeout=cfg.drain_seconds + 5)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    finally:
        holder.close()
    return 130 if stopping and stopping[0] == signal.SIGINT else 143

