"""Handing freed memory back to the OS (RSS is one of the figures `hostrt serve` is judged by).

glibc keeps memory that Python and V8 freed in its arenas (the main heap and one per thread) and
returns it only from the top of the heap: after start-up and after V8's periodic full
collections, `malloc_trim(0)` gives the free pages back (measured: ~6 MB at ready).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from typing import Any


@functools.cache
def _libc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        lib = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return lib if lib is not None and hasattr(lib, "malloc_trim") else None


def return_free_memory() -> bool:
    """`malloc_trim(0)` where the C library has it (glibc); False where it does not."""
    lib = _libc()
    if lib is None:
        return False
    lib.malloc_trim(0)
    return True
