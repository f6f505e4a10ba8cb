"""The runtimes a probe runs in: real Node (the reference), hostrt, bare mini-racer, PythonMonkey,
Deno and Bun.

Each runs one script file and returns an `Outcome` (stdout, stderr, exit code, or hung). Node and
PythonMonkey (`pmjs`) run as subprocesses; hostrt runs in-process with a fresh `Host` per script;
bare mini-racer is a `MiniRacer` with nothing added but a `console.log` capture, so the baseline
shows what V8 alone gives. Deno and Bun (`hostrt setup --peers`) run as subprocesses in their
Node-compatibility mode, the way a user would run a Node script with them.

Adding a runtime is one adapter here plus one entry in `RUNTIMES`; the runner, the reports and the
CLI read the column order and the factories from that table.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import io
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hostrt.errors import DeadlineExceeded, HostError


@dataclass
class Outcome:
    """What one script did in one runtime."""

    stdout: str = ""
    stderr: str = ""
    code: int | None = 0
    hung: bool = False
    seconds: float = 0.0


class Runtime:
    """Base: a named runtime that can run a script file."""

    name = ""
    label = ""
    available = True
    note = ""

    async def run_file(self, path: Path, timeout: float) -> Outcome:
        """Run `path` (cwd = its folder) until it ends or `timeout` seconds pass."""
        raise NotImplementedError

    def command(self, path: Path) -> list[str]:
        """The command line that runs script `path` (subprocess runtimes only)."""
        raise HostError(f"{self.label or self.name} runs in this process, not as a command",
                        code="ERR_HOSTRT_COMPAT")


async def run_process(args: list[str], cwd: Path, timeout: float,
                      env: dict[str, str] | None = None) -> Outcome:
    """Run a subprocess with stdin from /dev/null; kill it (and report `hung`) at the timeout."""
    start = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        *args, cwd=cwd, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env=env, start_new_session=True)
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 9)
        out, err = await proc.communicate()
        return Outcome(out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), None, True,
                       time.perf_counter() - start)
    return Outcome(out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), proc.returncode,
                   False, time.perf_counter() - start)


class NodeRuntime(Runtime):
    """Real Node: the reference."""

    name = "node"

    def __init__(self, node: str | None = None, env: dict[str, str] | None = None) -> None:
        self.node = node or shutil.which("node") or ""
        self.env = env                  # None: this process's environment
        self.available = bool(self.node)
        self.version = ""
        self.label = "Node"
        if not self.available:
            self.note = "`node` is not on PATH"

    async def probe_version(self) -> str:
        """Ask Node for its version (also checks it starts)."""
        out = await run_process([self.node, "-p", "process.version"], Path.cwd(), 30)
        self.version = out.stdout.strip()
        self.label = f"Node {self.version}"
        return self.version

    def command(self, path: Path) -> list[str]:
        """`node FILE`."""
        return [self.node, str(path)]

    async def run_file(self, path: Path, timeout: float) -> Outcome:
        """`node FILE` in the file's folder."""
        path = path.resolve()
        return await run_process(self.command(path), path.parent, timeout, self.env)


@contextlib.contextmanager
def own_scratch_dir(rt: Any, base: Path, env_var: str) -> Iterator[Any]:
    """A copy of runtime `rt` for one script, with a fresh directory of its own named by
    `env_var` in its environment (TMPDIR for os.tmpdir(), NODE_TEST_DIR for the Node test tree's
    tmpdir), removed afterwards: scripts run in parallel never share it, and hostrt may write
    there (as `--allow-write`) and nowhere else."""
    path = Path(tempfile.mkdtemp(prefix=f"{rt.name}-", dir=base)).resolve()
    run = copy.copy(rt)
    run.env = {**(rt.env if getattr(rt, "env", None) is not None else os.environ),
               env_var: str(path)}
    if isinstance(run, HostrtRuntime):
        run.allow_write = (*rt.allow_write, str(path))
    try:
        yield run
    finally:
        shutil.rmtree(path, ignore_errors=True)


class HostrtRuntime(Runtime):
    """hostrt in-process: a fresh Host per script, output captured."""

    name = "hostrt"
    label = "hostrt"

    def __init__(self, env: dict[str, str] | None = None,
                 allow_read: tuple[str, ...] = (), allow_write: tuple[str, ...] = ()) -> None:
        from hostrt.engine import DEFAULT_ENGINE, default_engine
        self.env = env
        self.allow_read = allow_read  # what fs may read, as `hostrt run --allow-read`
        self.allow_write = allow_write  # where fs may write, as `hostrt run --allow-write`
        # Which backend ran the column ($HOSTRT_ENGINE); the default one is not spelled out.
        if default_engine() != DEFAULT_ENGINE:
            self.label = f"hostrt ({default_engine()})"

    async def run_file(self, path: Path, timeout: float) -> Outcome:
        """Load the script and run until idle, like `hostrt run FILE`."""
        from hostrt.host import Host, HostOptions
        path = path.resolve()
        out, err = io.StringIO(), io.StringIO()
        from hostrt.permissions import Permissions
        opts = HostOptions(timeout=timeout, stdout=out, stderr=err, argv=[str(path)],
                           cwd=str(path.parent), env=self.env,
                           permissions=Permissions(read=self.allow_read,
                                                   write=self.allow_write))
        start = time.perf_counter()
        code: int | None = None
        hung = False
        try:
            async with Host(opts) as host:
                async def go() -> int:
                    await host.load(path)
                    return await host.run_until_idle()
                try:
                    code = await asyncio.wait_for(go(), timeout)
                except TimeoutError:
                    hung = True
        except DeadlineExceeded:
            hung = True
        except HostError as exc:
            err.write(f"hostrt: {exc}\n")
            code = 1
        return Outcome(out.getvalue(), err.getvalue(), code, hung, time.perf_counter() - start)


