"""Every Kubernetes object `hostrt build` writes, as plain dicts.

The set is what `npx pepr build` deploys (namespace, RBAC, Secrets, Deployments, Services,
webhook configurations), for a controller that runs `hostrt serve` instead of Pepr's Node
controller, plus what hostrt adds: the PeprStore CRD (Pepr's controller creates it at run time
and needs cluster-wide rights for that), Lease permissions, and a readiness probe on /readyz.

Two layouts:
  - default: one Deployment (`replicas`, 2) whose pods all answer admission and elect one
    watcher among themselves with a coordination.k8s.io Lease (`<name>-watcher` in
    pepr-system); one Service.
  - split (`--split`): Pepr's layout: an admission Deployment (2 replicas) and a watcher
    Deployment (1 replica, Recreate), each with its Service; no Lease needed.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
from dataclasses import dataclass, field
from typing import Any

from hostrt.build.tls import TLSMaterial
from hostrt.build.webhooks import webhook_configuration

NAMESPACE = "pepr-system"
PORT = 3000
SECRET_LIMIT = 1024 * 1024  # Pepr's limit for the base64 of the gzipped module
STORE_GROUP, STORE_VERSION, STORE_KIND, STORE_PLURAL = "pepr.dev", "v1", "PeprStore", "peprstores"
ADMIN_VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"]
LEASE_VERBS = ["create", "get", "list", "patch", "update", "watch"]


@dataclass
class BuildPlan:
    """Everything the manifests depend on."""

    uuid: str
    config: dict[str, Any]               # package.json's `pepr` section
    description: str
    capabilities: list[dict[str, Any]]   # pepr.info's capabilities
    module_code: bytes                   # the module bundle the controller loads
    tls: TLSMaterial
    api_path: str                        # 64 hex chars, as Pepr
    image: str
    rbac_mode: str = "admin"             # admin | scoped
    split: bool = False
    replicas: int = 2
    timeout: int = 10
    lease_seconds: int = 15
    build_timestamp: str = "0"
    image_pull_secret: str | None = None
    environ: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """`pepr-<uuid>`: the name of most objects, as in Pepr."""
        return f"pepr-{self.uuid}"

    @property
    def module_hash(self) -> str:
        """sha256 of the module bundle (names the file in the module Secret)."""
        return hashlib.sha256(self.module_code).hexdigest()

    @property
    def module_file(self) -> str:
        """The module's file name in the Secret (and under /app/load in the pod)."""
        return f"module-{self.module_hash}.js.gz"


def has_admission(capabilities: list[dict[str, Any]]) -> bool:
    """Some binding needs the webhook (Mutate, Validate or Finalize), as Pepr's isAdmission."""
    return any(b.get("isMutate") or b.get("isValidate") or b.get("isFinalize")
               for c in capabilities for b in c.get("bindings") or [])


def has_watch(capabilities: list[dict[str, Any]]) -> bool:
    """Some binding or schedule needs the watcher, as Pepr's isWatcher."""
    return any(c.get("hasSchedule") or any(b.get("isWatch") or b.get("isQueue") or b.get("isFinalize")
                                           for b in c.get("bindings") or [])
               for c in capabilities)


def namespace(plan: BuildPlan) -> dict[str, Any]:
    """pepr-system, with the module's `customLabels.namespace`."""
    meta: dict[str, Any] = {"name": NAMESPACE}
    labels = (plan.config.get("customLabels") or {}).get("namespace")
    if isinstance(labels, dict):
        meta["labels"] = {str(k): str(v) for k, v in labels.items()}
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": meta}


def store_crd() -> dict[str, Any]:
    """The PeprStore CRD, the same schema as Pepr's (a namespaced `data: map[string]string`)."""
    singular = STORE_KIND.lower()
    return {
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{STORE_PLURAL}.{STORE_GROUP}"},
        "spec": {"group": STORE_GROUP, "scope": "Namespaced",
                 "names": {"plural": STORE_PLURAL, "singular": singular, "kind": STORE_KIND},
                 "versions": [{"name": STORE_VERSION, "served": True, "storage": True,
                               "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                                   "data": {"type": "object",
                                            "additionalProperties": {"type": "string"}}}}}}]},
    }


