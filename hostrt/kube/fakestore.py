"""The state behind the fake Kubernetes API: resources, objects, resourceVersions, watch history.

One increasing resourceVersion counter for everything (as etcd's revision): every write takes the
next value and appends an event to the history. A watch from resourceVersion R replays the
history after R, then follows live writes; when R is older than what the history still holds
(`compact()`, or more than `history` events ago) the watch gets 410 Gone, as from an apiserver
whose etcd has compacted. Lists are consistent snapshots: a `continue` token names the snapshot
its first page was cut from, and expires (410) once that snapshot is evicted.

Everything here runs on one thread (the server's event loop); `hostrt.kube.fakeapi` marshals
calls from other threads. API errors are `ApiStatus` exceptions carrying a Kubernetes Status.
"""

from __future__ import annotations

import base64
import copy
import itertools
import json
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from hostrt.kube import patches
from hostrt.kube.selectors import SelectorError, object_matcher

Obj = dict[str, Any]


class ApiStatus(Exception):
    """An API error answered as a `Status` object with an HTTP code."""

    def __init__(self, code: int, reason: str, message: str, *,
                 details: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.headers = headers or {}

    def status(self) -> Obj:
        """The Status body."""
        body: Obj = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                     "message": self.message, "reason": self.reason, "code": self.code}
        if self.details:
            body["details"] = self.details
        return body


@dataclass
class Resource:
    """One served resource: /api(s)/<group>/<version>/.../<plural>."""

    group: str
    version: str
    plural: str
    kind: str
    namespaced: bool
    singular: str = ""
    short_names: tuple[str, ...] = ()
    status_subresource: bool = False
    crd: str | None = None  # the CRD's name when a CRD defined it

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def key(self) -> tuple[str, str]:
        """Storage key: the same objects whatever version they are read at."""
        return (self.group, self.plural)

    def discovery(self) -> Obj:
        """The APIResource entry of this resource (and its status subresource)."""
        verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
        entry: Obj = {"name": self.plural, "singularName": self.singular or self.kind.lower(),
                      "namespaced": self.namespaced, "kind": self.kind, "verbs": verbs}
        if self.short_names:
            entry["shortNames"] = list(self.short_names)
        return entry


_CORE = [
    ("namespaces", "Namespace", False, ("ns",), True), ("pods", "Pod", True, ("po",), True),
    ("configmaps", "ConfigMap", True, ("cm",), False), ("secrets", "Secret", True, (), False),
    ("services", "Service", True, ("svc",), True),
    ("serviceaccounts", "ServiceAccount", True, ("sa",), False),
    ("events", "Event", True, ("ev",), False), ("nodes", "Node", False, ("no",), True),
    ("endpoints", "Endpoints", True, ("ep",), False),
    ("persistentvolumes", "PersistentVolume", False, ("pv",), True),
    ("persistentvolumeclaims", "PersistentVolumeClaim", True, ("pvc",), True),
]
_GROUPS = [
    ("apps", "v1", "deployments", "Deployment", True, True),
    ("apps", "v1", "statefulsets", "StatefulSet", True, True),
    ("apps", "v1", "daemonsets", "DaemonSet", True, True),
    ("apps", "v1", "replicasets", "ReplicaSet", True, True),
    ("batch", "v1", "jobs", "Job", True, True),
    ("coordination.k8s.io", "v1", "leases", "Lease", True, False),
    ("events.k8s.io", "v1", "events", "Event", True, False),
    ("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
     False, True),
    ("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations",
     "MutatingWebhookConfiguration", False, False),
    ("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations",
     "ValidatingWebhookConfiguration", False, False),
    ("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", False, False),
    ("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", False, False),
    ("rbac.authorization.k8s.io", "v1", "roles", "Role", True, False),
    ("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", True, False),
]
# Pepr's own CRD (the controller normally creates it); served from the start unless disabled.
PEPR_STORE = ("pepr.dev", "v1", "peprstores", "PeprStore", True, False)
DEFAULT_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease", "pepr-system")


