"""The appendix section on hostile input and hostile modules (issue #15), from a saved document.

docs/bench/security.json holds what the commands below measured, each with its command:
  "fuzz":         `hostrt fuzz admission MODULE --cases N --json F` (one campaign, or a list:
                  through `hostrt run` and through `hostrt serve --via serve`)
  "differential": the same with `--differential K` (sampled cases also through real Pepr 1.1.4)
  "modules":      tests/test_hostile_modules.py's misbehaviours and how each was answered
  "recycles":     tests/test_recycle_memory.py's RSS after the first and the 100th recycle
`hostrt report --security docs/bench/security.json` renders it; a missing part is said so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def load_security(path: Path | None) -> tuple[dict[str, Any] | None, str]:
    """The document and where it came from (or why there is none)."""
    if path is None:
        return None, "not given (`hostrt report --security docs/bench/security.json`)"
    try:
        return json.loads(path.read_text(encoding="utf-8")), f"read from `{path}`"
    except (OSError, ValueError) as exc:
        return None, f"`{path}` could not be read: {exc}"


def _fuzz_line(f: dict[str, Any]) -> str:
    state = "" if f.get("complete", True) else " (the run was stopped here; figures so far)"
    rate = f" ({f['cases'] / f['seconds']:,.0f} cases/s" if f.get("seconds") else ""
    load = f.get("load_average")
    if rate:
        rate += (f" on a shared 2-core machine, load average {load['start']:g} at the start, "
                 f"{load['end']:g} at the end)" if isinstance(load, dict) else ")")
    statuses = f.get("statuses") or {}
    return (f"{f['cases']:,} hostile AdmissionReviews{state}: {f['answered']:,} answered, "
            f"{f['tracebacks']} Python tracebacks, {f['crashes']} crashes, {f['hangs']} hangs; "
            f"{f['canaries'] - f['canaries_wrong']:,} of {f['canaries']:,} valid reviews sent "
            f"between them answered exactly as a fresh process answers them; "
            f"{f['bytes_sent'] / 1e6:,.0f} MB sent in {f['seconds']:,.0f} s{rate}"
            + ("; HTTP statuses (mutate/validate): "
               + ", ".join(f"{k} {v:,}" for k, v in statuses.items()) if statuses else ""))


def security_lines(doc: dict[str, Any] | None, note: str) -> list[str]:
    """Section 8 of the appendix."""
    L = ["## 8. Hostile input and hostile modules (an isolate is a boundary; Node is not)", ""]
    if doc is None:
        return [*L, f"- Figures: not available ({note}).", ""]
    L.append(f"Figures {note}.")
    L.append("")
    fuzz = doc.get("fuzz")
    for run in (fuzz if isinstance(fuzz, list) else [fuzz] if fuzz else []):
        L.append(f"- **Fuzz, {run.get('via_text', 'through `hostrt run --admission`')}**: "
                 f"{_fuzz_line(run)}. Kinds: "
                 + ", ".join(f"{k} {v:,}" for k, v in run.get("kinds", {}).items())
                 + f". Command: `{run.get('command', '')}`.")
    diff = doc.get("differential")
    if diff:
        d = diff["differential"]
        via = diff.get("via_text", "through `hostrt run --admission`")
        L.append(f"- **Same answers as real Pepr 1.1.4**: {d['equal']:,} of {d['compared']:,} "
                 "sampled hostile cases answered with the same HTTP status and body (patches "
                 "decoded op by op) by real Pepr's Express app on Node and by hostrt "
                 f"{via}. Command: `{diff.get('command', '')}`."
                 + (f" {diff['note']}" if diff.get("note") else ""))
        sb = d.get("stack_bound") or {}
        if sb.get("compared"):
            L.append(f"  - Sampled cases nested past the stack-safe depth, compared apart: "
                     f"{sb['equal']:,} of {sb['compared']:,} the same; each was replaced in "
                     "the sample by the next case that is not."
                     + (f" {diff['stack_note']}" if diff.get("stack_note") else ""))
    mods = doc.get("modules")
    if mods:
        L += ["", "Hostile modules (`js_fixtures/modules/hostile`, onError `reject`, "
              f"webhookTimeout {mods.get('webhookTimeout', '?')} s; "
              f"`{mods.get('command', '')}`):", "",
              "| misbehaviour | hostrt's answer | Pepr on Node |", "|---|---|---|"]
        for row in mods.get("rows", []):
            L.append(f"| {row['what']} | {row['hostrt']} | {row['node']} |")
        if mods.get("realm"):
            L += ["", f"- **Shared realm**: {mods['realm']}"]
    rec = doc.get("recycles")
    if rec:
        L.append("")
        for engine, r in rec.get("engines", {}).items():
            L.append(f"- **RSS after 100 isolate recycles ({engine})**: {r['first_kib']:,} KiB "
                     f"after the first, {r['last_kib']:,} KiB after the 100th "
                     f"({r['last_kib'] / r['first_kib']:.2f}×; goal ≤ 1.10×)"
                     + (f" — {r['note']}" if r.get("note") else "") + ".")
        L.append(f"  Command: `{rec.get('command', '')}`.")
    L.append("")
    return L
