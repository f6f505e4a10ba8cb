"""`hostrt build`: manifests that validate, match `npx pepr build` where Pepr defines them, and
deploy a module that hostrt then serves from its Secret."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from cryptography import x509

from hostrt.build.manifests import BuildPlan, all_objects
from hostrt.build.tls import generate_tls
from hostrt.build.webhooks import BindingError, binding_rule, webhook_rules
from hostrt.errors import HostError
from hostrt.pepr.reference import PEPR_VERSION, pepr_reference
from tests.conftest import FIXTURES, hostrt_cmd

MODULES = FIXTURES / "modules"
K8S_VERSION = "1.33.0"  # a schema set kubernetes-validate ships


def _validate_all(docs: list[dict[str, Any]]) -> None:
    for doc in docs:
        try:
            kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:  # pragma: no cover - the failure
            pytest.fail(f"{doc['kind']} {doc['metadata'].get('name')}: {exc}")


def _docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def _build(module: Path, out: Path, *extra: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*hostrt_cmd(), "build", str(module), "-o", str(out), *extra],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          cwd=cwd)


def _copy_module(name: str, dest: Path, node_modules: Path | None = None) -> Path:
    target = dest / name
    shutil.copytree(MODULES / name, target)
    if node_modules is not None:
        (target / "node_modules").symlink_to(node_modules, target_is_directory=True)
        shutil.copy(MODULES / "hello-pepr" / "tsconfig.json", target / "tsconfig.json")
    return target


@pytest.fixture(scope="module")
def watch_tour_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    got = _build(MODULES / "watch-tour", out, cwd=out)
    assert got.returncode == 0, got.stderr
    assert "Traceback" not in got.stderr
    return out


def test_build_writes_valid_manifests(watch_tour_build: Path) -> None:
    out = watch_tour_build
    cfg = json.loads((MODULES / "watch-tour" / "package.json").read_text())["pepr"]
    uuid = cfg["uuid"]
    manifest = out / f"hostrt-module-{uuid}.yaml"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["Dockerfile", manifest.name, f"pepr-{uuid}.js"])
    docs = _docs(manifest)
    _validate_all(docs)
    kinds = [d["kind"] for d in docs]
    # Namespace and CRD first (they must exist before what lives in them), webhooks last.
    assert kinds[:2] == ["Namespace", "CustomResourceDefinition"]
    assert kinds[-1].endswith("WebhookConfiguration")
    for kind in ("ClusterRole", "ClusterRoleBinding", "ServiceAccount", "Role", "RoleBinding",
                 "Deployment", "Service"):
        assert kind in kinds
    by_name = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    name = f"pepr-{uuid}"
    crd = by_name[("CustomResourceDefinition", "peprstores.pepr.dev")]
    assert crd["spec"]["scope"] == "Namespaced"
    assert crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["data"] == {
        "type": "object", "additionalProperties": {"type": "string"}}

    # The module Secret holds the bundle written beside the manifests, gzipped, named by hash.
    bundle = (out / f"pepr-{uuid}.js").read_bytes()
    digest = hashlib.sha256(bundle).hexdigest()
    module_secret = by_name[("Secret", f"{name}-module")]
    assert list(module_secret["data"]) == [f"module-{digest}.js.gz"]
    assert gzip.decompress(base64.b64decode(module_secret["data"][f"module-{digest}.js.gz"])) == bundle

    # The API path: 64 hex chars, in the Secret and in the webhook's path.
    api_path = base64.b64decode(by_name[("Secret", f"{name}-api-path")]["data"]["value"]).decode()
    assert len(api_path) == 64 and int(api_path, 16) >= 0
    hook = by_name[("MutatingWebhookConfiguration", name)]["webhooks"][0]
    assert hook["clientConfig"]["service"] == {"name": name, "namespace": "pepr-system",
                                               "path": f"/mutate/{api_path}"}

    # TLS: the serving certificate is signed by the caBundle's CA and names the Service.
    tls = by_name[("Secret", f"{name}-tls")]
    assert tls["type"] == "kubernetes.io/tls"
    cert = x509.load_pem_x509_certificate(base64.b64decode(tls["data"]["tls.crt"]))
    ca = x509.load_pem_x509_certificate(base64.b64decode(hook["clientConfig"]["caBundle"]))
    cert.verify_directly_issued_by(ca)
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert f"{name}.pepr-system.svc" in sans.get_values_for_type(x509.DNSName)

    # One leased Deployment: hostrt serve on the module file, probes, Lease arguments.
    deploy = by_name[("Deployment", name)]
    pod = deploy["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert deploy["spec"]["replicas"] == 2
    assert container["command"][:3] == ["hostrt", "serve", f"/app/load/module-{digest}.js.gz"]
    assert "--lease" in container["command"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    assert {"/etc/certs", "/app/api-path", "/app/load"} <= mounts
    role = by_name[("Role", f"{name}-store")]
    lease_rules = [r for r in role["rules"] if r["apiGroups"] == ["coordination.k8s.io"]]
    assert lease_rules and {"get", "create", "update"} <= set(lease_rules[0]["verbs"])
    assert "FROM python" in (out / "Dockerfile").read_text()


def test_deployed_module_serves_from_its_secret(watch_tour_build: Path, tmp_path: Path) -> None:
    """What the pod mounts (module-<sha256>.js.gz) is a module `hostrt run` loads; a Secret
    whose content does not match its name is refused."""
    docs = _docs(next(watch_tour_build.glob("hostrt-module-*.yaml")))
    secret = next(d for d in docs if d["metadata"]["name"].endswith("-module"))
    (fname, data), = secret["data"].items()
    packed = tmp_path / fname
    packed.write_bytes(base64.b64decode(data))
    got = subprocess.run([*hostrt_cmd(), "run", str(packed), "--info"], capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert got.returncode == 0, got.stderr
    info = json.loads(got.stdout.splitlines()[-1])["info"]
    assert [c["name"] for c in info["capabilities"]] == ["watch-tour", "watch-scoped"]
    swapped = tmp_path / ("module-" + "0" * 64 + ".js.gz")
    swapped.write_bytes(packed.read_bytes())
    bad = subprocess.run([*hostrt_cmd(), "run", str(swapped), "--info"], capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert bad.returncode == 1
    assert "sha256" in bad.stderr and "Traceback" not in bad.stderr


def test_split_layout_and_scoped_rbac(tmp_path: Path) -> None:
    got = _build(MODULES / "watch-tour", tmp_path, "--split", "--rbac-mode", "scoped")
    assert got.returncode == 0, got.stderr
    docs = _docs(next(tmp_path.glob("hostrt-module-*.yaml")))
    _validate_all(docs)
    deploys = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Deployment"}
    watcher = next(d for n, d in deploys.items() if n.endswith("-watcher"))
    assert watcher["spec"]["replicas"] == 1
    assert watcher["spec"]["strategy"] == {"type": "Recreate"}
    env = {e["name"]: e.get("value") for e in watcher["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["PEPR_WATCH_MODE"] == "true"
    assert all("--lease" not in d["spec"]["template"]["spec"]["containers"][0]["command"]
               for d in deploys.values())
    role = next(d for d in docs if d["kind"] == "ClusterRole")
    assert {"apiGroups": ["*"], "resources": ["*"]} not in [
        {k: r[k] for k in ("apiGroups", "resources")} for r in role["rules"]]
    assert {"apiGroups": ["pepr.dev"], "resources": ["peprstores"],
            "verbs": ["create", "get", "patch", "watch"]} in role["rules"]


def test_unexpressible_binding_is_named(tmp_path: Path) -> None:
    module = tmp_path / "pepr.js"
    module.write_text(
        'const { PeprModule, Capability, a, RegisterKind } = require("pepr");\n'
        "class Widget extends a.GenericKind {}\n"
        'RegisterKind(Widget, { group: "example.com", version: "v1", kind: "Widget", '
        'plural: "Widgets" });\n'
        'const c = new Capability({ name: "widgets", description: "" });\n'
        "c.When(a.ConfigMap).IsCreated().Mutate(() => {});\n"
        "c.When(Widget).IsCreated().Validate(r => r.Approve());\n"
        'new PeprModule({ description: "x", pepr: { uuid: "bad-binding", onError: "ignore" } }, [c]);\n')
    got = _build(module, tmp_path / "out")
    assert got.returncode == 1
    assert "Traceback" not in got.stderr
    assert 'capability "widgets", binding #2 (When(Widget) CREATE → Validate)' in got.stderr
    assert "'Widgets' is not a valid resource name" in got.stderr
    assert not (tmp_path / "out").exists()


def test_not_a_module_is_a_clear_error(tmp_path: Path) -> None:
    script = tmp_path / "plain.js"
    script.write_text("console.log('hi')\n")
    got = _build(script, tmp_path / "out")
    assert got.returncode == 1
    assert "no PeprModule was created" in got.stderr and "Traceback" not in got.stderr
    got = _build(tmp_path / "missing", tmp_path / "out")
    assert got.returncode == 1 and "no such file or directory" in got.stderr


def _binding(**over: Any) -> dict[str, Any]:
    b = {"model": "V1Pod", "kind": {"group": "", "version": "v1", "kind": "Pod", "plural": "pods"},
         "event": "CREATEORUPDATE", "isMutate": True, "isValidate": False}
    b.update(over)
    return b


def test_rules_as_pepr_makes_them() -> None:
    assert binding_rule("c", 0, _binding()) == {
        "apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"],
        "resources": ["pods", "pods/ephemeralcontainers"]}
    rule = binding_rule("c", 0, _binding(event="*", kind={"group": "apps", "version": "",
                                                          "kind": "Deployment"}))
    assert rule == {"apiGroups": ["apps"], "apiVersions": ["*"], "operations": ["*"],
                    "resources": ["deployments"]}
    caps = [{"name": "c", "bindings": [_binding(), _binding(), _binding(isMutate=False,
                                                                        isValidate=True)]}]
    assert len(webhook_rules(caps, "mutate")) == 1  # duplicates collapse
    assert len(webhook_rules(caps, "validate")) == 1
    with pytest.raises(BindingError, match=r'capability "c", binding #1 .*event \'CONNECTED\''):
        binding_rule("c", 0, _binding(event="CONNECTED"))
    with pytest.raises(BindingError, match="no Kubernetes kind"):
        binding_rule("c", 0, _binding(kind={"group": "", "version": "v1"}))
    with pytest.raises(BindingError, match="API group 'Bad_Group'"):
        binding_rule("c", 0, _binding(kind={"group": "Bad_Group", "version": "v1", "kind": "X"}))


def test_big_module_is_refused() -> None:
    tls = generate_tls(["x.pepr-system.svc"])
    code = random.Random(1).randbytes(900_000)  # incompressible: > 1 MiB once in base64
    plan = BuildPlan(uuid="big", config={}, description="", capabilities=[], module_code=code,
                     tls=tls, api_path="0" * 64, image="img")
    with pytest.raises(HostError, match="too big for its Secret"):
        all_objects(plan)


# --- against `npx pepr build` -------------------------------------------------------------

def _webhook_view(docs: list[dict[str, Any]]) -> dict[str, Any]:
    out = {}
    for d in docs:
        if d["kind"].endswith("WebhookConfiguration"):
            out[d["kind"]] = [{k: w[k] for k in ("name", "rules", "failurePolicy", "timeoutSeconds",
                                                 "namespaceSelector", "matchPolicy", "sideEffects",
                                                 "admissionReviewVersions")}
                              for w in d["webhooks"]]
    return out


def _env(deploy: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value") for e in deploy["spec"]["template"]["spec"]["containers"][0]["env"]}


def _pepr_build(project: Path, *extra: str) -> list[dict[str, Any]]:
    got = subprocess.run(["npx", "--no-install", "pepr", "build", "-o", "dist", *extra],
                         cwd=project, capture_output=True, text=True, timeout=300,
                         stdin=subprocess.DEVNULL)
    found = list((project / "dist").glob("pepr-module-*.yaml"))
    assert got.returncode == 0 and found, (f"npx pepr build failed:\n{got.stdout[-2000:]}\n"
                                           f"{got.stderr[-2000:]}")
    return _docs(found[0])


@pytest.mark.node
@pytest.mark.timeout(600)  # npx pepr build runs tsc and eslint: minutes on a loaded 2-core machine
@pytest.mark.parametrize(("module", "options"), [
    ("hello-pepr", []),
    # ~1 min more (npx pepr build runs tsc and eslint): the scoped ClusterRole rules.
    pytest.param("watch-tour", ["--rbac-mode", "scoped"], marks=pytest.mark.slow)])
def test_same_as_npx_pepr_build(module: str, options: list[str], tmp_path: Path) -> None:
    """Same resource kinds (hostrt adds the PeprStore CRD), identical webhooks (rules, failure
    policy, timeout, namespace selector), and with --rbac-mode scoped the same ClusterRole rules."""
    if shutil.which("npx") is None:
        pytest.skip("npx (Node.js 20) is not on PATH")
    try:
        node_modules = pepr_reference(PEPR_VERSION)
    except HostError as exc:
        pytest.fail(str(exc))
    project = _copy_module(module, tmp_path, node_modules)
    ref = _pepr_build(project, *options)
    ours_split = tmp_path / "split"
    got = _build(project, ours_split, "--split", *options)
    assert got.returncode == 0, got.stderr
    ours = _docs(next(ours_split.glob("hostrt-module-*.yaml")))
    _validate_all(ours)
    assert sorted(d["kind"] for d in ours) == sorted([*(d["kind"] for d in ref),
                                                       "CustomResourceDefinition"])
    assert _webhook_view(ours) == _webhook_view(ref)
    assert _webhook_view(ours), "the module binds admission: there must be webhooks"
    role = next(d for d in ours if d["kind"] == "ClusterRole")["rules"]
    ref_role = next(d for d in ref if d["kind"] == "ClusterRole")["rules"]
    assert role == ref_role
    for d in ours:
        if d["kind"] == "Deployment":
            r = next(x for x in ref if x["kind"] == "Deployment"
                     and x["metadata"]["name"] == d["metadata"]["name"])
            assert d["spec"]["replicas"] == r["spec"]["replicas"]
            env, ref_env = (_env(x) for x in (d, r))
            assert {k: env[k] for k in ref_env} == ref_env
    # The default (leased) layout: the same kinds, one Deployment and one Service.
    leased = tmp_path / "leased"
    got = _build(project, leased, *options)
    assert got.returncode == 0, got.stderr
    docs = _docs(next(leased.glob("hostrt-module-*.yaml")))
    assert {d["kind"] for d in docs} == {d["kind"] for d in ours}
    assert _webhook_view(docs) == _webhook_view(ref)


if __name__ == "__main__":  # pragma: no cover - manual use
    sys.exit(pytest.main([__file__, "-q"]))
