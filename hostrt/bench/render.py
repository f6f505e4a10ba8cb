"""Renderers of a bench result document (the `--json` form): terminal table and Markdown.

Both work from the JSON document, so a saved `--json` file renders the same way later.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from hostrt.engine import DEFAULT_ENGINE

NODE = "node"
HOSTRT = "hostrt"


def fmt(value: float | None, unit: str = "") -> str:
    """A figure with 3 significant digits (thousands separated), or '—'."""
    if value is None:
        return "—"
    a = abs(value)
    if a >= 1000:
        text = f"{value:,.0f}"
    elif a >= 100:
        text = f"{value:.0f}"
    elif a >= 10:
        text = f"{value:.1f}"
    elif a >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".rstrip()


def fmt_ratio(r: float | None) -> str:
    """A hostrt/Node ratio like '3.2×'."""
    if r is None:
        return "—"
    return f"{r:,.0f}×" if r >= 1000 else f"{r:.3g}×"


def _cell(row: dict[str, Any], runtime: str, stat: str) -> float | None:
    rt = row["runtimes"].get(runtime)
    if rt is None:
        return None
    v = rt["summary"].get(stat)
    return None if v is None else float(v)


def ratio(row: dict[str, Any], runtime: str, stat: str) -> float | None:
    """runtime/Node for one statistic, from the summaries in the document."""
    a, b = _cell(row, runtime, stat), _cell(row, NODE, stat)
    if a is None or b is None or b == 0:
        return None
    return a / b


def target_text(row: dict[str, Any]) -> str:
    """'≤ 5 µs/call (median): met', '≤ Node's p50 (145 µs): MISSED; hostrt-stpyv8: met' or ''."""
    t = row.get("target")
    if not t:
        return ""
    word = {True: "met", False: "MISSED", None: "n/a"}
    op = t["op"].replace("<=", "≤").replace(">=", "≥")
    if t.get("of_node"):
        factor = "" if t["value"] == 1 else f"{t['value']:g}× "
        goal = f"{op} {factor}Node's {t['stat']} ({fmt(t.get('bound'), row['unit'])})"
    else:
        goal = f"{op} {fmt(t['value'], row['unit'])} ({t['stat']})"
    by = t.get("met_by") or {}
    if list(by) in ([], [HOSTRT]):
        return f"{goal}: {word[t.get('met')]}"
    return f"{goal}: " + "; ".join(f"{rt}: {word[met]}" for rt, met in by.items())


def _others(row: dict[str, Any]) -> list[str]:
    return [rt for rt in row["runtimes"] if rt not in (HOSTRT, NODE)]


def method_lines(doc: dict[str, Any]) -> list[str]:
    """The method and machine, as lines printed with the results."""
    m, k = doc["method"], doc["machine"]
    return [
        f"Machine: {k['cpu']}, {k['cores']} cores, {k['os']}; load average "
        f"{'/'.join(map(str, k.get('load_avg') or [])) or 'unknown'} (1/5/15 min) when the "
        "facts were taken",
        f"Versions: Python {k['python']}, hostrt {k['hostrt']} on {engine_facts(k)}; "
        f"Node {k['node']} (V8 {k['node_v8']}); date {k['date']}",
        f"Method: {m['warmup']} warm-up run(s) then {m['runs']} timed run(s) per workload "
        f"(iteration scale {m['scale']}); {m['aggregation']}; timing: {m['timing']}; "
        f"ratio = {m['ratio']}.",
    ]


def engine_facts(facts: dict[str, Any]) -> str:
    """'mini-racer 0.14.1 (V8 14.4…) and STPyV8 13.1…; the hostrt column runs on mini-racer'."""
    stpyv8 = f" and STPyV8 {facts['stpyv8']}" if facts.get("stpyv8") else ""
    return (f"mini-racer {facts['mini_racer']} (V8 {facts['hostrt_v8']}){stpyv8}; the hostrt "
            f"column runs on {facts.get('hostrt_engine') or DEFAULT_ENGINE}")


def print_table(doc: dict[str, Any], console: Console) -> None:
    """The terminal table: one row per statistic of each measurement, then the method."""
    table = Table(title="hostrt bench (ratios are hostrt / Node, same run)", show_lines=False)
    for col, just in (("group", "left"), ("workload", "left"), ("stat", "left"),
                      ("hostrt", "right"), ("node", "right"), ("hostrt/node", "right"),
                      ("others (ratio to node)", "left"), ("target", "left")):
        table.add_column(col, justify=just)  # type: ignore[arg-type]
    for row in doc["results"]:
        if not row["available"]:
            table.add_row(row["group"], row["name"], "", "", "", "",
                          f"[yellow]{row['reason']}[/yellow]", "")
            continue
        for i, stat in enumerate(row["stats"]):
            others = "; ".join(
                f"{rt}: {fmt(_cell(row, rt, stat), row['unit'])} "
                f"({fmt_ratio(ratio(row, rt, stat))})" for rt in _others(row))
            table.add_row(row["group"] if i == 0 else "", row["title"] if i == 0 else "", stat,
                          fmt(_cell(row, HOSTRT, stat), row["unit"]),
                          fmt(_cell(row, NODE, stat), row["unit"]),
                          fmt_ratio(ratio(row, HOSTRT, stat)), others,
                          target_text(row) if i == 0 else "")
    console.print(table)
    for line in method_lines(doc):
        console.print(line, highlight=False)
    for row in doc["results"]:
        if row["available"] and row["method"]:
            labels = "; ".join(f"{rt} = {v['label']}" for rt, v in row["runtimes"].items()
                               if v.get("label"))
            console.print(f"  • {row['group']}/{row['name']}: {row['method']}. {labels}",
                          highlight=False, soft_wrap=False)


def markdown(doc: dict[str, Any], heading: str = "##") -> str:
    """The results as an ADR appendix section (Markdown)."""
    lines = [f"{heading} Measured cost of hostrt against Node", ""]
    lines += [f"- {x}" for x in method_lines(doc)]
    lines += ["", "| group | workload | stat | hostrt | Node | hostrt/Node | others | target |",
              "|---|---|---|---:|---:|---:|---|---|"]
    for row in doc["results"]:
        if not row["available"]:
            lines.append(f"| {row['group']} | {row['name']} | | | | | "
                         f"not measured: {_md(row['reason'])} | |")
            continue
        for i, stat in enumerate(row["stats"]):
            others = "<br>".join(
                f"{rt}: {fmt(_cell(row, rt, stat), row['unit'])} "
                f"({fmt_ratio(ratio(row, rt, stat))})" for rt in _others(row))
            lines.append("| " + " | ".join([
                row["group"] if i == 0 else "", _md(row["title"]) if i == 0 else "", stat,
                fmt(_cell(row, HOSTRT, stat), row["unit"]),
                fmt(_cell(row, NODE, stat), row["unit"]),
                fmt_ratio(ratio(row, HOSTRT, stat)), _md(others),
                _md(target_text(row)) if i == 0 else ""]) + " |")
    lines += ["", f"{heading}# What each row times", ""]
    for row in doc["results"]:
        if row["available"]:
            labels = "; ".join(f"*{rt}*: `{v['label']}`" for rt, v in row["runtimes"].items()
                               if v.get("label"))
            lines.append(f"- **{row['group']}/{row['name']}** — {_md(row['method'])}. {labels}")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