def _scoped_rules(plan: BuildPlan) -> list[dict[str, Any]]:
    # Pepr's createRBACMap: the store and its CRD, `watch` on watched kinds, `patch` on
    # finalized kinds; then the module's own `rbac` rules merged in, verbs de-duplicated.
    rbac: dict[str, dict[str, Any]] = {}
    for cap in plan.capabilities:
        for b in cap.get("bindings") or []:
            rbac[f"{STORE_GROUP}/{STORE_VERSION}/peprstore"] = {
                "verbs": ["create", "get", "patch", "watch"], "plural": STORE_PLURAL}
            rbac["apiextensions.k8s.io/v1/customresourcedefinition"] = {
                "verbs": ["patch", "create"], "plural": "customresourcedefinitions"}
            kind = b.get("kind") or {}
            key = f"{kind.get('group', '')}/{kind.get('version', '')}/{kind.get('kind', '')}"
            plural = kind.get("plural") or f"{str(kind.get('kind', '')).lower()}s"
            if key not in rbac and b.get("isWatch"):
                rbac[key] = {"verbs": ["watch"], "plural": plural}
            if b.get("isFinalize"):
                rbac[key] = {"verbs": ["patch"], "plural": plural}
    rules = [r for r in plan.config.get("rbac") or [] if isinstance(r, dict)]
    for key, entry in rbac.items():
        parts = key.split("/")
        rules.append({"apiGroups": [parts[0] if len(parts) >= 3 else ""],
                      "resources": [entry["plural"]], "verbs": entry["verbs"]})
    merged: dict[str, dict[str, Any]] = {}
    for rule in rules:
        key = f"{rule.get('apiGroups')}/{rule.get('resources')}"
        if key in merged:
            merged[key]["verbs"] = list(dict.fromkeys([*merged[key]["verbs"], *rule.get("verbs", [])]))
        else:
            merged[key] = {**rule, "verbs": list(rule.get("verbs") or [])}
    return list(merged.values())


def cluster_role(plan: BuildPlan) -> dict[str, Any]:
    """admin: everything, as Pepr; scoped: only what the bindings use (plus `pepr.rbac`)."""
    rules = (_scoped_rules(plan) if plan.rbac_mode == "scoped"
             else [{"apiGroups": ["*"], "resources": ["*"], "verbs": ADMIN_VERBS}])
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": {"name": plan.name}, "rules": rules}


def _binding(kind: str, name: str, role_kind: str, plan: BuildPlan,
             ns: str | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, **({"namespace": ns} if ns else {})}
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": kind, "metadata": meta,
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": name},
            "subjects": [{"kind": "ServiceAccount", "name": plan.name, "namespace": NAMESPACE}]}


def store_role(plan: BuildPlan) -> dict[str, Any]:
    """The Store and the Lease in pepr-system. (Pepr's store Role names the resource "", which
    matches nothing; this one grants what the Store and the Lease use.)"""
    return {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": {"name": f"{plan.name}-store", "namespace": NAMESPACE},
            "rules": [{"apiGroups": [STORE_GROUP], "resources": [STORE_PLURAL],
                       "verbs": ["create", "get", "list", "patch", "watch"]},
                      {"apiGroups": ["coordination.k8s.io"], "resources": ["leases"],
                       "verbs": LEASE_VERBS}]}


def _secret(name: str, data: dict[str, str], kind: str = "Opaque") -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Secret",
            "metadata": {"name": name, "namespace": NAMESPACE}, "type": kind, "data": data}


