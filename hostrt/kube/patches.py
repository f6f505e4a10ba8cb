"""The PATCH flavours an API server accepts, as pure functions on JSON values.

- JSON Patch (RFC 6902, `application/json-patch+json`) through the `jsonpatch` library;
- JSON merge patch (RFC 7386, `application/merge-patch+json`); strategic merge patch
  (`application/strategic-merge-patch+json`) is treated as a merge patch, except that lists of
  objects carrying a `name` (containers, ports, env...) merge item by item as the strategic
  patch's default merge key would;
- server-side apply (`application/apply-patch+yaml`): the applied configuration is merged into
  the live object (maps recursively, named lists by name, other lists replaced). Field ownership
  and apply conflicts (`managedFields`, `force`) are not modelled.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonpatch

from hostrt.errors import HostError


class PatchError(HostError):
    """A patch that cannot be applied (the API server answers 422 or 400)."""


def json_patch(doc: Any, ops: Any) -> Any:
    """Apply an RFC 6902 operation list to a copy of `doc`."""
    if not isinstance(ops, list):
        raise PatchError("a JSON Patch must be a list of operations", code="ERR_HOSTRT_PATCH")
    try:
        return jsonpatch.apply_patch(doc, ops, in_place=False)
    except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException, TypeError,
            KeyError, IndexError, ValueError) as exc:
        raise PatchError(f"the JSON Patch cannot be applied: {exc}", code="ERR_HOSTRT_PATCH") from exc


def merge_patch(doc: Any, patch: Any) -> Any:
    """RFC 7386: objects merge recursively, null deletes, anything else replaces."""
    return _merge(doc, patch, by_name=False)


def strategic_merge_patch(doc: Any, patch: Any) -> Any:
    """A merge patch whose named lists merge by `name` (the common strategic merge key)."""
    return _merge(doc, patch, by_name=True)


def _named(items: Any) -> bool:
    return isinstance(items, list) and bool(items) and all(
        isinstance(i, dict) and "name" in i for i in items)


def _merge(doc: Any, patch: Any, *, by_name: bool) -> Any:
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(doc) if isinstance(doc, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        elif by_name and _named(value) and _named(out.get(key)):
            live = {i["name"]: i for i in out[key] if isinstance(i, dict) and "name" in i}
            out[key] = [_merge(live.get(i["name"], {}), i, by_name=True) for i in value]
        else:
            out[key] = _merge(out.get(key), value, by_name=by_name)
    return out


def apply_patch(live: Any, applied: Any) -> Any:
    """Server-side apply, as a merge of the applied configuration into the live object."""
    if not isinstance(applied, dict):
        raise PatchError("an apply patch must be an object", code="ERR_HOSTRT_PATCH")
    return strategic_merge_patch(live or {}, applied)
