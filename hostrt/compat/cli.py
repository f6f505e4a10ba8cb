"""`hostrt compat`: the compat lab (probes vs Node), Node-style tests, and the Pepr SDK check."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from hostrt.cliargs import positive_seconds
from hostrt.errors import HostError

FORMATS = ("table", "md", "json", "html", "png")


def _runtimes(text: str) -> tuple[str, ...]:
    from hostrt.compat.runner import RUNTIME_ORDER
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    bad = [n for n in names if n not in RUNTIME_ORDER]
    if bad:
        raise argparse.ArgumentTypeError(
            f"unknown runtime {bad[0]!r} (choose from {', '.join(RUNTIME_ORDER)})")
    return names


def compat_command(p: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    p.description = (
        "Run the compat probes in real Node (the reference), hostrt, bare mini-racer and "
        "PythonMonkey (if installed), and report per probe: works, differs, missing, throws or "
        "hangs, with the strategy from the shim declarations. With --node-tests, run Node-style "
        "test files instead; with --pepr-sdk, load the real Pepr SDK and list the Node built-ins "
        "and globals it touches.")
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="table (terminal, default), md (ADR appendix), json, html (overview "
                        "bars + filterable table), png (the overview chart; needs -o and "
                        "matplotlib)")
    p.add_argument("-o", "--output", type=Path, help="write the report to this file")
    p.add_argument("--probes", type=Path, metavar="DIR",
                   help="behaviour probe folder (default: the repository's js_fixtures/compat)")
    p.add_argument("--probe-timeout", type=positive_seconds, default=10.0, metavar="SECONDS",
                   help="per-probe timeout; a probe still running is reported as `hangs` "
                        "(default 10)")
    p.add_argument("--runtimes", type=_runtimes, default=None, metavar="LIST",
                   help="comma-separated columns besides node: hostrt,bare,pythonmonkey,deno,bun "
                        "(default: all); with --node-tests, which peers (deno, bun) run beside "
                        "node and hostrt")
    p.add_argument("--no-existence", action="store_true",
                   help="skip the existence probes enumerated from Node")
    p.add_argument("--no-behaviour", action="store_true", help="skip the behaviour probes")
    p.add_argument("--only", metavar="TEXT", help="only probes whose id contains TEXT")
    p.add_argument("--area", metavar="AREA", help="table format: show only this area's rows")
    p.add_argument("--status", metavar="STATUS", help="table format: show only rows where "
                                                      "hostrt has this status")
    p.add_argument("--jobs", type=int, default=2, help="Node/PythonMonkey processes at a time")
    g = p.add_argument_group("Node-style tests")
    g.add_argument("--node-tests", type=Path, metavar="DIR",
                   help="run test files written like Node's test/parallel (a Node checkout's "
                        "test/ directory, or any folder of such files) in hostrt and Node")
    g.add_argument("--filter", metavar="GLOB", default="*",
                   help="with --node-tests: which files (globs on the file name, comma-separated; "
                        "default *)")
    g.add_argument("--common", choices=("theirs", "ours"), default="theirs",
                   help="with --node-tests: the directory's own test/common (default), or "
                        "hostrt's small js_fixtures/node-tests/common")
    g.add_argument("--test-timeout", type=positive_seconds, default=10.0, metavar="SECONDS",
                   help="with --node-tests: per-file timeout (default 10)")
    p.add_argument("--modules", nargs="?", const=True, default=None, type=Path, metavar="DIR",
                   help="answer the sample Pepr modules' requests (or those of the module "
                        "folders in DIR) with real Pepr 1.1.4's processors in Node, Deno and Bun, "
                        "and report per module and peer: identical / differs / fails")
    p.add_argument("--pepr-sdk", action="store_true",
                   help="bundle the real Pepr 1.1.4 runtime from npm, load it in hostrt and "
                        "report the Node built-ins and globals it touches and where it fails")

    p.add_argument("--cel", action="store_true",
                   help="run the CEL conformance suite (npm @bufbuild/cel-spec) through "
                        "hostrt:cel (CEL evaluated by the host), @bufbuild/cel in Node and "
                        "@bufbuild/cel in hostrt (each installed engine backend); pass counts "
                        "side by side")

    def handler(args: argparse.Namespace) -> int:
        if args.format == "png" and args.output is None:
            raise HostError("--format png writes a file: name it with -o FILE.png")
        if args.format == "png" and (args.node_tests or args.pepr_sdk or args.modules or args.cel):
            raise HostError("--format png is the probes' overview chart; --node-tests, --cel, "
                            "--pepr-sdk and --modules write table, md or json")
        if args.output is not None and not args.output.parent.is_dir():
            raise HostError(f"{args.output}: -o/--output names a file in a folder that does "
                            "not exist")
        if args.node_tests is not None:
            from hostrt.compat import nodetests
            return nodetests.main(args)
        if args.cel:
            from hostrt.compat import cel
            return cel.main(args)
        if args.modules is not None:
            from hostrt.compat import modules
            return modules.main(args)
        if args.pepr_sdk:
            from hostrt.compat import peprsdk
            return peprsdk.main(args)
        return _probes_main(args)
    return handler


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise HostError(f"{output}: cannot write the report: {exc.strerror}") from exc


def _probes_main(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from hostrt.compat.runner import RUNTIME_ORDER, STATUSES, Options, run_compat
    if args.probes is not None and not args.probes.is_dir():
        raise HostError(f"{args.probes}: --probes must be a directory of probe scripts")
    if args.status is not None and args.status not in STATUSES:
        raise HostError(f"--status must be one of {', '.join(STATUSES)}, got {args.status!r}")
    opts = Options(probe_dir=args.probes, timeout=args.probe_timeout,
                   existence=not args.no_existence, behaviour=not args.no_behaviour,
                   runtimes=("node", *(args.runtimes or RUNTIME_ORDER[1:])), only=args.only,
                   jobs=max(1, args.jobs))
    err_console = Console(stderr=True)
    progress = Progress(TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err_console, transient=True,
                        disable=not err_console.is_terminal)
    tasks: dict[str, object] = {}

    def plan(units: dict[str, int]) -> None:
        for name, total in units.items():
            tasks[name] = progress.add_task(name, total=total)

    def advance(name: str, done: int) -> None:
        if name in tasks:
            progress.update(tasks[name], completed=done)  # type: ignore[arg-type]

    with progress:
        report = asyncio.run(run_compat(opts, advance, plan))
    if args.format == "table":
        from hostrt.compat import report_text
        rows = [r for r in report.rows
                if (args.area is None or r.probe.area == args.area)
                and (args.status is None or r.status == args.status)]
        if args.output is not None:
            with args.output.open("w", encoding="utf-8") as fh:
                report_text.render(report, Console(file=fh, width=160), rows=rows)
        else:
            report_text.render(report, Console(), rows=rows)
        return 0
    if args.format == "png":
        from hostrt.compat import report_json
        from hostrt.compat.overview import render_png
        render_png(report_json.to_data(report), args.output)
        print(report.summary()["line"], file=sys.stderr)
        return 0
    if args.format == "md":
        from hostrt.compat import report_md as mod
    elif args.format == "json":
        from hostrt.compat import report_json as mod  # type: ignore[no-redef]
    else:
        from hostrt.compat import report_html as mod  # type: ignore[no-redef]
    _emit(mod.render(report), args.output)
    print(report.summary()["line"], file=sys.stderr)
    return 0
