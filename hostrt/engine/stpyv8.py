"""The STPyV8 backend: V8 in the calling thread, so a crossing is a function call, not a hand-off.

mini-racer runs V8 on its own thread behind a message loop; every Python->JS crossing wakes that
thread (tens of µs). STPyV8 (PyPI `stpyv8`, pinned) embeds V8 in the caller's thread: an eval costs
about a microsecond. Its Python API has no per-isolate termination, heap statistics or heap cap,
so this backend reaches the few V8 calls it needs (`Isolate::TerminateExecution`,
`GetHeapStatistics`, a GC epilogue callback) through ctypes on the V8 symbols the extension
exports. V8 flags freeze when STPyV8's module initialises the platform, so `--allow-natives-syntax`
(needed by the bridge's microtask checkpoint) is set before that import.

Isolates are created as owners (`JSIsolate(True)`): STPyV8 disposes an isolate only when its
Python object owns it and is freed; the default (`JSIsolate()`) never disposes one, and each
recycled isolate then kept its whole heap (~7-11 MB). Disposal is safe only once nothing else
in Python refers to that isolate's V8 handles, so `close()` frees the context and its wrappers
first, and no STPyV8 exception object outlives a call (they hold V8 handles too).
"""

from __future__ import annotations

import atexit
import ctypes
import json
import re
import sys
import threading
from types import ModuleType
from typing import Any

from hostrt.engine.base import EngineLimits, SyncHandler, core_source
from hostrt.engine.watchdog import Watchdog
from hostrt.errors import DeadlineExceeded, HeapLimitExceeded, HostError

V8_FLAGS = "--allow-natives-syntax"
_INBOX = "__hostrt_inbox"
_TICK_SOURCE = f"__hostrt.tick(globalThis.{_INBOX})"
_init_lock = threading.Lock()
_module: ModuleType | None = None
_api: _V8Api | None = None
# Owned isolates of engines not closed yet. An engine that is never closed keeps its isolate
# (as before: a leak, not a crash); at interpreter exit they are kept for good, since objects
# are then freed in no particular order and a context freed after its isolate would crash.
_live: dict[int, Any] = {}


@atexit.register
def _keep_live_isolates() -> None:
    for isolate in _live.values():
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(isolate))


class _HeapStatistics(ctypes.Structure):
    """v8::HeapStatistics (V8 13.1 layout; filled by Isolate::GetHeapStatistics)."""

    _fields_ = [(name, ctypes.c_size_t) for name in (
        "total_heap_size", "total_heap_size_executable", "total_physical_size",
        "total_available_size", "used_heap_size", "heap_size_limit", "malloced_memory",
        "external_memory", "peak_malloced_memory")] + [
        ("does_zap_garbage", ctypes.c_bool)] + [(name, ctypes.c_size_t) for name in (
            "number_of_native_contexts", "number_of_detached_contexts",
            "total_global_handles_size", "used_global_handles_size")] + [
        ("_reserve", ctypes.c_char * 128)]  # room for fields a later V8 may append


# void (*)(v8::Isolate*, v8::GCType, v8::GCCallbackFlags, void* data)
_GC_CALLBACK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_void_p)
_GC_TYPE_ALL = 0x1F


_GC_FN = "PFvPS0_NS_6GCTypeENS_15GCCallbackFlagsEPvE"  # GCCallbackWithData, mangled
_SYMBOLS = {  # the V8 13.1 C++ API, mangled; all take the isolate as `this`
    "get_current": "_ZN2v87Isolate10GetCurrentEv",
    "terminate": "_ZN2v87Isolate18TerminateExecutionEv",
    "cancel_terminate": "_ZN2v87Isolate24CancelTerminateExecutionEv",
    "heap_statistics": "_ZN2v87Isolate17GetHeapStatisticsEPNS_14HeapStatisticsE",
    "low_memory": "_ZN2v87Isolate21LowMemoryNotificationEv",
    "add_gc_epilogue": f"_ZN2v87Isolate21AddGCEpilogueCallbackE{_GC_FN}S4_S2_",
    "remove_gc_epilogue": f"_ZN2v87Isolate24RemoveGCEpilogueCallbackE{_GC_FN}S4_",
}


