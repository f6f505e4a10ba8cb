"""Python half of crypto: OS entropy for the isolate's pool, and hashlib/hmac for async APIs.

Synchronous JS APIs (randomBytes without a callback, getRandomValues, randomUUID) draw from a pool
of `os.urandom` bytes provided at start-up and refilled by the `crypto.entropy` event when JS
posts `crypto.refill`. Asynchronous APIs (callback forms, `subtle.digest`, HMAC sign/verify) are
answered here with the standard library.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import ssl
from typing import Any

from hostrt.shimapi import ShimAPI
from hostrt.shimreg import node_exports

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


def _hkdf(name: str, key: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """RFC 5869 HKDF (extract, then expand) on the standard library's HMAC."""
    size = hashlib.new(name).digest_size
    prk = hmac.digest(salt or bytes(size), key, name)
    out, block, counter = b"", b"", 1
    while len(out) < length:
        block = hmac.digest(prk, block + info + bytes([counter]), name)
        out += block
        counter += 1
    return out[:length]


def constants() -> dict[str, Any]:
    """crypto.constants: Node 20's names and values, with the OpenSSL version hostrt's crypto
    really runs on (Python's, which backs the hashes, HMAC and key derivation)."""
    node = node_exports()["modules"]["crypto"]["exports"]["constants"]
    values = dict(node.get("value") or {}) if node.get("kind") == "data" else {}
    values["OPENSSL_VERSION_NUMBER"] = ssl.OPENSSL_VERSION_NUMBER
    return values


def register(api: ShimAPI) -> None:
    """Provide the start-up entropy pool and serve the crypto ops."""
    api.provide("crypto", {
        "entropy": _b64(os.urandom(INITIAL_POOL)),
        "refill": REFILL,
        "lowWater": LOW_WATER,
        "constants": constants(),
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

    async def pbkdf2(name: str, password: str, salt: str, iterations: int,
                     keylen: int) -> str | None:
        if keylen <= 0 or name not in hashlib.algorithms_available:
            return None  # JS computes it in the isolate
        try:
            out = await asyncio.to_thread(hashlib.pbkdf2_hmac, name, _unb64(password),
                                          _unb64(salt), int(iterations), int(keylen))
        except ValueError:
            return None
        return _b64(out)

    async def hkdf(name: str, key: str, salt: str, info: str, length: int) -> str | None:
        if length <= 0 or name not in hashlib.algorithms_available:
            return None
        try:
            return _b64(_hkdf(name, _unb64(key), _unb64(salt), _unb64(info), int(length)))
        except ValueError:
            return None

    api.op("crypto.pbkdf2", pbkdf2)
    api.op("crypto.hkdf", hkdf)
    api.op("crypto.refill", refill)
    api.op("crypto.random", random)
    api.op("crypto.digest", digest)
    api.op("crypto.hmacSign", hmac_sign)
    api.op("crypto.hmacVerify", hmac_verify)
