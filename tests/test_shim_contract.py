"""The shim contract is checked: declarations are validated when the registry is built, a shim's
Python half serves exactly the ops it declares, and every op the shims' JS calls is declared."""

from __future__ import annotations

import io
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from hostrt import Host, HostOptions
from hostrt.errors import HostError
from hostrt.paths import shims_dir
from hostrt.shimreg import declared_ops, load_shims

SHIMS = shims_dir()

# `bridge.call('x.y', ...)`, `bridge.post(...)`, `bridge.postText(...)`, `bridge.callSync(...)`:
# the first argument. `bridge.hostModule('x')` uses every op the shim `x` declares.
_CALL = re.compile(r"\b(?:bridge|b)\.(call|post|postText|callSync)\(\s*([^,)]*)")
_HOST_MODULE = re.compile(r"\bbridge\.hostModule\(\s*'([^']+)'\s*\)")
_LITERAL = re.compile(r"""^(['"`])([^'"`$]+)\1$""")
# Files that pass an op name through a variable, and how to read the names their callers give
# them (each pattern must still find names, so a renamed helper fails here rather than hiding).
_FORWARDERS: dict[str, tuple[str, ...] | None] = {
    "crypto/crypto.js": (r"viaPython\(\s*'([^']+)'",),
    "pepr/lib/k8s.js": (r"""exec\(\s*(?:local\.name \? )?"([^"]+)"(?: : "([^"]+)")?""",),
    "pepr/lib/storage.js": (r'#send\("([^"]+)"',),
    # The pepr shim's lazy `bridge` wrapper: its callers (`bridge.call(...)`) are scanned.
    "pepr/lib/bridge.js": None,
}


def _shim_js() -> list[Path]:
    return [p for p in sorted(SHIMS.rglob("*.js")) if "probes" not in p.relative_to(SHIMS).parts]


def _called_ops() -> dict[str, list[str]]:
    """Every op name the shims' JS calls or posts -> where."""
    found: dict[str, list[str]] = {}
    for path in _shim_js():
        rel = path.relative_to(SHIMS).as_posix()
        text = path.read_text(encoding="utf-8")
        dynamic = False
        for m in _CALL.finditer(text):
            lit = _LITERAL.match(m.group(2).strip())
            if lit:
                line = text.count("\n", 0, m.start()) + 1
                found.setdefault(lit.group(2), []).append(f"{rel}:{line}")
            else:
                dynamic = True
        for m in _HOST_MODULE.finditer(text):
            ops = [n for n in declared_ops() if n.startswith(m.group(1) + ".")]
            assert ops, f"shims/{rel}: hostModule({m.group(1)!r}) names a shim with no [ops]"
            for n in ops:
                found.setdefault(n, []).append(f"{rel} (hostModule)")
        if dynamic:
            assert rel in _FORWARDERS, (
                f"shims/{rel} calls bridge.call/post with a computed op name; add the file to "
                "_FORWARDERS with a pattern for the names its callers pass")
        for pattern in _FORWARDERS.get(rel) or ():
            names = [n for m in re.finditer(pattern, text) for n in m.groups() if n]
            assert names, f"shims/{rel}: forwarder pattern {pattern!r} no longer matches"
            if rel == "pepr/lib/storage.js":  # the schedule store posts the same ops renamed
                names += [n.replace("pepr.store.", "pepr.schedule.") for n in names]
            for n in names:
                found.setdefault(n, []).append(f"{rel} (forwarded)")
    return found


def test_every_op_the_shim_js_calls_is_declared():
    called = _called_ops()
    assert {"timers.arm", "process.write", "fs.read", "kube.get", "pepr.schedule.set",
            "crypto.pbkdf2"} <= set(called)  # the scan sees literal and forwarded names
    declared = declared_ops()
    missing = {name: where for name, where in called.items() if name not in declared}
    assert not missing, f"ops called from shim JS but declared in no shim.toml [ops]: {missing}"


def test_every_declared_op_is_called_from_js_or_documented_as_python_only():
    # Declared ops nobody calls are dead weight; the kube shim's are called by the pepr shim.
    unused = set(declared_ops()) - set(_called_ops())
    assert not unused, f"declared ops no shim JS calls: {sorted(unused)}"


async def test_every_declared_op_is_served_after_start(engine):
    async with Host(HostOptions(engine=engine, stdout=io.StringIO())) as host:
        served = {n for n in declared_ops() if host._bridge.has_op(n)}
        sync = set(host._bridge._sync_ops)
    assert served == set(declared_ops())
    # `sync = true` in shim.toml is what makes an op callable with bridge.callSync.
    assert sync == {n for n, (_, decl) in declared_ops().items() if decl.sync} != set()


def test_op_names_follow_the_rule():
    for name, (shim, decl) in declared_ops().items():
        assert name.split(".", 1)[0] == shim.name and decl.doc


# -- registry-build errors -----------------------------------------------------------------------

def _root(tmp_path: Path, shims: dict[str, dict[str, str]]) -> Path:
    """A shims root: {shim: {file: text}} (shim.toml text is dedented)."""
    root = tmp_path / "shims"
    for name, files in shims.items():
        for file, text in files.items():
            path = root / name / file
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"))
    return root


