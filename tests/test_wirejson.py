"""hostrt.wirejson: the standard library's answers at any nesting depth, valid UTF-8 output."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostrt import wirejson
from hostrt.wirejson import _dumps_iterative, _loads_iterative

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_explicit_stack_versions_agree_with_json(value: Any) -> None:
    for text in (json.dumps(value), json.dumps(value, indent=2, ensure_ascii=False)):
        assert _loads_iterative(text) == json.loads(text)
    assert _dumps_iterative(value, True, (",", ":")) == json.dumps(value, separators=(",", ":"))
    assert _dumps_iterative(value, False, (", ", ": ")) == json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize("text", ["", "[", '{"a"', '{"a":1,}', "[1 2]", '{"a":1}x', "[1,]",
                                  "nul", "{1:2}", '["\\x"]', "\ufeff[]"])
def test_explicit_stack_parser_rejects_what_json_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        _loads_iterative(text)


def test_any_depth() -> None:
    depth = 200_000
    text = '{"a":' * depth + '["x"]' + "}" * depth
    with pytest.raises(RecursionError):
        json.loads(text)
    value = wirejson.loads(text)
    assert wirejson.dumps(value) == text
    arrays = "[" * depth + "]" * depth
    assert wirejson.dumps(wirejson.loads(arrays.encode())) == arrays
    truncated = text[: len(text) // 2]
    with pytest.raises(ValueError):
        wirejson.loads(truncated)


def test_cycles_are_refused_at_any_depth() -> None:
    root: list[Any] = []
    node = root
    for _ in range(5000):
        node.append([])
        node = node[0]
    node.append(root)
    with pytest.raises(ValueError, match="Circular"):
        wirejson.dumps(root)


def test_lone_surrogates_are_escaped_as_javascript_does() -> None:
    # What V8's JSON.stringify sends for a string with a lone surrogate, read back by Python.
    value = json.loads('{"s": "a\\ud800b\\udfff", "ok": "\\ud83d\\ude00"}')
    out = wirejson.dumps(value, ensure_ascii=False)
    assert out == '{"s":"a\\ud800b\\udfff","ok":"\U0001F600"}'
    out.encode("utf-8")  # encodes: no lone surrogate left in the text
    deep = {"a": value}
    for _ in range(3000):
        deep = {"a": deep}
    wirejson.dumps(deep, ensure_ascii=False).encode("utf-8")


def test_wire_fast_path_gives_the_same_values() -> None:
    """dumps_wire/loads_wire (orjson when installed) agree with dumps/loads, and fall back for
    what orjson refuses: lone surrogates, integers past 64 bits, deep nesting, NaN literals."""
    value = {"now": 1.5, "items": [["d", 1, "h", {"kind": "mutate", "review": "é\"\n" * 50}]]}
    assert json.loads(wirejson.dumps_wire(value)) == value
    assert wirejson.dumps_wire({"s": "\ud800", "n": 2**70}) == '{"s":"\\ud800","n":' + \
        str(2**70) + "}"
    deep = "[" * 5000 + "]" * 5000
    assert wirejson.dumps(wirejson.loads_wire(deep)) == deep
    text = '{"a":"\\ud800","b":[1,2.5,true,null],"c":NaN}'
    got = wirejson.loads_wire(text)
    assert got["a"] == "\ud800" and got["b"] == [1, 2.5, True, None] and got["c"] != got["c"]
    assert wirejson.loads_wire('{"out":[[null,"io.write",[2,"x"]]],"more":false}') == \
        {"out": [[None, "io.write", [2, "x"]]], "more": False}
