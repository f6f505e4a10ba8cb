"""Permissions: a Pepr module reaches only what it was granted; plain scripts stay Node-like.

fetch goes only to --allow-net HOST[:PORT] (every redirect hop checked), process.env holds the
module's env, Pepr's own variables and --env entries plus --allow-env names, and a denial is
Node's ERR_ACCESS_DENIED naming the flag. A script gets the same rules with --sandbox.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hostrt.errors import HostError
from hostrt.permissions import PermissionDenied, Permissions, from_args
from tests.conftest import hostrt_cmd, run_cmd


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/redirect"):
            target = self.path.split("to=", 1)[1]
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
            return
        body = b"hello from the server"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()


FETCH_SCRIPT = """
const url = process.argv[2];
fetch(url).then(r => r.text()).then(t => console.log('OK', t),
  e => console.log('DENIED', e.name, e.code, e.message));
console.log('SECRET', JSON.stringify(process.env.I15_SECRET));
"""


def test_scripts_are_node_like_unless_sandboxed(tmp_path: Path, port: int) -> None:
    script = tmp_path / "s.js"
    script.write_text(FETCH_SCRIPT)
    url = f"http://127.0.0.1:{port}/x"
    env = {"I15_SECRET": "s3cret"}
    open_ = run_cmd([*hostrt_cmd(), "run", str(script), url], env=env)
    assert open_.code == 0, open_.err
    assert 'SECRET "s3cret"' in open_.out and "OK hello from the server" in open_.out
    boxed = run_cmd([*hostrt_cmd(), "run", "--sandbox", str(script), url], env=env)
    assert boxed.code == 0, boxed.err
    assert "SECRET undefined" in boxed.out
    assert (f"DENIED Error ERR_ACCESS_DENIED Access to this API has been restricted: fetch to "
            f"127.0.0.1:{port} ({url}); grant it with --allow-net 127.0.0.1:{port}") in boxed.out
    assert "process.env.I15_SECRET is not granted to the module" in boxed.err
    assert "--allow-env I15_SECRET" in boxed.err
    granted = run_cmd([*hostrt_cmd(), "run", "--sandbox", f"--allow-net=127.0.0.1:{port}",
                       "--allow-env=I15_SECRET", str(script), url], env=env)
    assert 'SECRET "s3cret"' in granted.out and "OK hello from the server" in granted.out
    host_only = run_cmd([*hostrt_cmd(), "run", "--sandbox", "--allow-net=127.0.0.1",
                         str(script), url], env=env)
    assert "OK hello from the server" in host_only.out
    other_port = run_cmd([*hostrt_cmd(), "run", "--sandbox", "--allow-net=127.0.0.1:1",
                          str(script), url], env=env)
    assert "DENIED Error ERR_ACCESS_DENIED" in other_port.out


def test_every_redirect_hop_needs_the_grant(tmp_path: Path, port: int) -> None:
    script = tmp_path / "s.js"
    script.write_text(FETCH_SCRIPT)
    url = f"http://127.0.0.1:{port}/redirect?to=http://localhost:{port}/x"
    res = run_cmd([*hostrt_cmd(), "run", "--sandbox", f"--allow-net=127.0.0.1:{port}",
                   str(script), url])
    assert f"grant it with --allow-net localhost:{port}" in res.out, res.out + res.err
    both = run_cmd([*hostrt_cmd(), "run", "--sandbox",
                    f"--allow-net=127.0.0.1:{port},localhost:{port}", str(script), url])
    assert "OK hello from the server" in both.out, both.out + both.err


MODULE = """
const { PeprModule, Capability, a } = require("pepr");
const cap = new Capability({ name: "perm", description: "permissions", namespaces: [] });
cap.When(a.ConfigMap).IsCreated().Mutate(async req => {
  req.SetLabel("secret", String(process.env.I15_SECRET));
  req.SetLabel("configured", String(process.env.FROM_CONFIG));
  req.SetLabel("pepr-own", String(process.env.PEPR_I15_OWN));
  let net;
  try {
    await fetch(process.env.PEPR_I15_URL);
    net = "reached";
  } catch (e) {
    net = e.code;
  }
  req.SetLabel("net", net);
});
new PeprModule({ description: "permissions", pepr: { uuid: "perm-test", onError: "reject",
  env: { FROM_CONFIG: "from-pepr-env" } } }, [cap]);
