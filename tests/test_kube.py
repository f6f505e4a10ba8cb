"""The kube.* host ops against kmock's in-memory Kubernetes API (real HTTP, official client).

JS in the isolate calls the ops with `require('hostrt:bridge').call(...)`, exactly as the pepr
shim's K8s() does, so these tests cover the JS -> Python -> HTTP -> JS round trip.
"""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from hostrt import Host, HostOptions
from hostrt.kube.client import NO_CLUSTER, KubeClient, KubeRequest
from hostrt.settings import KubeSettings

CM = {"group": "", "version": "v1", "kind": "ConfigMap", "plural": "configmaps",
      "namespaced": True}


def _client_for(url: str) -> KubeClient:
    from kubernetes import client
    cfg = client.Configuration()
    cfg.host = url.rstrip("/")
    cfg.retries = 0
    return KubeClient(client.ApiClient(cfg))


@pytest.fixture
async def khost(kmock: Any) -> AsyncIterator[Host]:
    """A host whose kube ops talk to kmock."""
    kmock.resources["v1/configmaps"] = {"kind": "ConfigMap", "namespaced": True}
    out, err = io.StringIO(), io.StringIO()
    opts = HostOptions(stdout=out, stderr=err, timeout=5,
                       kube=KubeSettings(client=_client_for(str(kmock.url))))
    async with Host(opts) as h:
        h.captured_err = err  # type: ignore[attr-defined]
        yield h


async def _js(host: Host, tmp_path: Path, body: str) -> Any:
    """Load a script registering handler `t` (an async function body), dispatch it."""
    script = tmp_path / "t.js"
    script.write_text("const b = require('hostrt:bridge');\n"
                      f"b.handle('t', async () => {{ {body} }});\n")
    await host.load(script)
    return await host.dispatch("t")


def _req(**kw: Any) -> str:
    return json.dumps({**CM, **kw})


