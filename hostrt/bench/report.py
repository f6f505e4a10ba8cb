"""`hostrt report`: the ADR appendix — each Pepr ADR claim about non-Node runtimes, with the figure
or compat count behind it and the command that regenerates it.

Inputs: a bench document (run now, or `--from` a saved `hostrt bench --json`), the compat
document (`hostrt compat --format json`, run now when that command is in this build, or
`--compat FILE`), and the shim declarations (`shims/*/shim.toml`). Anything missing is said to be
missing — a claim is never answered with a made-up figure.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hostrt.bench import render
from hostrt.bench.compatdoc import compat_document
from hostrt.bench.registry import HOSTRT, is_hostrt
from hostrt.bench.render import fmt, fmt_ratio

RERENDER = ("hostrt report --from docs/bench/results.json --compat docs/bench/compat.json "
            "--security docs/bench/security.json --node-tests docs/bench/node-tests.json "
            "--cel docs/bench/compat-cel.json --plot docs/bench --out docs/adr-appendix.md "
            "--readme README.md")
REGEN = ("hostrt report --out docs/adr-appendix.md --plot docs/bench "
         "--json docs/bench/results.json --security docs/bench/security.json --readme README.md "
         "--node-tests docs/bench/node-tests.json")


def load_compat(path: Path | None) -> tuple[dict[str, Any] | None, str]:
    """The compat document, and a note on where it came from or why it is missing."""
    if path is None:
        from hostrt.cli import build_parser
        _, handlers = build_parser()
        if "compat" not in handlers:
            return None, "`hostrt compat` is not available in this build"
    return compat_document(path, [], timeout=900)


def _rows(doc: dict[str, Any], group: str) -> list[dict[str, Any]]:
    return [r for r in doc["results"] if r["group"] == group]


def _row(doc: dict[str, Any], group: str, name: str) -> dict[str, Any] | None:
    for r in doc["results"]:
        if r["group"] == group and r["name"] == name and r["available"]:
            return r
    return None


def _why_missing(doc: dict[str, Any], group: str) -> str:
    for g in doc["groups"]:
        if g["name"] == group:
            return g["reason"] or "no result"
    return "group not run"


def _stpyv8_engine(facts: dict[str, Any]) -> str:
    # STPyV8's version is the V8 version it embeds.
    return (f" or V8 {facts['stpyv8']} (STPyV8, `--engine stpyv8`)" if facts.get("stpyv8")
            else "")


def _fig(row: dict[str, Any], stat: str | None = None) -> str:
    """'hostrt 52 µs vs Node 1.7 µs (30×)' for the row's headline (or given) statistic."""
    stat = stat or row["headline"]
    h = row["runtimes"].get("hostrt", {}).get("summary", {}).get(stat)
    n = row["runtimes"].get("node", {}).get("summary", {}).get(stat)
    if HOSTRT not in row["runtimes"]:
        # e.g. an implementation row: two programs, both in Node
        return "; ".join(
            f"{rt} {fmt(side.get('summary', {}).get(stat), row['unit'])} vs Node "
            f"{fmt(n, row['unit'])} ({fmt_ratio(render.ratio(row, rt, stat))}, {stat})"
            for rt, side in row["runtimes"].items() if rt != "node")
    others = [f"on {rt.removeprefix('hostrt-')} {fmt(summary.get(stat), row['unit'])} "
              f"({fmt_ratio(render.ratio(row, rt, stat))})"
              for rt, side in row["runtimes"].items()
              if is_hostrt(rt) and rt != HOSTRT and (summary := side.get("summary", {}))]
    return (f"hostrt {fmt(h, row['unit'])} vs Node {fmt(n, row['unit'])} "
            f"({fmt_ratio(render.ratio(row, 'hostrt', stat))}, {stat})"
            + "".join(f"; {o}" for o in others))


def _figs(row: dict[str, Any]) -> str:
    """Every statistic the row shows, headline first."""
    return "; ".join(_fig(row, st) for st in row["stats"])


def _compat_area(compat: dict[str, Any] | None, area: str) -> str | None:
    if not compat:
        return None
    for a in compat.get("areas", []):
        if a.get("area") == area:
            parts = [f"{a.get(k, 0)} {k}" for k in _compat_statuses(compat) if a.get(k)]
            return (f"{a.get('works', 0)} of {a.get('total', 0)} probes verify behaviour "
                    f"against Node ({', '.join(parts) or 'no probes'})")
    return None


