"""The compat overview: per area, one stacked bar per runtime, for a reader to see at a glance.

Each probe's status in each runtime falls in one bucket:

- `like Node`   — behaviour verified against Node (`works`);
- `present`     — exists with Node's typeof, behaviour not verified by a probe (`present`);
- `stub`        — hostrt declares it a stub: it loads and throws when used;
- `impossible`  — hostrt declares it impossible in an embedding;
- `differs`     — differs from Node, throws where Node does not, or hangs;
- `missing`     — the runtime has no such module or name.

`stub` and `impossible` come from hostrt's own declarations, so only the hostrt column has them;
a peer's stub (if it has any) shows as whatever its probe saw. The same buckets drive the HTML
page's bars (clicking one filters the table) and the PNG chart in the ADR appendix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

BUCKETS = ("like Node", "present", "stub", "impossible", "differs", "missing")
COLOURS = {"like Node": "#2e7d32", "present": "#81c784", "stub": "#9e9e9e",
           "impossible": "#3949ab", "differs": "#f9a825", "missing": "#c62828"}
_BUCKET_OF = {"works": "like Node", "present": "present", "stub": "stub",
              "impossible": "impossible", "differs": "differs", "throws": "differs",
              "hangs": "differs", "missing": "missing"}


def bucket(status: str) -> str:
    """The overview bucket of a per-probe status."""
    return _BUCKET_OF.get(status, "differs")


def overview(data: dict[str, Any]) -> dict[str, Any]:
    """From a compat JSON document: the runtimes shown, and per area (plus `all`) per runtime
    the count of probes in each bucket."""
    runtimes = [r["name"] for r in data["runtimes"] if r.get("available")]
    labels = {r["name"]: r["label"] for r in data["runtimes"]}
    areas: dict[str, dict[str, dict[str, int]]] = {}
    for row in data["rows"]:
        for area in (row["area"], "all"):
            per = areas.setdefault(area, {rt: dict.fromkeys(BUCKETS, 0) for rt in runtimes})
            for rt in runtimes:
                status = row["status"].get(rt)
                if status is not None:
                    per[rt][bucket(status)] += 1
    order = ["all", *sorted(a for a in areas if a != "all")]
    return {"buckets": list(BUCKETS), "colours": COLOURS, "bucket_of": _BUCKET_OF,
            "runtimes": runtimes,
            "labels": {rt: labels.get(rt, rt) for rt in runtimes},
            "areas": [{"area": a, "counts": areas[a]} for a in order]}


def render_png(data: dict[str, Any], path: Path) -> None:
    """The overview as a PNG: one panel row per area, one stacked bar per runtime (needs
    matplotlib: `pip install 'hostrt[bench]'`)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:
        from hostrt.errors import HostError
        raise HostError("--format png needs matplotlib (pip install 'hostrt[bench]')") from exc
    ov = overview(data)
    runtimes, areas = ov["runtimes"], ov["areas"]
    # One row per area, one column per runtime; each cell is that runtime's stacked bar.
    fig, ax = plt.subplots(figsize=(2.0 * len(runtimes) + 1.6, 0.2 * len(areas) + 1.4))
    for i, a in enumerate(areas):
        for j, rt in enumerate(runtimes):
            counts = a["counts"][rt]
            total = sum(counts.values()) or 1
            left = j * 1.1
            for b in BUCKETS:
                if counts[b]:
                    ax.barh(-i, counts[b] / total, left=left, color=COLOURS[b], height=0.8)
                    left += counts[b] / total
    ax.set_yticks([-i for i in range(len(areas))],
                  [f"{a['area']} ({sum(a['counts'][runtimes[0]].values())})" for a in areas],
                  fontsize=7)
    ax.set_xticks([j * 1.1 + 0.5 for j in range(len(runtimes))],
                  [ov["labels"][rt] for rt in runtimes], fontsize=7)
    ax.xaxis.tick_top()
    ax.set_xlim(-0.05, len(runtimes) * 1.1)
    ax.set_ylim(-len(areas) + 0.4, 0.6)
    for side in ("right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title("Per area (probes) and runtime, against Node "
                 f"{data.get('node_version', '')}", fontsize=9, pad=24)
    handles = [plt.Rectangle((0, 0), 1, 1, color=COLOURS[b]) for b in BUCKETS]
    ax.legend(handles, BUCKETS, ncol=len(BUCKETS), fontsize=7, loc="upper center",
              bbox_to_anchor=(0.5, 0.0), frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