# Everything the bare baseline adds to a MiniRacer: somewhere for console output to go.
_BARE_PRELUDE = """
var __compat_out = [];
(function () {
  const put = (...a) => { __compat_out.push(a.map(String).join(' ')); };
  console.log = put; console.info = put; console.debug = put;
})();
"""


class BareRuntime(Runtime):
    """mini-racer as shipped, without hostrt: V8 plus mini-racer's own timers and console."""

    name = "bare"
    label = "bare mini-racer"
    note = "MiniRacer() with only a console.log capture added"

    async def run_file(self, path: Path, timeout: float) -> Outcome:
        """Evaluate the file as a script, let its timers run for a moment, collect output."""
        # hostrt's V8 flags must win: whoever initialises V8 first sets them for the process.
        from hostrt.engine import engine_class
        engine_class("mini-racer").init()
        source = path.read_text(encoding="utf-8", errors="replace")
        return await asyncio.to_thread(self._run_sync, source, timeout)

    @staticmethod
    def _run_sync(source: str, timeout: float) -> Outcome:
        from py_mini_racer import JSEvalException, JSTimeoutException, MiniRacer
        start = time.perf_counter()
        mr = MiniRacer()
        out = Outcome()
        try:
            mr.eval(_BARE_PRELUDE)
            try:
                mr.eval(source, timeout_sec=timeout)
                # Give promise jobs and short timers a chance to print.
                mr.eval("new Promise((r) => setTimeout(r, 30))").get(timeout=timeout)
            except JSTimeoutException:
                out.hung = True
                out.code = None
            except JSEvalException as exc:
                out.stderr = str(exc).strip()
                out.code = 1
            if not out.hung:
                with contextlib.suppress(JSEvalException):
                    out.stdout = "".join(f"{line}\n" for line in mr.eval("__compat_out"))
        finally:
            mr.close()
        out.seconds = time.perf_counter() - start
        return out


def _pmjs_path() -> str | None:
    beside = Path(sys.executable).parent / "pmjs"
    if beside.is_file():
        return str(beside)
    return shutil.which("pmjs")


class PythonMonkeyRuntime(Runtime):
    """PythonMonkey's `pmjs` (SpiderMonkey with its own CommonJS and Node-ish globals): a peer."""

    name = "pythonmonkey"
    label = "PythonMonkey"

    def __init__(self) -> None:
        self.pmjs = _pmjs_path()
        self.available = self.pmjs is not None
        if not self.available:
            self.note = "PyPI `pythonmonkey` is not installed (pmjs not found)"
        else:
            with contextlib.suppress(Exception):
                from importlib.metadata import version
                self.label = f"PythonMonkey {version('pythonmonkey')}"

    async def run_file(self, path: Path, timeout: float) -> Outcome:
        """`pmjs FILE` in the file's folder."""
        assert self.pmjs is not None
        path = path.resolve()
        return await run_process([self.pmjs, str(path)], path.parent, timeout)


class PeerRuntime(Runtime):
    """A peer runtime installed by `hostrt setup --peers` (Deno, Bun), run in its
    Node-compatibility mode as a user would run a Node script with it."""

    def __init__(self, name: str, env: dict[str, str] | None = None) -> None:
        from hostrt import peers
        self.env = env                  # None: this process's environment
        peer = peers.PEERS[name]
        self.name = name
        self.peer = peer
        self.label = peer.label
        self.mode = peer.mode
        self.binary = str(peers.binary(name))
        self.available = peers.installed(name)
        if not self.available:
            self.note = peers.not_installed_note(name)
        else:
            ver = peers.version(name)
            self.label = f"{peer.label} {ver}".strip()
            self.note = f"run as {peer.mode}"

    def command(self, path: Path) -> list[str]:
        """The command line that runs `path`."""
        return [self.binary, *self.peer.run_args, str(path)]

    async def run_file(self, path: Path, timeout: float) -> Outcome:
        """Run FILE in the file's folder, in the peer's Node-compatibility mode."""
        path = path.resolve()
        # No colour codes in captured output, and no update checks or telemetry.
        env = {**(self.env or os.environ), "NO_COLOR": "1", "DENO_NO_UPDATE_CHECK": "1",
               "DO_NOT_TRACK": "1", "BUN_DISABLE_TELEMETRY": "1"}
        return await run_process(self.command(path), path.parent, timeout, env)


# The columns, in report order (Node first: the reference), and how to make each.
RUNTIMES: dict[str, Callable[[], Runtime]] = {
    "node": NodeRuntime,
    "hostrt": HostrtRuntime,
    "bare": BareRuntime,
    "pythonmonkey": PythonMonkeyRuntime,
    "deno": lambda: PeerRuntime("deno"),
    "bun": lambda: PeerRuntime("bun"),
}