def builtin_resources(*, pepr: bool = True) -> list[Resource]:
    """The resources the fake serves before any CRD is created."""
    out = [Resource("", "v1", p, k, ns, short_names=sn, status_subresource=st)
           for p, k, ns, sn, st in _CORE]
    rows = [*_GROUPS, PEPR_STORE] if pepr else _GROUPS
    out += [Resource(g, v, p, k, ns, status_subresource=st) for g, v, p, k, ns, st in rows]
    return out


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _not_found(res: Resource, name: str) -> ApiStatus:
    return ApiStatus(404, "NotFound", f'{res.plural}{"." + res.group if res.group else ""} '
                     f'"{name}" not found',
                     details={"name": name, "group": res.group, "kind": res.plural})


def _onto_subresource(res: Resource, old: Obj, new: Obj, subresource: str | None) -> Obj:
    """A write to /status changes only the status of the stored object; other subresources
    are not served by the fake."""
    if subresource == "status":
        merged = copy.deepcopy(old)
        merged["status"] = new.get("status")
        return merged
    if subresource:
        raise ApiStatus(404, "NotFound", f"the server could not find the requested resource "
                        f"({res.plural}/{subresource})")
    return new


def _conflict(res: Resource, name: str) -> ApiStatus:
    return ApiStatus(409, "Conflict", f'Operation cannot be fulfilled on {res.plural}'
                     f'{"." + res.group if res.group else ""} "{name}": the object has been '
                     "modified; please apply your changes to the latest version and try again",
                     details={"name": name, "group": res.group, "kind": res.plural})


def bad_request(message: str) -> ApiStatus:
    """400 BadRequest."""
    return ApiStatus(400, "BadRequest", message)


def invalid(res: Resource, name: str, message: str) -> ApiStatus:
    """422 Invalid."""
    return ApiStatus(422, "Invalid", f'{res.kind} "{name}" is invalid: {message}',
                     details={"name": name, "group": res.group, "kind": res.kind})


@dataclass
class Event:
    """One entry of the history: a write at resourceVersion `rv`."""

    rv: int
    key: tuple[str, str]
    type: str  # ADDED / MODIFIED / DELETED
    obj: Obj
    old: Obj | None = None


