"""Command-line arguments every command that runs JS shares, and their argparse types.

The sub-commands themselves are listed once, in `hostrt.cli.COMMANDS`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TypeVar

from hostrt.engine import ENGINES
from hostrt.permissions import add_permission_flags, from_args

T = TypeVar("T")


def env_pair(text: str) -> tuple[str, str]:
    """argparse type: KEY=VALUE (--env)."""
    if "=" not in text or text.startswith("="):
        raise argparse.ArgumentTypeError(f"--env expects KEY=VALUE, got {text!r}")
    key, value = text.split("=", 1)
    return key, value


def bounded(cast: Callable[[str], T], noun: str, check: Callable[[T], bool], rule: str,
            name: str) -> Callable[[str], T]:
    """An argparse type: `cast` the text (else "expected <noun>"), then `check` it (else
    "expected <rule>"); both errors quote the text given."""
    def parse(text: str) -> T:
        try:
            value = cast(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {noun}, got {text!r}") from None
        if not check(value):
            raise argparse.ArgumentTypeError(f"expected {rule}, got {text!r}")
        return value
    parse.__name__ = name
    parse.__doc__ = f"argparse type: {rule}."
    return parse


positive_seconds = bounded(float, "a number of seconds", lambda v: v > 0, "a positive number",
                           "positive_seconds")
positive_int = bounded(int, "a whole number", lambda v: v > 0, "a positive whole number",
                       "positive_int")
non_negative_int = bounded(int, "a whole number", lambda v: v >= 0, "0 or more",
                           "non_negative_int")


def add_host_options(p: argparse.ArgumentParser) -> None:
    """Options every command that runs JS shares."""
    p.add_argument("--timeout", type=positive_seconds, default=10.0, metavar="SECONDS",
                   help="CPU deadline per dispatch into JS (default 10, like Pepr's webhook "
                        "timeout); a runaway script is terminated with an error")
    p.add_argument("--max-heap-mb", type=positive_int, default=None, metavar="MIB",
                   help="V8 heap cap; going over it is a clear error and the host starts a "
                        "fresh isolate")
    p.add_argument("--env", type=env_pair, action="append", default=[], metavar="KEY=VALUE",
                   help="add or override a process.env entry (repeatable)")
    p.add_argument("--allow-read", action="append", default=[], metavar="PATH",
                   help="let fs read this file or directory tree (repeatable); synchronous reads "
                        "see a snapshot taken at start-up")
    add_permission_flags(p)
    p.add_argument("--native-promises", dest="track_rejections", action="store_false",
                   default=None,
                   help="keep V8's own Promise and async functions (fastest; as Node for "
                        "util.types/inspect) but let unhandled rejections of async code go "
                        "unnoticed; the default for Pepr modules served with --admission/--watch")
    p.add_argument("--tracked-promises", dest="track_rejections", action="store_true",
                   help="report unhandled rejections like Node (a tracking Promise plus lowered "
                        "async functions); the default for scripts")
    p.add_argument("--fake-time", action="store_true",
                   help="virtual clock: time jumps to the next timer whenever the loop is idle")
    p.add_argument("--engine", choices=ENGINES, default=None,
                   help="JS engine backend: mini-racer (V8 on its own thread; the default) or "
                        "stpyv8 (V8 in this thread: a crossing is a call, not a thread "
                        "hand-off; needs the `stpyv8` extra); HOSTRT_ENGINE sets the default")


def host_options(args: argparse.Namespace, argv: list[str] | None = None,
                 *, track_rejections: bool = True, enforce_permissions: bool = False) -> Any:
    """HostOptions from parsed command-line arguments (`track_rejections`: the default when
    neither --native-promises nor --tracked-promises was given; `enforce_permissions`: deny
    network and host environment unless granted — Pepr modules; --sandbox asks for it)."""
    from hostrt.host import HostOptions
    permissions = from_args(args, enforced=enforce_permissions)
    env = permissions.host_env()
    env.update(dict(args.env))
    engine = {"engine": args.engine} if getattr(args, "engine", None) else {}
    return HostOptions(**engine, timeout=args.timeout, max_heap_mb=args.max_heap_mb,
                       fake_time=args.fake_time, env=env, argv=argv or [],
                       track_rejections=(track_rejections if args.track_rejections is None
                                         else args.track_rejections),
                       permissions=permissions)
