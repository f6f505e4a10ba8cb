"""`hostrt compat --modules`: do Pepr modules answer on Deno and Bun as they do on Node?

Each module folder (a `requests/` folder of AdmissionReviews and an optional `fixture.json` with
the entry, the environment of its first run and the patch paths whose values are random by
design) is answered by `pepr_answers.js` — real Pepr 1.1.4's mutate and validate processors, the
module bundled by esbuild against Pepr's TypeScript source — run unchanged by each runtime in its
Node-compatibility mode. Every peer's answers are compared with Node's by
`hostrt.pepr.compare` (key order, decoded patches), per module: `identical`, `differs` (the first
difference) or `fails` (where it stopped).

hostrt itself is not a column here: it answers with its own Pepr (an implementation difference,
see `hostrt run --admission` and the differential tests), while this report runs one program —
real Pepr — on every runtime.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt.compat.runner import first_error_line
from hostrt.compat.runtimes import RUNTIMES, NodeRuntime, Runtime, run_process
from hostrt.errors import HostError
from hostrt.pepr.compare import compare_bodies, compare_values

ANSWERS_JS = Path(__file__).with_name("pepr_answers.js")
PEERS = ("deno", "bun")


def default_modules() -> list[Path]:
    """The sample Pepr modules shipped with hostrt (source, plain JS and `npx pepr build`
    output), from the checkout or the installed wheel."""
    from hostrt.resources import RUNTIME_DATA, data_path
    return [data_path(rel) for rel in RUNTIME_DATA if rel.startswith("modules/")]


@dataclass
class ModuleCase:
    """One module: its entry file, its requests and how to compare its answers."""

    name: str
    entry: Path
    requests: list[Path]
    random_paths: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


def module_folders(root: Path) -> list[Path]:
    """The module folders under `root` (a folder of module folders), by name."""
    if not root.is_dir():
        raise HostError(f"{root}: --modules must name a directory of Pepr module folders",
                        code="ERR_HOSTRT_NOT_FOUND")
    return sorted(p for p in root.iterdir() if p.is_dir())


def find_modules(folders: list[Path]) -> list[ModuleCase]:
    """The module folders that have requests to answer, by name."""
    cases = []
    for folder in sorted(folders, key=lambda p: p.name):
        requests = sorted((folder / "requests").glob("*.json"))
        if not requests:
            continue
        cfg: dict[str, Any] = {}
        fixture = folder / "fixture.json"
        if fixture.is_file():
            try:
                cfg = json.loads(fixture.read_text(encoding="utf-8"))
            except ValueError as exc:
                raise HostError(f"{fixture}: not valid JSON ({exc})") from exc
        entry = folder / str(cfg.get("entry", "pepr.ts"))
        if not entry.is_file():
            raise HostError(f"{fixture if fixture.is_file() else folder}: entry {entry.name!r} "
                            "does not exist")
        runs = cfg.get("runs") or [{}]
        cases.append(ModuleCase(folder.name, entry, requests,
                                list(cfg.get("randomPatchPaths") or []),
                                {str(k): str(v) for k, v in (runs[0].get("env") or {}).items()}))
    return cases


@dataclass
class Answers:
    """One runtime's answers for one module: by request file, or why it stopped."""

    lines: dict[str, dict[str, Any]] = field(default_factory=dict)
    failure: str = ""


async def answer(rt: Runtime, case: ModuleCase, pepr: Path, esbuild: Path,
                 timeout: float) -> Answers:
    """Run `pepr_answers.js` for one module in one runtime."""
    args = [*rt.command(ANSWERS_JS), "--pepr", str(pepr), "--esbuild", str(esbuild),
            "--module", str(case.entry), *map(str, case.requests)]
    env = {**os.environ, "LOG_LEVEL": "silent", "NO_COLOR": "1", **case.env}
    out = await run_process(args, case.entry.parent, timeout, env)
    got = Answers()
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict) and isinstance(rec.get("file"), str):
                got.lines[rec["file"]] = rec
    if out.hung:
        got.failure = f"timed out after {timeout:g} s"
    elif out.code != 0 or len(got.lines) != len(case.requests):
        got.failure = first_error_line(out.stderr) or f"exit code {out.code}"
    return got


def verdict(ref: Answers, got: Answers, case: ModuleCase) -> tuple[str, str]:
    """`identical`, `differs` or `fails`, with the first difference or failure."""
    if got.failure:
        return "fails", got.failure
    for req in case.requests:
        r, g = ref.lines.get(req.name), got.lines.get(req.name)
        if r is None or g is None:
            return "fails", f"{req.name}: no answer"
        diffs: list[str] = []
        if "error" in r or "error" in g:
            compare_values(r.get("error"), g.get("error"), f"{req.name} error", diffs)
        else:
            for route in ("mutate", "validate"):
                compare_bodies(r[route], g[route], f"{req.name} {route}", diffs,
                               case.random_paths)
        if diffs:
            return "differs", diffs[0]
    return "identical", ""


