"""The `hostrt` command line. Every sub-command is one row of `COMMANDS`: its name, its summary,
and the builder that adds its arguments and returns its handler. A new command is one new row.

A builder's module is imported only when its command runs (or its `--help` is asked for): the
commands' dependencies differ widely (hypothesis for `fuzz`, matplotlib for `bench`, kubernetes
for `build`), and `hostrt serve`'s start-up time is part of what the project measures."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from hostrt.cliargs import add_host_options, host_options
from hostrt.errors import HostError

EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]
Builder = Callable[[argparse.ArgumentParser], Handler]


@dataclass(frozen=True)
class Command:
    """One sub-command: `builder` ("module:function") adds its arguments, returns its handler."""

    name: str
    summary: str
    builder: str

    def load(self) -> Builder:
        """Import the builder."""
        module, func = self.builder.split(":")
        return cast(Builder, getattr(importlib.import_module(module), func))


COMMANDS = (
    Command("run", "run a JS/TS file or a Pepr module, like `node FILE`", "hostrt.cli:run_command"),
    Command("setup", "install esbuild and the npm shims (once, needs npm); --peers: Deno and Bun",
            "hostrt.cli:setup_command"),
    Command("serve", "serve a Pepr module's admission webhooks over HTTPS, like Pepr's controller",
            "hostrt.serve.cli:serve_command"),
    Command("compat", "compare hostrt's Node API surface with real Node (probes, Node-style "
            "tests, the Pepr SDK)", "hostrt.compat.cli:compat_command"),
    Command("bench", "measure hostrt against Node, side by side, in one run",
            "hostrt.bench.cli:bench_command"),
    Command("report", "write the ADR appendix: each Pepr ADR claim with the figure behind it",
            "hostrt.bench.cli:report_command"),
    Command("build", "write the Kubernetes manifests, module bundle and Dockerfile to deploy a "
            "Pepr module on hostrt (like `npx pepr build`)", "hostrt.build.cli:build_command"),
    Command("fuzz", "hostile inputs: malformed AdmissionReviews against a Pepr module",
            "hostrt.fuzz.cli:fuzz_command"),
)


def run_command(p: argparse.ArgumentParser) -> Handler:
    """`hostrt run`: a script like `node FILE`, or a Pepr module (hostrt.pepr.cli) when FILE is
    a Pepr project or a Pepr option is given."""
    from hostrt.pepr import cli as pepr_cli
    p.description = ("Run a JavaScript or TypeScript file in hostrt, like `node FILE`: until no "
                     "timers, immediates or host calls are pending. Uncaught errors print a "
                     "stack and exit 1; process.exit(n) exits n.")
    p.add_argument("file", help="entry file (.js, .cjs, .mjs, .ts) or a Pepr project directory")
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments for process.argv")
    add_host_options(p)
    pepr_cli.add_pepr_options(p)

    def handler(args: argparse.Namespace) -> int:
        if pepr_cli.wants_pepr(args):
            return pepr_cli.run_module(args)
        return asyncio.run(_run_script(args))
    return handler


async def _run_script(args: argparse.Namespace) -> int:
    from hostrt.host import Host
    entry = Path(args.file)
    if not entry.exists():
        raise HostError(f"{entry}: no such file or directory", code="ERR_HOSTRT_NOT_FOUND")
    opts = host_options(args, [str(entry.resolve()), *args.args])
    async with Host(opts) as host:
        await host.load(entry)
        return await host.run_until_idle()


def setup_command(p: argparse.ArgumentParser) -> Handler:
    """`hostrt setup`."""
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


def build_parser(only: str | None = None
                 ) -> tuple[argparse.ArgumentParser, dict[str, Callable[[argparse.Namespace], int]]]:
    """The top-level parser and the sub-commands' handlers: every command's when `only` is None,
    else only that one's (the others are listed with their summary, their modules not imported)."""
    parser = argparse.ArgumentParser(
        prog="hostrt",
        description="Run Node-style JavaScript modules (Pepr policy modules) in embedded V8 from "
                    "Python, and measure what that costs against Node.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers = {}
    for cmd in COMMANDS:
        sp = sub.add_parser(cmd.name, help=cmd.summary, description=cmd.summary)
        if only is None or cmd.name == only:
            handlers[cmd.name] = cmd.load()(sp)
    return parser, handlers


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `hostrt` console script."""
    argv = sys.argv[1:] if argv is None else argv
    # The top-level parser has no options but --help: the first word is the command.
    chosen = next((a for a in argv if not a.startswith("-")), "")
    parser, handlers = build_parser(chosen)
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
    sys.exit(main())
