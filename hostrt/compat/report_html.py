"""`hostrt compat --format html`: one self-contained page, filterable by area and status.

The data is embedded as JSON; a small script renders the table and filters it. Filters can also
be set from the URL fragment (`#area=timers&status=missing`), which is how the headless-Chromium
test checks them.
"""

from __future__ import annotations

import html
import json

from hostrt.compat import report_json
from hostrt.compat.runner import STATUSES, Report

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>hostrt compat report</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; }
table { border-collapse: collapse; width: 100%%; }
th, td { border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
td.detail { font-family: monospace; white-space: pre-wrap; font-size: 12px; }
.works { color: #176f2c; } .differs { color: #9a6700; } .missing { color: #b42318; }
.throws { color: #7a2ea0; } .hangs { color: #b42318; font-weight: bold; }
.present { color: #0b6e8a; } .stub { color: #6b6b6b; } .impossible { color: #3538cd; }
#areas td, #areas th { text-align: right; } #areas td:first-child { text-align: left; }
#filters { margin: 1em 0; } #filters label { margin-right: 1em; }
</style></head>
<body>
<h1>hostrt compat report</h1>
<p id="summary">%(line)s</p>
<h2>Per area (hostrt's status per probe)</h2>
<table id="areas"><thead><tr>%(area_head)s</tr></thead><tbody>%(area_rows)s</tbody></table>
<h2>Probes</h2>
<div id="filters">
<label>area <select id="area"><option value="">all</option>%(area_options)s</select></label>
<label>hostrt status <select id="status"><option value="">all</option>
%(status_options)s</select></label>
<span id="count"></span>
</div>
<table><thead><tr id="head"></tr></thead><tbody id="rows"></tbody></table>
<script id="data" type="application/json">%(data)s</script>
<script>
(function () {
  const data = JSON.parse(document.getElementById('data').textContent);
  const rts = data.runtimes.filter((r) => r.available).map((r) => r.name);
  const head = document.getElementById('head');
  for (const c of ['id', 'area', 'strategy', ...rts, 'detail']) {
    const th = document.createElement('th'); th.textContent = c; head.appendChild(th);
  }
  const body = document.getElementById('rows');
  for (const row of data.rows) {
    const tr = document.createElement('tr');
    tr.dataset.area = row.area;
    tr.dataset.status = row.status.hostrt || '';
    const cell = (text, cls) => {
      const td = document.createElement('td'); td.textContent = text;
      if (cls) td.className = cls; tr.appendChild(td);
    };
    cell(row.id); cell(row.area);
    const why = row.strategy === 'impossible' && row.strategy_note ? ': ' + row.strategy_note : '';
    cell(row.strategy + why);
    for (const r of rts) cell(row.status[r] || '', row.status[r] || '');
    cell(row.detail.hostrt || '', 'detail');
    body.appendChild(tr);
  }
  const area = document.getElementById('area');
  const status = document.getElementById('status');
  function apply() {
    let shown = 0;
    for (const tr of body.children) {
      const ok = (!area.value || tr.dataset.area === area.value) &&
                 (!status.value || tr.dataset.status === status.value);
      tr.hidden = !ok;
      if (ok) shown += 1;
    }
    document.getElementById('count').textContent = shown + ' of ' + body.children.length + ' rows';
    document.body.dataset.shown = String(shown);
  }
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has('area')) area.value = params.get('area');
  if (params.has('status')) status.value = params.get('status');
  area.addEventListener('change', apply);
  status.addEventListener('change', apply);
  apply();
})();
</script>
</body></html>
"""


def render(report: Report) -> str:
    """The HTML page."""
    data = report_json.to_data(report)
    areas = sorted({row["area"] for row in data["rows"]})
    # `</` inside the JSON would end the script element early.
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    cols = ["area", "probes", *STATUSES]
    area_rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in
                         (a["area"], a["total"], *(a[s] for s in STATUSES))) + "</tr>"
        for a in data["areas"])
    return _PAGE % {
        "line": html.escape(data["summary"]["line"]),
        "area_head": "".join(f"<th>{c}</th>" for c in cols),
        "area_rows": area_rows,
        "area_options": "".join(f'<option value="{html.escape(a)}">{html.escape(a)}</option>'
                                for a in areas),
        "status_options": "".join(f'<option value="{s}">{s}</option>' for s in STATUSES),
        "data": payload,
    }