@dataclass
class ModulesReport:
    """Per module: Node's answers (the reference) and each peer's verdict."""

    runtimes: list[Runtime]
    rows: list[dict[str, Any]]

    def line(self) -> str:
        """One summary line per peer."""
        parts = []
        for rt in self.runtimes[1:]:
            if not rt.available:
                parts.append(f"{rt.label}: {rt.note}")
                continue
            same = sum(1 for r in self.rows if r["status"].get(rt.name) == "identical")
            parts.append(f"{rt.label}: {same} of {len(self.rows)} modules answer as Node")
        return "; ".join(parts)


async def run_modules(folders: list[Path], peers: tuple[str, ...] = PEERS,
                      timeout: float = 120.0) -> ModulesReport:
    """Answer every module's requests in Node and in each installed peer; compare."""
    from hostrt.loader.npm import ensure_installed
    from hostrt.pepr.reference import pepr_reference
    node = NodeRuntime()
    if not node.available:
        raise HostError("--modules needs real Node.js on PATH: it is the reference",
                        code="ERR_HOSTRT_COMPAT")
    await node.probe_version()
    cases = find_modules(folders)
    if not cases:
        raise HostError("no module folder with a requests/ folder of AdmissionReviews among "
                        + ", ".join(str(f) for f in folders), code="ERR_HOSTRT_NOT_FOUND")
    pepr = await asyncio.to_thread(pepr_reference)
    esbuild = (await asyncio.to_thread(ensure_installed)) / "node_modules" / "esbuild"
    runtimes: list[Runtime] = [node, *(RUNTIMES[name]() for name in peers)]
    rows = []
    for case in cases:
        ref = await answer(node, case, pepr, esbuild, timeout)
        row: dict[str, Any] = {"module": case.name, "entry": case.entry.name,
                               "requests": len(case.requests), "status": {}, "detail": {}}
        if ref.failure:
            row["status"]["node"], row["detail"]["node"] = "fails", ref.failure
        else:
            row["status"]["node"] = "reference"
        for rt in runtimes[1:]:
            if not rt.available:
                continue
            if ref.failure:
                status, detail = "fails", "no reference: Node failed"
            else:
                status, detail = verdict(ref, await answer(rt, case, pepr, esbuild, timeout), case)
            row["status"][rt.name], row["detail"][rt.name] = status, detail
        rows.append(row)
    # Committed reports must not carry this machine's paths.
    for row in rows:
        for name, text in row["detail"].items():
            for folder in folders:
                text = text.replace(str(folder.parent) + "/", "")
            row["detail"][name] = text.replace(str(pepr.parent) + "/", "")
    return ModulesReport(runtimes, rows)


def render_md(report: ModulesReport) -> str:
    """The per-module table as Markdown (for the ADR appendix)."""
    peers = [rt for rt in report.runtimes[1:] if rt.available]
    out = [f"**{report.line()}.**", "",
           "Real Pepr 1.1.4's processors answer each module's requests in "
           f"{report.runtimes[0].label} (the reference) and in "
           + ", ".join(f"{rt.label} ({rt.note.removeprefix('run as ')})" for rt in peers) + ".",
           "", "| module | entry | requests | " + " | ".join(rt.label for rt in peers) + " |",
           "|---|---|---|" + "---|" * len(peers)]
    for row in report.rows:
        cells = []
        for rt in peers:
            status, detail = row["status"].get(rt.name, "—"), row["detail"].get(rt.name, "")
            cells.append(status + (f": {detail[:160]}" if detail else ""))
        out.append(f"| {row['module']} | `{row['entry']}` | {row['requests']} | "
                   + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out) + "\n"


def main(args: argparse.Namespace) -> int:
    """The `--modules` handler."""
    folders = (module_folders(args.modules.resolve()) if isinstance(args.modules, Path)
               else default_modules())
    report = asyncio.run(run_modules(folders, timeout=max(args.probe_timeout, 120.0)))
    if args.format == "json":
        text = json.dumps({"schema": "hostrt-compat-modules/1", "line": report.line(),
                           "runtimes": [{"name": rt.name, "label": rt.label,
                                         "available": rt.available, "note": rt.note}
                                        for rt in report.runtimes],
                           "modules": report.rows}, indent=1) + "\n"
    elif args.format == "md":
        text = render_md(report)
    else:
        from rich.console import Console
        from rich.table import Table
        console = Console(file=args.output.open("w") if args.output else None)
        table = Table(title="Pepr modules through real Pepr 1.1.4's processors, "
                            f"compared with {report.runtimes[0].label}")
        peers = [rt for rt in report.runtimes[1:] if rt.available]
        for col in ("module", "entry", "requests", *(rt.label for rt in peers), "detail"):
            table.add_column(col, overflow="fold")
        style = {"identical": "green", "differs": "yellow", "fails": "red"}
        for row in report.rows:
            detail = "; ".join(f"{n}: {d}" for n, d in row["detail"].items() if d)
            table.add_row(row["module"], row["entry"], str(row["requests"]),
                          *(f"[{style.get(row['status'].get(rt.name, ''), '')}]"
                            f"{row['status'].get(rt.name, '—')}[/]" for rt in peers), detail)
        console.print(table)
        console.print(f"[bold]{report.line()}[/]")
        return 0
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(report.line(), file=sys.stderr)
    return 0