def _compat_statuses(compat: dict[str, Any]) -> list[str]:
    # Documents before the `statuses` key had no present/stub columns.
    return list(compat.get("statuses") or ("works", "differs", "missing", "throws", "hangs"))


def _no_area(compat: dict[str, Any] | None, note: str) -> str:
    return f"not available ({note})" if not compat else "not available (no probes in that area)"


def _declarations(names: tuple[str, ...]) -> list[str]:
    """Per shim: how many APIs it declares per strategy, and how much code it took."""
    from hostrt.compat.shimsize import shim_size
    from hostrt.shimreg import load_shims
    out = []
    for shim in load_shims():
        if shim.name not in names:
            continue
        counts: dict[str, int] = {}
        for api in shim.apis.values():
            counts[api.strategy] = counts.get(api.strategy, 0) + 1
        size = shim_size(shim)
        strat = ", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "none declared"
        borrowed = ""
        if size.borrowed:
            names = ", ".join(f"`{p.relative_to(shim.path.parent)}`" for p in size.borrowed)
            borrowed = (f" + {size.borrowed_lines} lines in the {len(size.borrowed)} files of "
                        f"other shims it requires ({names}): {size.own_lines + size.borrowed_lines} "
                        "lines in all")
        out.append(f"`{shim.name}`: {len(shim.apis)} APIs declared ({strat}); "
                   f"{size.own_lines} lines of JS + Python in `shims/{shim.name}/`{borrowed}")
    return out


def compat_summary(compat: dict[str, Any]) -> dict[str, Any]:
    """The part of a compat document the appendix reads (saved beside the bench JSON)."""
    keep = {k: v for k, v in compat.items() if k != "rows"}
    keep["note"] = ("rows left out: the ADR appendix reads summary and areas (and, under "
                    "`peers`, what section 9 needs of the rows); full document: "
                    "hostrt compat --format json")
    if "rows" in compat:
        from hostrt.bench.report_peers import compat_extract
        keep["peers"] = compat_extract(compat)
    return keep


NODE_TESTS_CMD = ("hostrt compat --node-tests <Node v20.11.1 test/> --filter <areas> --format json "
                  "-o docs/bench/node-tests.json")


def load_node_tests(path: Path | None) -> tuple[dict[str, Any] | None, str]:
    """A saved `hostrt compat --node-tests … --format json` document, or why there is none."""
    if path is None:
        return None, f"not measured for this report (run `{NODE_TESTS_CMD}`, pass --node-tests)"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, f"could not read `{path}`: {exc}"
    if data.get("schema") != "hostrt-compat-node-tests/1" or "node_pass" not in data:
        return None, f"`{path}` is not a `hostrt compat --node-tests --format json` document"
    return data, f"read from `{path}`"


def node_tests_summary(doc: dict[str, Any]) -> dict[str, Any]:
    """The part of a --node-tests document the appendix reads (file rows left out)."""
    return {k: v for k, v in doc.items() if k != "files"}


def _node_tests_lines(nt: dict[str, Any] | None, note: str) -> list[str]:
    if nt is None:
        return [f"- Node's own test suite with its own harness: {note}.", ""]
    share = 100 * nt["hostrt_pass"] / nt["node_pass"] if nt["node_pass"] else 0.0
    out = [f"- **Node's own tests, Node's own harness (`test/common`): {nt['hostrt_pass']} of the "
           f"{nt['node_pass']} files Node passes also pass in hostrt ({share:.0f}%)** — "
           f"{nt.get('selection') or 'files'} of Node's `test/parallel` and `test/sequential`, "
           f"each run unchanged in Node and in hostrt (`{nt.get('command') or NODE_TESTS_CMD}`). "
           "Files with `// Flags:` are skipped in both. Per area (the word after `test-`):", "",
           "| area | files | Node passes | of those, hostrt passes |", "|---|---:|---:|---:|"]
    for a in sorted(nt.get("areas", []), key=lambda a: -a["node_pass"]):
        if a["node_pass"]:
            out.append(f"| {a['area']} | {a['files']} | {a['node_pass']} | {a['hostrt_pass']} |")
    return [*out, ""]


