"""`hostrt bench` and `hostrt report`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hostrt.cliargs import bounded, non_negative_int, positive_int

_scale = bounded(float, "a number", lambda v: 0 < v <= 100, "a scale in (0, 100]", "scale")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--runs", type=positive_int, default=5, metavar="N",
                   help="timed runs per workload (default 5)")
    p.add_argument("--warmup", type=non_negative_int, default=1, metavar="N",
                   help="untimed warm-up runs per workload (default 1)")
    p.add_argument("--scale", type=_scale, default=1.0, metavar="F",
                   help="multiply iteration counts by F (default 1; e.g. 0.01 for a smoke run)")


def bench_command(p: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    p.description = (
        "Run benchmark groups and print hostrt and Node figures measured in the same run, with "
        "hostrt/Node ratios, the method and the machine. Groups: bridge, start, memory, scaling, "
        "shims, admission (a group missing from this build is reported as not available).")
    p.add_argument("groups", nargs="*", metavar="GROUP", help="groups to run (default: all)")
    p.add_argument("--only", action="append", default=[], metavar="WORKLOAD",
                   help="run only this workload of the chosen groups (repeatable)")
    _common(p)
    p.add_argument("--json", metavar="PATH", help="write the results as JSON "
                   "(schema: docs/bench-schema.md); '-' writes to stdout")
    p.add_argument("--summary-only", action="store_true",
                   help="leave raw samples out of --json (summaries and ratios stay)")
    p.add_argument("--md", metavar="PATH", help="write the results as a Markdown ADR appendix "
                   "section; '-' writes to stdout")
    p.add_argument("--plot", metavar="DIR", help="write PNG charts (latency distributions, "
                   "scaling curves) into DIR; needs matplotlib: pip install 'hostrt[bench]'")
    p.add_argument("--from", dest="source", metavar="JSON",
                   help="render a saved --json document instead of running")
    p.add_argument("--merge", action="append", default=[], metavar="JSON",
                   help="with --from: replace the groups this saved document measured by its "
                   "rows (repeatable; each merged row's method names the run it came from)")
    p.add_argument("--list", action="store_true", help="list groups and workloads, then exit")
    p.add_argument("--no-node", action="store_true",
                   help="do not run Node (side-by-side rows are reported as not measured)")
    return lambda args: _bench(args)


def _bench(args: argparse.Namespace) -> int:
    from rich.console import Console

    from hostrt.bench import render
    from hostrt.bench.harness import BenchConfig, load_groups, load_report_json
    from hostrt.bench.registry import group_description, workloads
    if args.json == "-" and args.md == "-":
        from hostrt.bench.harness import BenchError
        raise BenchError("--json - and --md - cannot both write to stdout; give one a file")
    to_stdout = "-" in (args.json, args.md)
    console = _console(Console, stderr=to_stdout)
    if args.plot:
        from hostrt.bench.plot import require_matplotlib
        require_matplotlib()
    if args.list:
        for group, reason in load_groups().items():
            console.print(f"[bold]{group}[/bold]: {group_description(group) or ''} "
                          f"{'[yellow]' + reason + '[/yellow]' if reason else ''}")
            for w in workloads(group):
                console.print(f"  {w.name}: {w.title}", highlight=False)
        return 0
    if args.merge and not args.source:
        from hostrt.bench.harness import BenchError
        raise BenchError("--merge needs --from: the saved document the groups are merged into")
    if args.source:
        doc = load_report_json(Path(args.source))
        from hostrt.bench.harness import merge_reports
        for part in args.merge:
            merged = merge_reports(doc, load_report_json(Path(part)), Path(part).name)
            console.print(f"merged {', '.join(merged) or 'no measured group'} from {part}",
                          highlight=False)
    else:
        config = BenchConfig(runs=args.runs, warmup=max(0, args.warmup), scale=args.scale)
        doc = _run_with_progress(args.groups, config, console, args.only,
                                 None if args.no_node else "auto").to_json()
    render.print_table(doc, console)
    if args.json:
        out = _summary_only(doc) if args.summary_only else doc
        _emit(args.json, json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    if args.md:
        _emit(args.md, render.markdown(doc))
    if args.plot:
        from hostrt.bench.plot import write_plots
        for path in write_plots(doc, Path(args.plot)):
            console.print(f"wrote {path}", highlight=False)
    return 0


def _summary_only(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of a bench document without raw samples."""
    out: dict[str, Any] = json.loads(json.dumps(doc))
    for row in out["results"]:
        for rt in row["runtimes"].values():
            rt.pop("samples", None)
    return out


def _console(cls: Any, stderr: bool) -> Any:
    """A rich console; wide when not a terminal (piped output is read, not squeezed to 80)."""
    probe = cls(stderr=stderr)
    return probe if probe.is_terminal else cls(stderr=stderr, width=160)


def _emit(target: str, text: str) -> None:
    if target == "-":
        sys.stdout.write(text)
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _run_with_progress(groups: list[str], config: Any, console: Any, only: list[str],
                       node: str | None) -> Any:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from hostrt.bench.harness import load_groups, run_benchmarks, select
    from hostrt.bench.registry import Workload, workloads
    names = select(groups, load_groups())
    total = sum(1 for g in names for w in workloads(g) if not only or w.name in only)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/"
                  "{task.total}"), TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("bench", total=total)

        def progress(w: Workload, phase: str) -> None:
            if phase == "start":
                bar.update(task, description=f"{w.group}/{w.name}")
            else:
                bar.advance(task)
        return run_benchmarks(names, config, progress, node=node, only=only)


