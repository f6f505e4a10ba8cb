"""Admission webhook configurations from a module's bindings, as `npx pepr build` makes them.

One MutatingWebhookConfiguration (bindings with `.Mutate`) and one
ValidatingWebhookConfiguration (`.Validate`), each with a single webhook:
  - one rule per distinct (group, version, operations, resources) of those bindings, in binding
    order: `CREATEORUPDATE` is CREATE + UPDATE, `*` stays `*`, an empty version is `*`, and pods
    also bring `pods/ephemeralcontainers`;
  - failurePolicy `Fail` for `onError: reject`, else `Ignore`;
  - timeoutSeconds from `webhookTimeout` (the build's `--timeout` wins; default 10);
  - a namespaceSelector that keeps kube-system, pepr-system and the module's `alwaysIgnore`
    namespaces (plus PEPR_ADDITIONAL_IGNORED_NAMESPACES, as Pepr reads it at build time) away.
A binding that no rule can express is an error naming it (`BindingError`).
"""

from __future__ import annotations

import os
import re
from typing import Any

from hostrt.errors import HostError

PEPR_IGNORED_NAMESPACES = ("kube-system", "pepr-system")
EVENTS = {"CREATE": ["CREATE"], "UPDATE": ["UPDATE"], "DELETE": ["DELETE"],
          "CREATEORUPDATE": ["CREATE", "UPDATE"], "*": ["*"]}
_DNS_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_GROUP = re.compile(rf"{_DNS_LABEL}(\.{_DNS_LABEL})*")
_RESOURCE = re.compile(_DNS_LABEL)
_VERSION = re.compile(r"[a-z0-9]+")
MIN_TIMEOUT, MAX_TIMEOUT = 1, 30  # the API server's bounds for timeoutSeconds


