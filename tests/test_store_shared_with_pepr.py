"""One PeprStore shared by real Pepr 1.1.4's controller (its `npx pepr build` bundle under node)
and hostrt's live Store, against the same fake Kubernetes API: each reads what the other wrote."""

from __future__ import annotations

import asyncio
import json
import shutil
import ssl
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

from hostrt.kube.client import KubeClient, load_api_client
from hostrt.kube.fakeapi import FakeKubeAPI
from hostrt.kube.peprstore import ClusterStore, StoreSettings
from tests.serve_util import BUILT, HELLO_REQUESTS, make_certs

UUID = "6f9e3f1c-4c3a-4d1b-9a49-0c8c2d1e5b7a"
API_PATH = "f14-shared-store"

pytestmark = pytest.mark.node


def _post(port: int, path: str, body: bytes) -> dict[str, Any]:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the answer is not what this test is about
    req = urllib.request.Request(f"https://127.0.0.1:{port}{path}", data=body, method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, context=ctx, timeout=30) as resp:
        return json.loads(resp.read())


async def _until(cond: Any, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError(f"{what}: not within {timeout}s")
        await asyncio.sleep(0.1)


async def test_a_key_written_by_one_is_read_by_the_other(tmp_path: Path) -> None:
    if shutil.which("node") is None:
        pytest.skip("real Pepr's controller needs Node.js (node) on PATH")
    from hostrt.pepr.live import pepr_controller
    certs = make_certs(tmp_path / "certs")
    log = tmp_path / "pepr.log"
    with FakeKubeAPI.in_thread() as api, open(log, "wb") as out:
        kubeconfig = api.write_kubeconfig(tmp_path / "kubeconfig")
        # @kubernetes/client-node only talks plain HTTP with TLS checks declared off.
        cfg = yaml.safe_load(kubeconfig.read_text())
        cfg["clusters"][0]["cluster"]["insecure-skip-tls-verify"] = True
        kubeconfig.write_text(yaml.safe_dump(cfg))
        store = ClusterStore(KubeClient(load_api_client(str(kubeconfig))), UUID,
                             StoreSettings(flush_interval=0.2, debounce=0.05))
        with tempfile.TemporaryDirectory() as bundle_dir:
            bundle = Path(bundle_dir) / BUILT.name
            shutil.copy(BUILT, bundle)
            with pepr_controller(bundle, cert=certs.cert, key=certs.key, api_path=API_PATH,
                                 log_level="debug", stdout=out,
                                 env={"KUBECONFIG": str(kubeconfig)}) as pepr:
                await store.start()  # Pepr made the objects (server-side apply); hostrt reads them
                try:
                    # Pepr writes: hello-pepr's example-1 Mutate sets Store "example-1".
                    review = (HELLO_REQUESTS / "04-create-configmap-example-1.json").read_bytes()
                    answer = await asyncio.to_thread(_post, pepr.port, f"/mutate/{API_PATH}",
                                                     review)
                    assert answer["response"]["allowed"] is True
                    # Pepr sends its Store writes every 4 s.
                    await _until(lambda: store.items("store", "hello-pepr").get("example-1")
                                 == "was-here", 20, "hostrt reading Pepr's write")
                    # hostrt writes; Pepr's StoreController receives it through its watch (it
                    # logs every Store update it receives at debug level, values included).
                    store.set("store", "hello-pepr", "from/hostrt", "written by hostrt")
                    await store.flush()

                    def pepr_saw() -> bool:
                        out.flush()
                        for line in log.read_text(errors="replace").splitlines():
                            if "Pepr Store update" in line and \
                                    '"hello-pepr-v2-from/hostrt":"written by hostrt"' in line:
                                return True
                        return False
                    await _until(pepr_saw, 20, "Pepr reading hostrt's write")
                finally:
                    await store.stop()
                    store.client.close()
        data = api.get("pepr.dev/v1", "peprstores", f"pepr-{UUID}-store", "pepr-system")["data"]
        assert data["hello-pepr-v2-example-1"] == "was-here"
        assert data["hello-pepr-v2-from/hostrt"] == "written by hostrt"
        assert data["__pepr_do_not_delete__"] == "k-thx-bye"
