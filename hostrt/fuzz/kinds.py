"""The ways `hostrt fuzz admission` breaks reviews, without importing Hypothesis.

The CLI lists them in `--help` and `--kind` choices; every `hostrt` command builds that parser,
so this module must stay light (Hypothesis costs ~0.3 s to import)."""

from __future__ import annotations

KINDS = ("wrong-type", "missing", "huge", "deep", "unicode", "duplicate", "number", "bytes",
         "truncated", "not-review")

# Hostile kinds drawn more or less often: the cheap, varied breakages often; huge and deep
# bodies (megabytes each) seldom, so a 100,000-case run stays within minutes.
DEFAULT_MIX = (("wrong-type", 3), ("missing", 3), ("unicode", 3), ("duplicate", 2),
               ("number", 2), ("bytes", 2), ("truncated", 2), ("not-review", 1), ("huge", 1),
               ("deep", 1))