def build_report(doc: dict[str, Any], compat_json: Path | None = None,
                 charts: list[Path] | None = None, out: Path | None = None,
                 compat_loaded: tuple[dict[str, Any] | None, str] | None = None,
                 cel_loaded: tuple[dict[str, Any] | None, str] | None = None,
                 security_json: Path | None = None,
                 peer_docs: dict[str, tuple[dict[str, Any] | None, str]] | None = None,
                 node_tests: tuple[dict[str, Any] | None, str] | None = None) -> str:
    """The appendix as Markdown. `cel_loaded`: the `hostrt compat --cel` document for section 7
    (None: said to be missing); `security_json`: the hostile-input figures for section 8;
    `peer_docs`: the --pepr-sdk and --modules documents of section 9 (see
    `report_peers.load_peer_docs`); `node_tests`: the saved `hostrt compat --node-tests`
    document (None: said to be missing)."""
    compat, compat_note = compat_loaded or load_compat(compat_json)
    k = doc["machine"]
    L: list[str] = [
        "# Appendix: the Pepr ADR's objections to a non-Node runtime, measured",
        "",
        WHICH_ROWS,
        "",
        f"Generated by `hostrt report` on {k['date']} — {k['cpu']}, {k['cores']} cores; "
        f"Python {k['python']}; hostrt {k['hostrt']} on {render.engine_facts(k)}; "
        f"Node {k['node']} (V8 {k['node_v8']}); load average "
        f"{'/'.join(map(str, k.get('load_avg') or [])) or 'unknown'} at the start. "
        f"Regenerate everything: `{REGEN}` (or re-render this run: `{RERENDER}`). All ratios "
        "are hostrt / Node, measured in the same run on the same machine; below 1× means "
        "hostrt is faster or smaller.",
        "",
        f"Compat data: {compat_note}.",
        "",
        "## Headline: what leaving Node costs for Pepr's admission routes",
        "",
        *[f"- {line}" for line in headline_lines(doc)],
        "",
    ]

    # 1 -------------------------------------------------------------------------------------
    L += ["## 1. \"Not a drop-in replacement\"", ""]
    if compat:
        s = compat.get("summary", {})
        L.append(f"- **{s.get('line', '')}** — compat probes run unchanged in Node "
                 f"{compat.get('node_version', '')} and in hostrt "
                 f"(`hostrt compat --format json`).")
        cols = ["area", "total", *_compat_statuses(compat)]
        L += ["", "Per area, hostrt's status per probe: works = behaviour verified against Node; "
              "present = exists with Node's typeof, behaviour not verified; stub and impossible "
              "as declared in the shims.", "",
              "| " + " | ".join(cols) + " |", "|---|" + "---:|" * (len(cols) - 1)]
        for a in compat.get("areas", []):
            L.append("| " + " | ".join(str(a.get(c, 0)) for c in cols) + " |")
    else:
        L.append(f"- Compat counts: not available ({compat_note}). Regenerate: "
                 "`hostrt compat --format json`.")
    L.append("")
    L += _node_tests_lines(*(node_tests or load_node_tests(None)))
    decl = _declarations(("process", "timers", "console", "events", "crypto", "buffer", "util",
                          "pepr"))
    L += ["- What this build declares, per shim (from `shims/*/shim.toml`, the same declarations "
          "the require registry is built from):", *[f"  - {d}" for d in decl], ""]

    # 2 -------------------------------------------------------------------------------------
    L += ["## 2. \"setTimeout/setInterval/console would have to be reimplemented\"", "",
          "They were: the reimplementation and its size are below; whether it behaves like Node "
          "is the compat count, and what it costs is the shims benchmark.", ""]
    L += [f"- {d}" for d in _declarations(("timers", "console"))]
    for area in ("timers", "console"):
        got = _compat_area(compat, area)
        L.append(f"- compat `{area}`: {got or _no_area(compat, compat_note)}")
    _group_lines(L, doc, "shims", ("timer-lateness", "console"), "hostrt bench shims")
    L.append("")

    # 3 -------------------------------------------------------------------------------------
    L += ["## 3. \"Instability in crypto\"", ""]
    got = _compat_area(compat, "crypto")
    L.append(f"- compat `crypto`: {got or _no_area(compat, compat_note)}")
    L += [f"- {d}" for d in _declarations(("crypto",))] or \
        ["- No `crypto` shim in this build."]
    _group_lines(L, doc, "shims", ("sha256", "randomuuid", "random-uuid"), "hostrt bench shims")
    L.append("")

    # 4 -------------------------------------------------------------------------------------
    L += ["## 4. \"Potential performance gains\"", "",
          "Measured, not potential: where hostrt stands against Node on the same machine.", ""]
    adm = [r for r in _rows(doc, "admission") if r["available"]]
    if adm:
        L.append("- admission (hello-pepr): the headline above; every row, with p99, is in the "
                 "table below. Regenerate: `hostrt bench admission`.")
    else:
        L.append(f"- Admission (hello-pepr, decomposed): not available — "
                 f"{_why_missing(doc, 'admission')}. Regenerate: `hostrt bench admission`.")
    for name, what in (("roundtrip", "one awaited host call"),
                       ("concurrent", "amortised host call in a 10,000-call Promise.all"),
                       ("dispatch", "Python→JS dispatch")):
        r = _row(doc, "bridge", name)
        if r:
            extra = ""
            if "mini-racer" in r["runtimes"]:
                mr = r["runtimes"]["mini-racer"]["summary"].get(r["headline"])
                extra = f"; mini-racer's own wrap_py_function: {fmt(mr, r['unit'])}"
            tgt = f"; target {render.target_text(r)}" if r.get("target") else ""
            L.append(f"- bridge, {what}: {_fig(r)}{extra}{tgt}. Node's column is "
                     f"`{r['runtimes']['node']['label']}`. Regenerate: `hostrt bench bridge`.")
    for name in ("roundtrip-cpu", "concurrent-cpu"):
        r = _row(doc, "bridge", name)
        if r:
            L.append(f"- bridge, {r['title']} (load-independent): {_fig(r)}. "
                     "Regenerate: `hostrt bench bridge`.")
    parts = [(_row(doc, "bridge", f"tick-{k}"), k) for k in (
        "empty", "outbox", "decode", "encode", "inbox")]
    if all(r is not None for r, _ in parts):
        def val(r: dict[str, Any]) -> str:
            return fmt(r["runtimes"]["hostrt"]["summary"][r["headline"]], r["unit"])
        (e, _), *rest = parts
        assert e is not None
        L.append(f"- where a host call's time goes (`hostrt bench bridge --only tick-cost`): "
                 f"one empty tick (the floor of every crossing) p50 {val(e)}; per call in a "
                 "10,000-call batch: " + ", ".join(f"{k} {val(r)}" for r, k in rest if r) + ".")
    L += _scaling_table(doc)
    L += _serve_lines(doc)
    for g in ("start", "memory"):
        for r in _rows(doc, g):
            if r["available"]:
                L.append(f"- {g}, {r['title']}: {_fig(r)}. Regenerate: `hostrt bench {g}`.")
            else:
                L.append(f"- {g}, {r['title']}: not measured — {r['reason']}.")
    L.append("")

    # 5 -------------------------------------------------------------------------------------
    L += ["## 5. \"Dev and cluster would run different runtimes\"", ""]
    L.append(f"- Engines: hostrt runs V8 {k['hostrt_v8']} (mini-racer {k['mini_racer']})"
             f"{_stpyv8_engine(k)}"
             f"; Node {k['node']} runs V8 {k['node_v8']}. Same engine family, different versions "
             "— a module developed under `npx pepr dev` (Node) and served by hostrt runs on both.")
    if compat:
        s = compat.get("summary", {})
        L.append(f"- Where behaviour can diverge: {s.get('differs', 0)} probes differ, "
                 f"{s.get('missing', 0)} missing, {s.get('throws', 0)} throw, "
                 f"{s.get('impossible', 0)} impossible in an embedding "
                 f"(`hostrt compat --format json`).")
    else:
        L.append(f"- Behavioural divergence count: not available ({compat_note}).")
    same = [r for r in doc["results"]
            if r["available"] and r["params"].get("same_answer") is not None]
    if same:
        ok = sum(1 for r in same if r["params"].get("same_answer"))
        L.append(f"- The same bundle answered the same requests alike in Node and in hostrt: "
                 f"{ok} of {len(same)} admission and scaling rows had identical answers on "
                 "every side (status and AdmissionReview; `hostrt bench admission scaling`).")
    L.append("")

    # 6 -------------------------------------------------------------------------------------
    L += _network_pressure(doc)

    # 7 -------------------------------------------------------------------------------------
    from hostrt.bench.report_cel import cel_section
    L += cel_section(doc, cel_loaded or (None, "not given (`hostrt report` runs "
                                                 "`hostrt compat --cel`, or pass `--cel JSON`)"))

    # 8 -------------------------------------------------------------------------------------
    from hostrt.bench.security_report import load_security, security_lines
    L += security_lines(*load_security(security_json))
    from hostrt.bench.soak import section_lines as soak_lines
    L += soak_lines(doc, charts, out)

    # 9 -------------------------------------------------------------------------------------
    from hostrt.bench import report_peers
    L += report_peers.section(doc, compat_summary(compat).get("peers") if compat else None,
                              peer_docs or {})

    # results and charts -----------------------------------------------------------------------
    L.append(render.markdown(doc, heading="##"))
    if charts:
        L += ["## Charts", ""]
        base = out.parent if out is not None else Path.cwd()
        for c in charts:
            rel = os.path.relpath(c, base)
            L.append(f"![{c.stem}]({rel})")
        L.append("")
    return "\n".join(L).rstrip() + "\n"


