"""Python half of hostrt:cel: compile and evaluate CEL programs for JS (a host module).

Programs compiled by this host are kept in a per-host table, answered by index; the compile
itself is cached per process (hostrt.cel), so every isolate reusing a policy pays it once.
"""

from __future__ import annotations

from typing import Any

from hostrt.cel.program import (
    CelError,
    Compiled,
    Decls,
    activation,
    compile_program,
    declarations,
    evaluate,
)
from hostrt.errors import error_to_json
from hostrt.shimapi import ShimAPI


def register(api: ShimAPI) -> None:
    """Serve `cel.compile`, `cel.evaluate` and `cel.evaluateAll` (all declared sync)."""
    programs: list[Compiled] = []
    index: dict[tuple[Any, ...], int] = {}

    def compile_(expr: str, variables: Any = None, container: str = "",
                 check: bool = True) -> dict[str, Any]:
        decls = declarations(variables)
        key = (expr, decls, container, check)
        pid = index.get(key)
        if pid is None:
            programs.append(compile_program(expr, decls, container or "", bool(check)))
            pid = index[key] = len(programs) - 1
        return {"id": pid, "returnType": programs[pid].return_type}

    def program(pid: Any) -> Compiled:
        if not isinstance(pid, int) or not 0 <= pid < len(programs):
            raise CelError(f"no compiled CEL program {pid!r} in this isolate", code="ERR_CEL_HANDLE")
        return programs[pid]

    def activation_of(activation: Any) -> dict[str, Any]:
        if activation is None:
            return {}
        if not isinstance(activation, dict):
            raise CelError("the activation must be an object of variable values, got "
                           f"{type(activation).__name__}", code="ERR_CEL_ACTIVATION")
        return activation

    def evaluate_(pid: int, activation: Any = None, typed: bool = False) -> Any:
        compiled = program(pid)
        data = activation_of(activation)
        if typed:
            from hostrt.cel.values import from_value_json
            data = {k: from_value_json(v, k) for k, v in data.items()}
        return evaluate(compiled, data, typed=bool(typed))

    def evaluate_all(pids: list[int], activation_: Any = None) -> list[Any]:
        data = activation_of(activation_)
        prepared: dict[Decls, Any] = {}  # the activation converted once per declaration set
        out: list[Any] = []
        for pid in pids:
            try:
                compiled = program(pid)
                act = prepared.get(compiled.decls)
                if act is None:
                    act = prepared[compiled.decls] = activation(compiled, data)
                out.append([True, evaluate(compiled, act, prepared=True)])
            except CelError as exc:
                out.append([False, error_to_json(exc)])
        return out

    api.op("cel.compile", compile_)
    api.op("cel.evaluate", evaluate_)
    api.op("cel.evaluateAll", evaluate_all)
