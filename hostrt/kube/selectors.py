"""Kubernetes label and field selectors: parse the query-string form, match objects.

Label selectors follow the API server's grammar: `k`, `!k`, `k=v`, `k==v`, `k!=v`,
`k in (a,b)`, `k notin (a,b)`, comma-separated (all must hold). Field selectors are `path=v`,
`path==v` and `path!=v` on a dotted path (`metadata.name`, `status.phase`, ...), compared as
strings, a missing field being "". Used by the fake API server and by the informer's cache.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hostrt.errors import HostError


class SelectorError(HostError):
    """A selector string the API server would refuse (400 BadRequest)."""


@dataclass(frozen=True)
class _Term:
    key: str
    op: str  # exists, !exists, =, !=, in, notin
    values: tuple[str, ...] = ()

    def matches(self, labels: dict[str, Any]) -> bool:
        present = self.key in labels
        value = str(labels.get(self.key, ""))
        if self.op == "exists":
            return present
        if self.op == "!exists":
            return not present
        if self.op == "=":
            return present and value == self.values[0]
        if self.op == "!=":
            return not present or value != self.values[0]
        if self.op == "in":
            return present and value in self.values
        return not present or value not in self.values  # notin


_SET = re.compile(r"^\s*([^\s!=(),]+)\s+(in|notin)\s*\(([^)]*)\)\s*$")
_EQ = re.compile(r"^\s*([^\s!=(),]+)\s*(==|=|!=)\s*([^\s!=(),]*)\s*$")
_KEY = re.compile(r"^\s*(!?)\s*([^\s!=(),]+)\s*$")


def _split_terms(text: str) -> list[str]:
    terms, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            terms.append(text[start:i])
            start = i + 1
    terms.append(text[start:])
    return [t for t in terms if t.strip()]


def parse_label_selector(text: str | None) -> Callable[[dict[str, Any]], bool]:
    """A predicate on a labels dict; raises SelectorError for a malformed selector."""
    if not text or not text.strip():
        return lambda _labels: True
    terms: list[_Term] = []
    for raw in _split_terms(text):
        if m := _SET.match(raw):
            values = tuple(v.strip() for v in m.group(3).split(",") if v.strip())
            terms.append(_Term(m.group(1), m.group(2), values))
        elif m := _EQ.match(raw):
            terms.append(_Term(m.group(1), "!=" if m.group(2) == "!=" else "=", (m.group(3),)))
        elif m := _KEY.match(raw):
            terms.append(_Term(m.group(2), "!exists" if m.group(1) else "exists"))
        else:
            raise SelectorError(f"unable to parse requirement: {raw.strip()!r} in label selector "
                                f"{text!r}", code="ERR_HOSTRT_SELECTOR")
    return lambda labels: all(t.matches(labels or {}) for t in terms)


def field_value(obj: dict[str, Any], path: str) -> str:
    """The string value of a dotted field path ("" when absent)."""
    cur: Any = obj
    for part in path.split("."):
        if not isinstance(cur, dict):
            return ""
        cur = cur.get(part)
    if cur is None:
        return ""
    if isinstance(cur, bool):
        return "true" if cur else "false"
    return str(cur)


def parse_field_selector(text: str | None) -> Callable[[dict[str, Any]], bool]:
    """A predicate on a whole object; raises SelectorError for a malformed selector."""
    if not text or not text.strip():
        return lambda _obj: True
    terms: list[tuple[str, bool, str]] = []
    for raw in _split_terms(text):
        m = _EQ.match(raw)
        if not m:
            raise SelectorError(f"invalid field selector term {raw.strip()!r} in {text!r}: "
                                "expected path=value or path!=value", code="ERR_HOSTRT_SELECTOR")
        terms.append((m.group(1), m.group(2) != "!=", m.group(3)))
    return lambda obj: all((field_value(obj, p) == v) == eq for p, eq, v in terms)


def object_matcher(label_selector: str | None,
                   field_selector: str | None) -> Callable[[dict[str, Any]], bool]:
    """One predicate for both selectors on an object."""
    labels = parse_label_selector(label_selector)
    fields = parse_field_selector(field_selector)

    def match(obj: dict[str, Any]) -> bool:
        meta = obj.get("metadata") or {}
        return labels(meta.get("labels") or {}) and fields(obj)
    return match
