"""JSON for untrusted text and values: any nesting depth, and output that is always valid UTF-8.

Python's `json` recurses once per nesting level (in C, but counted against the interpreter's
recursion limit of ~1000), so a 5,000-level AdmissionReview raises `RecursionError` where Node's
`JSON.parse` (iterative in V8) answers. `loads` and `dumps` take the standard library's fast
path and, only when that runs out of recursion, redo the work with an explicit stack, so their
results are the same as `json`'s at every depth.

JS strings may hold lone surrogates; V8's JSON.stringify escapes them (`"\\ud800"`), `json.loads`
turns that escape into a lone surrogate code point, and writing it to a UTF-8 stream fails.
`dumps(..., ensure_ascii=False)` escapes lone surrogates again, as JSON.stringify does.
"""

from __future__ import annotations

import json
import math
import re
from json.decoder import JSONDecodeError, scanstring
from json.encoder import encode_basestring, encode_basestring_ascii
from json.scanner import NUMBER_RE
from typing import Any

try:
    import orjson
except ImportError:  # declared in pyproject.toml; an environment installed before it falls back
    orjson = None

__all__ = ["JSONDecodeError", "dumps", "dumps_wire", "escape_surrogates", "loads", "loads_wire"]

_WS = re.compile(r"[ \t\n\r]*")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONSTANTS: dict[str, Any] = {"null": None, "true": True, "false": False, "NaN": math.nan,
                              "Infinity": math.inf, "-Infinity": -math.inf}


def loads(text: str | bytes | bytearray) -> Any:
    """`json.loads` at any nesting depth (same values, same `JSONDecodeError`/`ValueError`)."""
    try:
        return json.loads(text)
    except RecursionError:
        if not isinstance(text, str):
            text = bytes(text).decode(json.detect_encoding(text), "surrogatepass")
        return _loads_iterative(text)


def dumps(value: Any, *, ensure_ascii: bool = True,
          separators: tuple[str, str] = (",", ":")) -> str:
    """`json.dumps` at any nesting depth; with `ensure_ascii=False`, lone surrogates are
    escaped (`\\udXXX`, as JavaScript's JSON.stringify writes them) so the text encodes."""
    try:
        out = json.dumps(value, ensure_ascii=ensure_ascii, separators=separators)
    except RecursionError:
        out = _dumps_iterative(value, ensure_ascii, separators)
    return out if ensure_ascii else escape_surrogates(out)


