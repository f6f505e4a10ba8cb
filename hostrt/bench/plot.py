"""`--plot DIR`: PNG charts of a bench document (matplotlib, the optional `hostrt[bench]` extra).

- one latency-distribution chart per measurement with per-operation samples (box plots per
  runtime, log scale: p50/p99 are visible side by side);
- one scaling chart per series of parametrised measurements (x = the parameter, y = p50/p99);
- one goals chart per group with goals relative to Node (`<group>-goals.png`): each row's
  hostrt/Node ratio per runtime, at the statistic its goal names, with the goal marked;
- one line chart per `params.curve.chart` name, a panel per row (e.g. the soak's RSS and p99
  over requests): `{"chart", "panel", "x", "points": {runtime: [[x, y], ...]}}`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from hostrt.bench.harness import BenchError

MIN_SAMPLES = 20


def require_matplotlib() -> Any:
    """Import matplotlib (Agg backend) or fail with the install command."""
    try:
        import matplotlib
    except ModuleNotFoundError:
        raise BenchError("--plot needs matplotlib, which is optional: "
                         "pip install 'hostrt[bench]'") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def chart_names(doc: dict[str, Any]) -> set[str]:
    """File stems `write_plots` uses for this document's rows (charts from the same run)."""
    names = set()
    for row in doc["results"]:
        names.add(f"{_slug(row['group'])}-{_slug(row['name'])}")
        if (row.get("target") or {}).get("of_node"):
            names.add(f"{_slug(row['group'])}-goals")
        series = row.get("params", {}).get("series")
        if series:
            names.add(f"{_slug(row['group'])}-{_slug(series)}")
        curve = row.get("params", {}).get("curve")
        if curve:
            names.add(_slug(curve["chart"]))
    return names


def chart_stamp(doc: dict[str, Any], row: dict[str, Any]) -> str:
    """What a distribution chart's PNG says it was drawn from: the row and its run's start (a
    row merged from another run keeps that run's start in params.run_started)."""
    started = (row.get("params") or {}).get("run_started") or doc.get("started", "")
    return f"hostrt bench {row['group']}/{row['name']}, run started {started}"


def saved_distribution_charts(doc: dict[str, Any], outdir: Path) -> list[Path]:
    """Distribution charts already in `outdir` that were drawn from this document's own runs.

    A saved (summary-only) document has no raw samples, so it cannot redraw them; a chart is
    linked again only when its PNG stamp names the same row and run, never one left over from
    another run under the same file name."""
    from PIL import Image
    found = []
    for row in doc["results"]:
        path = outdir / f"{_slug(row['group'])}-{_slug(row['name'])}.png"
        if not row.get("available") or not path.is_file():
            continue
        try:
            with Image.open(path) as image:
                stamp = image.info.get("Source")
        except OSError:
            continue
        if stamp == chart_stamp(doc, row):
            found.append(path)
    return found


def write_plots(doc: dict[str, Any], outdir: Path) -> list[Path]:
    """Write every chart into `outdir`; return the paths written."""
    plt = require_matplotlib()
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    scaling: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    curves: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in doc["results"]:
        if not row["available"]:
            continue
        if row["params"].get("curve"):
            curves[row["params"]["curve"]["chart"]].append(row["params"]["curve"])
        if row["params"].get("series"):
            scaling[(row["group"], row["params"]["series"])].append(row)
            continue
        series = {rt: v.get("samples") or [] for rt, v in row["runtimes"].items()}
        if not any(len(s) >= MIN_SAMPLES for s in series.values()):
            continue  # a handful of per-run figures is a table row, not a distribution
        fig, ax = plt.subplots(figsize=(8, 0.6 + 0.7 * len(series)))
        names = list(series)
        ax.boxplot([series[n] for n in names], orientation="horizontal", showfliers=True,
                   whis=(1, 99), flierprops={"markersize": 2})
        ax.set_yticks(range(1, len(names) + 1), names)
        ax.set_xscale("log")
        ax.set_xlabel(f"{row['unit']} (box: quartiles, whiskers: p1–p99; log scale)")
        ax.set_title(f"{row['group']}/{row['name']}: {row['title']}", fontsize=10)
        fig.tight_layout()
        path = outdir / f"{_slug(row['group'])}-{_slug(row['name'])}.png"
        fig.savefig(path, dpi=110, metadata={"Source": chart_stamp(doc, row)})
        plt.close(fig)
        written.append(path)
    for (group, series_name), rows in scaling.items():
        param = rows[0]["params"]["x"]
        fig, ax = plt.subplots(figsize=(7, 4.2))
        runtimes = sorted({rt for r in rows for rt in r["runtimes"]})
        for i, rt in enumerate(runtimes):
            color = f"C{i}"
            for stat, style in (("p50", "-o"), ("p99", ":x")):
                pts = [(r["params"][param], r["runtimes"][rt]["summary"][stat])
                       for r in rows if rt in r["runtimes"]]
                if pts:
                    pts.sort()
                    ax.plot([p[0] for p in pts], [p[1] for p in pts], style, color=color,
                            label=f"{rt} {stat}")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(param)
        ax.set_ylabel(rows[0]["unit"])
        ax.set_title(f"{group}: {series_name}", fontsize=10)
        ax.legend(fontsize=8)
        ax.grid(True, which="both", alpha=0.3)
        fig.tight_layout()
        path = outdir / f"{_slug(group)}-{_slug(series_name)}.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    for chart, panels in curves.items():
        written.append(_curve_chart(plt, chart, panels, outdir))
    written += _goal_charts(plt, doc, outdir)
    return written


