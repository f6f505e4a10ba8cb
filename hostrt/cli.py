"""The `hostrt` command line: run, setup (and compat, bench, report as they land)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hostrt.engine import ENGINES
from hostrt.errors import HostError
from hostrt.permissions import add_permission_flags, from_args

EXIT_USAGE = 2

Builder = Callable[[argparse.ArgumentParser], Callable[[argparse.Namespace], int]]
_COMMANDS: dict[str, tuple[str, Builder]] = {}


def command(name: str, summary: str) -> Callable[[Builder], Builder]:
    """Register a sub-command builder: it adds its arguments and returns its handler."""
    def deco(fn: Builder) -> Builder:
        _COMMANDS[name] = (summary, fn)
        return fn
    return deco


def _env_pair(text: str) -> tuple[str, str]:
    if "=" not in text or text.startswith("="):
        raise argparse.ArgumentTypeError(f"--env expects KEY=VALUE, got {text!r}")
    key, value = text.split("=", 1)
    return key, value


def positive_seconds(text: str) -> float:
    """argparse type: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return value


def add_host_options(p: argparse.ArgumentParser) -> None:
    """Options every command that runs JS shares."""
    p.add_argument("--timeout", type=positive_seconds, default=10.0, metavar="SECONDS",
                   help="CPU deadline per dispatch into JS (default 10, like Pepr's webhook "
                        "timeout); a runaway script is terminated with an error")
    p.add_argument("--max-heap-mb", type=_positive_int, default=None, metavar="MIB",
                   help="V8 heap cap; going over it is a clear error and the host starts a "
                        "fresh isolate")
    p.add_argument("--env", type=_env_pair, action="append", default=[], metavar="KEY=VALUE",
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


@command("run", "run a JS/TS file or a Pepr module, like `node FILE`")
def _run_command(p: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    p.description = ("Run a JavaScript or TypeScript file in hostrt, like `node FILE`: until no "
                     "timers, immediates or host calls are pending. Uncaught errors print a "
                     "stack and exit 1; process.exit(n) exits n.")
    p.add_argument("file", help="entry file (.js, .cjs, .mjs, .ts) or a Pepr project directory")
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments for process.argv")
    add_host_options(p)
    extensions = [fn(p) for fn in _RUN_EXTENSIONS]

    def handler(args: argparse.Namespace) -> int:
        for ext in extensions:
            result = ext(args)
            if result is not None:
                return int(result)
        return asyncio.run(_run_script(args))
    return handler


# Other packages (pepr admission, watch replay) add options to `run` and claim the invocation.
_RUN_EXTENSIONS: list[Callable[[argparse.ArgumentParser], Callable[[argparse.Namespace], Any]]] = []


async def _run_script(args: argparse.Namespace) -> int:
    from hostrt.host import Host
    entry = Path(args.file)
    if not entry.exists():
        raise HostError(f"{entry}: no such file or directory", code="ERR_HOSTRT_NOT_FOUND")
    opts = host_options(args, [str(entry.resolve()), *args.args])
    async with Host(opts) as host:
        await host.load(entry)
        return await host.run_until_idle()


@command("setup", "install esbuild and the npm shims (once, needs npm); --peers: Deno and Bun")
def _setup_command(p: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    p.description = ("Install hostrt's npm side (esbuild, npm-strategy shims) from the lockfile "
                     "shipped in the package, into $HOSTRT_HOME (default ~/.cache/hostrt). "
                     "Needs npm and the npm registry once; every other command is offline.")
    p.add_argument("--peers", action="store_true",
                   help="also install the peer runtimes the compat lab and the bench compare "
                        "with Node (Deno 2 and Bun, from the npm lockfile shipped in hostrt) "
                        "into $HOSTRT_HOME/peers")

    def handler(args: argparse.Namespace) -> int:
        from hostrt.loader.npm import ensure_installed, esbuild_path, npm_shim_bundle
        from hostrt.shimreg import load_shims
        where = ensure_installed()
        for shim in load_shims():
            for target in shim.modules.values():
                if target.startswith("npm:"):
                    npm_shim_bundle(target[4:])
        print(f"hostrt: set up in {where} (esbuild: {esbuild_path()})")
        if args.peers:
            from hostrt import peers
            peers.ensure_peers()
            for name in peers.PEERS:
                print(f"hostrt: peer {name} {peers.version(name)} at {peers.binary(name)}")
        return 0
    return handler


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Callable[[argparse.Namespace], int]]]:
    """The top-level parser and each sub-command's handler."""
    _load_plugins()
    parser = argparse.ArgumentParser(
        prog="hostrt",
        description="Run Node-style JavaScript modules (Pepr policy modules) in embedded V8 from "
                    "Python, and measure what that costs against Node.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers = {}
    for name, (summary, builder) in _COMMANDS.items():
        sp = sub.add_parser(name, help=summary, description=summary)
        handlers[name] = builder(sp)
    return parser, handlers


def _load_plugins() -> None:
    # Sub-commands that live in their own packages register themselves on import.
    import importlib
    for mod in ("hostrt.pepr.cli", "hostrt.serve.cli", "hostrt.compat.cli", "hostrt.bench.cli",
                "hostrt.build.cli", "hostrt.fuzz.cli"):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            # Only a missing plugin package (or module) is tolerated, not a broken import inside it.
            if exc.name is None or not (mod == exc.name or mod.startswith(exc.name + ".")):
                raise


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `hostrt` console script."""
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return handlers[args.command](args)
    except HostError as exc:
        print(f"hostrt: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        with contextlib.suppress(BrokenPipeError, ValueError):
            sys.stdout.flush()


if __name__ == "__main__":
    # `python -m hostrt.cli`: run the registry of the imported `hostrt.cli`, the one plugins
    # register into (this file as __main__ is a second module object with empty registries).
    from hostrt.cli import main as _main
    sys.exit(_main())
