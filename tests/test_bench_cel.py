"""`hostrt bench cel`: the host function against @bufbuild/cel, one tiny real run."""

from __future__ import annotations

import json

import pytest

from hostrt.bench.cel import variant, workload_doc
from tests.conftest import hostrt_cmd, requires_node, run_cmd


def test_source_variants_are_distinct_short_and_blank():
    seen = {variant(k) for k in range(5000)}
    assert len(seen) == 5000 and all(v.strip() == "" and len(v) <= 10 for v in seen)
    assert len(workload_doc()["expressions"]) == 20


@requires_node
def test_bench_cel_side_by_side():
    res = run_cmd([*hostrt_cmd(), "bench", "cel", "--runs", "1", "--warmup", "0", "--scale",
                   "0.01", "--json", "-"], timeout=600)
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    rows = {r["name"]: r for r in doc["results"]}
    assert set(rows) == {"evaluate", "request", "compile", "crossing"}
    evaluate = rows["evaluate"]["runtimes"]
    # Every runtime answered the 20 expressions as the evaluator does, or it would be missing.
    assert {"hostrt", "node", "evaluator", "bufbuild@mini-racer"} <= set(evaluate)
    assert evaluate["hostrt"]["summary"]["n"] == 20  # one sample per expression and run
    assert "hostrt:cel" in evaluate["hostrt"]["label"]
    assert evaluate["node"]["label"] == "@bufbuild/cel in Node"
    h, n = evaluate["hostrt"]["summary"]["p50"], evaluate["node"]["summary"]["p50"]
    assert rows["evaluate"]["ratios"]["hostrt"] == pytest.approx(h / n, rel=1e-4)
    assert set(rows["crossing"]["runtimes"]) <= {"hostrt", "hostrt-stpyv8"}
    assert "Method:" in res.err
    # The appendix's section 7 is generated from these rows (and says what it lacks).
    from hostrt.bench.report import build_report
    text = build_report(doc, compat_loaded=(None, "not run"), cel_loaded=(None, "not given"))
    section = text[text.index("## 7."):text.index("## Measured cost")]
    assert "On mini-racer: one evaluation by the host function" in section
    assert "Does moving the work to the host pay? on mini-racer, per admission request" in section
    assert "Conformance: not available (not given)" in section