class _V8Api:
    """The handful of exported V8 C++ entry points this backend needs."""

    def __init__(self, library: str) -> None:
        lib = ctypes.CDLL(library)  # already loaded by Python: the same V8 instance
        fn = {name: getattr(lib, symbol) for name, symbol in _SYMBOLS.items()}
        ptr = ctypes.c_void_p
        self.get_current = fn["get_current"]
        self.get_current.restype = ptr
        self.terminate = fn["terminate"]
        self.terminate.argtypes = [ptr]
        self.cancel_terminate = fn["cancel_terminate"]
        self.cancel_terminate.argtypes = [ptr]
        self.heap_statistics = fn["heap_statistics"]
        self.heap_statistics.argtypes = [ptr, ctypes.POINTER(_HeapStatistics)]
        self.low_memory = fn["low_memory"]
        self.low_memory.argtypes = [ptr]
        self.add_gc_epilogue = fn["add_gc_epilogue"]
        self.add_gc_epilogue.argtypes = [ptr, _GC_CALLBACK, ptr, ctypes.c_int]
        self.remove_gc_epilogue = fn["remove_gc_epilogue"]
        self.remove_gc_epilogue.argtypes = [ptr, _GC_CALLBACK, ptr]

    def stats(self, isolate: int) -> _HeapStatistics:
        out = _HeapStatistics()
        self.heap_statistics(isolate, ctypes.byref(out))
        return out


def _init_v8() -> tuple[ModuleType, _V8Api]:
    """Import STPyV8 with hostrt's V8 flags, once per process."""
    global _module, _api
    with _init_lock:
        if _module is None or _api is None:
            if "STPyV8" in sys.modules:
                raise HostError("STPyV8 was imported before hostrt could set its V8 flags; "
                                "create the stpyv8 engine before importing STPyV8 yourself",
                                code="ERR_HOSTRT_ENGINE")
            try:
                import _STPyV8  # type: ignore[import-not-found]
            except ImportError as exc:
                raise HostError("the stpyv8 engine needs the `stpyv8` package "
                                "(pip install 'hostrt[stpyv8]')",
                                code="ERR_HOSTRT_ENGINE") from exc
            _STPyV8.JSEngine.setFlags(V8_FLAGS)
            import STPyV8  # type: ignore[import-not-found]  # initialises the platform

            _api = _V8Api(_STPyV8.__file__)
            _module = STPyV8
    return _module, _api


# STPyV8 13.1.201.22 aborts the whole process (a "fatal OOM" in ICU's DateTimePatternGenerator)
# on the first date-time format: Intl.DateTimeFormat and Date's toLocale*String. A RangeError
# that says so is the most this backend can offer; mini-racer formats dates.
_NO_DATE_TIME_FORMAT = r"""(() => {
  const fail = (what) => {
    const e = new RangeError(`${what} is not available on the stpyv8 engine: STPyV8 aborts the ` +
      'process in ICU date-time formatting; use --engine mini-racer');
    e.code = 'ERR_HOSTRT_ENGINE_UNSUPPORTED';
    throw e;
  };
  const define = (obj, name, fn) => Object.defineProperty(obj, name, {
    value: fn, writable: true, configurable: true, enumerable: false });
  function DateTimeFormat() { fail('Intl.DateTimeFormat'); }
  define(DateTimeFormat, 'supportedLocalesOf', Intl.DateTimeFormat.supportedLocalesOf);
  define(Intl, 'DateTimeFormat', DateTimeFormat);
  for (const name of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) {
    define(Date.prototype, name, { [name]() { fail(`Date.prototype.${name}`); } }[name]);
  }
})();"""


# STPyV8 converts a Python str to a JS string one UTF-16 unit per code point, so a character
# outside the BMP (an emoji) arrives cut to 16 bits (U+1F431 -> U+F431; U+10000 -> NUL). JSON
# text crossing into JS escapes those as surrogate pairs, which JSON.parse reads back intact.
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _surrogates(m: re.Match[str]) -> str:
    c = ord(m.group()) - 0x10000
    return f"\\u{0xD800 + (c >> 10):04x}\\u{0xDC00 + (c & 0x3FF):04x}"