def report_command(p: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    p.description = (
        "Answer the Pepr ADR's claims about Node alternatives, one by one, with figures measured "
        "now (or read from a saved `hostrt bench --json`) and compat counts, each with the command "
        "that regenerates it.")
    p.add_argument("--out", default="docs/adr-appendix.md", metavar="PATH",
                   help="Markdown file to write (default docs/adr-appendix.md); '-' for stdout")
    p.add_argument("--from", dest="source", metavar="JSON",
                   help="use a saved `hostrt bench --json` document instead of running the benches")
    p.add_argument("--compat", metavar="JSON",
                   help="use a saved `hostrt compat --format json` document instead of running it")
    p.add_argument("--node-tests", metavar="JSON",
                   help="a saved `hostrt compat --node-tests DIR --format json` document: Node's "
                        "own tests with Node's own harness (without it the appendix says so)")
    p.add_argument("--plot", metavar="DIR", help="also write the charts into DIR (linked from "
                   "the report; needs matplotlib)")
    p.add_argument("--cel", metavar="JSON", help="use a saved `hostrt compat --cel --format json` "
                   "document (CEL conformance, section 7) instead of running it")
    p.add_argument("--json", metavar="PATH", help="also save the bench document the report was "
                   "built from (summaries only; schema: docs/bench-schema.md)")
    p.add_argument("--security", metavar="JSON",
                   help="the hostile-input figures (fuzz, hostile modules, recycle RSS) for "
                        "section 8, e.g. docs/bench/security.json")
    p.add_argument("--readme", metavar="PATH", help="also rewrite the generated headline block "
                   "of this README (the (a)/(b)/(c) admission figures of the same run)")
    _common(p)

    def handler(args: argparse.Namespace) -> int:
        from rich.console import Console

        from hostrt.bench.harness import BenchConfig, load_report_json
        from hostrt.bench.report import (
            build_report,
            compat_summary,
            load_compat,
            load_node_tests,
            update_readme,
        )
        console = _console(Console, stderr=True)
        if args.plot:
            from hostrt.bench.plot import require_matplotlib
            require_matplotlib()
        if args.source:
            doc = load_report_json(Path(args.source))
        else:
            config = BenchConfig(runs=args.runs, warmup=max(0, args.warmup), scale=args.scale)
            doc = _run_with_progress([], config, console, [], "auto").to_json()
        charts: list[Path] = []
        if args.plot:
            from hostrt.bench.plot import saved_distribution_charts, write_plots
            plot_dir = Path(args.plot)
            charts = write_plots(doc, plot_dir)
            if args.source:
                # A saved document has no raw samples: keep linking the distribution charts
                # drawn from its own runs (checked by their stamp), not only those redrawn now.
                charts = sorted({*charts, *saved_distribution_charts(doc, plot_dir)},
                                key=lambda p: p.name)
        compat = load_compat(Path(args.compat) if args.compat else None)
        # Section 7's --pepr-sdk and --modules documents: saved beside --compat, else run now.
        from hostrt.bench.report_peers import PEER_DOCS, load_peer_docs
        peer_docs = load_peer_docs(Path(args.compat).parent if args.compat else None)
        if args.json:
            _emit(args.json, json.dumps(_summary_only(doc), indent=1, ensure_ascii=False) + "\n")
            if compat[0] is not None and args.json != "-":
                # Saved beside it, so `--from PATH --compat <dir>/compat.json` rebuilds the same.
                _emit(str(Path(args.json).with_name("compat.json")),
                      json.dumps(compat_summary(compat[0]), indent=1, ensure_ascii=False) + "\n")
            for key, (_flag, name) in PEER_DOCS.items():
                if peer_docs[key][0] is not None and args.json != "-":
                    _emit(str(Path(args.json).with_name(name)),
                          json.dumps(peer_docs[key][0], indent=1, ensure_ascii=False) + "\n")
        out = None if args.out == "-" else Path(args.out)
        from hostrt.bench.report_cel import load_cel_conformance
        cel = load_cel_conformance(Path(args.cel) if args.cel else None)
        if args.json and cel[0] is not None and args.json != "-":
            _emit(str(Path(args.json).with_name("compat-cel.json")),
                  json.dumps(cel[0], indent=1, ensure_ascii=False) + "\n")
        node_tests = load_node_tests(Path(args.node_tests) if args.node_tests else None)
        text = build_report(doc, charts=charts, out=out, compat_loaded=compat, cel_loaded=cel,
                            security_json=Path(args.security) if args.security else None,
                            peer_docs=peer_docs, node_tests=node_tests)
        _emit(args.out, text)
        if out is not None:
            console.print(f"wrote {out}", highlight=False)
        if args.readme:
            update_readme(Path(args.readme), doc)
            console.print(f"updated the headline block of {args.readme}", highlight=False)
        return 0
    return handler