def _scaling_table(doc: dict[str, Any]) -> list[str]:
    """The scaling group as one table: per point, (a), (b) and (c) p50 with ratios to Node."""
    rows = [r for r in _rows(doc, "scaling") if r["available"]]
    if not rows:
        return [f"- scaling: not available — {_why_missing(doc, 'scaling')}. Regenerate: "
                "`hostrt bench scaling`."]
    points: dict[tuple[int, int], dict[str, dict[str, Any]]] = {}
    for r in rows:
        p = r["params"]
        key = (int(p.get("bindings", 0)), int(p.get("object_bytes", 0)))
        points.setdefault(key, {})[p.get("decomposition", "")] = r

    def cell(r: dict[str, Any] | None, rt: str) -> str:
        if r is None or rt not in r["runtimes"]:
            return "—"
        v = _p50(r, rt)
        return fmt(v, r["unit"]) + ("" if rt == "node" else
                                    f" ({fmt_ratio(render.ratio(r, rt, 'p50'))})")
    engines = sorted({rt for r in rows for rt in r["runtimes"] if is_hostrt(rt)})
    names = [_engine_name(doc, rt) for rt in engines]
    out = ["- scaling (`hostrt bench scaling`), p50 of one request's /mutate + /validate (two "
           "requests); ratios to the Node column of the same decomposition:", "",
           "| bindings | object | (a) Node | " + " | ".join(f"(a) {n}" for n in names)
           + " | (b) Node | " + " | ".join(f"(b) {n}" for n in names)
           + " | (c) real Pepr | (c) hostrt's Pepr |",
           "|---:|---:|" + "---:|" * (3 + 2 * len(engines) + 1)]
    for (bindings, size), kinds in sorted(points.items()):
        a, b, c = kinds.get("runtime"), kinds.get("real-pepr"), kinds.get("implementation")
        other = next((rt for rt in (c or {}).get("runtimes", {}) if rt != "node"), "")
        out.append("| " + " | ".join([
            str(bindings), f"{size // 1024} KB" if size < 1024 * 1024 else
            f"{size // (1024 * 1024)} MB", cell(a, "node"), *[cell(a, rt) for rt in engines],
            cell(b, "node"), *[cell(b, rt) for rt in engines], cell(c, "node"),
            cell(c, other) if other else "—"]) + " |")
    return [*out, ""]


