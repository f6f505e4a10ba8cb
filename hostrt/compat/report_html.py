"""`hostrt compat --format html`: one self-contained page: an overview (per area, one stacked bar
per runtime; clicking a part filters the table), then the table, filterable by area and status.

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
#overview td { padding: 1px 6px; border: 0; } #overview td.rt { font-size: 12px; color: #555; }
.bar { display: flex; width: 420px; height: 14px; background: #eee; }
.bar span { display: block; height: 100%%; cursor: pointer; }
.bar span:hover { outline: 2px solid #000; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; }
</style></head>
<body>
<h1>hostrt compat report</h1>
<p id="summary">%(line)s</p>
<h2>Overview: per area, one bar per runtime</h2>
<p class="legend" id="legend"></p>
<p>Each bar splits the area's probes by what that runtime did, against Node. Click a part of a bar
to list those probes below.</p>
<table id="overview"><tbody></tbody></table>
<h2>Per area (hostrt's status per probe)</h2>
<table id="areas"><thead><tr>%(area_head)s</tr></thead><tbody>%(area_rows)s</tbody></table>
<h2>Probes</h2>
<div id="filters">
<label>area <select id="area"><option value="">all</option>%(area_options)s</select></label>
<label>hostrt status <select id="status"><option value="">all</option>
%(status_options)s</select></label>
<label>runtime <select id="runtime"><option value="">any</option>%(runtime_options)s</select></label>
<label>is <select id="bucket"><option value="">anything</option>%(bucket_options)s</select></label>
<span id="count"></span>
</div>
<table><thead><tr id="head"></tr></thead><tbody id="rows"></tbody></table>
<script id="data" type="application/json">%(data)s</script>
<script id="overview-data" type="application/json">%(overview)s</script>
<script>
(function () {
  const data = JSON.parse(document.getElementById('data').textContent);
  const ov = JSON.parse(document.getElementById('overview-data').textContent);
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
    for (const r of rts) tr.dataset['b_' + r] = ov.bucket_of[row.status[r]] || '';
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
  const runtime = document.getElementById('runtime');
  const bucket = document.getElementById('bucket');
  function apply() {
    let shown = 0;
    for (const tr of body.children) {
      const ok = (!area.value || tr.dataset.area === area.value) &&
                 (!status.value || tr.dataset.status === status.value) &&
                 (!runtime.value || !bucket.value || tr.dataset['b_' + runtime.value] === bucket.value);
      tr.hidden = !ok;
      if (ok) shown += 1;
    }
    document.getElementById('count').textContent = shown + ' of ' + body.children.length + ' rows';
    document.body.dataset.shown = String(shown);
  }
  // The overview: per area a row per runtime; each bar's parts filter the table when clicked.
  const legend = document.getElementById('legend');
  for (const b of ov.buckets) {
    const sw = document.createElement('span'); sw.style.background = ov.colours[b];
    legend.appendChild(sw); legend.appendChild(document.createTextNode(b));
  }
  const obody = document.querySelector('#overview tbody');
  for (const a of ov.areas) {
    ov.runtimes.forEach((r, i) => {
      const tr = document.createElement('tr');
      const name = document.createElement('td');
      name.textContent = i === 0 ? a.area : '';
      const label = document.createElement('td'); label.className = 'rt';
      label.textContent = ov.labels[r];
      const cell = document.createElement('td');
      const bar = document.createElement('div'); bar.className = 'bar';
      const counts = a.counts[r];
      const total = Object.values(counts).reduce((x, y) => x + y, 0) || 1;
      for (const b of ov.buckets) {
        if (!counts[b]) continue;
        const part = document.createElement('span');
        part.style.width = (100 * counts[b] / total) + '%%';
        part.style.background = ov.colours[b];
        part.title = `${a.area} · ${ov.labels[r]}: ${counts[b]} ${b}`;
        part.dataset.area = a.area; part.dataset.runtime = r; part.dataset.bucket = b;
        part.addEventListener('click', () => {
          area.value = a.area === 'all' ? '' : a.area; status.value = '';
          runtime.value = r; bucket.value = b; apply();
          document.getElementById('filters').scrollIntoView();
        });
        bar.appendChild(part);
      }
      cell.appendChild(bar);
      tr.append(name, label, cell);
      obody.appendChild(tr);
    });
  }
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has('area')) area.value = params.get('area');
  if (params.has('status')) status.value = params.get('status');
  if (params.has('runtime')) runtime.value = params.get('runtime');
  if (params.has('bucket')) bucket.value = params.get('bucket');
  for (const el of [area, status, runtime, bucket]) el.addEventListener('change', apply);
  apply();
  document.body.dataset.overviewBars = String(obody.querySelectorAll('.bar').length);
})();
</script>
</body></html>
"""


def render(report: Report) -> str:
    """The HTML page."""
    from hostrt.compat.overview import BUCKETS, overview
    data = report_json.to_data(report)
    ov = overview(data)
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
        "runtime_options": "".join(f'<option value="{html.escape(r)}">{html.escape(r)}</option>'
                                   for r in ov["runtimes"]),
        "bucket_options": "".join(f'<option value="{html.escape(b)}">{html.escape(b)}</option>'
                                  for b in BUCKETS),
        "data": payload,
        "overview": json.dumps(ov, ensure_ascii=False).replace("</", "<\\/"),
    }
