"""YAML for manifests: block style, keys in the order built, no anchors."""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    # Shared sub-objects (a webhook's rules reused by an additional webhook) are written out in
    # full: kubectl accepts anchors, but people read these files.
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_all(objects: list[dict[str, Any]]) -> str:
    """A multi-document YAML text, one document per object."""
    return yaml.dump_all(objects, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                         explicit_start=True, width=100)