WHICH_ROWS = (
    "**Which rows are what.** Rows marked **(a) runtime cost** (`admission/runtime-*`, "
    "`scaling/*-runtime-pair`) run identical JavaScript — hostrt's own Pepr (`shims/pepr/`), "
    "one bundle — in Node and in hostrt on each engine backend, with the same log level into "
    "the same kind of sink (a file): the pure cost of leaving Node. Rows marked **(b) real "
    "Pepr** (`*real-pepr-*`) run real Pepr 1.1.4's processors and route, bundled whole as "
    "`hostrt compat --pepr-sdk` does, in Node and in hostrt: what the ADR's embedded-V8 plan "
    "would have run. Rows marked **(c) implementation** (`*implementation-*`) compare hostrt's "
    "Pepr with real Pepr, both in Node: an implementation difference, never a runtime result. "
    "`/mutate` and `/validate` are timed as separate requests (two crossings, as a cluster "
    "sends them); `admission/both-routes` is the one-crossing variant, and "
    "`admission/floor-*` the crossing floor of each backend (hostrt only). The memory group "
    "and the start group's hello-pepr rows are decomposed the same way (titles marked (a), (b), "
    "(c)); the other groups (bridge, shims, start's empty script, serve, watch) run the same "
    "program in each runtime or say what they compare.")

