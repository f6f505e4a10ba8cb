"""hostrt: run Node-style JavaScript (Pepr modules) in embedded V8 from Python."""

from hostrt.errors import HostError, JSError
from hostrt.host import Host, HostOptions
from hostrt.shimapi import ShimAPI

__all__ = ["Host", "HostError", "HostOptions", "JSError", "ShimAPI"]
__version__ = "0.1.0"