def _error(root: Path) -> str:
    load_shims.cache_clear()
    try:
        with pytest.raises(HostError) as info:
            load_shims(root)
    finally:
        load_shims.cache_clear()
    return str(info.value)


OK_JS = {"a.js": "module.exports = 1;\n"}


@pytest.mark.parametrize("toml, files, expected", [
    ('name = "a"\nmodule = "a.js"\n', OK_JS, r"unknown key 'module' in shim.toml"),
    ('name = "a"\n[modules]\na = "a.js"\n[apis]\n"a.x" = { strategy = "js", nots = "typo" }\n',
     OK_JS, r"unknown key 'nots' in apis.\"a.x\""),
    ('name = "a"\nafter = ["proces"]\n', {}, r"after names 'proces', which is not a shim"),
    ('name = "a"\n[modules]\na = "missing.js"\n', {},
     r"modules.\"a\" names 'missing.js', which is not a file"),
    ('name = "a"\ninit = ["gone.js"]\n', {}, r"init names 'gone.js'"),
    ('name = "a"\n[python]\nmodule = "host.py"\n', {}, r"python.module names 'host.py'"),
    ('name = "a"\n[python]\nmodule = "h.py"\n[ops]\n"b.read" = { doc = "x" }\n',
     {"h.py": ""}, r"op 'b.read' must be named 'a.<verb>'"),
    ('name = "a"\n[python]\nmodule = "h.py"\n[ops]\n"a.read" = { doc = "x", sync = "yes" }\n',
     {"h.py": ""}, r"ops.\"a.read\".sync must be true or false"),
    ('name = "a"\n[python]\nmodule = "h.py"\n[ops]\n"a.read" = { sync = true }\n',
     {"h.py": ""}, r"ops.\"a.read\".doc must say what the op does"),
    ('name = "a"\n[ops]\n"a.read" = { doc = "x" }\n', {}, r"\[ops\] are declared but no \[python\]"),
])
def test_bad_declarations_are_errors_naming_the_shim(tmp_path, toml, files, expected):
    root = _root(tmp_path, {"a": {"shim.toml": toml, **files}})
    msg = _error(root)
    assert str(root / "a" / "shim.toml") in msg and re.search(expected, msg), msg


def test_a_module_declared_twice_is_an_error(tmp_path):
    root = _root(tmp_path, {
        "a": {"shim.toml": 'name = "a"\n[modules]\nutil = "a.js"\n', **OK_JS},
        "b": {"shim.toml": 'name = "b"\n[modules]\nutil = "a.js"\n', **OK_JS},
    })
    msg = _error(root)
    assert f"{root / 'b' / 'shim.toml'}: module 'util' is also declared by the 'a' shim" in msg


def test_the_sync_key_is_parsed_and_exposed(tmp_path):
    root = _root(tmp_path, {"a": {"shim.toml": """
        name = "a"
        [python]
        module = "h.py"
        [ops]
        "a.compile" = { doc = "compile", sync = true }
        "a.arm" = { doc = "arm" }
        """, "h.py": ""}})
    load_shims.cache_clear()
    try:
        ops = declared_ops(root)
    finally:
        load_shims.cache_clear()
    assert ops["a.compile"][1].sync is True and ops["a.arm"][1].sync is False


def test_a_bad_shim_declaration_is_a_clear_cli_error(tmp_path, write_js, monkeypatch, capsys):
    """The registry error reaches the CLI as one line naming the file, no traceback (in process:
    the registry is pointed at a broken copy of the shims)."""
    from hostrt import cli, shimreg
    copy = tmp_path / "copy"
    shutil.copytree(SHIMS, copy, ignore=shutil.ignore_patterns("probes", "__pycache__"))
    toml = copy / "timers" / "shim.toml"
    toml.write_text(toml.read_text() + '\n[typo]\nx = 1\n')
    monkeypatch.setattr(shimreg, "shims_dir", lambda: copy)
    load_shims.cache_clear()
    try:
        code = cli.main(["run", str(write_js("a.js", "1"))])
    finally:
        load_shims.cache_clear()
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.startswith(f"hostrt: {toml}: unknown key 'typo' in shim.toml")


# -- a shim's Python half --------------------------------------------------------------------------

async def test_shim_half_cannot_register_an_undeclared_op(tmp_path):
    root = _root(tmp_path, {"demo": {"shim.toml": """
        name = "demo"
        [python]
        module = "host.py"
        [ops]
        "demo.ok" = { doc = "declared" }
        """, "host.py": """
        def register(api):
            api.op("demo.ok", lambda: 1)
            api.op("demo.sneaky", lambda: 2)
        """}})
    with pytest.raises(HostError) as info:
        async with Host(HostOptions(shims_root=root, stdout=io.StringIO())):
            pass
    assert (f"{root / 'demo' / 'shim.toml'}: the 'demo' shim's Python half registers op "
            "'demo.sneaky', which its [ops] table does not declare") in str(info.value)