def module_secret(plan: BuildPlan) -> dict[str, Any]:
    """The module bundle, gzipped, as Pepr's `<name>-module` Secret."""
    # mtime=0: the same module gives the same Secret.
    packed = base64.b64encode(gzip.compress(plan.module_code, mtime=0)).decode()
    if len(packed) > SECRET_LIMIT:
        from hostrt.errors import HostError
        raise HostError(f"the module is too big for its Secret: {len(packed)} bytes of gzip+base64 "
                        f"(Kubernetes and Pepr allow {SECRET_LIMIT})", code="ERR_HOSTRT_BUILD")
    return _secret(f"{plan.name}-module", {plan.module_file: packed})


def serve_args(plan: BuildPlan, role: str) -> list[str]:
    """The container's command line: `hostrt serve` on the mounted module.

    role: "all" (admission in every replica, the watcher elected by the Lease), "admission" or
    "watcher" (the split layout). The TLS files come from SSL_CERT_PATH / SSL_KEY_PATH and the
    API path from the mounted /app/api-path/value, as for Pepr's controller.
    """
    args = ["hostrt", "serve", f"/app/load/{plan.module_file}", "--port", str(PORT),
            "--role", role, "--store", "cluster"]
    if role == "all":
        args += ["--lease", f"{plan.name}-watcher", "--lease-namespace", NAMESPACE,
                 "--lease-duration", str(plan.lease_seconds)]
    return args


def _env(plan: BuildPlan, role: str) -> list[dict[str, Any]]:
    # Pepr's genEnv: PEPR_WATCH_MODE, PEPR_PRETTY_LOG, LOG_LEVEL, then `pepr.env`.
    log_level = plan.environ.get("LOG_LEVEL") or plan.config.get("logLevel") or "info"
    env: dict[str, str] = {"PEPR_WATCH_MODE": "true" if role == "watcher" else "false",
                           "PEPR_PRETTY_LOG": "false", "LOG_LEVEL": str(log_level)}
    extra = plan.config.get("env")
    if isinstance(extra, dict):
        env.update({str(k): str(v) for k, v in extra.items() if k != "PEPR_WATCH_MODE"})
    out: list[dict[str, Any]] = [{"name": k, "value": v} for k, v in env.items()]
    out += [{"name": "SSL_KEY_PATH", "value": "/etc/certs/tls.key"},
            {"name": "SSL_CERT_PATH", "value": "/etc/certs/tls.crt"},
            # The Lease holder's identity: the pod's name.
            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}]
    return out


def _probe(path: str) -> dict[str, Any]:
    return {"httpGet": {"path": path, "port": PORT, "scheme": "HTTPS"},
            "initialDelaySeconds": 10, "periodSeconds": 10}


