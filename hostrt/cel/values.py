"""CEL values <-> JSON: plain JSON (what JS gets by default) and `cel.expr.Value` JSON (typed).

Plain JSON follows how Kubernetes renders CEL results: ints and doubles as numbers (an int JS
cannot hold exactly is an error, not a silent rounding), bytes as base64, timestamps as RFC 3339,
durations as seconds ("1.5s"), types by name. The typed form keeps every CEL type and is what the
conformance suite speaks.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
import re
from typing import Any

from hostrt.errors import HostError

_SAFE_INT = 2**53 - 1
_UTC = dt.UTC


class CelValueError(HostError):
    """A value that cannot cross between CEL and JSON."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="ERR_CEL_VALUE")


def _duration_text(td: dt.timedelta) -> str:
    total = td.days * 86400 * 10**6 + td.seconds * 10**6 + td.microseconds
    sign = "-" if total < 0 else ""
    secs, micros = divmod(abs(total), 10**6)
    return f"{sign}{secs}.{micros:06d}".rstrip("0").rstrip(".") + "s"


def _timestamp_text(ts: dt.datetime) -> str:
    ts = ts.astimezone(_UTC)
    base = ts.strftime("%Y-%m-%dT%H:%M:%S")
    frac = f".{ts.microsecond:06d}".rstrip("0") if ts.microsecond else ""
    return f"{base}{frac}Z"


def _plain(v: Any, where: str) -> Any:
    if v is None or isinstance(v, bool | str):
        return v
    if isinstance(v, int):
        if abs(v) > _SAFE_INT:
            raise CelValueError(f"CEL result {where} is the integer {v}, beyond what a JS number "
                                "holds exactly; convert it with string() in the expression")
        return v
    if isinstance(v, float):
        if not math.isfinite(v):
            raise CelValueError(f"CEL result {where} is {v}, which JSON cannot carry")
        return v
    if isinstance(v, bytes | bytearray):
        return base64.b64encode(v).decode("ascii")
    if isinstance(v, dt.datetime):
        return _timestamp_text(v)
    if isinstance(v, dt.timedelta):
        return _duration_text(v)
    if isinstance(v, list):
        return [_plain(x, f"{where}[{i}]") for i, x in enumerate(v)]
    if isinstance(v, dict):
        return {_key(k, where): _plain(x, f"{where}[{k!r}]") for k, x in v.items()}
    if hasattr(v, "name") and callable(v.name):  # a CEL type value
        return _type_name(v.name())
    raise CelValueError(f"CEL result {where} is a {type(v).__name__}, which has no JSON form")


def _key(k: Any, where: str) -> str:
    if isinstance(k, str):
        return k
    if isinstance(k, bool):
        return "true" if k else "false"
    if isinstance(k, int):
        return str(k)
    raise CelValueError(f"CEL result {where} has a map key of type {type(k).__name__}")


def to_json(value: Any) -> Any:
    """A cel-expr-python Value as plain JSON."""
    return _plain(value.plain_value(), "value")


def _type_name(name: str) -> str:
    lowered = {"INT": "int", "UINT": "uint", "DOUBLE": "double", "BOOL": "bool",
               "STRING": "string", "BYTES": "bytes", "NULL": "null_type", "NULL_TYPE": "null_type",
               "TYPE": "type", "TIMESTAMP": "google.protobuf.Timestamp",
               "DURATION": "google.protobuf.Duration", "DYN": "dyn"}
    if name in lowered:
        return lowered[name]
    if name.startswith("LIST"):
        return "list"
    if name.startswith("MAP"):
        return "map"
    return name


_COMPOSITE = re.compile(r"^(LIST|MAP)<")