"""


def _review() -> dict[str, object]:
    obj = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "p", "namespace": "ns"}}
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": "u1", "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
        "resource": {"group": "", "version": "v1", "resource": "configmaps"},
        "name": "p", "namespace": "ns", "operation": "CREATE", "object": obj,
        "userInfo": {"username": "x"}, "dryRun": False}}


def _labels(out: str) -> dict[str, str]:
    import base64
    line = json.loads(out.splitlines()[0])
    patch = json.loads(base64.b64decode(line["mutate"]["response"]["patch"]))
    return next(op["value"] for op in patch if op["path"] == "/metadata/labels")


def test_pepr_module_is_denied_by_default(tmp_path: Path, port: int) -> None:
    module = tmp_path / "perm.js"
    module.write_text(MODULE)
    # The module's configured env (package.json "pepr.env"), as Pepr's deployment sets it.
    (tmp_path / "package.json").write_text(json.dumps({"name": "perm", "pepr": {
        "uuid": "perm-test", "onError": "reject", "env": {"FROM_CONFIG": "from-pepr-env"}}}))
    (tmp_path / "req.json").write_text(json.dumps(_review()))
    env = {"I15_SECRET": "s3cret", "PEPR_I15_OWN": "own",
           "PEPR_I15_URL": f"http://127.0.0.1:{port}/x"}
    denied = run_cmd([*hostrt_cmd(), "run", str(module), "--admission",
                      str(tmp_path / "req.json")], env=env)
    assert "Traceback" not in denied.err
    assert denied.out, denied.err[-3000:]
    assert _labels(denied.out) == {"secret": "undefined", "configured": "from-pepr-env",
                                   "pepr-own": "own", "net": "ERR_ACCESS_DENIED"}
    granted = run_cmd([*hostrt_cmd(), "run", str(module), "--admission",
                       str(tmp_path / "req.json"), "--allow-env", "I15_SECRET",
                       "--allow-net", f"127.0.0.1:{port}"], env=env)
    assert _labels(granted.out) == {"secret": "s3cret", "configured": "from-pepr-env",
                                    "pepr-own": "own", "net": "reached"}


def test_serve_takes_the_same_flags() -> None:
    res = run_cmd([*hostrt_cmd(), "serve", "--help"])
    for flag in ("--allow-read", "--allow-net", "--allow-env"):
        assert flag in res.out


def test_grants_from_flags() -> None:
    import argparse

    from hostrt.permissions import add_permission_flags
    p = argparse.ArgumentParser()
    add_permission_flags(p)
    p.add_argument("--allow-read", action="append", default=[])
    none = from_args(p.parse_args([]), enforced=True)
    assert none.net == frozenset() and none.env == frozenset()
    assert not none.net_allowed("example.com", 443)
    assert none.env_allowed("PEPR_WATCH_MODE") and none.env_allowed("LOG_LEVEL")
    assert not none.env_allowed("HOME")
    some = from_args(p.parse_args(["--allow-net", "Example.com,api.x:8443",
                                   "--allow-env", "HOME"]), enforced=True)
    assert some.net_allowed("example.com", 1) and some.net_allowed("api.x", 8443)
    assert not some.net_allowed("api.x", 443)
    assert some.env_allowed("HOME") and not some.env_allowed("USER")
    anything = from_args(p.parse_args(["--allow-net", "--allow-env"]), enforced=True)
    assert anything.net is None and anything.env is None
    assert anything.net_allowed("any", 1) and anything.env_allowed("ANY")
    assert Permissions().net_allowed("any", 1)  # not enforced: Node-like
    with pytest.raises(PermissionDenied) as info:
        none.check_fetch("https://example.com/x")
    assert info.value.code == "ERR_ACCESS_DENIED" and "--allow-net example.com:443" in str(
        info.value)
    with pytest.raises(HostError, match="expected HOST or HOST:PORT"):
        from_args(p.parse_args(["--allow-net", "host:port"]), enforced=True)
