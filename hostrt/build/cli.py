"""`hostrt build MODULE -o DIR`: what `npx pepr build` produces, for a hostrt controller.

Writes into DIR:
  hostrt-module-<uuid>.yaml   every Kubernetes object, in apply order (kubectl apply -f)
  pepr-<uuid>.js              the module bundle (the same bytes the module Secret holds)
  Dockerfile                  the controller image (hostrt + its set-up home, no Node)
  wheels/                     hostrt's wheel, when --wheel is given (the Dockerfile installs it)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hostrt.errors import HostError

_NAME = re.compile(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?")
_MAX_NAME = 63 - len("-watcher")  # the longest object name must stay a DNS label


def _timeout(text: str) -> int:
    if not re.fullmatch(r"\d+", text) or not 1 <= int(text) <= 30:
        raise argparse.ArgumentTypeError(f"expected a whole number of seconds from 1 to 30, got {text!r}")
    return int(text)


def _count(text: str) -> int:
    if not re.fullmatch(r"\d+", text) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return int(text)


def build_command(p: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    p.description = (
        "Bundle a Pepr module and write what deploys it with hostrt as the controller: the "
        "pepr-system namespace, the PeprStore CRD, RBAC (admin or scoped, plus the Lease), the "
        "TLS, API-path and module Secrets, the controller Deployment(s) running `hostrt serve`, "
        "Services, and the Mutating/ValidatingWebhookConfigurations generated from the module's "
        "bindings. By default one Deployment serves admission in every replica and elects one "
        "watcher with a Lease; --split gives Pepr's separate admission and watcher Deployments.")
    p.add_argument("module", metavar="MODULE",
                   help="a Pepr project directory, its pepr.ts, or a built module")
    p.add_argument("-o", "--output", required=True, metavar="DIR",
                   help="output directory (created if missing)")
    p.add_argument("--split", action="store_true",
                   help="Pepr's layout: an admission Deployment and a 1-replica watcher "
                        "Deployment (no Lease)")
    p.add_argument("-M", "--rbac-mode", choices=("admin", "scoped"), default=None,
                   help="RBAC: admin (all resources, Pepr's default) or scoped (what the "
                        "bindings use); default: the module's pepr.rbacMode, else admin")
    p.add_argument("-i", "--image", default=None, metavar="IMAGE",
                   help="controller image (default hostrt-controller:<hostrt version>, built "
                        "from the Dockerfile written beside the manifests)")
    p.add_argument("-t", "--timeout", type=_timeout, default=None, metavar="SECONDS",
                   help="webhook timeoutSeconds, 1-30 (default: pepr.webhookTimeout, else 10)")
    p.add_argument("--replicas", type=_count, default=2, metavar="N",
                   help="controller replicas (admission in each; default 2)")
    p.add_argument("--lease-duration", type=_count, default=15, metavar="SECONDS",
                   help="the watcher Lease's duration: how soon a standby takes over (default 15)")
    p.add_argument("-P", "--with-pull-secret", default=None, metavar="NAME",
                   help="image pull secret for the Deployments")
    p.add_argument("--wheel", default=None, metavar="PATH",
                   help="hostrt wheel to copy into DIR/wheels for the Dockerfile")

    def handler(args: argparse.Namespace) -> int:
        written = asyncio.run(build(args))
        for path in written:
            print(path)
        return 0
    return handler


async def build(args: argparse.Namespace) -> list[Path]:
    """Run the build; the files written."""
    from hostrt import __version__
    from hostrt.build.dockerfile import dockerfile
    from hostrt.build.manifests import BuildPlan, all_objects
    from hostrt.build.module import build_module
    from hostrt.build.tls import generate_tls
    from hostrt.build.webhooks import check_bindings, webhook_timeout
    from hostrt.build.yamlout import dump_all

    wheel = Path(args.wheel) if args.wheel else None
    if wheel is not None and not (wheel.is_file() and wheel.suffix == ".whl"):
        raise HostError(f"--wheel {wheel}: not a wheel file (*.whl)", code="ERR_HOSTRT_BAD_INPUT")
    if args.with_pull_secret is not None and not _NAME.fullmatch(args.with_pull_secret):
        raise HostError(f"--with-pull-secret {args.with_pull_secret!r}: not a valid Secret name "
                        "(RFC 1123)", code="ERR_HOSTRT_BAD_INPUT")
    module = await build_module(args.module)
    where = str(module.spec.package_json or module.spec.entry)
    uuid = module.config.get("uuid")
    if not isinstance(uuid, str) or not _NAME.fullmatch(uuid) or len(f"pepr-{uuid}") > _MAX_NAME:
        raise HostError(f"{where}: pepr.uuid {uuid!r} must be lower-case letters, digits, '-' or "
                        f"'.' (RFC 1123), at most {_MAX_NAME - 5} characters: it names every "
                        "object", code="ERR_HOSTRT_BAD_INPUT")
    for cap in module.capabilities:
        if not isinstance(cap.get("name"), str) or not _NAME.fullmatch(cap["name"]):
            raise HostError(f"{where}: capability name {cap.get('name')!r} is not a valid "
                            "Kubernetes resource name (RFC 1123)", code="ERR_HOSTRT_BAD_INPUT")
    check_namespaces(module.capabilities, module.config)
    check_bindings(module.capabilities)
    rbac_mode = args.rbac_mode or module.config.get("rbacMode") or "admin"
    if rbac_mode not in ("admin", "scoped"):
        raise HostError(f"{where}: pepr.rbacMode {rbac_mode!r} must be admin or scoped",
                        code="ERR_HOSTRT_BAD_INPUT")
    name = f"pepr-{uuid}"
    tls = generate_tls([f"{name}.pepr-system.svc", f"{name}.pepr-system.svc.cluster.local",
                        f"{name}-watcher.pepr-system.svc"])
    plan = BuildPlan(
        uuid=uuid, config=module.config, description=module.description,
        capabilities=module.capabilities, module_code=module.code, tls=tls,
        api_path=secrets.token_hex(32),
        image=args.image or f"hostrt-controller:{__version__}",
        rbac_mode=rbac_mode, split=args.split, replicas=args.replicas,
        timeout=webhook_timeout(module.config, args.timeout),
        lease_seconds=args.lease_duration, build_timestamp=str(int(time.time() * 1000)),
        image_pull_secret=args.with_pull_secret, environ=dict(os.environ))
    objects = all_objects(plan)
    out = Path(args.output)
    try:
        out.mkdir(parents=True, exist_ok=True)
        manifest = out / f"hostrt-module-{uuid}.yaml"
        manifest.write_text(dump_all(objects), encoding="utf-8")
        bundle = out / f"pepr-{uuid}.js"
        bundle.write_bytes(module.code)
        docker = out / "Dockerfile"
        docker.write_text(dockerfile(__version__, wheel.name if wheel else None), encoding="utf-8")
        written = [manifest, bundle, docker]
        if wheel is not None:
            (out / "wheels").mkdir(exist_ok=True)
            written.append(Path(shutil.copy2(wheel, out / "wheels" / wheel.name)))
    except OSError as exc:
        raise HostError(f"{exc.filename or out}: cannot write: {exc.strerror or exc}") from exc
    print(f"hostrt: {len(objects)} objects for {name} ({'split' if args.split else 'leased'} "
          f"layout, {rbac_mode} RBAC) -> {manifest}", file=sys.stderr)
    return written


def check_namespaces(capabilities: list[dict[str, Any]], config: dict[str, Any]) -> None:
    """Pepr's namespace rules: a binding's namespaces must be among its capability's, and none
    may be one the module always ignores (top-level, admission or watch `alwaysIgnore`)."""
    def ignored(section: Any) -> list[str]:
        ns = section.get("alwaysIgnore", {}).get("namespaces") if isinstance(section, dict) else None
        return [str(n) for n in ns] if isinstance(ns, list) else []
    checks = [(ignored(config), None), (ignored(config.get("admission")), "isMutate"),
              (ignored(config.get("watch")), "isWatch")]
    for cap in capabilities:
        cap_ns = [str(n) for n in cap.get("namespaces") or []]
        for ignore, flag in checks:
            used = [str(n) for b in cap.get("bindings") or [] if flag is None or b.get(flag)
                    for n in (b.get("filters") or {}).get("namespaces") or []]
            bad = sorted(set(used) & set(ignore))
            if bad:
                raise HostError(f'capability "{cap.get("name")}": a binding uses ignored '
                                f"namespace(s) {', '.join(bad)} (alwaysIgnore: {', '.join(ignore)})",
                                code="ERR_HOSTRT_BAD_BINDING")
            outside = sorted(set(used) - set(cap_ns)) if cap_ns else []
            if outside:
                raise HostError(f'capability "{cap.get("name")}": a binding uses namespace(s) '
                                f"{', '.join(outside)} outside the capability's namespaces "
                                f"({', '.join(cap_ns)})", code="ERR_HOSTRT_BAD_BINDING")
