"""`hostrt compat --format json`: the report as one JSON document.

Schema (`"schema": "hostrt-compat/1"`):

    {
      "schema": "hostrt-compat/1",
      "node_version": "v20.20.2",          # the reference
      "seconds": 21.3,                     # wall time of the run
      "runtimes": [{"name": "node", "label": "Node v20.20.2", "available": true, "note": ""}, ...],
      "statuses": ["works", "present", "stub", "impossible", "differs", "missing", "throws",
                   "hangs"],                 # the columns of "areas", in order
      "summary": {"total": M,              # probes
                  "works": N, "present": .., ...,   # hostrt's status per probe (= "probes")
                  "probes": {"works": N, ...},
                  "apis_total": A, "apis": {"works": .., "stub": .., ...},  # per API
                  "line": "X APIs behave like Node (behaviour verified), Y present only as stubs,
                           Z impossible, W missing; …"},
      "areas": [{"area": "timers", "total": .., "works": .., "present": .., ...}],
      "rows": [{
        "id": "export:fs.readFileSync",    # behaviour probes: "<area>/<name>"
        "area": "fs",
        "kind": "export",                  # behaviour | global | module | export
        "title": "fs.readFileSync",
        "api": "fs.readFileSync",          # the declaration name the strategy was looked up by
        "strategy": "impossible",          # python | js | npm | stub | impossible | "" (none)
        "strategy_note": "…",              # for `impossible`: the reason
        "strategy_source": "declared",     # declared | inferred | none
        "status": {"node": "works", "hostrt": "missing", "bare": "missing", ...},
        "detail": {"node": "", "hostrt": "not exported", ...}
      }, ...]
    }

Statuses: works (behaviour verified) | present (typeof as in Node) | stub | impossible (hostrt's
declarations) | differs | missing | throws | hangs. Runtimes that are not available are listed
with `available: false` and have no entries in `status`/`detail`.
"""

from __future__ import annotations

import json
from typing import Any

from hostrt.compat.runner import STATUSES, Report

SCHEMA = "hostrt-compat/1"


def to_data(report: Report) -> dict[str, Any]:
    """The report as JSON-able data (the schema above)."""
    return {
        "schema": SCHEMA,
        "node_version": report.node_version,
        "seconds": round(report.seconds, 2),
        "runtimes": [{"name": rt.name, "label": rt.label, "available": rt.available,
                      "note": rt.note} for rt in report.runtimes],
        "statuses": list(STATUSES),
        "summary": report.summary(),
        "areas": report.areas(),
        "rows": [{
            "id": row.probe.id, "area": row.probe.area, "kind": row.probe.kind,
            "title": row.probe.title, "api": row.probe.api,
            "strategy": row.strategy.strategy, "strategy_note": row.strategy.note,
            "strategy_source": row.strategy.source,
            "status": {k: v.status for k, v in row.results.items()},
            "detail": {k: v.detail for k, v in row.results.items()},
        } for row in report.rows],
    }


def render(report: Report) -> str:
    """The JSON document."""
    return json.dumps(to_data(report), indent=1, ensure_ascii=False) + "\n"