def escape_surrogates(text: str) -> str:
    """JSON text with each lone surrogate written as a `\\udXXX` escape (the same JSON value;
    UTF-8 cannot carry a lone surrogate). Text without any is returned as is."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps_wire(value: Any) -> str:
    """Compact JSON for V8's `JSON.parse` (the bridge's inbox), non-ASCII as is: orjson when it
    can encode the value (several times faster per request), else `dumps`. NaN and infinities
    become null, as JSON.stringify writes them; values orjson refuses (lone surrogates, integers
    past 64 bits, non-string keys, deep nesting) take `dumps`."""
    if orjson is not None:
        try:
            return orjson.dumps(value).decode()
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            pass
    return dumps(value)


def loads_wire(text: str) -> Any:
    """Parse JSON that V8's `JSON.stringify` wrote (the bridge's outbox): orjson, else `loads`
    for what orjson refuses (escaped lone surrogates, deep nesting)."""
    if orjson is not None:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return loads(text)


# -- the explicit-stack versions (used only past the recursion limit) ---------------------------

def _loads_iterative(s: str) -> Any:
    if s.startswith("\ufeff"):
        raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
    # Each frame: [container, key] (key: the pending member name of an object).
    stack: list[list[Any]] = []
    idx = _WS.match(s, 0).end()  # type: ignore[union-attr]
    value: Any = None
    while True:
        ch = s[idx:idx + 1]
        if ch == "{":
            idx = _WS.match(s, idx + 1).end()  # type: ignore[union-attr]
            if s.startswith("}", idx):
                value, idx = {}, idx + 1
            else:
                key, idx = _member_name(s, idx)
                stack.append([{}, key])
                continue
        elif ch == "[":
            idx = _WS.match(s, idx + 1).end()  # type: ignore[union-attr]
            if s.startswith("]", idx):
                value, idx = [], idx + 1
            else:
                stack.append([[], None])
                continue
        elif ch == '"':
            value, idx = scanstring(s, idx + 1, True)
        else:
            value, idx = _scalar(s, idx)
        # A value is complete: add it to its container, then close containers that end here.
        while True:
            if not stack:
                end = _WS.match(s, idx).end()  # type: ignore[union-attr]
                if end != len(s):
                    raise JSONDecodeError("Extra data", s, end)
                return value
            frame = stack[-1]
            container = frame[0]
            if isinstance(container, list):
                container.append(value)
            else:
                container[frame[1]] = value
            idx = _WS.match(s, idx).end()  # type: ignore[union-attr]
            ch = s[idx:idx + 1]
            closer = "]" if isinstance(container, list) else "}"
            if ch == ",":
                idx = _WS.match(s, idx + 1).end()  # type: ignore[union-attr]
                if closer == "}":
                    frame[1], idx = _member_name(s, idx)
                break
            if ch == closer:
                stack.pop()
                value, idx = container, idx + 1
                continue
            raise JSONDecodeError("Expecting ',' delimiter", s, idx)
        idx = _WS.match(s, idx).end()  # type: ignore[union-attr]


def _member_name(s: str, idx: int) -> tuple[str, int]:
    if not s.startswith('"', idx):
        raise JSONDecodeError("Expecting property name enclosed in double quotes", s, idx)
    key, idx = scanstring(s, idx + 1, True)
    idx = _WS.match(s, idx).end()  # type: ignore[union-attr]
    if not s.startswith(":", idx):
        raise JSONDecodeError("Expecting ':' delimiter", s, idx)
    return key, _WS.match(s, idx + 1).end()  # type: ignore[union-attr]


def _scalar(s: str, idx: int) -> tuple[Any, int]:
    m = NUMBER_RE.match(s, idx)
    if m is not None:
        integer, frac, exp = m.groups()
        if frac or exp:
            return float(integer + (frac or "") + (exp or "")), m.end()
        return int(integer), m.end()
    for word, value in _CONSTANTS.items():
        if s.startswith(word, idx):
            return value, idx + len(word)
    raise JSONDecodeError("Expecting value", s, idx)


def _dumps_iterative(value: Any, ensure_ascii: bool, separators: tuple[str, str]) -> str:
    encode = encode_basestring_ascii if ensure_ascii else encode_basestring
    item_sep, key_sep = separators
    parts: list[str] = []
    active: set[int] = set()  # containers on the current path (a cycle would never end)
    # Work items: ("v", value) to write, ("s", text) to copy, ("x", id) leaving a container.
    work: list[tuple[str, Any]] = [("v", value)]
    while work:
        kind, item = work.pop()
        if kind == "s":
            parts.append(item)
            continue
        if kind == "x":
            active.discard(item)
            continue
        if isinstance(item, dict | list | tuple):
            if not item:
                parts.append("{}" if isinstance(item, dict) else "[]")
                continue
            if id(item) in active:
                raise ValueError("Circular reference detected")
            active.add(id(item))
            work.append(("x", id(item)))
            if isinstance(item, dict):
                parts.append("{")
                work.append(("s", "}"))
                entries = list(item.items())
                for i in range(len(entries) - 1, -1, -1):
                    k, v = entries[i]
                    work.append(("v", v))
                    work.append(("s", (item_sep if i else "") + encode(_key(k)) + key_sep))
            else:
                parts.append("[")
                work.append(("s", "]"))
                for i in range(len(item) - 1, -1, -1):
                    work.append(("v", item[i]))
                    if i:
                        work.append(("s", item_sep))
            continue
        parts.append(json.dumps(item, ensure_ascii=ensure_ascii))
    return "".join(parts)


def _key(k: Any) -> str:
    if isinstance(k, str):
        return k
    if k is None or isinstance(k, bool | int | float):
        return json.dumps(k)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")