README_BEGIN = ("<!-- headline: generated by `hostrt report --readme README.md` from the bench "
                "run of docs/adr-appendix.md; do not edit by hand -->")
README_END = "<!-- /headline -->"


def _engine_name(doc: dict[str, Any], runtime: str) -> str:
    if runtime == HOSTRT:
        return str(doc["machine"].get("hostrt_engine") or render.DEFAULT_ENGINE)
    return runtime.removeprefix(f"{HOSTRT}-")


def _p50(row: dict[str, Any], runtime: str) -> float | None:
    side = row["runtimes"].get(runtime)
    v = side["summary"].get("p50") if side else None
    return None if v is None else float(v)


def headline_lines(doc: dict[str, Any]) -> list[str]:
    """The (a), (b), (c) figures per route and backend, and the crossing floor, as sentences
    (p50, from the admission group of `doc`); the README quotes the same lines."""
    rows = {r["name"]: r for r in _rows(doc, "admission") if r["available"]}
    if not any(n.startswith(("runtime-", "real-pepr-")) for n in rows):
        why = _why_missing(doc, "admission")
        if why == "no result":
            why = "this bench document has no decomposed admission rows (it predates them)"
        return [f"Admission figures: not available — {why}. Regenerate: "
                "`hostrt bench admission`."]
    out = []
    kinds = (("runtime", "(a) Runtime cost, the same JavaScript (hostrt's Pepr) in Node and in "
                         "hostrt"),
             ("real-pepr", "(b) Real Pepr 1.1.4's processors in Node and in hostrt's embedded "
                           "V8"),
             ("implementation", "(c) Implementation difference, not a runtime result: hostrt's "
                                "Pepr against real Pepr, both in Node"))
    for kind, label in kinds:
        parts = []
        for route in ("mutate", "validate"):
            r = rows.get(f"{kind}-{route}")
            if r is None:
                continue
            node = _p50(r, "node")
            if kind == "implementation":
                other = next(rt for rt in r["runtimes"] if rt != "node")
                parts.append(f"`/{route}` real Pepr {fmt(node, r['unit'])}, hostrt's Pepr "
                             f"{fmt(_p50(r, other), r['unit'])} "
                             f"({fmt_ratio(render.ratio(r, other, 'p50'))})")
                continue
            engines = [f"{_engine_name(doc, rt)} {fmt(_p50(r, rt), r['unit'])} "
                       f"({fmt_ratio(render.ratio(r, rt, 'p50'))})"
                       for rt in r["runtimes"] if is_hostrt(rt)]
            goal = ""
            if r.get("target"):
                word = {True: "met", False: "MISSED", None: "not measured"}
                goal = "; goal ≤ {:g}× on {}: {}".format(
                    r["target"]["value"], ", ".join(_engine_name(doc, rt) for rt in
                                                    r["target"]["met_by"]),
                    word[r["target"]["met"]])
            parts.append(f"`/{route}` Node {fmt(node, r['unit'])}, " + ", ".join(engines)
                         + goal)
        if parts:
            out.append(f"**{label}** (p50): " + "; ".join(parts) + ".")
    tick, disp = rows.get("floor-tick"), rows.get("floor-dispatch")
    if tick and disp:
        floors = ", ".join(f"{_engine_name(doc, rt)} {fmt(_p50(tick, rt), tick['unit'])} "
                           f"(a no-op dispatch {fmt(_p50(disp, rt), disp['unit'])})"
                           for rt in tick["runtimes"])
        share = []
        for rt in tick["runtimes"]:
            total = [_p50(rows[f"runtime-{k}"], rt) for k in ("mutate", "validate")
                     if f"runtime-{k}" in rows]
            d = _p50(disp, rt)
            if d is not None and total and None not in total:
                share.append(f"{_engine_name(doc, rt)} {100 * 2 * d / sum(total):.0f}%")  # type: ignore[arg-type]
        out.append("**Crossing floor** (hostrt only, p50): one empty tick costs " + floors
                   + (". The two crossings of a request (two no-op dispatches) are this share "
                      "of its (a) /mutate + /validate time: " + ", ".join(share) if share else "")
                   + ".")
        out += _floor_explained(doc, rows, tick, disp)
    return out


