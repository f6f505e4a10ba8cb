"""The default terminal report: a per-area summary, the probe table and the summary line (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from hostrt.compat.runner import STATUSES, Report, Row

STYLE = {"works": "green", "present": "cyan", "stub": "dim", "impossible": "blue",
         "differs": "yellow", "missing": "red", "throws": "magenta", "hangs": "bold red"}


def _detail(row: Row) -> str:
    detail = row.results["hostrt"].detail if "hostrt" in row.results else ""
    if row.strategy.strategy == "impossible" and row.strategy.note:
        detail = f"impossible: {row.strategy.note}" + (f"\n{detail}" if detail else "")
    return detail


def render(report: Report, console: Console, *, rows: list[Row] | None = None) -> None:
    """Print the report to `console`."""
    avail = [rt for rt in report.runtimes if rt.available]
    summary = Table(title=f"hostrt compat — per area (reference Node {report.node_version})")
    summary.add_column("area")
    summary.add_column("probes", justify="right")
    for st in STATUSES:
        summary.add_column(st, justify="right", style=STYLE[st])
    for a in report.areas():
        summary.add_row(a["area"], str(a["total"]), *(str(a[st]) for st in STATUSES))
    table = Table(title="probes", show_lines=False)
    table.add_column("id", no_wrap=True)
    for col in ("strategy", *(rt.name for rt in avail)):
        table.add_column(col, no_wrap=True)
    table.add_column("detail", overflow="fold")
    for row in rows if rows is not None else report.rows:
        cells = []
        for rt in avail:
            res = row.results.get(rt.name)
            cells.append(f"[{STYLE.get(res.status, '')}]{res.status}[/]" if res else "")
        table.add_row(row.probe.id, row.strategy.strategy or "—", *cells, _detail(row)[:300],
                      )
    console.print(table)
    console.print(summary)
    for rt in report.runtimes:
        if not rt.available:
            console.print(f"[dim]{rt.name}: not run — {rt.note}[/]")
    console.print(f"[bold]{report.summary()['line']}[/] ({report.seconds:.1f} s)")
