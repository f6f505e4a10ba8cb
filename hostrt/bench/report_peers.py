"""The appendix section "Would a later move to Deno 2 or Bun stay possible?".

The ADR keeps Node partly for the option to "switch to deno2 or bun in the future", and lists
"Incompatibility with Other Runtimes" against embedding V8. This section puts the four kinds of
evidence side by side for Node, Deno, Bun and hostrt, all from runs on this machine:

- compat: the same probes, unchanged, per runtime (`hostrt compat --format json`);
- the real Pepr 1.1.4 SDK: does it load, and answer as in Node (`hostrt compat --pepr-sdk`);
- the sample modules through real Pepr's processors (`hostrt compat --modules`);
- cost: the `peers` bench group (the same bundle and scripts in every runtime).

Inputs are the documents those commands print (the report runs them, or reads saved copies); a
missing one is said to be missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hostrt.bench.compatdoc import compat_document
from hostrt.bench.render import fmt, fmt_ratio

PEERS = ("deno", "bun")
# The documents this section reads besides the bench and compat ones: the `hostrt compat` flag
# that prints each, and the file name it is saved under beside the bench JSON.
PEER_DOCS = {"pepr_sdk": ("--pepr-sdk", "compat-pepr-sdk.json"),
             "modules": ("--modules", "compat-modules.json")}


def load_peer_docs(saved: Path | None) -> dict[str, tuple[dict[str, Any] | None, str]]:
    """The --pepr-sdk and --modules documents: read from the folder `saved` when given, else
    run now. Each comes with a note on where it came from or why it is missing."""
    out: dict[str, tuple[dict[str, Any] | None, str]] = {}
    for key, (flag, name) in PEER_DOCS.items():
        out[key] = compat_document(saved / name if saved is not None else None, [flag])
    return out


def compat_extract(compat: dict[str, Any]) -> dict[str, Any]:
    """What this section needs from a full compat document (kept in the saved summary, which
    drops the rows): per-runtime bucket counts, and hostrt's deviations with the peers' status
    on the same probes."""
    from hostrt.compat.overview import overview
    ov = overview(compat)
    deviations = [{"id": r["id"], "area": r["area"],
                   **{rt: r["status"].get(rt, "") for rt in ("hostrt", *PEERS)}}
                  for r in compat.get("rows", [])
                  if r["status"].get("hostrt") in ("differs", "missing", "throws", "hangs")]
    return {"overview_all": ov["areas"][0]["counts"] if ov["areas"] else {},
            "labels": ov["labels"], "hostrt_deviations": deviations}


def _compat_table(peers: dict[str, Any]) -> list[str]:
    counts, labels = peers.get("overview_all") or {}, peers.get("labels") or {}
    shown = [rt for rt in ("node", "hostrt", *PEERS) if rt in counts]
    if not shown:
        return ["Compat per runtime: not available (no compat document with these columns)."]
    buckets = list(next(iter(counts.values())))
    L = ["| runtime | probes | " + " | ".join(buckets) + " |",
         "|---|---|" + "---|" * len(buckets)]
    for rt in shown:
        c = counts[rt]
        total = sum(c.values()) or 1
        L.append(f"| {labels.get(rt, rt)} | {sum(c.values())} | "
                 + " | ".join(f"{c[b]} ({100 * c[b] / total:.0f}%)" for b in buckets) + " |")
    return L


def _deviation_lines(peers: dict[str, Any]) -> list[str]:
    if "hostrt_deviations" not in peers:
        return ["Not available: the compat document lacks the per-probe columns (re-run "
                "`hostrt compat --format json` and `hostrt report` with it)."]
    devs = peers["hostrt_deviations"]
    if not devs:
        return ["hostrt deviates from Node on no probe in this run."]
    def ok(s: str) -> bool:
        return s in ("works", "present")
    shared = [d for d in devs if any(d.get(p) and not ok(d[p]) for p in PEERS)]
    own = [d for d in devs if all(ok(d.get(p, "")) for p in PEERS if d.get(p))]
    L = [f"Of hostrt's {len(devs)} deviations from Node (probes where hostrt differs, throws, "
         f"hangs or misses), {len(shared)} are shared by Deno or Bun and {len(own)} are "
         "hostrt's alone:", "",
         "| probe | hostrt | Deno | Bun |", "|---|---|---|---|"]
    for d in sorted(devs, key=lambda d: (d in own, d["id"])):
        L.append(f"| `{d['id']}` | {d['hostrt']} | {d.get('deno') or '—'} | "
                 f"{d.get('bun') or '—'} |")
    return L


def _cost_lines(doc: dict[str, Any]) -> list[str]:
    rows = [r for r in doc.get("results", []) if r["group"] == "peers"]
    if not rows:
        return ["Cost: the `peers` bench group is not in this run (`hostrt bench peers`)."]
    L = []
    for r in rows:
        if not r["available"]:
            L.append(f"- {r['title']}: not available — {r['reason']}")
            continue
        stat = r["headline"]
        cells = []
        for rt in ("node", "hostrt", *(k for k in r["runtimes"] if k.startswith("hostrt-")),
                   *PEERS):
            side = r["runtimes"].get(rt)
            if side is None:
                continue
            val = side["summary"].get(stat)
            ratio = "" if rt == "node" else f" ({fmt_ratio((r.get('ratios') or {}).get(rt))})"
            cells.append(f"{rt} {fmt(val, r['unit'])}{ratio}")
        same = r["params"].get("same_answer")
        note = "" if same is None else (" — every runtime gave Node's answer" if same else
                                         " — answers differ: "
                                         + ", ".join(r["params"].get("answers_differ_from_node",
                                                                     [])))
        L.append(f"- {r['title']} ({stat}): " + "; ".join(cells) + note)
    return L


def section(doc: dict[str, Any], compat_peers: dict[str, Any] | None,
            peer_docs: dict[str, tuple[dict[str, Any] | None, str]]) -> list[str]:
    """The appendix section, as Markdown lines."""
    L = ["## 9. \"Switch to deno2 or bun in the future\": would a later move stay possible?", "",
         "The same probes, the same real Pepr 1.1.4 SDK bundle, the same sample modules and the "
         "same benchmark files run in every runtime below. Deno runs in its Node-compatibility "
         "mode (`deno run --allow-all --unstable-detect-cjs --node-modules-dir=manual`), Bun "
         "as-is (`bun run`); both are installed by `hostrt setup --peers` from the npm lockfile "
         "in `hostrt/npm/peers/`.", "",
         "**Compat** (`hostrt compat --format json`; share of all probes per runtime):", ""]
    L += _compat_table(compat_peers or {})
    L += ["", "Per area, in a chart (`hostrt compat --format png -o docs/bench/compat-overview.png`; "
          "the HTML report draws the same bars and filters its table by them):", "",
          "![compat overview per area and runtime](bench/compat-overview.png)"]
    L += ["", "**The real Pepr 1.1.4 SDK** (`hostrt compat --pepr-sdk`):", ""]
    sdk, sdk_note = peer_docs.get("pepr_sdk", (None, "not loaded"))
    if sdk is None:
        L.append(f"- not available ({sdk_note})")
    else:
        same = sdk.get("hostrt_answer") == sdk.get("node_answer")
        L.append(f"- hostrt: {'loads; admission answer matches Node' if same else 'first fails: '}"
                 f"{'' if same else (sdk.get('hostrt_failure') or '').splitlines()[0][:200]}")
        for name, peer in (sdk.get("peers") or {}).items():
            L.append(f"- {peer.get('label', name)}: {peer.get('verdict')}")
    L += ["", "**The sample modules through real Pepr's processors** (`hostrt compat --modules`; "
          "hostrt answers them with its own Pepr, see the differential tests, so it has no column "
          "here):", ""]
    mods, mods_note = peer_docs.get("modules", (None, "not loaded"))
    if mods is None:
        L.append(f"- not available ({mods_note})")
    else:
        L.append(f"- {mods['line']}")
        for row in mods.get("modules", []):
            cells = [f"{rt}: {row['status'][rt]}" + (f" ({row['detail'][rt][:160]})"
                                                      if row["detail"].get(rt) else "")
                     for rt in PEERS if rt in row["status"]]
            L.append(f"  - {row['module']} (`{row['entry']}`, {row['requests']} requests): "
                     + "; ".join(cells))
    L += ["", "**Cost** (`hostrt bench peers`; ratios to Node from this run):", ""]
    L += _cost_lines(doc)
    L += ["", "**hostrt's own deviations, and whether the peers share them**:", ""]
    L += _deviation_lines(compat_peers or {})
    return [*L, ""]
