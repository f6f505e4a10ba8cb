"""The probes: behavioural probe files, and existence probes enumerated from the reference Node.

Behavioural probes are small scripts under `js_fixtures/compat/<area>/<name>.js`, runnable
unchanged by `node`, that print deterministic output. Their first lines are a header:

    // probe: what it checks
    // api: crypto.createHash        (the declaration name used for the strategy column)

Existence probes are not written by hand: the reference Node is asked, at run time, which globals it
adds beyond ECMAScript (its global object minus a fresh `vm` context's, plus `console`, which V8
gives every context but Node replaces) and what every public built-in module exports
(`Object.keys(require(name))` without `_`-prefixed names). One driver script then checks each name
in any runtime and prints one JSON line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hostrt import resources
from hostrt.errors import HostError

RESULT_MARK = "@@hostrt-compat@@"
_HEADER = re.compile(r"^//\s*(probe|api)\s*:\s*(\S.*?)\s*$")


@dataclass(frozen=True)
class Probe:
    """One row of the compat table."""

    id: str                 # "timers/order", "global:Buffer", "module:fs", "export:fs.readFileSync"
    area: str               # "timers", "globals", "fs", ...
    kind: str               # "behaviour" | "global" | "module" | "export"
    title: str
    api: str                # name looked up in the shim declarations ("" = none)
    path: Path | None = None
    module: str | None = None
    name: str | None = None


def default_probe_dir() -> Path:
    """The shipped behaviour probes (`js_fixtures/compat/` in a checkout; also in the wheel)."""
    return resources.compat_probes()


def behaviour_probes(root: Path) -> list[Probe]:
    """Every `<area>/<name>.js` under `root` with its header; area = the folder name."""
    if not root.is_dir():
        raise HostError(f"{root}: probe directory not found", code="ERR_HOSTRT_NOT_FOUND")
    probes = []
    for path in sorted(root.rglob("*.js")):
        rel = path.relative_to(root)
        if len(rel.parts) < 2 or any(p.startswith(("_", ".")) for p in rel.parts):
            continue
        header: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[:5]:
            m = _HEADER.match(line)
            if m:
                header[m.group(1)] = m.group(2)
        ident = rel.with_suffix("").as_posix()
        probes.append(Probe(ident, rel.parts[0], "behaviour", header.get("probe", ident),
                            header.get("api", ""), path=path.resolve()))
    return probes


# Run by the reference Node only: what it adds beyond ECMAScript, and what its modules export.
ENUMERATE_JS = r"""
const vm = require('vm');
const { builtinModules } = require('module');
const bare = new Set(vm.runInNewContext('Object.getOwnPropertyNames(globalThis)'));
const globals = Object.getOwnPropertyNames(globalThis).filter((n) => !bare.has(n));
globals.push('console');
const modules = {};
for (const m of builtinModules) {
  if (m.startsWith('_')) continue;
  try {
    modules[m] = Object.keys(require(m)).filter((k) => !k.startsWith('_'));
  } catch (e) {
    modules[m] = [];
  }
}
process.stdout.write(JSON.stringify({ version: process.version,
  globals: [...new Set(globals)].sort(), modules }));
"""


def existence_probes(enumeration: dict[str, Any], modules: list[str] | None = None) -> list[Probe]:
    """Rows for every Node global and every export of every public built-in module."""
    probes = [Probe(f"global:{g}", "globals", "global", f"global {g}", g, name=g)
              for g in enumeration["globals"]]
    for mod, exports in sorted(enumeration["modules"].items()):
        if modules is not None and mod not in modules:
            continue
        area = mod.split("/")[0]
        probes.append(Probe(f"module:{mod}", area, "module", f"require('{mod}')", mod, module=mod))
        for name in sorted(set(exports)):
            probes.append(Probe(f"export:{mod}.{name}", area, "export", f"{mod}.{name}",
                                f"{mod}.{name}", module=mod, name=name))
    return probes


def check_script(probes: list[Probe]) -> str:
    """A driver that checks each existence probe in try/catch and prints one JSON line.

    Each result is {"t": typeof} when present, {"m": why} when absent, {"e": "code: message"}
    when looking it up threw. It needs only `console.log` (and `require` for module rows).
    """
    targets = [[p.id, p.kind, p.module, p.name] for p in probes]
    return ("(function () {\n"
            f"const T = {json.dumps(targets)};\n"
            f"const MARK = {json.dumps(RESULT_MARK)};\n" + r"""
const res = {};
const req = typeof require === 'function' ? require : undefined;
const mods = new Map();
function load(m) {
  if (!mods.has(m)) {
    try { mods.set(m, { ok: true, v: req(m) }); } catch (e) { mods.set(m, { ok: false, e }); }
  }
  const r = mods.get(m);
  if (!r.ok) throw r.e;
  return r.v;
}
function describe(e) {
  if (e === null || typeof e !== 'object') return 'thrown: ' + String(e);
  let code = '';
  try { code = e.code || e.name || 'Error'; } catch (x) { code = 'Error'; }
  let msg = '';
  try { msg = String(e.message).split('\n')[0]; } catch (x) { msg = '?'; }
  return String(code) + ': ' + msg;
}
for (const [id, kind, mod, name] of T) {
  try {
    if (kind === 'global') {
      res[id] = name in globalThis ? { t: typeof globalThis[name] } : { m: 'not defined' };
    } else if (req === undefined) {
      res[id] = { m: 'require is not defined' };
    } else {
      const m = load(mod);
      if (kind === 'module') res[id] = { t: typeof m };
      else if (m == null || !(name in Object(m))) res[id] = { m: 'not exported' };
      else res[id] = { t: typeof m[name] };
    }
  } catch (e) {
    res[id] = { e: describe(e) };
  }
}
console.log(MARK + JSON.stringify(res));
})();
""")


def parse_check_output(stdout: str) -> dict[str, dict[str, str]] | None:
    """The JSON the check driver printed, or None if it never got that far."""
    for line in stdout.splitlines():
        if line.startswith(RESULT_MARK):
            data: dict[str, dict[str, str]] = json.loads(line[len(RESULT_MARK):])
            return data
    return None
