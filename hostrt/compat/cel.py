"""`hostrt compat --cel`: the CEL conformance suite through three CEL implementations.

The official conformance data (npm `@bufbuild/cel-spec`, CEL spec v0.25.1, 2,344 tests) run:

- through `hostrt:cel` — CEL evaluated by the host (cel-expr-python) — on each engine backend;
- through `@bufbuild/cel` (a CEL evaluator written in JavaScript) under real Node;
- through the same `@bufbuild/cel` under hostrt, on each engine backend.

Every runner is the same file (hostrt/compat/cel_conformance.js) and prints its answers as
`cel.expr.Value` JSON; one comparator here scores them all against what each test expects.
Scoring rules (stated with the result): a test expecting a value passes when the answer equals
it (maps compared as unordered, NaN equal to NaN, timestamps and durations compared as instants
and spans); a test expecting an evaluation error passes when the implementation reports any
error, at compile or evaluation time; the 25 check-only tests (a type, no value) are skipped
for every runner.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from hostrt.errors import HostError

SCHEMA = "hostrt-compat-cel/1"
RUNNER = "cel_conformance.js"
SCORING = ("value tests pass on an equal answer (maps unordered, NaN = NaN, timestamps and "
           "durations as instants/spans); error tests pass on any compile or evaluation error; "
           "check-only tests are skipped")


def runner_path() -> Path:
    """The conformance runner, copied into hostrt's npm folder so node_modules resolve."""
    from hostrt.loader.npm import ensure_installed
    target = ensure_installed() / "hostrt-cel" / RUNNER
    source = resources.files("hostrt.compat").joinpath(RUNNER).read_text(encoding="utf-8")
    if not target.exists() or target.read_text(encoding="utf-8") != source:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
    return target


def _last_json(proc: subprocess.CompletedProcess[str], what: str) -> Any:
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(("{", "["))]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip() or proc.stdout.strip())[-1500:]
        raise HostError(f"{what} failed (exit {proc.returncode}): {tail}", code="ERR_HOSTRT_CEL")
    return json.loads(lines[-1])


def _run(cmd: list[str], what: str, timeout: float) -> Any:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise HostError(f"{what} did not finish within {timeout:g}s",
                        code="ERR_HOSTRT_CEL") from exc
    return _last_json(proc, what)


# -- comparison --------------------------------------------------------------------------------
def _instant(text: str) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _canon(v: Any) -> Any:
    """A cel.expr.Value JSON in a form where equal values compare equal."""
    if not isinstance(v, dict):
        return v
    if not v:
        return ("null",)
    (kind, x), = v.items() if len(v) == 1 else (next(iter(v.items())),)
    if kind == "nullValue":
        return ("null",)
    if kind == "doubleValue":
        f = float(x)
        return ("double", "nan" if math.isnan(f) else f)
    if kind == "listValue":
        return ("list", tuple(_canon(e) for e in (x or {}).get("values", [])))
    if kind == "mapValue":
        entries = [(json.dumps(_canon(e["key"]), default=str), _canon(e["value"]))
                   for e in (x or {}).get("entries", [])]
        return ("map", tuple(sorted(entries, key=lambda kv: kv[0])))
    if kind == "objectValue":
        t = str(x.get("@type", "")).rsplit("/", 1)[-1]
        if t == "google.protobuf.Timestamp":
            return ("timestamp", _instant(x["value"]))
        if t == "google.protobuf.Duration":
            return ("duration", float(str(x["value"]).rstrip("s")))
        return ("object", json.dumps(x, sort_keys=True))
    if kind == "typeValue":
        return ("type", {"google.protobuf.Timestamp": "timestamp",
                         "google.protobuf.Duration": "duration"}.get(x, x))
    return (kind, x)


