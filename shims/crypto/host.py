"""Python half of crypto: OS entropy for the isolate's pool, and hashlib/hmac for async APIs.

Synchronous JS APIs (randomBytes without a callback, getRandomValues, randomUUID) draw from a pool
of `os.urandom` bytes provided at start-up and refilled by the `crypto.entropy` event when JS
posts `crypto.refill`. Asynchronous APIs (callback forms, `subtle.digest`, HMAC sign/verify) are
answered here with the standard library.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import Any

INITIAL_POOL = 16384   # bytes of OS entropy in the isolate at start-up
REFILL = 16384
LOW_WATER = 4096
MAX_RANDOM = 2**31 - 1

# WebCrypto digest names -> hashlib names (the only ones WebCrypto defines for digest/HMAC).
WEB_HASHES = {"SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=False)


def _hash_name(name: str) -> str:
    try:
        return WEB_HASHES[name]
    except KeyError:
        raise ValueError(f"unsupported WebCrypto hash {name!r}") from None


def register(api: Any) -> None:
    """Provide the start-up entropy pool and serve the crypto ops."""
    api.provide("crypto", {
        "entropy": _b64(os.urandom(INITIAL_POOL)),
        "refill": REFILL,
        "lowWater": LOW_WATER,
    })

    def refill(size: int) -> None:
        size = max(64, min(int(size), 1 << 20))
        api.emit("crypto.entropy", _b64(os.urandom(size)))

    async def random(size: int) -> str:
        size = int(size)
        if not 0 <= size <= MAX_RANDOM:
            raise ValueError(f"random size out of range: {size}")
        return _b64(os.urandom(size))

    async def digest(name: str, data: str) -> str:
        return _b64(hashlib.new(_hash_name(name), _unb64(data)).digest())

    async def hmac_sign(name: str, key: str, data: str) -> str:
        return _b64(hmac.digest(_unb64(key), _unb64(data), _hash_name(name)))

    async def hmac_verify(name: str, key: str, signature: str, data: str) -> bool:
        mac = hmac.digest(_unb64(key), _unb64(data), _hash_name(name))
        return hmac.compare_digest(mac, _unb64(signature))

    api.op("crypto.refill", refill)
    api.op("crypto.random", random)
    api.op("crypto.digest", digest)
    api.op("crypto.hmacSign", hmac_sign)
    api.op("crypto.hmacVerify", hmac_verify)