def deployment(plan: BuildPlan, role: str) -> dict[str, Any]:
    """The controller Deployment for `role` ("all", "admission" or "watcher")."""
    app = f"{plan.name}-watcher" if role == "watcher" else plan.name
    controller = {"all": "admission", "admission": "admission", "watcher": "watcher"}[role]
    labels = {"app": app, "pepr.dev/controller": controller}
    volumes: list[dict[str, Any]] = [{"name": "tls-certs", "secret": {"secretName": f"{plan.name}-tls"}}]
    mounts: list[dict[str, Any]] = [{"name": "tls-certs", "mountPath": "/etc/certs", "readOnly": True}]
    if role != "watcher":
        volumes.append({"name": "api-path", "secret": {"secretName": f"{plan.name}-api-path"}})
        mounts.append({"name": "api-path", "mountPath": "/app/api-path", "readOnly": True})
    volumes.append({"name": "module", "secret": {"secretName": f"{plan.name}-module"}})
    mounts.append({"name": "module", "mountPath": "/app/load", "readOnly": True})
    volumes.append({"name": "tmp", "emptyDir": {}})  # the unpacked module and esbuild's scratch
    mounts.append({"name": "tmp", "mountPath": "/tmp"})
    user = 65532
    container = {
        "name": "watcher" if role == "watcher" else "server",
        "image": plan.image, "imagePullPolicy": "IfNotPresent",
        "command": serve_args(plan, role),
        "ports": [{"containerPort": PORT, "name": "https"}],
        "livenessProbe": _probe("/healthz"),
        "readinessProbe": _probe("/readyz"),
        "resources": {"requests": {"memory": "256Mi", "cpu": "200m"},
                      "limits": {"memory": "512Mi", "cpu": "500m"}},
        "env": _env(plan, role),
        "securityContext": {"runAsUser": user, "runAsGroup": user, "runAsNonRoot": True,
                            "allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}},
        "volumeMounts": mounts,
    }
    pod: dict[str, Any] = {
        "terminationGracePeriodSeconds": 5,
        "serviceAccountName": plan.name,
        "securityContext": {"runAsUser": user, "runAsGroup": user, "runAsNonRoot": True,
                            "fsGroup": user},
        "containers": [container], "volumes": volumes,
    }
    if role != "watcher":
        pod["priorityClassName"] = "system-node-critical"
    if plan.image_pull_secret:
        pod["imagePullSecrets"] = [{"name": plan.image_pull_secret}]
    spec: dict[str, Any] = {
        "replicas": 1 if role == "watcher" else plan.replicas,
        "selector": {"matchLabels": dict(labels)},
        "template": {"metadata": {"annotations": {"buildTimestamp": plan.build_timestamp},
                                  "labels": dict(labels)},
                     "spec": pod},
    }
    if role == "watcher":
        spec["strategy"] = {"type": "Recreate"}
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": app, "namespace": NAMESPACE,
                         "annotations": {"pepr.dev/description": plan.description},
                         "labels": {**labels, "pepr.dev/uuid": plan.uuid}},
            "spec": spec}


def service(plan: BuildPlan, role: str) -> dict[str, Any]:
    """443 → 3000 for the admission pods (or the watcher's, for its metrics)."""
    watcher = role == "watcher"
    name = f"{plan.name}-watcher" if watcher else plan.name
    controller = "watcher" if watcher else "admission"
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": NAMESPACE,
                         "labels": {"pepr.dev/controller": controller}},
            "spec": {"selector": {"app": name, "pepr.dev/controller": controller},
                     "ports": [{"port": 443, "targetPort": PORT}]}}


def all_objects(plan: BuildPlan) -> list[dict[str, Any]]:
    """Every object, in apply order (namespace and CRD first, webhooks last: the webhooks must
    not send requests before their Service has pods)."""
    admission = has_admission(plan.capabilities) or not has_watch(plan.capabilities)
    watch = has_watch(plan.capabilities)
    objs: list[dict[str, Any]] = [
        namespace(plan), store_crd(), cluster_role(plan),
        _binding("ClusterRoleBinding", plan.name, "ClusterRole", plan),
        {"apiVersion": "v1", "kind": "ServiceAccount",
         "metadata": {"name": plan.name, "namespace": NAMESPACE}},
        _secret(f"{plan.name}-api-path",
                {"value": base64.b64encode(plan.api_path.encode()).decode()}),
        _secret(f"{plan.name}-tls", {"tls.crt": TLSMaterial.b64(plan.tls.cert_pem),
                                     "tls.key": TLSMaterial.b64(plan.tls.key_pem)},
                "kubernetes.io/tls"),
        module_secret(plan), store_role(plan),
        _binding("RoleBinding", f"{plan.name}-store", "Role", plan, NAMESPACE),
    ]
    if plan.split:
        if watch:
            objs += [deployment(plan, "watcher")]
        if admission:
            objs += [deployment(plan, "admission"), service(plan, "admission")]
        if watch:
            objs += [service(plan, "watcher")]
    else:
        objs += [deployment(plan, "all"), service(plan, "all")]
    for kind in ("mutate", "validate"):
        hook = webhook_configuration(kind, name=plan.name, capabilities=plan.capabilities,
                                     config=plan.config, api_path=plan.api_path,
                                     ca_bundle=TLSMaterial.b64(plan.tls.ca_pem),
                                     timeout=plan.timeout, environ=plan.environ)
        if hook is not None:
            objs.append(hook)
    return objs