def verdict(expected: dict[str, Any], answer: list[Any]) -> str:
    """pass | fail | skip for one test and one runner's answer."""
    _, kind, payload = answer
    if kind == "skip":
        return "skip"
    if "evalError" in expected or "anyEvalErrors" in expected:
        return "pass" if kind == "error" else "fail"
    want = expected.get("value", expected.get("typedResult", {}).get("result"))
    if want is None or kind != "value":
        return "fail"
    return "pass" if _canon(want) == _canon(payload) else "fail"


_WKT = "type.googleapis.com/google.protobuf."


def uses_messages(test: dict[str, Any]) -> bool:
    """Whether a test needs protobuf message types (TestAllTypes & co.): Kubernetes' CEL sees
    JSON objects, so hostrt:cel declares no message types and these are reported apart."""
    if str(test.get("container", "")).startswith("cel.expr.conformance"):
        return True
    text = json.dumps([test.get("typeEnv", []), test.get("bindings", {}), test.get("value", {}),
                       test.get("typedResult", {})])
    return "messageType" in text or ("@type" in text and text.count("@type") >
                                     text.count(_WKT)) or "conformance." in test.get("expr", "")


@dataclass
class Column:
    """One runner's score."""

    key: str
    title: str
    passed: int = 0
    failed: int = 0
    passed_json: int = 0      # among tests that use no protobuf message types
    scored_json: int = 0
    skipped: int = 0
    seconds: float = 0.0
    error: str = ""
    by_section: dict[str, list[int]] = field(default_factory=dict)   # section -> [pass, total]
    failures: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The column as JSON."""
        return {"key": self.key, "title": self.title, "passed": self.passed,
                "failed": self.failed, "skipped": self.skipped,
                "passed_without_messages": self.passed_json,
                "scored_without_messages": self.scored_json, "seconds": round(self.seconds, 2),
                "error": self.error, "by_section": self.by_section,
                "failures": self.failures[:50]}


def score(key: str, title: str, expected: dict[str, dict[str, Any]], answers: list[list[Any]],
          seconds: float) -> Column:
    """Score one runner's answers against the suite."""
    col = Column(key, title, seconds=seconds)
    for answer in answers:
        test = expected.get(answer[0])
        if test is None:
            continue
        section = answer[0].split("/", 1)[0]
        got = verdict(test, answer)
        counts = col.by_section.setdefault(section, [0, 0])
        if got == "skip":
            col.skipped += 1
            continue
        counts[1] += 1
        plain = not uses_messages(test)
        col.scored_json += plain
        if got == "pass":
            col.passed += 1
            col.passed_json += plain
            counts[0] += 1
        else:
            col.failed += 1
            col.failures.append(answer[0])
    return col


# -- the run -----------------------------------------------------------------------------------
def run_conformance(engines: list[str] | None = None, timeout: float = 600) -> dict[str, Any]:
    """Run every runner; return the report document."""
    from hostrt.engine import ENGINES, engine_installed
    node = shutil.which("node")
    if node is None:
        raise HostError("hostrt compat --cel needs real Node.js (v20) on PATH for the suite and "
                        "the @bufbuild/cel column", code="ERR_HOSTRT_CEL")
    script = runner_path()
    suite = _run([node, str(script), "dump"], "reading the conformance suite under Node", timeout)
    expected = {t["id"]: t for t in suite}
    engines = engines or [e for e in ENGINES if engine_installed(e)]
    hostrt = [sys.executable, "-m", "hostrt.cli", "run", "--timeout", str(timeout)]
    plan: list[tuple[str, str, list[str]]] = []
    for engine in engines:
        plan.append((f"hostrt:cel/{engine}", f"hostrt:cel (host, cel-expr-python) on {engine}",
                     [*hostrt, "--engine", engine, str(script), "hostrt"]))
    plan.append(("bufbuild/node", "@bufbuild/cel in Node", [node, str(script), "bufbuild"]))
    for engine in engines:
        plan.append((f"bufbuild/{engine}", f"@bufbuild/cel in hostrt on {engine}",
                     [*hostrt, "--engine", engine, str(script), "bufbuild"]))
    columns = []
    for key, title, cmd in plan:
        t0 = time.perf_counter()
        try:
            doc = _run(cmd, title, timeout)
        except HostError as exc:
            columns.append(Column(key, title, error=str(exc)))
            continue
        columns.append(score(key, title, expected, doc["results"], time.perf_counter() - t0))
    from hostrt.cel.program import evaluator_version
    return {"schema": SCHEMA, "suite": "@bufbuild/cel-spec " + _npm_version("@bufbuild/cel-spec"),
            "bufbuild_cel": _npm_version("@bufbuild/cel"), "evaluator": evaluator_version(),
            "tests": len(suite), "scoring": SCORING,
            "columns": [c.to_json() for c in columns]}


