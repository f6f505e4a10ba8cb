"""The appendix's CEL section: the ADR's fourth pro ("inject Go functions … perhaps even … the
CEL framework"), answered with `hostrt bench cel` and `hostrt compat --cel` figures.

Every sentence is generated from the two documents; a missing figure is said to be missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hostrt.bench.compatdoc import compat_document
from hostrt.bench.render import fmt

CEL_CMD = "hostrt bench cel"
CONF_CMD = "hostrt compat --cel --format json"


def load_cel_conformance(path: Path | None) -> tuple[dict[str, Any] | None, str]:
    """The `hostrt compat --cel` document (read, or run now), and where it came from."""
    return compat_document(path, ["--cel"])


def _p50(row: dict[str, Any] | None, runtime: str) -> float | None:
    if row is None:
        return None
    rt = row["runtimes"].get(runtime)
    if rt is None:
        return None
    v = rt["summary"].get("p50")
    return None if v is None else float(v)


def _times(a: float | None, b: float | None) -> str:
    """'3.1× faster' / '2.0× slower' for a against b."""
    if a is None or b is None or a <= 0 or b <= 0:
        return "not measured"
    return f"{b / a:.2g}× faster" if a < b else f"{a / b:.2g}× slower"


def cel_section(doc: dict[str, Any], conformance: tuple[dict[str, Any] | None, str]) -> list[str]:
    """Section 7 of the appendix."""
    L = ["## 7. \"Inject host functions — perhaps even the CEL framework\" (the ADR's pro)", "",
         "The host language here is Python: `require('hostrt:cel')` hands CEL to cel-expr-python "
         "(CEL's C++ implementation) through the bridge — synchronously on STPyV8, as a Promise "
         "and a crossing on mini-racer. The alternative without the host is a CEL evaluator "
         "written in JavaScript (`@bufbuild/cel`) running in the same engine. Same 20 "
         "ValidatingAdmissionPolicy-style expressions on the same Deployment for every runtime, "
         "same answers checked before timing.", ""]
    rows = {r["name"]: r for r in doc["results"] if r["group"] == "cel" and r["available"]}
    if not rows:
        why = next((r.get("reason", "") for r in doc["results"] if r["group"] == "cel"),
                   "the cel group was not run")
        L += [f"- Not measured — {why or 'the cel group was not run'}. Regenerate: "
              f"`{CEL_CMD}`.", ""]
    else:
        ev, req, comp, cross = (rows.get(n) for n in ("evaluate", "request", "compile",
                                                      "crossing"))
        engines = sorted({rt.split("@", 1)[1] for r in rows.values() for rt in r["runtimes"]
                          if rt.startswith("bufbuild@")})
        for engine in engines:
            host_rt = "hostrt" if engine == _default(doc) else f"hostrt-{engine}"
            js_rt = f"bufbuild@{engine}"
            L.append(
                f"- On {engine}: one evaluation by the host function "
                f"{fmt(_p50(ev, host_rt), 'µs')} p50 against {fmt(_p50(ev, js_rt), 'µs')} for "
                f"@bufbuild/cel in the same engine ({_times(_p50(ev, host_rt), _p50(ev, js_rt))});"
                f" a whole request of 20 rules {fmt(_p50(req, host_rt), 'µs')} (one "
                f"`evaluateAll` call) against {fmt(_p50(req, js_rt), 'µs')} "
                f"({_times(_p50(req, host_rt), _p50(req, js_rt))}); compile "
                f"{fmt(_p50(comp, host_rt), 'µs')} against {fmt(_p50(comp, js_rt), 'µs')}. "
                f"Crossing share of one host evaluation: {fmt(_p50(cross, host_rt), 'µs')} p50 "
                f"of it (the rest is cel-expr-python's own work).")
        L.append(f"- Reference: @bufbuild/cel in Node {fmt(_p50(ev, 'node'), 'µs')} per "
                 f"evaluation, {fmt(_p50(req, 'node'), 'µs')} per 20-rule request; "
                 f"cel-expr-python called from Python with no JS {fmt(_p50(ev, 'evaluator'), 'µs')}"
                 f" per evaluation, {fmt(_p50(req, 'evaluator'), 'µs')} per request.")
        L.append(f"- Does moving the work to the host pay? {_verdict(ev, req, engines, doc)} "
                 f"Regenerate: `{CEL_CMD}`.")
    conf, note = conformance
    if conf is None:
        L.append(f"- Conformance: not available ({note}).")
    else:
        cells = "; ".join(
            f"{c['title']}: {c['passed']} passed" + (
                f" ({c['passed_without_messages']} of the {c['scored_without_messages']} tests "
                "without protobuf messages)" if "passed_without_messages" in c else "")
            if not c["error"] else f"{c['title']}: not run ({c['error'][:120]})"
            for c in conf["columns"])
        L.append(f"- CEL conformance ({conf['suite']}, {conf['tests']} tests; {note}): {cells}. "
                 "hostrt:cel declares no protobuf message types (Kubernetes' CEL sees JSON), "
                 "which is most of its failures.")
    L.append("")
    return L


def _default(doc: dict[str, Any]) -> str:
    return str(doc["machine"].get("hostrt_engine") or "mini-racer")


def _verdict(ev: dict[str, Any] | None, req: dict[str, Any] | None, engines: list[str],
             doc: dict[str, Any]) -> str:
    parts = []
    for engine in engines:
        host_rt = "hostrt" if engine == _default(doc) else f"hostrt-{engine}"
        a, b = _p50(req, host_rt), _p50(req, f"bufbuild@{engine}")
        if a is None or b is None:
            parts.append(f"on {engine}: not measured")
        else:
            parts.append(f"on {engine}, per admission request it is {_times(a, b)} than CEL in "
                         "JS in the same engine")
    return "; ".join(parts) + "."
