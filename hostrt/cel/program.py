"""Compile (cached) and evaluate CEL programs with cel-expr-python, errors as CEL reports them.

Environments are cached by their declarations (building one costs ~170 µs) and compiled programs
by (expression, declarations), so a policy compiled by every isolate is checked once per process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from hostrt.cel.values import to_json, to_value_json
from hostrt.errors import HostError

# The variables a ValidatingAdmissionPolicy expression sees (Kubernetes' admission CEL
# environment); an activation that leaves one out binds it to null, as the API server does for
# `oldObject` on CREATE or `params` without a param kind.
ADMISSION_VARIABLES = ("object", "oldObject", "request", "params", "namespaceObject")
# Types a declaration may name (CEL type signatures; `dyn` when a variable names none).
_TYPE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*(\s*\(.*\))?")
_POSITION = re.compile(r"<input>:(\d+):(\d+):")
_STATUS = re.compile(r"^[A-Z_]+: |\s*\[[A-Z_]+\]$")


class CelError(HostError):
    """A CEL compile (syntax/type) or evaluation error, with CEL's own message and position."""

    def __init__(self, message: str, *, code: str, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message, code=code)
        self.line = line
        self.column = column


def _clean(raw: str) -> str:
    """CEL's message without the absl status wrapper ("INVALID_ARGUMENT: … [INVALID_ARGUMENT]")."""
    text = raw.strip()
    for _ in range(2):
        text = _STATUS.sub("", text).strip()
    return text


def _error(raw: str, code: str) -> CelError:
    text = _clean(raw)
    pos = _POSITION.search(text)
    return CelError(text, code=code, line=int(pos[1]) if pos else None,
                    column=int(pos[2]) if pos else None)


Decls = tuple[tuple[str, str], ...]


@functools.lru_cache(maxsize=64)
def _env(decls: Decls, container: str) -> Any:
    from cel_expr_python import cel
    from cel_expr_python.ext import ext_bindings, ext_encoders, ext_math, ext_optional, ext_strings

    variables = {}
    for name, type_name in decls:
        try:
            variables[name] = cel.Type(type_name)
        except Exception as exc:
            raise CelError(f"variable {name!r}: unknown CEL type {type_name!r} ({exc})",
                           code="ERR_CEL_DECL") from exc
    # The extension libraries Kubernetes enables (strings, optional, math, encoders, cel.bind).
    extensions = [ext_strings.ExtStrings(), ext_math.ExtMath(), ext_optional.ExtOptional(),
                  ext_encoders.ExtEncoders(), ext_bindings.ExtBindings()]
    return cel.NewEnv(variables=variables, extensions=extensions, container=container or None)


@dataclass(frozen=True)
class Compiled:
    """A checked CEL program and what it declares."""

    expr: str
    decls: Decls
    program: Any
    return_type: str
    env: Any


def declarations(variables: Any) -> Decls:
    """Normalise `variables` (a list of names or {name: "type"}) plus the admission variables."""
    if variables is None:
        variables = {}
    if isinstance(variables, list):
        variables = dict.fromkeys(variables, "dyn")
    if not isinstance(variables, dict):
        raise CelError("variables must be a list of names or an object {name: 'type'}",
                       code="ERR_CEL_DECL")
    out = dict.fromkeys(ADMISSION_VARIABLES, "dyn")
    for name, type_name in variables.items():
        if not isinstance(type_name, str) or not _TYPE_NAME.fullmatch(type_name.strip()):
            raise CelError(f"variable {name!r}: the type must be a CEL type name such as 'int', "
                           f"'string', 'list(string)' or 'dyn', got {type_name!r}",
                           code="ERR_CEL_DECL")
        out[str(name)] = type_name.strip()
    return tuple(sorted(out.items()))


@functools.lru_cache(maxsize=4096)
def compile_program(expr: str, decls: Decls = (), container: str = "",
                    check: bool = True) -> Compiled:
    """Parse and type-check `expr`; raise CelError with CEL's message and position."""
    if not isinstance(expr, str):
        raise CelError(f"a CEL expression must be a string, got {type(expr).__name__}",
                       code="ERR_CEL_COMPILE")
    env = _env(decls, container)
    try:
        program = env.compile(expr, disable_check=not check)
    except Exception as exc:  # cel-expr-python raises RuntimeError with an absl status text
        raise _error(str(exc), "ERR_CEL_COMPILE") from None
    try:
        rtype = program.return_type().name() if check else "dyn"
    except Exception:
        rtype = "dyn"
    return Compiled(expr, decls, program, rtype, env)


def activation(compiled: Compiled, data: dict[str, Any]) -> Any:
    """Convert `data` to CEL values once (reusable by every program of the same declarations:
    converting a Deployment costs far more than evaluating a rule on it). Missing admission
    variables are null."""
    full = {name: None for name, _ in compiled.decls if name in ADMISSION_VARIABLES}
    full.update(data)
    try:
        return compiled.env.Activation(full)
    except Exception as exc:  # a value cel-expr-python cannot convert
        raise _error(str(exc), "ERR_CEL_EVAL") from None


def evaluate(compiled: Compiled, data: dict[str, Any] | Any, *, typed: bool = False,
             prepared: bool = False) -> Any:
    """Evaluate with `data` (JSON values; or, with `prepared`, an `activation(...)`).

    Plain results are JSON as Kubernetes renders CEL values (bytes base64, timestamps RFC 3339,
    durations like "1.5s"); `typed` results are `cel.expr.Value` JSON (exact CEL types)."""
    act = data if prepared else activation(compiled, data)
    try:
        value = compiled.program.eval(act)
        kind = value.type().name()
    except Exception as exc:  # e.g. the iteration budget
        raise _error(str(exc), "ERR_CEL_EVAL") from None
    if kind == "ERROR":
        raise _error(str(value.value()), "ERR_CEL_EVAL")
    return to_value_json(value) if typed else to_json(value)


def evaluator_version() -> str:
    """The CEL evaluator behind hostrt:cel, with its version."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return f"cel-expr-python {version('cel-expr-python')}"
    except PackageNotFoundError:
        return "cel-expr-python (not installed)"
