"""Compare two answers to one AdmissionReview (real Pepr's and hostrt's) as the wire sees them.

HTTP status, JSON bodies key by key and in order, `response.patch` decoded and compared operation
by operation (values at random-by-design paths by type only), audit annotation keys that are
timestamps by shape only, Express error pages by their first line (development mode appends a
machine-specific stack). Used by the differential tests and `hostrt fuzz admission --differential`.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

from hostrt import wirejson


def answer_lines(stdout: str) -> dict[str, dict[str, Any]]:
    """Answer lines by file name, from `hostrt run --admission` or the reference runner."""
    by_file = {}
    # "\n" only: str.splitlines() also splits at U+2028, U+0085 and others, which answers
    # (JSON.stringify's output, hostrt's lines) carry unescaped inside strings.
    for line in stdout.split("\n"):
        if line.strip():
            rec = wirejson.loads(line)
            # Request answers only (the reference also ends with a "<bindings>" summary line,
            # which the pepr shim's own diff compares).
            if isinstance(rec, dict) and isinstance(rec.get("file"), str) and "mutate" in rec:
                by_file[Path(rec["file"]).name] = rec
    return by_file


def _type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(v)]


def compare_values(ref: Any, got: Any, where: str, diffs: list[str],
                   by_type: bool = False) -> None:
    """Deep comparison with key order; `by_type` compares only the JSON types."""
    if _type(ref) != _type(got) or by_type:
        if _type(ref) != _type(got):
            diffs.append(f"{where}: {json.dumps(ref)[:200]} != {json.dumps(got)[:200]}")
        return
    if isinstance(ref, list):
        if len(ref) != len(got):
            diffs.append(f"{where}: length {len(ref)} != {len(got)}")
        for i, (r, g) in enumerate(zip(ref, got, strict=False)):
            compare_values(r, g, f"{where}[{i}]", diffs)
    elif isinstance(ref, dict):
        if list(ref) != list(got):
            diffs.append(f"{where}: keys {list(ref)} != {list(got)}")
        for k in ref:
            if k in got:
                compare_values(ref[k], got[k], f"{where}.{k}", diffs)
    elif ref != got:
        diffs.append(f"{where}: {json.dumps(ref)[:200]} != {json.dumps(got)[:200]}")


_STACK = "<br> &nbsp; &nbsp;at "


def _first_line(page: str) -> str:
    m = re.search(r"<pre>([\s\S]*?)(<br>|</pre>)", page)
    return m.group(1) if m else page


def compare_bodies(ref: Any, got: Any, where: str, diffs: list[str],
                   random_paths: list[str]) -> None:
    """Compare two route answers (AdmissionReview objects or error texts)."""
    try:
        _compare_bodies(ref, got, where, diffs, random_paths)
    except RecursionError:
        # Answers nested past Python's recursion limit: compared as canonical JSON text.
        if wirejson.dumps(ref) != wirejson.dumps(got):
            diffs.append(f"{where}: deeply nested answers differ")


def _compare_bodies(ref: Any, got: Any, where: str, diffs: list[str],
                    random_paths: list[str]) -> None:
    if isinstance(ref, str) or isinstance(got, str):
        if type(ref) is not type(got):
            diffs.append(f"{where}: body {_type(ref)} != {_type(got)}")
        elif _STACK in ref or _STACK in got:
            if _first_line(ref) != _first_line(got):
                diffs.append(f"{where}: {_first_line(ref)!r} != {_first_line(got)!r}")
        elif ref != got:
            diffs.append(f"{where}: {ref!r} != {got!r}")
        return
    ref, got = wirejson.loads(wirejson.dumps(ref)), wirejson.loads(wirejson.dumps(got))
    rr = ref.get("response") if isinstance(ref, dict) else None
    gr = got.get("response") if isinstance(got, dict) else None
    if isinstance(rr, dict) and isinstance(gr, dict):
        if isinstance(rr.get("patch"), str) and isinstance(gr.get("patch"), str):
            rp = wirejson.loads(base64.b64decode(rr["patch"]))
            gp = wirejson.loads(base64.b64decode(gr["patch"]))
            if len(rp) != len(gp):
                diffs.append(f"{where}.patch: {rp} != {gp}")
            else:
                for i, (r_op, g_op) in enumerate(zip(rp, gp, strict=True)):
                    w = f"{where}.patch[{i}]"
                    if r_op.get("path") in random_paths:
                        compare_values({k: v for k, v in r_op.items() if k != "value"},
                                       {k: v for k, v in g_op.items() if k != "value"}, w, diffs)
                        compare_values(r_op.get("value"), g_op.get("value"), w, diffs, True)
                    else:
                        compare_values(r_op, g_op, w, diffs)
            rr["patch"] = gr["patch"] = "<compared decoded>"
        for resp in (rr, gr):
            ann = resp.get("auditAnnotations")
            if isinstance(ann, dict):
                resp["auditAnnotations"] = {
                    ("<timestamp>" if re.fullmatch(r"\d+", k) else k): v for k, v in ann.items()}
    compare_values(ref, got, where, diffs)
