"""Hypothesis strategies for hostile AdmissionReview bodies: valid reviews, then broken.

`valid_reviews()` draws AdmissionReview v1 objects as the API server sends them (kinds, verbs,
namespaces and labels chosen so that typical Pepr bindings match). `hostile_bodies()` draws one
of them and breaks it one way; each draw is a `Case(kind, body)` where `body` is the raw bytes a
webhook would receive. The ways (`KINDS`):

  wrong-type   a value anywhere in the tree replaced by a value of another JSON type
  missing      a member removed at any level
  huge         a huge string (64 KiB to 1 MiB), array (up to 200k items) or object (up to 100k
               keys)
  deep         a value nested 10 to 100,000 levels (objects or arrays; the 1,000,000-level
               body is in tests/test_hostile_reviews.py)
  unicode      lone surrogates (escaped, or raw as invalid UTF-8), NUL, a BOM, non-characters
  duplicate    an object with a member name given twice (last wins in JSON.parse)
  number       numbers past the double range (1e400), 400-digit integers, -0, 1e-400
  bytes        bytes that are not UTF-8 spliced into the body
  truncated    the body cut at any byte, empty, or whitespace only
  not-review   valid JSON that is not an AdmissionReview (array, string, number, null, {})

Special JSON (duplicate members, raw numbers, deep nesting) is built as text: the tree holds a
`Raw` marker and `encode` splices its text in after `json.dumps` of the rest.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from hostrt.fuzz.kinds import KINDS

__all__ = ["KINDS", "Case", "Raw", "encode", "hostile_bodies", "valid_reviews"]

# Resource kinds with group/version/resource, as the API server fills request.kind/resource.
_RESOURCES = [
    ("", "v1", "ConfigMap", "configmaps"),
    ("", "v1", "Namespace", "namespaces"),
    ("", "v1", "Secret", "secrets"),
    ("", "v1", "Pod", "pods"),
    ("", "v1", "Service", "services"),
    ("apps", "v1", "Deployment", "deployments"),
    ("pepr.dev", "v1", "Unicorn", "unicorns"),
]
_NAMESPACES = ["pepr-demo", "pepr-demo-2", "default", "kube-system", "other"]
_NAMES = ["example-1", "example-2", "example-3", "example-4", "example-5", "example-evil-cm",
          "secret-1", "pepr-demo", "web", "x"]
_LABEL_KEYS = ["app", "change", "chuck-norris", "pepr.dev", "team", "env"]


@dataclass(frozen=True)
class Raw:
    """JSON text spliced in verbatim (what json.dumps cannot write: duplicate members, numbers
    outside the double range, nesting deeper than its recursion limit)."""

    text: str


@dataclass(frozen=True)
class Case:
    """One hostile body: how it was broken, the bytes sent, and how deep it nests (deep only)."""

    kind: str
    body: bytes
    detail: str = ""
    depth: int = 0

    @property
    def stack_bound(self) -> bool:
        """Nested past STACK_SAFE_DEPTH: whether Pepr's own (recursive) processing overflows
        the JS stack, and so its answer, depends on the engine's stack size and JIT state."""
        return self.depth > STACK_SAFE_DEPTH


# Pepr 1.1.4 processes a review nested this deep on Node 20 and in hostrt alike. Between about
# 3,000 and 20,000 levels the answer depends on the engine: its stack size, the size of its
# frames, how warm its JIT is (a `hostrt serve` that answered 8,000 levels 500 when fresh
# answered 200 after 30,000 requests, real Pepr 500), and V8 14's JSON.stringify takes any
# depth where Node 20's overflows (a uid nested 12,000+ levels: hostrt 200, real Pepr 500).
STACK_SAFE_DEPTH = 1000


def encode(value: Any) -> str:
    """JSON text of a tree that may hold `Raw` markers."""
    raws: list[str] = []

    def mark(obj: Any) -> Any:
        if isinstance(obj, Raw):
            raws.append(obj.text)
            return f"\u0000hostrt-raw-{len(raws) - 1}\u0000"
        raise TypeError(f"not JSON: {type(obj).__name__}")

    text = json.dumps(value, default=mark)
    for i, raw in enumerate(raws):
        text = text.replace(json.dumps(f"\u0000hostrt-raw-{i}\u0000"), raw, 1)
    return text


# -- valid reviews ---------------------------------------------------------------------------------

