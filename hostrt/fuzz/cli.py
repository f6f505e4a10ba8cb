"""`hostrt fuzz admission MODULE --cases N [--seed S]`: hostile AdmissionReviews, figures."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from hostrt import wirejson
from hostrt.engine import ENGINES


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text!r}")
    return value


def fuzz_command(p: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    from hostrt.fuzz.kinds import KINDS  # not reviews.py: every command builds this parser
    p.description = (
        "Send hostile AdmissionReviews (Hypothesis strategies that start from valid reviews and "
        "break them: " + ", ".join(KINDS) + ") to a Pepr module through `hostrt run MODULE "
        "--admission` (or `hostrt serve` over HTTPS with --via serve), with a valid review "
        "between them. Goals: every case "
        "answered, no Python traceback, crash or hang, the valid review answered correctly "
        "after each; with --differential, the same answers as real Pepr 1.1.4. Exit status 0 "
        "when every goal is met.")
    sub = p.add_subparsers(dest="target", metavar="TARGET", required=True)
    a = sub.add_parser("admission", help="AdmissionReview bodies through `hostrt run "
                       "--admission`", description=p.description)
    a.add_argument("module", metavar="MODULE", help="a Pepr module (project directory, "
                   "pepr.ts, or a `npx pepr build` bundle)")
    a.add_argument("--cases", type=_count, default=1000, metavar="N",
                   help="hostile cases to send (default 1000)")
    a.add_argument("--seed", type=_count, default=0, metavar="S",
                   help="Hypothesis seed: the same seed sends the same cases (default 0)")
    a.add_argument("--from", dest="start", type=_count, default=0, metavar="I",
                   help="start at case number I of the seed (cases are numbered; `--from I "
                        "--cases 1` sends case I alone again; default 0)")
    a.add_argument("--batch", type=_count, default=500, metavar="B",
                   help="cases per `hostrt run` process, and between progress lines (default "
                        "500)")
    a.add_argument("--concurrency", type=_count, default=4, metavar="C",
                   help="--via serve: cases in flight at once, each on both routes (default 4)")
    a.add_argument("--workers", type=_count, default=1, metavar="W",
                   help="processes drawing cases ahead of sending (default 1; 0: draw them in "
                        "the sending process)")
    a.add_argument("--canary-every", type=_count, default=25, metavar="K",
                   help="a valid review after every K hostile ones (default 25; 0: none)")
    a.add_argument("--differential", type=_count, default=0, metavar="K",
                   help="also send K sampled cases to real Pepr 1.1.4 on Node and compare "
                        "status and body (needs node and npm)")
    a.add_argument("--random-patch-path", action="append", default=[], metavar="PATH",
                   help="a JSON Patch path whose value the module sets at random (e.g. "
                        "/spec/counter): compared by type only (repeatable)")
    a.add_argument("--kind", action="append", choices=KINDS, default=[],
                   help="only this way of breaking reviews (repeatable; default: all)")
    a.add_argument("--via", choices=("run", "serve"), default="run",
                   help="run: one `hostrt run MODULE --admission DIR` process per batch "
                        "(default); serve: one `hostrt serve MODULE` process, each case POSTed "
                        "to /mutate and /validate over HTTPS (verified TLS, keep-alive)")
    a.add_argument("--engine", choices=ENGINES, default=None, help="engine backend of hostrt")
    a.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                   help="hostrt's CPU deadline per request (default 10)")
    a.add_argument("--keep", type=Path, default=None, metavar="DIR",
                   help="copy failing cases (and, via run, the batch's stderr) into DIR")
    a.add_argument("--json", metavar="PATH", help="write the figures as JSON ('-': stdout)")
    return _fuzz


def _fuzz(args: argparse.Namespace) -> int:
    from rich.console import Console

    from hostrt.fuzz.admission import FuzzConfig, FuzzResult, run_fuzz
    from hostrt.fuzz.kinds import KINDS
    console = Console(stderr=True)
    cfg = FuzzConfig(module=Path(args.module), cases=args.cases, seed=args.seed,
                     batch=max(1, args.batch), canary_every=args.canary_every,
                     differential=args.differential, kinds=tuple(args.kind) or KINDS,
                     engine=args.engine, timeout=args.timeout, keep=args.keep,
                     random_patch_paths=tuple(args.random_patch_path), via=args.via,
                     start=args.start, workers=args.workers,
                     concurrency=max(1, args.concurrency))
    # The machine's load average (1 min) when the run started: these machines are shared, and
    # cases/s means little without it.
    load_at_start = round(os.getloadavg()[0], 2)

    def figures_of(r: FuzzResult, complete: bool) -> dict[str, object]:
        return {**r.summary(), "complete": complete,
                "load_average": {"start": load_at_start, "end": round(os.getloadavg()[0], 2)},
                "command": "hostrt fuzz admission " + " ".join(sys.argv[3:])}

    def save(r: FuzzResult, complete: bool) -> None:
        if args.json and args.json != "-":
            figures = figures_of(r, complete)
            Path(args.json).write_text(wirejson.dumps(figures, ensure_ascii=False,
                                                      separators=(", ", ": ")) + "\n",
                                       encoding="utf-8")

    def progress(r: FuzzResult) -> None:
        save(r, complete=False)  # a long run leaves its figures so far if it is stopped
        console.print(f"hostrt fuzz: {r.cases:,} cases, {r.answered:,} answered, "
                      f"{r.tracebacks} tracebacks, {r.crashes} crashes, {r.hangs} hangs, "
                      f"{r.canaries_wrong}/{r.canaries} canaries wrong  ({r.seconds:.0f}s, "
                      f"{r.cases / max(r.seconds, 1e-9):.0f} cases/s)",
                      highlight=False)

    result = run_fuzz(cfg, progress)
    figures = figures_of(result, complete=not result.stopped)
    if args.json == "-":
        print(wirejson.dumps(figures, ensure_ascii=False, separators=(", ", ": ")))
    else:
        save(result, complete=not result.stopped)
    _print(console, figures)
    if result.stopped:
        console.print(f"hostrt fuzz: stopped after {result.cases:,} of {cfg.cases:,} cases",
                      highlight=False)
    return 0 if result.ok and not result.stopped else 1


def _print(console: object, f: dict[str, object]) -> None:
    from rich.table import Table
    t = Table(title="hostrt fuzz admission", show_header=False)
    for key in ("cases", "answered", "tracebacks", "crashes", "hangs", "unanswered", "canaries",
                "canaries_wrong", "processes", "bytes_sent", "seconds", "cases_per_second",
                "reconnects"):
        t.add_row(key, f"{f[key]:,}" if isinstance(f[key], int) else str(f[key]))
    d = f["differential"]
    assert isinstance(d, dict)
    if d["compared"]:
        t.add_row("same as real Pepr 1.1.4", f"{d['equal']:,} of {d['compared']:,}")
    sb = d.get("stack_bound") or {}
    if sb.get("compared"):
        t.add_row("same, nested past the stack-safe depth (apart: the answer depends on "
                  "each engine's stack)", f"{sb['equal']:,} of {sb['compared']:,}")
    t.add_row("kinds", ", ".join(f"{k} {v:,}" for k, v in f["kinds"].items()))  # type: ignore[attr-defined]
    t.add_row("HTTP statuses (mutate/validate)",
              ", ".join(f"{k}: {v:,}" for k, v in f["statuses"].items()))  # type: ignore[attr-defined]
    t.add_row("goals met", "yes" if f["ok"] else "NO")
    console.print(t)  # type: ignore[attr-defined]
    for line in f["problems"]:  # type: ignore[attr-defined]
        console.print(f"  problem: {line}", highlight=False, markup=False)  # type: ignore[attr-defined]