@dataclass
class Subscription:
    """A live watch: which objects it wants and where its events go."""

    res: Resource
    namespace: str | None
    match: Callable[[Obj], bool]
    deliver: Callable[[tuple[str, Any]], None]
    events_sent: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class FakeStore:
    """Objects by (group, plural) -> (namespace, name), one RV counter, a bounded history."""

    def __init__(self, *, history: int = 100_000, snapshots: int = 64, pepr: bool = True,
                 namespaces: Iterable[str] = DEFAULT_NAMESPACES) -> None:
        self.rv = 0
        self.compacted_rv = 0  # a watch from an RV below this is 410 Gone
        self.history: deque[Event] = deque()
        self.history_limit = history
        self.resources: dict[tuple[str, str, str], Resource] = {}
        self.objects: dict[tuple[str, str], dict[tuple[str, str], Obj]] = {}
        self.subscriptions: list[Subscription] = []
        self._snapshots: OrderedDict[str, tuple[int, list[Obj]]] = OrderedDict()
        self._snapshot_limit = snapshots
        self._snap_ids = itertools.count(1)
        for res in builtin_resources(pepr=pepr):
            self.register(res)
        ns_res = self.resource("", "v1", "namespaces")
        for name in namespaces:
            self.create(ns_res, None, {"metadata": {"name": name}})

    # -- resources ------------------------------------------------------------------------------
    def register(self, res: Resource) -> None:
        """Serve a resource (idempotent)."""
        self.resources[(res.group, res.version, res.plural)] = res
        self.objects.setdefault(res.key, {})

    def resource(self, group: str, version: str, plural: str) -> Resource:
        """The resource at this path, or 404 like an apiserver that does not serve it."""
        res = self.resources.get((group, version, plural))
        if res is None:
            gv = f"{group}/{version}" if group else version
            raise ApiStatus(404, "NotFound", f"the server could not find the requested resource "
                            f"({plural} in {gv})")
        return res

    def groups(self) -> dict[str, list[str]]:
        """Served group -> versions (core excluded)."""
        out: dict[str, list[str]] = {}
        for g, v, _ in self.resources:
            if g and v not in out.setdefault(g, []):
                out[g].append(v)
        return out

    def resources_in(self, group: str, version: str) -> list[Resource]:
        """Everything served at one group/version."""
        return [r for (g, v, _), r in self.resources.items() if g == group and v == version]

    # -- reads ----------------------------------------------------------------------------------
    def get(self, res: Resource, namespace: str | None, name: str) -> Obj:
        """A deep copy of one object, at this resource's apiVersion."""
        obj = self.objects[res.key].get((namespace or "", name))
        if obj is None:
            raise _not_found(res, name)
        return self._view(res, obj)

    @staticmethod
    def _view(res: Resource, obj: Obj) -> Obj:
        out = copy.deepcopy(obj)
        out["apiVersion"] = res.api_version
        out["kind"] = res.kind
        return out

    def list(self, res: Resource, namespace: str | None, *, label_selector: str | None = None,
             field_selector: str | None = None, limit: int | None = None,
             continue_token: str | None = None) -> Obj:
        """A *List object; `limit` pages it, with a `continue` token for the rest."""
        match = self._matcher(label_selector, field_selector)
        if continue_token:
            snap_id, offset = self._decode_continue(continue_token)
            found = self._snapshots.get(snap_id)
            if found is None:
                raise ApiStatus(410, "Expired", "The provided continue parameter is too old to "
                                "display a consistent list result. You can start a new list "
                                "without the continue parameter.")
            list_rv, items = found
        else:
            list_rv = self.rv
            items = sorted((o for (ns, _), o in self.objects[res.key].items()
                            if (namespace is None or ns == namespace) and match(o)),
                           key=lambda o: (o["metadata"].get("namespace", ""),
                                          o["metadata"]["name"]))
            snap_id, offset = "", 0
        end = len(items) if not limit or limit <= 0 else min(len(items), offset + limit)
        meta: Obj = {"resourceVersion": str(list_rv)}
        if end < len(items):
            if not snap_id:
                snap_id = str(next(self._snap_ids))
                self._snapshots[snap_id] = (list_rv, items)
                while len(self._snapshots) > self._snapshot_limit:
                    self._snapshots.popitem(last=False)
            meta["continue"] = self._encode_continue(snap_id, end)
            meta["remainingItemCount"] = len(items) - end
        return {"apiVersion": res.api_version, "kind": f"{res.kind}List", "metadata": meta,
                "items": [self._view(res, o) for o in items[offset:end]]}

    @staticmethod
    def _encode_continue(snap: str, offset: int) -> str:
        raw = json.dumps({"s": snap, "o": offset}).encode()
        return base64.urlsafe_b64encode(raw).decode()

    @staticmethod
    def _decode_continue(token: str) -> tuple[str, int]:
        try:
            data = json.loads(base64.urlsafe_b64decode(token.encode()))
            return str(data["s"]), int(data["o"])
        except (ValueError, KeyError, TypeError) as exc:
            raise bad_request(f"invalid continue token: {exc}") from exc

    @staticmethod
    def _matcher(label_selector: str | None, field_selector: str | None) -> Callable[[Obj], bool]:
        try:
            return object_matcher(label_selector, field_selector)
        except SelectorError as exc:
            raise bad_request(str(exc)) from exc

    # -- writes ---------------------------------------------------------------------------------
    def _commit(self, res: Resource, kind: str, obj: Obj, old: Obj | None) -> Obj:
        self.rv += 1
        meta = obj["metadata"]
        meta["resourceVersion"] = str(self.rv)
        store = self.objects[res.key]
        ident = (meta.get("namespace", ""), meta["name"])
        if kind == "DELETED":
            store.pop(ident, None)
        else:
            store[ident] = obj
        event = Event(self.rv, res.key, kind, obj, old)
        self.history.append(event)
        while len(self.history) > self.history_limit:
            self.compacted_rv = self.history.popleft().rv
        self._fan_out(event)
        return self._view(res, obj)

    def _fan_out(self, event: Event) -> None:
        for sub in list(self.subscriptions):
            if sub.res.key != event.key:
                continue
            translated = self.translate(sub, event)
            if translated is not None:
                sub.deliver(("event", translated))

    def translate(self, sub: Subscription, event: Event) -> tuple[str, Obj] | None:
        """What a watch with these selectors sees of one write (None: nothing).

        As the apiserver does, an object moving into the selection is ADDED, out of it DELETED.
        """
        ns = event.obj["metadata"].get("namespace", "")
        if sub.namespace is not None and ns != sub.namespace:
            return None
        now = sub.match(event.obj)
        before = event.old is not None and sub.match(event.old)
        kind = event.type
        if kind == "MODIFIED":
            if now and not before:
                kind = "ADDED"
            elif before and not now:
                kind = "DELETED"
            elif not now:
                return None
        elif not now:
            return None
        return kind, self._view(sub.res, event.obj)

    def replay(self, sub: Subscription, since: int) -> list[tuple[str, Obj]]:
        """History events after `since` for a new watch; 410 when it is compacted away."""
        if since < self.compacted_rv:
            raise ApiStatus(410, "Expired", f"too old resource version: {since} "
                            f"({self.compacted_rv + 1})")
        out = []
        for event in self.history:
            if event.rv > since and event.key == sub.res.key:
                translated = self.translate(sub, event)
                if translated is not None:
                    out.append(translated)
        return out

    def current(self, sub: Subscription) -> list[tuple[str, Obj]]:
        """The synthetic ADDED events a watch without a resourceVersion starts with."""
        items = [o for (ns, _), o in self.objects[sub.res.key].items()
                 if (sub.namespace is None or ns == sub.namespace) and sub.match(o)]
        items.sort(key=lambda o: int(o["metadata"]["resourceVersion"]))
        return [("ADDED", self._view(sub.res, o)) for o in items]

    def compact(self) -> int:
        """Forget the whole history (etcd compaction): older watches now get 410."""
        if self.history:
            self.compacted_rv = self.history[-1].rv
        self.history.clear()
        self._snapshots.clear()
        return self.compacted_rv

    def _check_namespace(self, res: Resource, namespace: str | None) -> None:
        if not res.namespaced:
            return
        if not namespace:
            raise bad_request(f"the namespace of the {res.kind} is missing")
        if ("", namespace) not in self.objects[("", "namespaces")]:
            raise ApiStatus(404, "NotFound", f'namespaces "{namespace}" not found',
                            details={"name": namespace, "kind": "namespaces"})

    def create(self, res: Resource, namespace: str | None, body: Any) -> Obj:
        """POST: a new object (201); 409 AlreadyExists for a taken name."""
        if not isinstance(body, dict):
            raise bad_request(f"the body of a {res.kind} must be a JSON object")
        obj = copy.deepcopy(body)
        meta = obj.setdefault("metadata", {})
        if not isinstance(meta, dict):
            raise bad_request("metadata must be an object")
        if not res.namespaced:
            meta.pop("namespace", None)
            namespace = None
        else:
            body_ns = meta.get("namespace")
            if namespace and body_ns and body_ns != namespace:
                raise bad_request("the namespace of the provided object does not match the "
                                  "namespace sent on the request")
            namespace = namespace or body_ns
            self._check_namespace(res, namespace)
            meta["namespace"] = namespace
        if not meta.get("name"):
            prefix = meta.get("generateName")
            if not prefix:
                raise invalid(res, "", "metadata.name: Required value: name or generateName is "
                              "required")
            meta["name"] = prefix + uuid.uuid4().hex[:5]
        name = meta["name"]
        if (namespace or "", name) in self.objects[res.key]:
            raise ApiStatus(409, "AlreadyExists", f'{res.plural}{"." + res.group if res.group else ""}'
                            f' "{name}" already exists',
                            details={"name": name, "group": res.group, "kind": res.plural})
        meta.pop("resourceVersion", None)
        meta.pop("deletionTimestamp", None)
        if res.status_subresource:
            obj.pop("status", None)  # status is written through the subresource only
        meta["uid"] = str(uuid.uuid4())
        meta["creationTimestamp"] = _now()
        meta["generation"] = 1
        obj["apiVersion"] = res.api_version
        obj["kind"] = res.kind
        if res.crd is None and res.group == "apiextensions.k8s.io":
            obj = self._establish_crd(obj)
        return self._commit(res, "ADDED", obj, None)

    def _live(self, res: Resource, namespace: str | None, name: str) -> Obj:
        obj = self.objects[res.key].get(((namespace or "") if res.namespaced else "", name))
        if obj is None:
            raise _not_found(res, name)
        return obj

    def update(self, res: Resource, namespace: str | None, name: str, body: Any, *,
               subresource: str | None = None, check_rv: bool = True) -> Obj:
        """PUT: replace the object (409 on a stale resourceVersion); `status` replaces status."""
        if not isinstance(body, dict):
            raise bad_request(f"the body of a {res.kind} must be a JSON object")
        old = self._live(res, namespace, name)
        new = copy.deepcopy(body)
        meta = new.get("metadata")
        if not isinstance(meta, dict):
            raise bad_request("metadata must be an object")
        if meta.get("name", name) != name:
            raise bad_request(f'the name of the object ({meta.get("name")}) does not match the '
                              f"name on the URL ({name})")
        sent_rv = meta.get("resourceVersion")
        if check_rv and sent_rv not in (None, "") and str(sent_rv) != old["metadata"]["resourceVersion"]:
            raise _conflict(res, name)
        new = _onto_subresource(res, old, new, subresource)
        if not subresource and res.status_subresource:
            if "status" in old:
                new["status"] = copy.deepcopy(old["status"])
            else:
                new.pop("status", None)
        return self._replace(res, old, new)

    def _replace(self, res: Resource, old: Obj, new: Obj) -> Obj:
        old_meta, meta = old["metadata"], new.setdefault("metadata", {})
        for key in ("uid", "creationTimestamp", "namespace", "name", "deletionTimestamp",
                    "deletionGracePeriodSeconds"):
            if key in old_meta:
                meta[key] = old_meta[key]
            else:
                meta.pop(key, None)
        spec_old = {k: v for k, v in old.items() if k not in ("metadata", "status")}
        spec_new = {k: v for k, v in new.items() if k not in ("metadata", "status")}
        generation = int(old_meta.get("generation") or 1)
        meta["generation"] = generation + 1 if spec_old != spec_new else generation
        new["apiVersion"] = res.api_version
        new["kind"] = res.kind
        meta["resourceVersion"] = old_meta["resourceVersion"]
        if new == {**old, "metadata": {**old_meta, "generation": meta["generation"]}}:
            return self._view(res, old)  # a no-op write does not bump the resourceVersion
        if meta.get("deletionTimestamp") and not meta.get("finalizers"):
            return self._commit(res, "DELETED", new, old)
        if res.group == "apiextensions.k8s.io" and res.plural == "customresourcedefinitions":
            new = self._establish_crd(new)
        return self._commit(res, "MODIFIED", new, old)

    def patch(self, res: Resource, namespace: str | None, name: str, content_type: str,
              body: Any, *, subresource: str | None = None, field_manager: str | None = None) -> Obj:
        """PATCH in any of the four flavours; apply creates a missing object."""
        ctype = content_type.split(";", 1)[0].strip().lower()
        if ctype == "application/apply-patch+yaml":
            if not field_manager:
                raise bad_request("PATCH with application/apply-patch+yaml requires the "
                                  "fieldManager query parameter")
            try:
                old = self._live(res, namespace, name)
            except ApiStatus:
                if not isinstance(body, dict):
                    raise bad_request("an apply patch must be an object") from None
                created = copy.deepcopy(body)
                created.setdefault("metadata", {})["name"] = name
                return self.create(res, namespace, created)
            new = self._patched(res, name, old, ctype, body)
        else:
            old = self._live(res, namespace, name)
            new = self._patched(res, name, old, ctype, body)
        sent_rv = (new.get("metadata") or {}).get("resourceVersion")
        if sent_rv not in (None, "") and str(sent_rv) != old["metadata"]["resourceVersion"]:
            raise _conflict(res, name)
        new = _onto_subresource(res, old, new, subresource)
        if not isinstance(new.get("metadata"), dict):
            raise invalid(res, name, "metadata: must be an object")
        return self._replace(res, old, new)

    def _patched(self, res: Resource, name: str, old: Obj, ctype: str, body: Any) -> Obj:
        try:
            if ctype == "application/json-patch+json":
                return patches.json_patch(old, body)
            if ctype == "application/merge-patch+json":
                return patches.merge_patch(old, body)
            if ctype == "application/strategic-merge-patch+json":
                return patches.strategic_merge_patch(old, body)
            if ctype == "application/apply-patch+yaml":
                return patches.apply_patch(old, body)
        except patches.PatchError as exc:
            raise invalid(res, name, str(exc)) from exc
        raise ApiStatus(415, "UnsupportedMediaType", f"the body of the request was in an unknown "
                        f"format - accepted media types include: application/json-patch+json, "
                        f"application/merge-patch+json, application/apply-patch+yaml; got {ctype!r}")

    def delete(self, res: Resource, namespace: str | None, name: str, *,
               preconditions: Obj | None = None) -> Obj:
        """DELETE: gone at once, or marked with deletionTimestamp while finalizers remain."""
        old = self._live(res, namespace, name)
        pre = preconditions or {}
        if pre.get("resourceVersion") and str(pre["resourceVersion"]) != old["metadata"]["resourceVersion"]:
            raise _conflict(res, name)
        if pre.get("uid") and pre["uid"] != old["metadata"].get("uid"):
            raise _conflict(res, name)
        if old["metadata"].get("finalizers"):
            if old["metadata"].get("deletionTimestamp"):
                return self._view(res, old)
            new = copy.deepcopy(old)
            new["metadata"]["deletionTimestamp"] = _now()
            new["metadata"]["deletionGracePeriodSeconds"] = 0
            return self._commit(res, "MODIFIED", new, old)
        gone = copy.deepcopy(old)
        result = self._commit(res, "DELETED", gone, old)
        if res.group == "apiextensions.k8s.io" and res.plural == "customresourcedefinitions":
            self._drop_crd(gone)
        return result

    # -- CRDs -----------------------------------------------------------------------------------
    def _establish_crd(self, crd: Obj) -> Obj:
        spec = crd.get("spec")
        if not isinstance(spec, dict):
            raise bad_request("CustomResourceDefinition.spec is required")
        names = spec.get("names") or {}
        group, plural, kind = spec.get("group"), names.get("plural"), names.get("kind")
        versions = spec.get("versions") or []
        if not (isinstance(group, str) and group and isinstance(plural, str) and plural
                and isinstance(kind, str) and kind and isinstance(versions, list) and versions):
            raise ApiStatus(422, "Invalid", "CustomResourceDefinition is invalid: spec.group, "
                            "spec.names.plural, spec.names.kind and spec.versions are required")
        if crd["metadata"]["name"] != f"{plural}.{group}":
            raise ApiStatus(422, "Invalid", f'CustomResourceDefinition "{crd["metadata"]["name"]}"'
                            f' is invalid: metadata.name: must be spec.names.plural+"."+spec.group'
                            f" ({plural}.{group})")
        namespaced = spec.get("scope", "Namespaced") == "Namespaced"
        for ver in versions:
            if not isinstance(ver, dict) or not ver.get("name") or ver.get("served") is False:
                continue
            status = isinstance((ver.get("subresources") or {}).get("status"), dict)
            self.register(Resource(group, ver["name"], plural, kind, namespaced,
                                   singular=names.get("singular", ""),
                                   short_names=tuple(names.get("shortNames") or ()),
                                   status_subresource=status, crd=crd["metadata"]["name"]))
        crd["status"] = {"acceptedNames": names, "storedVersions": [
            v["name"] for v in versions if isinstance(v, dict) and v.get("storage")],
            "conditions": [{"type": "Established", "status": "True", "reason": "InitialNamesAccepted",
                            "lastTransitionTime": _now()},
                           {"type": "NamesAccepted", "status": "True", "reason": "NoConflicts",
                            "lastTransitionTime": _now()}]}
        return crd

    def _drop_crd(self, crd: Obj) -> None:
        name = crd["metadata"]["name"]
        for key, res in list(self.resources.items()):
            if res.crd == name:
                del self.resources[key]
                self.objects.pop(res.key, None)
