#!/usr/bin/env python3
"""Steady-state cost of the shim's admission path inside a bare mini-racer isolate (JS time only,
no host crossing): the hello-pepr module, one ConfigMap request through mutate and validate,
20,000 warm-up rounds then 20,000 measured.
    python tests/v8/bench_pepr_in_mini_racer.py [LOG_LEVEL]
"""

import json
import sys

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))

import pepr_in_mini_racer as P
from py_mini_racer import MiniRacer

from hostrt.loader.npm import esbuild_path  # the esbuild `hostrt setup` installed

src = P.bundle(P.ROOT / "js_fixtures/modules/hello-pepr/pepr.ts", str(esbuild_path()))
m = MiniRacer()
m.eval(P.PRELUDE)
m.eval(
    "globalThis.process = {{env: {{LOG_LEVEL: {}}}}};".format(
        json.dumps(sys.argv[1] if len(sys.argv) > 1 else "info")
    )
)
for f in sorted(P.SHIM.rglob("*.js")):
    m.eval(
        "__sources[{}] = {};".format(
            json.dumps("/pepr/" + f.relative_to(P.SHIM).as_posix()), json.dumps(f.read_text())
        )
    )
m.eval(f"__sources['/module/module.js'] = {json.dumps(src)};")
m.eval("var __pepr = __require('/', 'pepr'); __require('/', '/module/module.js');")
while m.eval("__fireNext(__now + 50)"):
    pass
raw = (P.ROOT / "js_fixtures/modules/hello-pepr/requests/04-create-configmap-example-1.json").read_text()
m.eval(f"var __raw = {json.dumps(raw)}; var __obj = JSON.parse(__raw);")
m.eval("""var __done = 0; var __t0;
async function __bench(n) { for (let i = 0; i < n; i++) { await __pepr.__handleAdmission('mutate', __obj); await __pepr.__handleAdmission('validate', __obj); } }""")
m.eval("__bench(20000).then(()=>{__done=1})")
m.eval("__done = 0; __t0 = Date.now(); __bench(20000).then(()=>{__done = Date.now() - __t0})")
print(
    "LOG_LEVEL",
    (sys.argv[1] if len(sys.argv) > 1 else "info"),
    "mutate+validate per request (in V8, JS only): %.1f us" % (m.eval("__done") * 1000 / 20000),
)
m.close()
