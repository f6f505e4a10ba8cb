"""CEL evaluated by the host: compile and evaluate Common Expression Language programs in Python.

`hostrt:cel` (shims/cel) gives JS these functions as a host module; `hostrt compat --cel` runs
the CEL conformance suite through them and `hostrt bench cel` measures them against
`@bufbuild/cel`. The evaluator is `cel-expr-python` (CEL's C++ implementation), chosen by
measured conformance and speed (see docs/cel.md).
"""

from hostrt.cel.program import ADMISSION_VARIABLES, CelError, Compiled, compile_program, evaluate

__all__ = ["ADMISSION_VARIABLES", "CelError", "Compiled", "compile_program", "evaluate"]