class BindingError(HostError):
    """A binding (or module setting) that cannot become a webhook rule."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="ERR_HOSTRT_BAD_BINDING")


def describe_binding(capability: str, index: int, binding: dict[str, Any]) -> str:
    """How an error names a binding: capability, position and what it binds."""
    kind = binding.get("kind") if isinstance(binding.get("kind"), dict) else {}
    what = binding.get("model") or kind.get("kind") or "?"
    actions = [name for flag, name in (("isMutate", "Mutate"), ("isValidate", "Validate"),
                                       ("isWatch", "Watch"), ("isQueue", "Reconcile"),
                                       ("isFinalize", "Finalize")) if binding.get(flag)]
    return (f'capability "{capability}", binding #{index + 1} '
            f'(When({what}) {binding.get("event")!s} → {"/".join(actions) or "no action"})')


def binding_rule(capability: str, index: int, binding: dict[str, Any]) -> dict[str, Any]:
    """The webhook rule for one admission binding, or a BindingError saying why there is none."""
    where = describe_binding(capability, index, binding)
    kind = binding.get("kind")
    if not isinstance(kind, dict) or not isinstance(kind.get("kind"), str) or not kind["kind"]:
        raise BindingError(f"{where}: the binding has no Kubernetes kind (use a model from `a`, "
                           "or RegisterKind for a custom resource)")
    event = binding.get("event")
    if event not in EVENTS:
        raise BindingError(f"{where}: event {event!r} is not an admission operation (expected "
                           f"one of {', '.join(EVENTS)})")
    group = kind.get("group", "")
    if not isinstance(group, str) or (group not in ("", "*") and not _GROUP.fullmatch(group)):
        raise BindingError(f"{where}: API group {group!r} is not a valid group name (a DNS "
                           "subdomain, \"\" for the core group)")
    version = kind.get("version") or "*"
    if not isinstance(version, str) or (version != "*" and not _VERSION.fullmatch(version)):
        raise BindingError(f"{where}: API version {version!r} is not a valid version name")
    plural = kind.get("plural") or f"{kind['kind'].lower()}s"
    if not isinstance(plural, str) or not _RESOURCE.fullmatch(plural):
        raise BindingError(f"{where}: resource {plural!r} is not a valid resource name "
                           "(lower-case letters, digits and '-'); give RegisterKind a `plural`")
    resources = [plural, *(["pods/ephemeralcontainers"] if plural == "pods" else [])]
    return {"apiGroups": [group], "apiVersions": [version], "operations": list(EVENTS[event]),
            "resources": resources}


def webhook_rules(capabilities: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """Distinct rules of the `kind` ("mutate" | "validate") bindings, in binding order."""
    flag = "isMutate" if kind == "mutate" else "isValidate"
    rules: list[dict[str, Any]] = []
    for cap in capabilities:
        for i, binding in enumerate(cap.get("bindings") or []):
            if binding.get(flag):
                rule = binding_rule(str(cap.get("name")), i, binding)
                if rule not in rules:
                    rules.append(rule)
    return rules


def check_bindings(capabilities: list[dict[str, Any]]) -> None:
    """Every admission binding must make a rule (raises BindingError for the first that can't)."""
    for kind in ("mutate", "validate"):
        webhook_rules(capabilities, kind)


def ignored_namespaces(config: dict[str, Any], environ: dict[str, str] | None = None) -> list[str]:
    """The module's admission `alwaysIgnore` namespaces (top-level, else `admission.`), plus
    PEPR_ADDITIONAL_IGNORED_NAMESPACES: what Pepr's getIgnoreNamespaces gives."""
    def names(section: Any) -> list[str]:
        ns = section.get("alwaysIgnore", {}).get("namespaces") if isinstance(section, dict) else None
        return [str(n) for n in ns] if isinstance(ns, list) else []
    found = names(config) or names(config.get("admission"))
    extra = (environ if environ is not None else os.environ).get("PEPR_ADDITIONAL_IGNORED_NAMESPACES")
    if not extra:
        return found
    return [n for n in [*(s.strip() for s in extra.split(",")), *found] if n]


def webhook_timeout(config: dict[str, Any], override: int | None = None) -> int:
    """timeoutSeconds: `override` (--timeout), else `webhookTimeout`, else 10; 1..30."""
    value = override if override is not None else config.get("webhookTimeout", 10)
    if value is None:
        value = 10
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_TIMEOUT <= value <= MAX_TIMEOUT:
        raise BindingError(f"pepr.webhookTimeout: expected a whole number of seconds from "
                           f"{MIN_TIMEOUT} to {MAX_TIMEOUT}, got {value!r}")
    return value


def webhook_configuration(kind: str, *, name: str, capabilities: list[dict[str, Any]],
                          config: dict[str, Any], api_path: str, ca_bundle: str,
                          timeout: int, environ: dict[str, str] | None = None
                          ) -> dict[str, Any] | None:
    """The Mutating/ValidatingWebhookConfiguration for `kind`, or None when no binding needs it."""
    rules = webhook_rules(capabilities, kind)
    if not rules:
        return None
    ignore = [*PEPR_IGNORED_NAMESPACES, *ignored_namespaces(config, environ)]
    client = {"caBundle": ca_bundle,
              "service": {"name": name, "namespace": "pepr-system", "path": f"/{kind}/{api_path}"}}
    on_error = config.get("onError")
    webhook: dict[str, Any] = {
        "name": f"{name}.pepr.dev",
        "admissionReviewVersions": ["v1", "v1beta1"],
        "clientConfig": client,
        "failurePolicy": "Fail" if on_error == "reject" else "Ignore",
        "matchPolicy": "Equivalent",
        "timeoutSeconds": timeout,
        "namespaceSelector": {"matchExpressions": [
            {"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ignore}]},
        "rules": rules,
        "sideEffects": "None",
    }
    webhooks = [webhook, *_additional_webhooks(webhook, config.get("additionalWebhooks"))]
    return {"apiVersion": "admissionregistration.k8s.io/v1",
            "kind": ("MutatingWebhookConfiguration" if kind == "mutate"
                     else "ValidatingWebhookConfiguration"),
            "metadata": {"name": name}, "webhooks": webhooks}


def _additional_webhooks(first: dict[str, Any], extra: Any) -> list[dict[str, Any]]:
    """Pepr's `additionalWebhooks`: one more webhook per namespace, with its own failurePolicy;
    the main webhook then ignores those namespaces."""
    if not extra:
        return []
    if not isinstance(extra, list):
        raise BindingError("pepr.additionalWebhooks: expected a list of {namespace, failurePolicy}")
    out = []
    for i, item in enumerate(extra):
        ns = item.get("namespace") if isinstance(item, dict) else None
        policy = item.get("failurePolicy") if isinstance(item, dict) else None
        if not isinstance(ns, str) or not ns:
            raise BindingError(f"pepr.additionalWebhooks[{i}].namespace: expected a namespace name")
        if policy not in ("Fail", "Ignore"):
            raise BindingError(f"pepr.additionalWebhooks[{i}].failurePolicy: expected Fail or "
                               f"Ignore, got {policy!r}")
        first["namespaceSelector"]["matchExpressions"][0]["values"].append(ns)
        out.append({**first, "name": f"{first['name'][:-len('.pepr.dev')]}-{ns}.pepr.dev",
                    "failurePolicy": policy,
                    "namespaceSelector": {"matchExpressions": [
                        {"key": "kubernetes.io/metadata.name", "operator": "In", "values": [ns]}]}})
    return out