def _cm(name: str, ns: str = "default", **data: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": ns}, "data": data}


async def test_create_get_list_delete(khost: Host, tmp_path: Path, kmock: Any) -> None:
    out = await _js(khost, tmp_path, f"""
        const created = await b.call('kube.create', {_req(body=_cm("a", x="1"))});
        await b.call('kube.create', {_req(body=_cm("b", "other", x="2"))});
        const got = await b.call('kube.get', {_req(namespace="default", name="a")});
        const inNs = await b.call('kube.list', {_req(namespace="default")});
        const all = await b.call('kube.list', {_req()});
        await b.call('kube.delete', {_req(namespace="default", name="a")});
        let after;
        try {{ await b.call('kube.get', {_req(namespace="default", name="a")}); }}
        catch (e) {{ after = {{code: e.code, message: e.message}}; }}
        return {{created: created.data, got: got.data, kind: inNs.kind,
                 inNs: inNs.items.map(i => i.metadata.name),
                 all: all.items.map(i => i.metadata.name).sort(), after}};
    """)
    assert out["created"] == {"x": "1"} and out["got"] == {"x": "1"}
    assert out["kind"] == "ConfigMapList"
    assert out["inNs"] == ["a"] and out["all"] == ["a", "b"]
    assert out["after"]["code"] == "404"
    assert "GET /api/v1/namespaces/default/configmaps/a: 404" in out["after"]["message"]
    calls = [(r.method.value, r.url.path) for r in kmock]
    assert ("DELETE", "/api/v1/namespaces/default/configmaps/a") in calls
    assert ("POST", "/api/v1/namespaces/other/configmaps") in calls


async def test_selectors_and_apply_patch_wire(khost: Host, tmp_path: Path, kmock: Any) -> None:
    kmock.objects["v1/configmaps", "default", "c"] = _cm("c", x="1")
    out = await _js(khost, tmp_path, f"""
        await b.call('kube.list', {_req(namespace="default", labels={"app": "x", "tier": ""},
                                        fields={"metadata.name": "c"})});
        const applied = await b.call('kube.apply', {_req(body=_cm("c", y="2"), force=True)});
        const patched = await b.call('kube.patch', {_req(namespace="default", name="c",
            patch=[{"op": "add", "path": "/data/z", "value": "3"}])});
        return {{applied: applied.data, patched: patched.data}};
    """)
    reqs = list(kmock)
    lst, apply, patch = reqs[-3], reqs[-2], reqs[-1]
    assert lst.params["labelSelector"] == "app=x,tier"
    assert lst.params["fieldSelector"] == "metadata.name=c"
    assert apply.headers["Content-Type"] == "application/apply-patch+yaml"
    assert apply.params["fieldManager"] == "pepr" and apply.params["force"] == "true"
    assert apply.url.path == "/api/v1/namespaces/default/configmaps/c"
    assert json.loads(apply.text) == _cm("c", y="2")
    assert patch.headers["Content-Type"] == "application/json-patch+json"
    assert json.loads(patch.text) == [{"op": "add", "path": "/data/z", "value": "3"}]
    assert out["applied"]["y"] == "2"


async def test_watch_streams_events_in_order(khost: Host, tmp_path: Path, kmock: Any) -> None:
    kmock.objects["v1/configmaps", "default", "pre"] = _cm("pre", x="0")
    script = tmp_path / "w.js"
    script.write_text(f"""
        const b = require('hostrt:bridge');
        const seen = [];
        let n = 0;
        b.handle('kube.watch.event', async ({{id, phase, object}}) => {{
          seen.push([id, phase, object.metadata.name]);
          n += 1;
          if (n === 1) {{
            await b.call('kube.create', {_req(body=_cm("new", x="1"))});
          }} else if (n === 2) {{
            await b.call('kube.delete', {_req(namespace="default", name="new")});
          }} else if (n === 3) {{
            b.post('kube.unwatch', {{id}});
          }}
        }});
        b.handle('seen', async () => seen);
        b.call('kube.watch', {_req(namespace="default", id="w1")})
          .then(r => seen.push(['opened', r.id]));
    """)
    await khost.load(script)
    code = await khost.run_until_idle()  # the watch keeps the loop alive until unwatch
    assert code == 0
    seen = await khost.dispatch("seen")
    events = [s for s in seen if s[0] == "w1"]
    assert events == [["w1", "ADDED", "pre"], ["w1", "ADDED", "new"], ["w1", "DELETED", "new"]]
    assert ["opened", "w1"] in seen


async def test_api_error_code_and_message(khost: Host, tmp_path: Path) -> None:
    out = await _js(khost, tmp_path, f"""
        try {{ await b.call('kube.get', {_req(namespace="default", name="nope")}); }}
        catch (e) {{ return {{code: e.code, message: e.message}}; }}
    """)
    assert out["code"] == "404"


async def test_bad_request_payload(khost: Host, tmp_path: Path) -> None:
    out = await _js(khost, tmp_path, """
        try { await b.call('kube.get', {group: "", kind: "ConfigMap"}); }
        catch (e) { return {code: e.code, message: e.message}; }
    """)
    assert out["code"] == "ERR_INVALID_ARG_VALUE"
    assert "'version'" in out["message"]


async def test_no_cluster_rejects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "missing-kubeconfig"))
    async with Host(HostOptions(timeout=5, stdout=io.StringIO(), stderr=io.StringIO())) as h:
        out = await _js(h, tmp_path, f"""
            try {{ await b.call('kube.list', {_req()}); return 'resolved'; }}
            catch (e) {{ return {{code: e.code, message: e.message}}; }}
        """)
    assert out == {"code": "ERR_HOSTRT_NO_CLUSTER", "message": NO_CLUSTER}