def _npm_version(package: str) -> str:
    from hostrt.loader.npm import npm_dir
    try:
        data = json.loads((npm_dir() / "node_modules" / package / "package.json").read_text())
    except (OSError, ValueError):
        return "?"
    return str(data.get("version", "?"))


# -- output ------------------------------------------------------------------------------------
def render_md(doc: dict[str, Any]) -> str:
    """The side-by-side pass counts as Markdown (also the appendix's CEL section)."""
    cols = doc["columns"]
    out = [f"CEL conformance: {doc['suite']} ({doc['tests']} tests); hostrt:cel's evaluator "
           f"{doc['evaluator']}, @bufbuild/cel {doc['bufbuild_cel']}. Scoring: {doc['scoring']}. "
           "'Without protobuf messages': the tests that use no protobuf message types "
           "(hostrt:cel declares none: Kubernetes' CEL sees JSON objects).",
           "", "| runner | passed | failed | skipped | passed without protobuf messages | time |",
           "|---|---:|---:|---:|---:|---:|"]
    for c in cols:
        if c["error"]:
            out.append(f"| {c['title']} | not run: {c['error'][:200]} | | | | |")
        else:
            out.append(f"| {c['title']} | {c['passed']} | {c['failed']} | {c['skipped']} | "
                       f"{c['passed_without_messages']} / {c['scored_without_messages']} | "
                       f"{c['seconds']:.1f} s |")
    sections = sorted({s for c in cols for s in c["by_section"]})
    shown = [c for c in cols if not c["error"]]
    if sections and shown:
        out += ["", "By section (passed / scored):", "",
                "| section | " + " | ".join(c["title"] for c in shown) + " |",
                "|---|" + "---:|" * len(shown)]
        for s in sections:
            cells = [("{}/{}".format(*c["by_section"][s]) if s in c["by_section"] else "—")
                     for c in shown]
            out.append(f"| {s} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def main(args: argparse.Namespace) -> int:
    """The `--cel` handler."""
    doc = run_conformance()
    if args.format == "json":
        text = json.dumps(doc, indent=1) + "\n"
    elif args.format == "md":
        text = render_md(doc)
    else:
        from rich.console import Console
        from rich.table import Table
        table = Table(title=f"CEL conformance ({doc['suite']}, {doc['tests']} tests)")
        for col in ("runner", "passed", "failed", "skipped", "no-protobuf tests", "time"):
            table.add_column(col, justify="left" if col == "runner" else "right")
        for c in doc["columns"]:
            if c["error"]:
                table.add_row(c["title"], f"[red]not run[/]: {c['error'][:300]}", "", "", "", "")
            else:
                table.add_row(c["title"], str(c["passed"]), str(c["failed"]), str(c["skipped"]),
                              f"{c['passed_without_messages']} / {c['scored_without_messages']}",
                              f"{c['seconds']:.1f} s")
        console = Console(file=args.output.open("w") if args.output else None, width=120)
        console.print(table)
        console.print(f"Scoring: {doc['scoring']}. 'no-protobuf tests': the tests that use no "
                      "protobuf message types (hostrt:cel declares none: Kubernetes' CEL sees "
                      "JSON objects).")
        return 0
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