def to_value_json(value: Any) -> dict[str, Any]:
    """A cel-expr-python Value as `cel.expr.Value` JSON (proto3 JSON mapping)."""
    kind = value.type().name()
    raw = value.value()
    if kind == "NULL" or kind == "NULL_TYPE" or (raw is None and kind not in ("ERROR",)):
        return {"nullValue": None}
    if kind == "BOOL":
        return {"boolValue": bool(raw)}
    if kind == "INT":
        return {"int64Value": str(int(raw))}
    if kind == "UINT":
        return {"uint64Value": str(int(raw))}
    if kind == "DOUBLE":
        return {"doubleValue": _double(float(raw))}
    if kind == "STRING":
        return {"stringValue": raw}
    if kind == "BYTES":
        return {"bytesValue": base64.b64encode(bytes(raw)).decode("ascii")}
    if kind == "TIMESTAMP":
        return {"objectValue": {"@type": "type.googleapis.com/google.protobuf.Timestamp",
                                "value": _timestamp_text(raw)}}
    if kind == "DURATION":
        return {"objectValue": {"@type": "type.googleapis.com/google.protobuf.Duration",
                                "value": _duration_text(raw)}}
    if kind == "TYPE":
        return {"typeValue": _type_name(raw.name() if hasattr(raw, "name") else str(raw))}
    if kind.startswith("LIST"):
        return {"listValue": {"values": [to_value_json(x) for x in raw]} if raw else {}}
    if kind.startswith("MAP"):
        key_kind = kind[4:].split(",", 1)[0].strip() if _COMPOSITE.match(kind) else "DYN"
        entries = [{"key": _key_json(k, key_kind), "value": to_value_json(x)}
                   for k, x in raw.items()]
        return {"mapValue": {"entries": entries} if entries else {}}
    raise CelValueError(f"CEL result of type {kind} has no cel.expr.Value form here")


def _double(x: float) -> Any:
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def _key_json(k: Any, key_kind: str) -> dict[str, Any]:
    if isinstance(k, bool):
        return {"boolValue": k}
    if isinstance(k, int):
        return {"uint64Value": str(k)} if key_kind == "UINT" else {"int64Value": str(k)}
    return {"stringValue": str(k)}


_WRAPPERS = {"Int64Value", "UInt64Value", "Int32Value", "UInt32Value", "DoubleValue",
             "FloatValue", "BoolValue", "StringValue"}


def from_value_json(v: dict[str, Any], where: str = "value") -> Any:
    """`cel.expr.Value` JSON -> a Python value cel-expr-python accepts.

    uint64 becomes a Python int (cel-expr-python has no uint input type), so a bound uint
    evaluates as an int."""
    if not isinstance(v, dict):
        raise CelValueError(f"{where}: expected a cel.expr.Value object, got {type(v).__name__}")
    if "nullValue" in v or not v:
        return None
    for key in ("boolValue", "stringValue"):
        if key in v:
            return v[key]
    if "int64Value" in v:
        return int(v["int64Value"])
    if "uint64Value" in v:
        return int(v["uint64Value"])
    if "doubleValue" in v:
        return float(v["doubleValue"])
    if "bytesValue" in v:
        return base64.b64decode(v["bytesValue"])
    if "listValue" in v:
        return [from_value_json(x, f"{where}[{i}]")
                for i, x in enumerate(v["listValue"].get("values", []))]
    if "mapValue" in v:
        return {from_value_json(e["key"], f"{where} key"): from_value_json(e["value"], where)
                for e in v["mapValue"].get("entries", [])}
    if "objectValue" in v:
        obj = v["objectValue"]
        kind = str(obj.get("@type", "")).rsplit("/", 1)[-1]
        if kind == "google.protobuf.Timestamp":
            return dt.datetime.fromisoformat(obj["value"].replace("Z", "+00:00"))
        if kind == "google.protobuf.Duration":
            return dt.timedelta(seconds=float(obj["value"].rstrip("s")))
        if kind.startswith("google.protobuf.") and kind.split(".")[-1] in _WRAPPERS | {
                "Value", "Struct", "ListValue"}:
            return obj.get("value")
        raise CelValueError(f"{where}: protobuf messages ({kind}) are not supported by hostrt:cel")
    raise CelValueError(f"{where}: unsupported cel.expr.Value kind {sorted(v)}")