def _floor_explained(doc: dict[str, Any], rows: dict[str, dict[str, Any]],
                     tick: dict[str, Any], disp: dict[str, Any]) -> list[str]:
    """Per backend slower than the fastest one: how much of its (a) gap to Node the crossing
    floor explains, and how much is the JS itself running slower in that engine."""
    pair: dict[str, float] = {}
    node = 0.0
    for rt in tick["runtimes"]:
        got = [_p50(rows[f"runtime-{k}"], rt) for k in ("mutate", "validate")
               if f"runtime-{k}" in rows]
        nd = [_p50(rows[f"runtime-{k}"], "node") for k in ("mutate", "validate")
              if f"runtime-{k}" in rows]
        d = _p50(disp, rt)
        if len(got) == 2 and None not in got and None not in nd and d is not None:
            pair[rt] = sum(got)  # type: ignore[arg-type]
            node = sum(nd)  # type: ignore[arg-type]
    if len(pair) < 2 or not node:
        return []
    best = min(pair, key=lambda rt: pair[rt])
    out = []
    for rt, total in pair.items():
        if rt == best:
            continue
        d, bd = _p50(disp, rt), _p50(disp, best)
        assert d is not None and bd is not None
        gap = total - node
        floor_part = 2 * (d - bd)
        rest = total - pair[best] - floor_part
        name = _engine_name(doc, rt)
        how = (" (mini-racer runs V8, started `--single-threaded`, on a thread of its own)"
               if name == "mini-racer" else "")
        out.append(
            f"**Why {name} is slower** (p50, (a) /mutate + /validate): "
            f"{fmt(total, 'µs')} against Node's {fmt(node, 'µs')}, a gap of {fmt(gap, 'µs')}. "
            f"Its dearer crossing accounts for {fmt(floor_part, 'µs')} of it (two dispatches at "
            f"{fmt(d, 'µs')} instead of {_engine_name(doc, best)}'s {fmt(bd, 'µs')}); the other "
            f"{fmt(rest, 'µs')} beyond {_engine_name(doc, best)} is the same JavaScript "
            f"taking longer inside that engine{how}; the same requests take "
            f"{fmt(pair[best], 'µs')} on {_engine_name(doc, best)}."
            + (" Each mini-racer crossing wakes V8's thread: on a quiet machine the other core "
               "is asleep and every wake-up costs more, so these rows come out higher on an idle "
               "machine than with the other core busy (run `hostrt bench admission` beside a "
               "busy loop to see it)." if name == "mini-racer" else ""))
    return out


def readme_block(doc: dict[str, Any]) -> str:
    """The README's generated headline block (markers included)."""
    k = doc["machine"]
    lines = [README_BEGIN,
             f"Measured by `hostrt bench admission` on {k['date'][:10]} ({k['cores']} cores, "
             f"load average {'/'.join(map(str, k.get('load_avg') or [])) or 'unknown'}; "
             "absolute times move with the machine, the ratios are from one run); the "
             "decomposition is explained in [the ADR appendix](docs/adr-appendix.md):", ""]
    lines += [f"- {line}" for line in headline_lines(doc)]
    return "\n".join([*lines, README_END])


def update_readme(path: Path, doc: dict[str, Any]) -> None:
    """Replace the generated headline block of `path` (between the markers)."""
    from hostrt.bench.harness import BenchError
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BenchError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    start, end = text.find(README_BEGIN), text.find(README_END)
    if start < 0 or end < start:
        raise BenchError(f"{path}: no generated headline block (a line `{README_BEGIN}` "
                         f"followed by `{README_END}`)")
    path.write_text(text[:start] + readme_block(doc) + text[end + len(README_END):],
                    encoding="utf-8")


