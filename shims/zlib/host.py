"""Python half of zlib: the async/callback forms run in Python's zlib (same C library as Node)."""

from __future__ import annotations

import base64
import re
import zlib
from typing import Any

from hostrt.shimapi import ShimAPI

# Node's window-bits conventions per operation: zlib wrapper, gzip, raw, or auto-detect.
_WBITS = {"deflate": 1, "inflate": 1, "gzip": 17, "gunzip": 17, "deflateRaw": -1,
          "inflateRaw": -1, "unzip": 33}
_CODES = {-1: "Z_ERRNO", -2: "Z_STREAM_ERROR", -3: "Z_DATA_ERROR", -4: "Z_MEM_ERROR",
          -5: "Z_BUF_ERROR", -6: "Z_VERSION_ERROR"}


class ZlibError(Exception):
    """A zlib failure carried to JS with Node's code (Z_DATA_ERROR, ...) and errno."""

    def __init__(self, message: str, code: str, errno: int) -> None:
        super().__init__(message)
        self.code = code
        self.errno = errno


def run(op: str, data_b64: str, opts: dict[str, Any]) -> str:
    """Compress or decompress base64 `data` with `op`; return base64."""
    data = base64.b64decode(data_b64)
    window = int(opts.get("windowBits") or 15)
    wbits = window * _WBITS[op] if op != "unzip" and op != "gunzip" and op != "gzip" \
        else window + (32 if op == "unzip" else 16)
    zdict = base64.b64decode(opts["dictionary"]) if opts.get("dictionary") else None
    try:
        if op in ("deflate", "gzip", "deflateRaw"):
            kwargs: dict[str, Any] = {}
            if zdict is not None:
                kwargs["zdict"] = zdict
            c = zlib.compressobj(int(opts.get("level", -1)), zlib.DEFLATED, wbits,
                                 int(opts.get("memLevel") or 8), int(opts.get("strategy") or 0),
                                 **kwargs)
            out = c.compress(data) + c.flush()
        else:
            d = zlib.decompressobj(wbits, zdict=zdict) if zdict is not None \
                else zlib.decompressobj(wbits)
            out = d.decompress(data) + d.flush()
            if not d.eof:
                raise ZlibError("unexpected end of file", "Z_BUF_ERROR", -5)
    except zlib.error as exc:
        m = re.match(r"Error (-?\d+) while \w+ data: (.*)", str(exc))
        errno = int(m.group(1)) if m else -3
        raise ZlibError(m.group(2) if m else str(exc), _CODES.get(errno, "Z_DATA_ERROR"),
                        errno) from exc
    return base64.b64encode(out).decode("ascii")


def register(api: ShimAPI) -> None:
    """Serve `zlib.run`."""
    api.op("zlib.run", run)
