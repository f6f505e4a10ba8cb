"""`hostrt serve` against real Pepr 1.1.4's controller, both live over HTTPS.

Real Pepr: the `npx pepr build` bundle of hello-pepr run by `node` with Pepr's environment, its
PeprStore served by hostrt's fake Kubernetes API (hostrt/pepr/live.py). hostrt: `hostrt serve`
on the same bundle, the same certificate and API path. Every hello-pepr request goes to both, on
/mutate and /validate; status codes and body bytes must be identical. Values that are random by
design (fixture.json `randomPatchPaths`: a `Math.random()` the module writes) are compared by
type only, after decoding the patch.
"""

from __future__ import annotations

import base64
import json
import shutil
from typing import Any

import pytest

from hostrt.errors import HostError
from hostrt.pepr.live import pepr_controller
from tests.serve_util import API_PATH, BUILT, HELLO_REQUESTS, Answer, Certs, Served, make_certs, serving

pytestmark = pytest.mark.skipif(shutil.which("node") is None or shutil.which("npm") is None,
                                reason="the reference is real Pepr's controller on Node.js; "
                                       "node/npm missing")

RANDOM_PATHS = json.loads((HELLO_REQUESTS.parent / "fixture.json").read_text()).get(
    "randomPatchPaths", [])


def _normalised(body: bytes) -> Any:
    review = json.loads(body)
    response = review.get("response") or {}
    if "patch" in response:
        ops = json.loads(base64.b64decode(response["patch"]))
        for op in ops:
            if op.get("path") in RANDOM_PATHS:
                op["value"] = type(op.get("value")).__name__
        response["patch"] = ops
    return review


def _same(pepr: Answer, hostrt: Answer, where: str) -> None:
    assert hostrt.status == pepr.status, where
    if hostrt.body == pepr.body:
        return
    # Byte-identical except where the module itself is random.
    ops = (_normalised(pepr.body).get("response") or {}).get("patch") or []
    assert any(op.get("path") in RANDOM_PATHS for op in ops), \
        f"{where}: bodies differ:\n{pepr.body!r}\n{hostrt.body!r}"
    assert _normalised(hostrt.body) == _normalised(pepr.body), where


def test_every_hello_pepr_request_both_routes(tmp_path: Any, engine: str) -> None:
    """On each engine backend (`hostrt serve --engine`): the same bytes as Pepr's controller."""
    certs: Certs = make_certs(tmp_path)
    try:
        reference = pepr_controller(BUILT, cert=certs.cert, key=certs.key, api_path=API_PATH)
        live = reference.__enter__()
    except HostError as exc:
        pytest.fail(f"real Pepr's controller did not start: {exc}")
    try:
        pepr = Served(live.proc, live.port, certs)  # type: ignore[arg-type]
        with serving(BUILT, certs, "--engine", engine) as hostrt:
            files = sorted(HELLO_REQUESTS.glob("*.json"))
            assert len(files) >= 18
            for path in files:
                body = path.read_bytes()
                for route in ("mutate", "validate"):
                    _same(pepr.admit(route, body), hostrt.admit(route, body),
                          f"{path.name} /{route}")
            # The error answers too: wrong path, malformed body, no `request`.
            for route in ("mutate", "validate"):
                _same(pepr.admit(route, b"{}", api_path="wrong"),
                      hostrt.admit(route, b"{}", api_path="wrong"), f"401 /{route}")
                _same(pepr.admit(route, b'{"apiVersion": "v1"}'),
                      hostrt.admit(route, b'{"apiVersion": "v1"}'), f"no request /{route}")
                bad_pepr = pepr.admit(route, b"{bad")
                bad_hostrt = hostrt.admit(route, b"{bad")
                assert bad_hostrt.status == bad_pepr.status == 400
                # Express in development mode appends a machine-specific stack: first line.
                assert bad_hostrt.body.split(b"<br>")[0].split(b"</pre>")[0] == \
                    bad_pepr.body.split(b"<br>")[0].split(b"</pre>")[0]
            assert pepr.request("GET", "/healthz").body == hostrt.request("GET", "/healthz").body
    finally:
        reference.__exit__(None, None, None)