def js_safe_json(text: str) -> str:
    """JSON text that survives STPyV8's str conversion (astral characters as \\u escapes)."""
    return text if text.isascii() else _ASTRAL.sub(_surrogates, text)


def _no_sync_handler(op: str, _args_json: str) -> str:
    return json.dumps([False, {"name": "Error", "code": "ERR_HOSTRT_NO_SYNC",
                               "message": f"no host answers synchronous calls yet ('{op}')"}])


class _Entered(threading.local):
    """Which engine's isolate and context this thread has entered (V8 keeps a per-thread stack).

    Hosts of one thread take turns, so an engine enters only when another was last in."""

    current: StPyV8Engine | None = None


_entered = _Entered()


class StPyV8Engine:
    """One STPyV8 isolate, run in the thread that created it."""

    name = "stpyv8"
    sync_calls = True

    @classmethod
    def init(cls) -> None:
        """Import STPyV8 with hostrt's V8 flags (once per process)."""
        _init_v8()

    @classmethod
    def version(cls) -> str:
        """STPyV8's V8 version."""
        return str(_init_v8()[0].JSEngine.version)

    def __init__(self, limits: EngineLimits | None = None) -> None:
        self._stpyv8, self._v8 = _init_v8()
        self.limits = limits or EngineLimits()
        self.v8_version = self.version()
        self._thread = threading.get_ident()
        self._leave_current()
        self._isolate = self._stpyv8.JSIsolate(True)  # owner: disposed when freed (see close)
        _live[id(self)] = self._isolate
        self._isolate.enter()
        self._ptr = self._v8.get_current()
        self._ctx = self._stpyv8.JSContext()
        self._ctx.enter()
        self._globals = self._ctx.locals
        _entered.current = self
        self._closed = False
        self._heap_hit = False
        self._gc_callback = None
        if self.limits.max_heap_mb:
            self._install_heap_cap(self.limits.max_heap_mb * 1024 * 1024)
        ptr = self._ptr
        self._watchdog = Watchdog(lambda _task: self._v8.terminate(ptr))
        # JS calls this Python function directly (`bridge.callSync`); core.js takes it private.
        self._sync_handler: SyncHandler = _no_sync_handler
        setattr(self._globals, "__hostrt_sync", self._sync_entry)
        self.eval(core_source(), "hostrt:core.js")
        self.eval(_NO_DATE_TIME_FORMAT, "hostrt:stpyv8-intl.js")

    def _sync_entry(self, op: str, args_json: str) -> str:
        return js_safe_json(self._sync_handler(op, args_json))

    def set_sync_handler(self, fn: SyncHandler) -> None:
        """Route `bridge.callSync` to `fn` (the host's `Bridge.call_sync`)."""
        self._sync_handler = fn

    # -- isolate switching ------------------------------------------------------------------------
    @staticmethod
    def _leave_current() -> None:
        other = _entered.current
        if other is not None:
            other._ctx.leave()
            other._isolate.leave()
            _entered.current = None

    def _enter(self) -> None:
        if threading.get_ident() != self._thread:
            raise HostError("an stpyv8 engine is used only from the thread that created it",
                            code="ERR_HOSTRT_ENGINE")
        self._leave_current()
        self._isolate.enter()
        self._ctx.enter()
        _entered.current = self

    # -- heap cap ---------------------------------------------------------------------------------
    def _install_heap_cap(self, cap: int) -> None:
        """After each GC, terminate the running script if the live heap is over the cap (V8's own
        limit is fixed at isolate creation by a process-wide flag, and hitting it aborts)."""
        v8, ptr = self._v8, self._ptr

        def after_gc(_isolate: int, _type: int, _flags: int, _data: int) -> None:
            if not self._heap_hit and v8.stats(ptr).used_heap_size > cap:
                self._heap_hit = True
                v8.terminate(ptr)

        self._gc_callback = _GC_CALLBACK(after_gc)
        v8.add_gc_epilogue(ptr, self._gc_callback, None, _GC_TYPE_ALL)

    # -- Engine protocol --------------------------------------------------------------------------
    def _ready(self) -> None:
        """Refuse a closed engine; make this engine's isolate the thread's current one."""
        if self._closed:
            raise HostError("engine is closed", code="ERR_HOSTRT_CLOSED")
        if _entered.current is not self:
            self._enter()

    def _run(self, source: str) -> Any:
        """Evaluate under the deadline; map termination and heap cap to hostrt errors."""
        watchdog = self._watchdog
        watchdog.arm(0, self.limits.timeout)
        error: HostError | None = None
        try:
            result = self._ctx.eval(source)
        except Exception as exc:
            # Raised below, outside this block: STPyV8's exception holds V8 handles, and as the
            # error's cause or context it could outlive (and crash in) a disposed isolate.
            error = self._translate(exc)
        finally:
            watchdog.disarm()
        if error is not None:
            raise error
        if self._heap_hit or watchdog.fired:
            # The termination landed after the script's last check: the isolate is still
            # marked; report it as the limit it was.
            raise self._translate(None)
        return result

    def eval(self, source: str, filename: str | None = None) -> Any:
        """Evaluate `source` under the deadline; return its (primitive) completion value."""
        self._ready()
        if filename:
            source = f"{source}\n//# sourceURL={filename}"
        return self._python(self._run(source))

    def _translate(self, exc: Exception | None) -> HostError:
        if self._heap_hit:
            self._v8.cancel_terminate(self._ptr)
            return HeapLimitExceeded(self.limits.max_heap_mb or 0)
        if self._watchdog.fired:
            self._v8.cancel_terminate(self._ptr)
            return DeadlineExceeded(self.limits.timeout)
        text = str(exc)
        if text.startswith("SyntaxError"):
            return HostError(text, code="ERR_HOSTRT_SYNTAX")
        return HostError(text or type(exc).__name__, code="ERR_HOSTRT_ENGINE")

    @staticmethod
    def _python(value: Any) -> Any:
        # STPyV8 gives None for undefined and null, Python scalars for primitives and proxies
        # for objects; the protocol promises primitives, so an object comes back as its string.
        if value is None or isinstance(value, bool | int | float | str):
            return value
        return str(value)

    def tick(self, inbox_json: str) -> str:
        """Deliver one inbox; return the outbox JSON.

        The inbox goes in as a global property and the script that reads it never changes, so V8
        compiles it once (embedding each inbox in the source would compile every tick). An eval,
        not a call of a JSFunction proxy: STPyV8 aborts the process when a terminated function
        call returns no value, while a terminated eval raises."""
        self._ready()
        setattr(self._globals, _INBOX, js_safe_json(inbox_json))
        result = self._run(_TICK_SOURCE)
        if not isinstance(result, str):
            raise HostError(f"bridge tick returned {type(result).__name__}",
                            code="ERR_HOSTRT_ENGINE")
        return result

    def heap_stats(self) -> dict[str, Any]:
        """V8 heap statistics as a dict (the keys mini-racer reports, plus external_memory)."""
        if self._closed:
            return {}
        stats = self._v8.stats(self._ptr)
        return {key: getattr(stats, key) for key in (
            "total_physical_size", "total_heap_size_executable", "total_heap_size",
            "used_heap_size", "heap_size_limit", "external_memory")}

    def collect_garbage(self) -> None:
        """A full GC (Isolate::LowMemoryNotification), in this engine's isolate."""
        if not self._closed:  # as on mini-racer: nothing to collect once closed
            self._ready()
            self._v8.low_memory(self._ptr)

    def close(self) -> None:
        """Leave and free the isolate. Idempotent; must run on the creating thread."""
        if self._closed:
            return
        self._closed = True
        self._watchdog.stop()
        if _entered.current is self:
            self._leave_current()
        if self._gc_callback is not None:
            self._isolate.enter()
            self._v8.remove_gc_epilogue(self._ptr, self._gc_callback, None)
            self._isolate.leave()
        # The context and the global's wrapper hold V8 handles: free them while the isolate
        # lives; dropping the last reference to the (owning) isolate then disposes it.
        del self._globals, self._ctx
        _live.pop(id(self), None)
        del self._isolate