def _serve_lines(doc: dict[str, Any]) -> list[str]:
    """"Single deployment unit / performance gains": the live controller against Pepr's own."""
    L = ["", "### Single deployment unit / performance gains: `hostrt serve` against Pepr's "
         "controller", ""]
    rows = _rows(doc, "serve")
    if not rows:
        return [*L, f"- Not measured — {_why_missing(doc, 'serve')}. Regenerate: "
                "`hostrt bench serve`.", ""]
    L.append("One Python process hosting V8 answers Pepr's /mutate and /validate over HTTPS "
             "(`hostrt serve`), against real Pepr 1.1.4's controller (its `npx pepr build` "
             "bundle under Node; the \"Node\" figures below) on the same machine, in the same "
             "run; `workers-2` is `hostrt serve --workers 2`; `stpyv8` is the one process on "
             "`--engine stpyv8` (V8 in the Python thread; same bundle, JavaScript and HTTP "
             "stack, only the engine differs). Regenerate: `hostrt bench serve`.")
    skipped = next((r["params"]["not measured"] for r in rows
                    if (r.get("params") or {}).get("not measured")), {})
    L += [f"- {who}: not measured — {why}." for who, why in skipped.items()]
    for r in rows:
        if not r["available"]:
            L.append(f"- {r['title']}: not measured — {r['reason']}.")
            continue
        tgt = f"; goal {render.target_text(r)}" if r.get("target") else ""
        note = (r.get("params") or {}).get("note")
        L.append(f"- {r['title']}: {_figs(r)}{tgt}." + (f" The {note}." if note else ""))
    L.append("")
    return L


def _group_lines(L: list[str], doc: dict[str, Any], group: str, names: tuple[str, ...],
                 cmd: str) -> None:
    rows = [r for r in _rows(doc, group) if r["available"]
            and any(n in r["name"].lower() for n in names)]
    if rows:
        for r in rows:
            L.append(f"- {r['title']}: {_fig(r)}. Regenerate: `{cmd}`.")
    else:
        L.append(f"- Benchmark ({', '.join(names)}): not available — "
                 f"{_why_missing(doc, group)}. Regenerate: `{cmd}`.")


def _network_pressure(doc: dict[str, Any]) -> list[str]:
    """Section 6: the watch informer the ADR wanted as a Go sidecar, measured in-process."""
    L = ["## 6. Network pressure: an informer-grade watcher instead of a Go sidecar", "",
         "Pepr's watcher (kubernetes-fluent-client) re-LISTs on every reconnect; the ADR's answer "
         "was a Go informer sidecar. hostrt's watcher is an informer in the Python process that "
         "hosts V8: LIST once, WATCH with bookmarks, resume from the last resourceVersion, re-list "
         "only on 410. Both watchers below saw the same churn and the same injected faults against "
         "the fake API (no kube-apiserver can be installed here; its request counts are exact).",
         ""]
    rows = {r["name"]: r for r in _rows(doc, "watch") if r["available"]}
    if not rows:
        L += [f"- Not available — {_why_missing(doc, 'watch')}. Regenerate: "
              "`hostrt bench watch`.", ""]
        return L
    for name in ("requests-per-1k-events", "listed-objects-per-1k-events", "duplicate-adds",
                 "converge-seconds"):
        r = rows.get(name)
        if r:
            L.append(f"- {r['title']}: {_fig(r)}. Regenerate: `hostrt bench watch`.")
    first = next(iter(rows.values()))
    params = first.get("params") or {}
    for rt, label in (("hostrt_result", "hostrt informer"),
                      ("node_result", "kubernetes-fluent-client")):
        res = params.get(rt)
        if isinstance(res, dict):
            L.append(f"- {label}: {res.get('writes')} write events, faults "
                     f"{res.get('faults')}, {res.get('list')} LIST pages and {res.get('watch')} "
                     f"WATCHes, converged: {res.get('converged')}.")
    if first.get("method"):
        L.append(f"- Method: {first['method']}.")
    L.append("")
    return L