def _goal_ratios(row: dict[str, Any]) -> dict[str, float]:
    """Each runtime's ratio to Node at the statistic the row's goal names."""
    stat = row["target"].get("stat") or row.get("headline")
    node = ((row["runtimes"].get("node") or {}).get("summary") or {}).get(stat)
    if not node:
        return {}
    out = {}
    for rt, v in row["runtimes"].items():
        value = (v.get("summary") or {}).get(stat)
        if rt != "node" and value is not None:
            out[rt] = value / node
    return out


def _goal_charts(plt: Any, doc: dict[str, Any], outdir: Path) -> list[Path]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in doc["results"]:
        if row["available"] and (row.get("target") or {}).get("of_node") and _goal_ratios(row):
            groups[row["group"]].append(row)
    written = []
    for group, rows in groups.items():
        runtimes = sorted({rt for r in rows for rt in _goal_ratios(r)})
        fig, ax = plt.subplots(figsize=(8, 0.9 + 0.45 * len(rows) * len(runtimes)))
        height = 0.8 / len(runtimes)
        for j, rt in enumerate(runtimes):
            ys = [i + j * height for i in range(len(rows))]
            xs = [_goal_ratios(r).get(rt, 0.0) for r in rows]
            ax.barh(ys, xs, height=height, color=f"C{j}", label=rt)
            for y, x in zip(ys, xs, strict=True):
                if x:
                    ax.text(x, y, f" {x:.2f}x", va="center", fontsize=7)
        for i, r in enumerate(rows):
            t = r["target"]
            ax.plot([t["value"]] * 2, [i - 0.1, i + 0.8 - 0.1], color="black", linewidth=2)
        labels = [f"{r['name']} ({r['target'].get('stat') or r.get('headline')}, goal "
                  f"{r['target']['op']} {r['target']['value']:g}x)" for r in rows]
        ax.set_yticks([i + 0.4 - height / 2 for i in range(len(rows))], labels, fontsize=8)
        ax.invert_yaxis()
        ax.axvline(1.0, color="grey", linewidth=0.8, linestyle=":")
        ax.set_xlabel("ratio to Node in the same run (black bar: the goal)")
        ax.set_title(f"{group}: hostrt / Node at each goal's statistic", fontsize=10)
        ax.legend(fontsize=8, loc="lower right")
        fig.tight_layout()
        path = outdir / f"{_slug(group)}-goals.png"
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written


def _curve_chart(plt: Any, chart: str, panels: list[dict[str, Any]], outdir: Path) -> Path:
    """One figure, a panel per curve row, a line per runtime."""
    fig, axes = plt.subplots(len(panels), 1, figsize=(8, 3.2 * len(panels)), squeeze=False)
    for ax, panel in zip(axes[:, 0], panels, strict=True):
        for i, (rt, pts) in enumerate(panel["points"].items()):
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], "-o", color=f"C{i}",
                        markersize=3, label=panel.get("labels", {}).get(rt, rt))
        ax.set_xlabel(panel["x"])
        ax.set_ylabel(panel["panel"], fontsize=8)
        ax.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    axes[0, 0].set_title(panels[0].get("title", chart), fontsize=10)
    fig.tight_layout()
    path = outdir / f"{_slug(chart)}.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
