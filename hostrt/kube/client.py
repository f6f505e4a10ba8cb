"""Generic Kubernetes resource calls with the official client, addressed by group/version/plural.

The `pepr` shim's K8s() sends one JSON request per call (see `KubeRequest`); this module turns it
into one HTTP request through `kubernetes.client.ApiClient` (auth, TLS and proxies come from the
kubeconfig or the in-cluster service account) and answers the decoded JSON. The client is
synchronous: `hostrt.kube.ops` runs these calls in worker threads.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hostrt import wirejson
from hostrt.errors import HostError

NO_CLUSTER = "no Kubernetes cluster configured: set KUBECONFIG or run in a cluster"
FIELD_MANAGER = "pepr"


class KubeError(HostError):
    """A failed Kubernetes call. `code` is the HTTP status as a string (e.g. "404") when the API
    server answered, so the JS side sees `err.code === "404"` (KFC-style `status` 404)."""

    def __init__(self, message: str, *, status: int | None = None,
                 code: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, code=code or (str(status) if status else "ERR_HOSTRT_KUBE"))
        self.status = status
        self.retry_after = retry_after  # seconds, from a 429/503 Retry-After header


@dataclass
class KubeRequest:
    """One call from JS: which resource (GVK + plural), which object(s), and what to send."""

    group: str
    version: str
    kind: str
    plural: str
    namespaced: bool | None = None
    namespace: str | None = None
    name: str | None = None
    labels: dict[str, str] | None = None
    fields: dict[str, str] | None = None
    body: Any = None
    patch: list[Any] | None = None
    subresource: str | None = None
    force: bool = False

    @classmethod
    def from_json(cls, data: Any) -> KubeRequest:
        """Validate the JSON payload JS sent; a bad one is a clear error naming the field."""
        if not isinstance(data, dict):
            raise KubeError(f"kube request must be an object, got {type(data).__name__}",
                            code="ERR_INVALID_ARG_TYPE")
        for key in ("version", "plural"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise KubeError(f"kube request needs a non-empty string '{key}'",
                                code="ERR_INVALID_ARG_VALUE")
        return cls(
            group=str(data.get("group") or ""), version=data["version"],
            kind=str(data.get("kind") or ""), plural=data["plural"],
            namespaced=data.get("namespaced"), namespace=data.get("namespace") or None,
            name=data.get("name") or None, labels=data.get("labels") or None,
            fields=data.get("fields") or None, body=data.get("body"),
            patch=data.get("patch"), subresource=data.get("subresource") or None,
            force=bool(data.get("force", False)))

    def namespace_for(self) -> str | None:
        """The namespace the URL carries: the request's, else the body's (create/apply)."""
        ns = self.namespace
        if ns is None and isinstance(self.body, dict):
            ns = (self.body.get("metadata") or {}).get("namespace")
        if self.namespaced is False:
            return None
        return ns

    def path(self, *, item: bool, namespace: str | None = None) -> str:
        """The REST path: /api/v1 or /apis/g/v, [/namespaces/ns], /plural, [/name[/sub]]."""
        base = f"/api/{self.version}" if not self.group else f"/apis/{self.group}/{self.version}"
        ns = namespace if namespace is not None else self.namespace_for()
        if ns:
            base += f"/namespaces/{quote(ns, safe='')}"
        base += f"/{self.plural}"
        if item:
            name = self.name
            if name is None and isinstance(self.body, dict):
                name = (self.body.get("metadata") or {}).get("name")
            if not name:
                raise KubeError(f"{self.kind or self.plural}: a name is required for this call",
                                code="ERR_INVALID_ARG_VALUE")
            base += f"/{quote(name, safe='')}"
            if self.subresource:
                base += f"/{self.subresource}"
        return base

    def selectors(self) -> list[tuple[str, str]]:
        """labelSelector / fieldSelector query parameters."""
        query = []
        if self.labels:
            query.append(("labelSelector", ",".join(
                k if v in ("", None) else f"{k}={v}" for k, v in self.labels.items())))
        if self.fields:
            query.append(("fieldSelector", ",".join(f"{k}={v}" for k, v in self.fields.items())))
        return query


def load_api_client(kubeconfig: str | None = None) -> Any:
    """An ApiClient for the configured cluster: `kubeconfig` when given, else the in-cluster
    service account, else $KUBECONFIG / ~/.kube/config.

    Raises KubeError(NO_CLUSTER) when neither exists.
    """
    # Which configuration applies is decided before the kubernetes package is imported (~0.1 s
    # and ~10 MB): a process without a cluster (`hostrt serve` with in-memory Stores) never
    # pays for it.
    in_cluster = False
    if kubeconfig:
        if not Path(kubeconfig).is_file():
            raise KubeError(f"{kubeconfig}: no such kubeconfig file", code="ERR_HOSTRT_KUBECONFIG")
        path = kubeconfig
    elif os.environ.get("KUBERNETES_SERVICE_HOST"):
        in_cluster, path = True, ""
    else:
        path = os.environ.get("KUBECONFIG", "").split(os.pathsep)[0] or str(
            Path.home() / ".kube" / "config")
        if not Path(path).is_file():
            raise KubeError(NO_CLUSTER, code="ERR_HOSTRT_NO_CLUSTER")
    from kubernetes import client, config
    from kubernetes.config.config_exception import ConfigException

    cfg = client.Configuration()
    try:
        if in_cluster:
            config.load_incluster_config(client_configuration=cfg)
        else:
            config.load_kube_config(config_file=path, client_configuration=cfg)
    except (ConfigException, OSError, ValueError, TypeError) as exc:
        raise KubeError(f"Kubernetes configuration could not be loaded: {exc}",
                        code="ERR_HOSTRT_KUBECONFIG") from exc
    cfg.retries = 0  # fail fast; Pepr's callers decide about retries
    return client.ApiClient(cfg)


class KubeClient:
    """Synchronous generic calls on one ApiClient."""

    def __init__(self, api_client: Any) -> None:
        self.api = api_client

    def close(self) -> None:
        """Release the connection pool."""
        self.api.close()

    # -- plumbing -------------------------------------------------------------------------------
    def request(self, method: str, path: str, *, query: list[tuple[str, str]] | None = None,
                body: Any = None, content_type: str | None = None, stream: bool = False,
                timeout: Any = None) -> Any:
        """One call: decoded JSON, or with `stream` the open urllib3 response. Raises KubeError
        (`status`, and `retry_after` from a Retry-After header) for an error answer."""
        return self._request(method, path, query=query, body=body, content_type=content_type,
                             stream=stream, timeout=timeout)

    def _request(self, method: str, path: str, *, query: list[tuple[str, str]] | None = None,
                 body: Any = None, content_type: str | None = None, stream: bool = False,
                 timeout: Any = None) -> Any:
        headers = {"Accept": "application/json"}
        if content_type:
            headers["Content-Type"] = content_type
        _, url, headers, body, _ = self.api.param_serialize(
            method, path, query_params=query or [], header_params=headers, body=body,
            auth_settings=["BearerToken"])
        try:
            resp = self.api.call_api(method, url, header_params=headers, body=body,
                                     _request_timeout=timeout)
        except Exception as exc:  # urllib3 errors: the server is not reachable
            if type(exc).__name__ == "ApiException":
                raise _api_error(getattr(exc, "status", None), getattr(exc, "body", None),
                                 method, path, getattr(exc, "headers", None)) from exc
            host = self.api.configuration.host
            raise KubeError(f"{method} {path}: cannot reach the Kubernetes API at {host}: "
                            f"{_reason(exc)}", code="ECONNREFUSED") from exc
        if stream:
            if resp.status >= 400:
                raise _api_error(resp.status, resp.read(), method, path, resp.headers)
            return resp.response
        data = resp.read()
        if resp.status >= 400:
            raise _api_error(resp.status, data, method, path, resp.headers)
        if not data:
            return None
        try:
            return wirejson.loads(data)
        except ValueError:
            return data.decode("utf-8", "replace") if isinstance(data, bytes) else data

    # -- the ops --------------------------------------------------------------------------------
    def get(self, req: KubeRequest) -> Any:
        """GET one object."""
        return self._request("GET", req.path(item=True))

    def list(self, req: KubeRequest) -> Any:
        """GET the collection (label and field selectors applied), as a *List object."""
        out = self._request("GET", req.path(item=False), query=req.selectors())
        if isinstance(out, dict):
            out.setdefault("apiVersion", "/".join(p for p in (req.group, req.version) if p))
            out.setdefault("kind", f"{req.kind}List" if req.kind else "List")
            out.setdefault("metadata", {})
            out.setdefault("items", [])
        return out

    def create(self, req: KubeRequest) -> Any:
        """POST the body to the collection (or to a subresource such as eviction)."""
        item = req.subresource is not None
        return self._request("POST", req.path(item=item), body=req.body,
                             content_type="application/json")

    def replace(self, req: KubeRequest) -> Any:
        """PUT the body over the object (its metadata.resourceVersion, if any, makes the API
        server refuse a stale write with 409)."""
        return self._request("PUT", req.path(item=True), body=req.body,
                             content_type="application/json")

    def apply(self, req: KubeRequest) -> Any:
        """Server-side apply: PATCH application/apply-patch+yaml, field manager "pepr"."""
        query = [("fieldManager", FIELD_MANAGER)]
        if req.force:
            query.append(("force", "true"))
        # JSON is YAML; a str body is sent as is by the client.
        return self._request("PATCH", req.path(item=True), query=query,
                             body=wirejson.dumps(req.body), content_type="application/apply-patch+yaml")

    def patch(self, req: KubeRequest) -> Any:
        """JSON Patch (`patch`: an RFC 6902 list) or a merge patch (`body`, e.g. PatchStatus)."""
        if req.patch is not None:
            if not isinstance(req.patch, list):
                raise KubeError("kube.patch: 'patch' must be a list of JSON Patch operations",
                                code="ERR_INVALID_ARG_TYPE")
            # A list body (not a string): the client switches a non-list to strategic merge.
            return self._request("PATCH", req.path(item=True), body=req.patch,
                                 content_type="application/json-patch+json")
        return self._request("PATCH", req.path(item=True), body=req.body,
                             content_type="application/merge-patch+json")

    def delete(self, req: KubeRequest) -> Any:
        """DELETE one object."""
        return self._request("DELETE", req.path(item=True))

    def watch(self, req: KubeRequest, resource_version: str | None = None) -> Iterator[Any]:
        """Stream watch events ({type, object}) until the server closes the stream.

        Yields a `urllib3` response first (so the caller can close it to stop the stream),
        then each decoded event.
        """
        query = [("watch", "true"), *req.selectors()]
        if resource_version:
            query.append(("resourceVersion", resource_version))
            query.append(("allowWatchBookmarks", "true"))
        resp = self._request("GET", req.path(item=False), query=query, stream=True,
                             timeout=(10, None))
        yield resp
        buf = b""
        try:
            for chunk in resp.stream(4096, decode_content=True):
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    if line.strip():
                        yield wirejson.loads(line)
            if buf.strip():
                yield wirejson.loads(buf)
        finally:
            resp.release_conn()


def _reason(exc: BaseException) -> str:
    inner = getattr(exc, "reason", None)
    return str(inner or exc)


def _retry_after(headers: Any) -> float | None:
    try:
        value = headers.get("Retry-After") if headers is not None else None
        return max(0.0, float(value)) if value not in (None, "") else None
    except (TypeError, ValueError, AttributeError):
        return None  # an HTTP-date Retry-After: the caller's own backoff applies


def _api_error(status: int | None, data: Any, method: str, path: str,
               headers: Any = None) -> KubeError:
    message = ""
    try:
        status_obj = wirejson.loads(data) if data else None
        if isinstance(status_obj, dict):
            message = str(status_obj.get("message") or status_obj.get("reason") or "")
    except (ValueError, TypeError):
        message = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data or "")
    return KubeError(f"{method} {path}: {status} {message}".rstrip(), status=status,
                     retry_after=_retry_after(headers))