async def test_kubeconfig_file_is_used(kmock: Any, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    kmock.objects["v1/configmaps", "default", "k"] = _cm("k", via="kubeconfig")
    kubeconfig = tmp_path / "config"
    kubeconfig.write_text(json.dumps({
        "apiVersion": "v1", "kind": "Config", "current-context": "kmock",
        "clusters": [{"name": "kmock", "cluster": {"server": str(kmock.url).rstrip("/")}}],
        "users": [{"name": "u", "user": {"token": "t0ken"}}],
        "contexts": [{"name": "kmock", "context": {"cluster": "kmock", "user": "u"}}],
    }))
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    async with Host(HostOptions(timeout=5, stdout=io.StringIO(), stderr=io.StringIO())) as h:
        out = await _js(h, tmp_path, f"""
            return (await b.call('kube.get', {_req(namespace="default", name="k")})).data;
        """)
    assert out == {"via": "kubeconfig"}
    assert list(kmock)[-1].headers["Authorization"] == "Bearer t0ken"


def test_paths() -> None:
    core = KubeRequest.from_json({**CM, "namespace": "ns", "name": "n", "subresource": "status"})
    assert core.path(item=True) == "/api/v1/namespaces/ns/configmaps/n/status"
    crd = KubeRequest.from_json({"group": "pepr.dev", "version": "v1", "kind": "Unicorn",
                                 "plural": "unicorns", "namespaced": None,
                                 "body": {"metadata": {"name": "u", "namespace": "x"}}})
    assert crd.path(item=False) == "/apis/pepr.dev/v1/namespaces/x/unicorns"
    cluster = KubeRequest.from_json({"group": "", "version": "v1", "kind": "Namespace",
                                     "plural": "namespaces", "namespaced": False,
                                     "body": {"metadata": {"name": "x", "namespace": "y"}}})
    assert cluster.path(item=True) == "/api/v1/namespaces/x"


async def test_pepr_module_k8s_calls_reach_the_cluster(khost: Host, tmp_path: Path,
                                                       kmock: Any) -> None:
    """The pepr shim's K8s() inside a Mutate action: Get, Apply and a 404, end to end."""
    kmock.objects["v1/configmaps", "default", "settings"] = _cm("settings", color="blue")
    # kmock patches only existing objects (a real server-side apply would create it).
    kmock.objects["v1/configmaps", "default", "audit"] = _cm("audit")
    mod = tmp_path / "m.js"
    mod.write_text("""
        const { PeprModule, Capability, K8s, kind } = require("pepr");
        const cap = new Capability({ name: "k", description: "d", namespaces: [] });
        cap.When(kind.ConfigMap).IsCreated().WithName("target").Mutate(async req => {
          const s = await K8s(kind.ConfigMap).InNamespace("default").Get("settings");
          req.SetAnnotation("color", s.data.color);
          await K8s(kind.ConfigMap).Apply({ metadata: { name: "audit", namespace: "default" },
                                            data: { saw: req.Raw.metadata.name } });
          try { await K8s(kind.ConfigMap).InNamespace("default").Get("missing"); }
          catch (e) { req.SetAnnotation("missing-status", String(e.status)); }
        });
        new PeprModule({ description: "d", pepr: { uuid: "k", onError: "reject" } }, [cap]);
    """)
    review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": "u", "operation": "CREATE", "name": "target", "namespace": "default",
        "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
        "resource": {"group": "", "version": "v1", "resource": "configmaps"},
        "userInfo": {}, "object": _cm("target")}}
    await khost.load(mod)
    await khost.dispatch("pepr.store.load", {})
    answer = await khost.dispatch("pepr.admission", {"kind": "mutate", "review": review})
    assert answer["status"] == 200, answer
    assert "patch" in answer["body"]["response"], answer
    import base64
    patch = json.loads(base64.b64decode(answer["body"]["response"]["patch"]))
    annotations = next(op["value"] for op in patch if op["path"] == "/metadata/annotations")
    assert annotations["color"] == "blue"
    assert annotations["missing-status"] == "404"
    apply = [r for r in kmock if r.url.path.endswith("/configmaps/audit")][-1]
    assert apply.params["fieldManager"] == "pepr"
    assert json.loads(apply.text)["data"] == {"saw": "target"}