# Strategies are built once, here: Hypothesis validates each strategy object on its first draw,
# and building them inside the composites below made that validation a third of the drawing time.
_LABELS = st.dictionaries(st.sampled_from(_LABEL_KEYS), st.sampled_from(["", "1", "x"]),
                          max_size=3)
_NOTE = st.text(max_size=20)
_DATA = st.dictionaries(st.sampled_from(["a", "b", "key", "username"]), st.text(max_size=16),
                        max_size=3)
_IMAGES = st.sampled_from(["nginx", "nginx:latest", "busybox:1.36"])
_SHORT_TEXT = st.text(max_size=16)
_DIGIT = st.integers(0, 9)
_BOOL = st.booleans()


def _object(draw: st.DrawFn, kind: str, name: str, namespace: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name}
    if namespace is not None and kind != "Namespace":
        meta["namespace"] = namespace
    labels = draw(_LABELS)
    if labels:
        meta["labels"] = labels
    if draw(_BOOL):
        meta["annotations"] = {"note": draw(_NOTE)}
    obj: dict[str, Any] = {"apiVersion": "v1", "kind": kind, "metadata": meta}
    if kind in ("ConfigMap", "Secret"):
        obj["data"] = draw(_DATA)
    elif kind == "Pod":
        obj["spec"] = {"containers": [{"name": "c", "image": draw(_IMAGES)}]}
    elif kind == "Unicorn":
        obj["spec"] = {"message": draw(_SHORT_TEXT), "counter": draw(_DIGIT)}
    return obj


_RESOURCE = st.sampled_from(_RESOURCES)
_NAMESPACE = st.sampled_from(_NAMESPACES)
_NAME = st.sampled_from(_NAMES)
_OPERATION = st.sampled_from(["CREATE", "CREATE", "UPDATE", "DELETE", "CONNECT"])
_UID = st.integers(0, 2**128 - 1)


@st.composite
def valid_reviews(draw: st.DrawFn) -> dict[str, Any]:
    """An AdmissionReview v1 request as the API server sends one."""
    group, version, kind, resource = draw(_RESOURCE)
    namespace = None if kind == "Namespace" else draw(_NAMESPACE)
    name = draw(_NAME)
    operation = draw(_OPERATION)
    obj = _object(draw, kind, name, namespace)
    old = _object(draw, kind, name, namespace) if operation in ("UPDATE", "DELETE") else None
    gvk = {"group": group, "version": version, "kind": kind}
    request: dict[str, Any] = {
        "uid": str(uuid.UUID(int=draw(_UID), version=4)),
        "kind": gvk, "resource": {"group": group, "version": version, "resource": resource},
        "requestKind": gvk,
        "requestResource": {"group": group, "version": version, "resource": resource},
        "name": name, "operation": operation,
        "userInfo": {"username": "kubernetes-admin", "groups": ["system:masters",
                                                                "system:authenticated"]},
        "object": None if operation == "DELETE" else obj,
        "oldObject": old, "dryRun": draw(_BOOL),
        "options": {"apiVersion": "meta.k8s.io/v1",
                    "kind": f"{operation.title()}Options"},
    }
    if namespace is not None:
        request["namespace"] = namespace
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}


# -- where to break it -----------------------------------------------------------------------------

