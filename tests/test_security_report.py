"""The appendix section on hostile input renders from docs/bench/security.json, and says so
when the figures are missing."""

from __future__ import annotations

import json
from pathlib import Path

from hostrt.bench.security_report import load_security, security_lines
from tests.conftest import REPO


def test_committed_figures_render() -> None:
    doc, note = load_security(REPO / "docs" / "bench" / "security.json")
    assert doc is not None, note
    text = "\n".join(security_lines(doc, note))
    for fuzz in doc["fuzz"] if isinstance(doc["fuzz"], list) else [doc["fuzz"]]:
        assert f"{fuzz['cases']:,} hostile AdmissionReviews" in text
        assert f"{fuzz['tracebacks']} Python tracebacks" in text
    d = doc["differential"]["differential"]
    assert f"{d['equal']:,} of {d['compared']:,} sampled hostile cases" in text
    assert "| infinite loop in a Mutate callback |" in text
    assert "RSS after 100 isolate recycles (mini-racer)" in text


def test_missing_figures_are_said_to_be_missing(tmp_path: Path) -> None:
    lines = security_lines(*load_security(None))
    assert any("not available" in line for line in lines)
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    doc, note = load_security(bad)
    assert doc is None and "could not be read" in note
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps({"recycles": {"command": "x", "engines": {
        "mini-racer": {"first_kib": 100, "last_kib": 105}}}}))
    text = "\n".join(security_lines(*load_security(partial)))
    assert "(1.05×; goal ≤ 1.10×)" in text and "Fuzz" not in text
