"""`hostrt compat --cel`: the CEL conformance suite through hostrt:cel and @bufbuild/cel."""

from __future__ import annotations

import json

from hostrt.compat.cel import render_md, uses_messages, verdict
from tests.conftest import hostrt_cmd, requires_node, run_cmd


def test_verdict_compares_cel_values_not_their_spelling():
    ts = {"objectValue": {"@type": "type.googleapis.com/google.protobuf.Timestamp",
                          "value": "2020-01-01T00:00:00.500Z"}}
    assert verdict({"value": ts}, ["t", "value", {"objectValue": {
        "@type": "type.googleapis.com/google.protobuf.Timestamp",
        "value": "2020-01-01T00:00:00.5Z"}}]) == "pass"
    m1 = {"mapValue": {"entries": [{"key": {"stringValue": "a"}, "value": {"int64Value": "1"}},
                                   {"key": {"stringValue": "b"}, "value": {"int64Value": "2"}}]}}
    m2 = {"mapValue": {"entries": list(reversed(m1["mapValue"]["entries"]))}}
    assert verdict({"value": m1}, ["t", "value", m2]) == "pass"
    assert verdict({"value": {"doubleValue": "NaN"}}, ["t", "value", {"doubleValue": "NaN"}]) == "pass"
    # int and uint are different CEL values; an error where a value is expected fails.
    assert verdict({"value": {"int64Value": "1"}}, ["t", "value", {"uint64Value": "1"}]) == "fail"
    assert verdict({"value": {"int64Value": "1"}}, ["t", "error", "boom"]) == "fail"
    assert verdict({"evalError": {}}, ["t", "error", "no such overload"]) == "pass"
    assert verdict({"evalError": {}}, ["t", "value", {"int64Value": "1"}]) == "fail"
    assert uses_messages({"expr": "TestAllTypes{}", "container": "cel.expr.conformance.proto3"})
    assert not uses_messages({"expr": "1 + 1", "value": ts})


@requires_node
def test_compat_cel_side_by_side():
    res = run_cmd([*hostrt_cmd(), "compat", "--cel", "--format", "json"], timeout=600)
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert doc["tests"] > 2000 and doc["evaluator"].startswith("cel-expr-python")
    cols = {c["key"]: c for c in doc["columns"]}
    assert "hostrt:cel/mini-racer" in cols and "bufbuild/node" in cols
    assert all(not c["error"] for c in cols.values()), [c["error"] for c in cols.values()]
    for c in cols.values():
        assert c["passed"] + c["failed"] + c["skipped"] == doc["tests"]
        assert c["skipped"] == 25  # the check-only tests
    # The host's evaluator answers the same whatever engine carries the calls.
    hosts = [c for k, c in cols.items() if k.startswith("hostrt:cel/")]
    assert len({(c["passed"], tuple(c["failures"])) for c in hosts}) == 1
    # The same JS evaluator answers the same in Node and in hostrt on mini-racer.
    assert cols["bufbuild/node"]["failures"] == cols["bufbuild/mini-racer"]["failures"]
    # A floor well under today's figures, so a broken adapter cannot pass unnoticed.
    assert hosts[0]["passed"] > 1400 and cols["bufbuild/node"]["passed"] > 1400
    md = render_md(doc)
    assert f"| @bufbuild/cel in Node | {cols['bufbuild/node']['passed']} |" in md