def _containers(tree: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) slot of the tree, breadth first (objects and arrays)."""
    out: list[tuple[Any, Any]] = []
    todo = [tree]
    while todo:
        node = todo.pop(0)
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            out.append((node, key))
            if isinstance(value, dict | list) and value:
                todo.append(value)
    return out


def _pick(draw: st.DrawFn, items: list[Any]) -> Any:
    """One of `items` (an index drawn from a cached integers strategy: a fresh sampled_from per
    draw would be validated again each time)."""
    return items[draw(st.integers(0, len(items) - 1))]


def _slot(draw: st.DrawFn, tree: dict[str, Any]) -> tuple[Any, Any]:
    return _pick(draw, _containers(tree))  # type: ignore[no-any-return]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), "other")


_OF_TYPE: dict[str, st.SearchStrategy[Any]] = {
    "null": st.none(),
    "boolean": st.booleans(),
    "number": st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False),
    "string": st.text(max_size=12),
    "array": st.lists(st.integers(0, 9) | st.text(max_size=3), max_size=3),
    "object": st.dictionaries(st.text(max_size=5), st.integers(0, 9), max_size=3),
}
_TYPE_NAME = st.sampled_from(tuple(_OF_TYPE))
_OTHER_TYPE = {have: st.sampled_from(tuple(t for t in _OF_TYPE if t != have))
               for have in (*_OF_TYPE, "other")}
_MARKER = st.integers(0, 10**9)


def _wrong_type(draw: st.DrawFn, review: dict[str, Any]) -> tuple[dict[str, Any], str]:
    node, key = _slot(draw, review)
    have = _json_type(node[key])
    want = draw(_OTHER_TYPE[have])
    node[key] = draw(_OF_TYPE[want])
    return review, f"{key!r}: {have} -> {want}"


def _missing(draw: st.DrawFn, review: dict[str, Any]) -> tuple[dict[str, Any], str]:
    objects = [(n, k) for n, k in _containers(review) if isinstance(n, dict)]
    node, key = _pick(draw, objects)
    del node[key]
    return review, f"without {key!r}"


_HUGE_SHAPE = st.sampled_from(("string", "array", "object"))
_HUGE_STRING_SIZE = st.sampled_from((64 * 1024, 256 * 1024, 1024 * 1024))
_HUGE_CHAR = st.sampled_from(("x", "é", "\U0001F600", "\\", '"'))
_HUGE_ARRAY_SIZE = st.integers(10_000, 200_000)
_HUGE_OBJECT_SIZE = st.integers(10_000, 100_000)


def _huge(draw: st.DrawFn, review: dict[str, Any]) -> tuple[dict[str, Any], str]:
    node, key = _slot(draw, review)
    shape = draw(_HUGE_SHAPE)
    if shape == "string":
        size = draw(_HUGE_STRING_SIZE)
        node[key] = draw(_HUGE_CHAR) * (size // 4)
    elif shape == "array":
        size = draw(_HUGE_ARRAY_SIZE)
        node[key] = Raw("[" + ",".join(["1"] * size) + "]")
    else:
        size = draw(_HUGE_OBJECT_SIZE)
        node[key] = Raw("{" + ",".join(f'"k{i}":{i}' for i in range(size)) + "}")
    return review, f"{key!r}: {shape} of {size}"


# Depths Pepr processes alike everywhere (up to STACK_SAFE_DEPTH), or far deeper: those must be
# answered too (no crash, no hang), but are compared with real Pepr apart (Case.stack_bound).
_DEPTHS = st.sampled_from([10, 100, 500, 1000]) | st.integers(8_000, 100_000)


def _deep(draw: st.DrawFn, review: dict[str, Any]) -> tuple[dict[str, Any], str, int]:
    depth = draw(_DEPTHS)
    if draw(_DIGIT) == 0:
        return {"raw": Raw("[" * depth + "]" * depth)}, f"a bare array {depth} deep", depth
    node, key = _slot(draw, review)
    if draw(_BOOL):
        node[key] = Raw('{"a":' * depth + "1" + "}" * depth)
        return review, f"{key!r}: objects {depth} deep", depth
    node[key] = Raw("[" * depth + "]" * depth)
    return review, f"{key!r}: arrays {depth} deep", depth


_ODD_TEXT = ["\\ud800", "\\udfff", "a\\ud83db", "\\ude00\\ud83d", "\\u0000", "a\\u0000b",
             "\\ufeff", "\\uffff", "\\ufffe", "\\u202e", "\\u0085", "\\u2028\\u2029"]


_UNICODE_HOW = st.sampled_from(("escaped", "raw-surrogate", "bom", "name"))
_ODD = st.sampled_from(tuple(_ODD_TEXT))


def _unicode(draw: st.DrawFn, review: dict[str, Any]) -> tuple[Any, str]:
    how = draw(_UNICODE_HOW)
    if how == "bom":
        return ("\ufeff" + encode(review)).encode("utf-8"), "a leading BOM"
    node, key = _slot(draw, review)
    odd = draw(_ODD)
    if how == "raw-surrogate":
        # A surrogate code point written as UTF-8 bytes (CESU-style): not valid UTF-8.
        node[key] = Raw('"x\ud800y"')
        return encode(review).encode("utf-8", "surrogatepass"), f"{key!r}: raw surrogate bytes"
    if how == "name" and isinstance(node, dict):
        marker = f"hostrt-name-{draw(_MARKER)}"
        node[marker] = node.pop(key)
        text = encode(review).replace(json.dumps(marker), '"' + odd + '"', 1)
        return text.encode("utf-8", "surrogatepass"), f"member name {odd}"
    node[key] = Raw('"' + odd + '"')
    return review, f"{key!r}: {odd}"


def _duplicate(draw: st.DrawFn, review: dict[str, Any]) -> tuple[Any, str]:
    objects = [(n, k) for n, k in _containers(review) if isinstance(n, dict)]
    node, key = _pick(draw, objects)
    other = draw(_OF_TYPE[draw(_TYPE_NAME)])
    first, second = (other, node[key]) if draw(_BOOL) else (node[key], other)
    marker = f"hostrt-dup-{draw(_MARKER)}"
    node[key] = first
    node[marker] = second
    text = encode(review).replace(json.dumps(marker), json.dumps(key), 1)
    return text.encode("utf-8", "surrogatepass"), f"{key!r} given twice"


_NUMBERS = ["1e400", "-1e400", "1e-400", "-0", "-0.0", "9" * 400, "-" + "9" * 400,
            "123456789012345678901234567890", "1.7976931348623159e308", "4.9e-324",
            "0.1e1", "1E+2"]


_NUMBER = st.sampled_from(tuple(_NUMBERS))


def _number(draw: st.DrawFn, review: dict[str, Any]) -> tuple[dict[str, Any], str]:
    node, key = _slot(draw, review)
    number = draw(_NUMBER)
    node[key] = Raw(number)
    return review, f"{key!r}: {number[:20]}"


_BAD_BYTES = st.lists(st.sampled_from((b"\x80", b"\xff", b"\xc3", b"\xe2\x82", b"\xf0\x9f",
                                      b"\xed\xa0\x80", b"\xc0\xaf", b"\xfe\xff")),
                     min_size=1, max_size=4)
_TRUNCATE_HOW = st.sampled_from(("cut", "cut", "cut", "empty", "blank"))


def _bytes(draw: st.DrawFn, review: dict[str, Any]) -> tuple[bytes, str]:
    data = bytearray(encode(review).encode("utf-8", "surrogatepass"))
    bad = draw(_BAD_BYTES)
    for chunk in bad:
        at = draw(st.integers(0, len(data)))
        data[at:at] = chunk
    return bytes(data), f"{len(bad)} invalid UTF-8 sequences"


def _truncated(draw: st.DrawFn, review: dict[str, Any]) -> tuple[bytes, str]:
    data = encode(review).encode("utf-8", "surrogatepass")
    how = draw(_TRUNCATE_HOW)
    if how == "empty":
        return b"", "empty body"
    if how == "blank":
        return b" \n\t", "whitespace only"
    at = draw(st.integers(0, max(0, len(data) - 1)))
    return data[:at], f"cut at byte {at} of {len(data)}"


def _not_review(draw: st.DrawFn, review: dict[str, Any]) -> tuple[Any, str]:
    values = [[], [review], "review", 42, None, True, {}, {"request": None}, {"request": []},
              {"request": {}}, {"kind": "AdmissionReview"}]
    value = _pick(draw, values)
    return value, f"{_json_type(value)}"


_VALID = valid_reviews()
_BREAKERS: dict[str, Any] = {
    "wrong-type": _wrong_type, "missing": _missing, "huge": _huge, "deep": _deep,
    "unicode": _unicode, "duplicate": _duplicate, "number": _number, "bytes": _bytes,
    "truncated": _truncated, "not-review": _not_review,
}


@st.composite
def hostile_bodies(draw: st.DrawFn, kinds: tuple[str, ...] = KINDS) -> Case:
    """A valid review broken one way (chosen among `kinds`), as the raw body bytes."""
    kind = draw(st.sampled_from(tuple(kinds)))  # a tuple: Hypothesis caches the strategy
    review = draw(_VALID)
    # The breakers draw with this composite's `draw` (plain functions, not strategies: a
    # strategy built per draw is validated per draw).
    broken, detail, *depth = _BREAKERS[kind](draw, review)
    if isinstance(broken, bytes):
        body = broken
    elif isinstance(broken, dict) and set(broken) == {"raw"} and isinstance(broken["raw"], Raw):
        body = broken["raw"].text.encode()
    else:
        body = encode(broken).encode("utf-8", "surrogatepass")
    return Case(kind, body, detail, depth[0] if depth else 0)
