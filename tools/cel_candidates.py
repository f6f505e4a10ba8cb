"""Development tool: measure the PyPI CEL candidates for `hostrt:cel` (conformance + speed).

Usage: python tools/cel_candidates.py CONFORMANCE.json
(CONFORMANCE.json: `hostrt compat --cel --dump-suite FILE`, the cel-spec suite as proto JSON.)
Needs the candidates installed: pip install common-expression-language cel-python cel-expr-python.
The choice it informed is recorded in docs (hostrt:cel) and /work/notes; hostrt ships one backend.
"""

from __future__ import annotations

import base64
import json
import math
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

Runner = Callable[[dict[str, Any]], Any]


def plain(v: dict[str, Any]) -> Any:
    """cel.expr.Value JSON -> a plain Python value (ints and uints both int)."""
    if "nullValue" in v or v == {}:
        return None
    for k in ("boolValue", "stringValue"):
        if k in v:
            return v[k]
    if "int64Value" in v or "uint64Value" in v:
        return int(v.get("int64Value", v.get("uint64Value")))
    if "doubleValue" in v:
        return float(v["doubleValue"])
    if "bytesValue" in v:
        return base64.b64decode(v["bytesValue"])
    if "listValue" in v:
        return [plain(x) for x in v["listValue"].get("values", [])]
    if "mapValue" in v:
        return {plain(e["key"]): plain(e["value"]) for e in v["mapValue"].get("entries", [])}
    raise ValueError(f"unsupported binding {list(v)}")


def same(expected: dict[str, Any], got: Any) -> bool:
    """Compare an expected Value JSON with a plain Python result (lenient on int/uint)."""
    try:
        want = plain(expected)
    except ValueError:
        return False
    return _eq(want, got)


def _eq(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b) and not ({type(a), type(b)} <= {int, float} and False):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_eq(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_eq(a[k], b[k]) for k in a)
    return bool(a == b)


def run_rust(t: dict[str, Any]) -> Any:
    import cel
    ctx = {k: plain(b["value"]) for k, b in t.get("bindings", {}).items()}
    return cel.compile(t["expr"]).execute(ctx)


def run_cpp(t: dict[str, Any]) -> Any:
    from cel_expr_python import cel
    names = set(t.get("bindings", {})) | {d["name"] for d in t.get("typeEnv", []) if "ident" in d}
    env = cel.NewEnv(variables={n: cel.Type.DYN for n in names}, container=t.get("container", ""))
    expr = env.compile(t["expr"], disable_check=bool(t.get("disableCheck")))
    v = expr.eval(data={k: plain(b["value"]) for k, b in t.get("bindings", {}).items()})
    if v.type().name() == "ERROR":
        raise RuntimeError(v.value())
    return v.plain_value()


def run_py(t: dict[str, Any]) -> Any:
    import celpy
    from celpy import json_to_cel
    env = celpy.Environment(package=t.get("container") or None)
    prog = env.program(env.compile(t["expr"]))
    out = prog.evaluate({k: json_to_cel(plain(b["value"])) for k, b in t.get("bindings", {}).items()})
    if isinstance(out, Exception):
        raise out
    return _unwrap(out)


def _unwrap(v: Any) -> Any:
    import celpy.celtypes as ct
    if isinstance(v, ct.BoolType):
        return bool(v)
    if isinstance(v, ct.IntType | ct.UintType):
        return int(v)
    if isinstance(v, ct.DoubleType):
        return float(v)
    if isinstance(v, ct.StringType):
        return str(v)
    if isinstance(v, ct.BytesType):
        return bytes(v)
    if isinstance(v, ct.ListType):
        return [_unwrap(x) for x in v]
    if isinstance(v, ct.MapType):
        return {_unwrap(k): _unwrap(x) for k, x in v.items()}
    return v


def conformance(run: Runner, tests: list[dict[str, Any]]) -> int:
    ok = 0
    for t in tests:
        if t.get("checkOnly"):
            continue
        try:
            got = run(t)
        except Exception:
            ok += "evalError" in t
            continue
        want = t.get("value", t.get("typedResult", {}).get("result"))
        ok += want is not None and same(want, got)
    return ok


DEPLOY = {"metadata": {"name": "web", "labels": {"team": "a", "app": "web"}},
          "spec": {"replicas": 3, "template": {"spec": {"containers": [
              {"name": "c", "image": "registry.example.com/web:1.2"}]}}}}
EXPR = "object.spec.replicas <= 5 && has(object.metadata.labels.team) && " \
       "object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))"


def speed() -> None:
    import cel
    import celpy
    from cel_expr_python import cel as cc
    from celpy import json_to_cel

    def p50(fn: Callable[[], Any], n: int = 2000) -> float:
        out = []
        for _ in range(n):
            t0 = time.perf_counter_ns()
            fn()
            out.append(time.perf_counter_ns() - t0)
        return statistics.median(out) / 1000

    rp = cel.compile(EXPR)
    env = cc.NewEnv(variables={"object": cc.Type.DYN})
    cp = env.compile(EXPR)
    penv = celpy.Environment()
    pp = penv.program(penv.compile(EXPR))
    print("common-expression-language eval p50 µs", p50(lambda: rp.execute({"object": DEPLOY})),
          "compile", p50(lambda: cel.compile(EXPR), 300))
    print("cel-expr-python eval p50 µs", p50(lambda: cp.eval(data={"object": DEPLOY}).value()),
          "compile", p50(lambda: env.compile(EXPR), 300))
    print("cel-python eval p50 µs", p50(lambda: pp.evaluate({"object": json_to_cel(DEPLOY)}), 300),
          "compile", p50(lambda: penv.program(penv.compile(EXPR)), 50))


def main() -> None:
    with open(sys.argv[1]) as fh:
        tests = json.load(fh)
    for name, run in (("common-expression-language", run_rust), ("cel-expr-python", run_cpp),
                      ("cel-python", run_py)):
        t0 = time.perf_counter()
        print(f"{name}: {conformance(run, tests)}/{len(tests)} ({time.perf_counter() - t0:.1f}s)",
              flush=True)
    speed()


if __name__ == "__main__":
    main()
