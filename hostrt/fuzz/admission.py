"""`hostrt fuzz admission`: hostile AdmissionReviews through `hostrt run MODULE --admission`.

Cases come from `reviews.hostile_bodies()` (Hypothesis, generate phase only, seeded). They are
written in batches to a directory and answered by one `hostrt run MODULE --admission DIR`
process per batch, as a user runs it — so a Python traceback, a crash (a signal, an exit status
other than 0/1) or a hang (no exit within the batch's time budget) is seen exactly as a user
would see it. Between hostile cases the batch holds a valid "canary" review every
`canary_every` cases: its answer must equal the answer a fresh process gives it (the process
answers the next valid request correctly). Each case must get exactly one answer line with
both routes and an HTTP status.

With `differential=K`, K cases drawn evenly over the run are also sent to real Pepr 1.1.4 (its
own Express app, `hostrt/pepr/node/pepr_reference.js`) and both answers are compared: status
and body (hostrt.pepr.compare).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt import wirejson
from hostrt.errors import HostError
from hostrt.fuzz.reviews import KINDS, Case, hostile_bodies

# Hostile kinds drawn more or less often: the cheap, varied breakages often; huge and deep
# bodies (megabytes each) seldom, so a 100,000-case run stays within minutes.
DEFAULT_MIX = (("wrong-type", 3), ("missing", 3), ("unicode", 3), ("duplicate", 2),
               ("number", 2), ("bytes", 2), ("truncated", 2), ("not-review", 1), ("huge", 1),
               ("deep", 1))

# The valid review between hostile ones. A ConfigMap in pepr-demo: the namespace and kind Pepr's
# samples (and hello-pepr) bind to, so the canary goes through the module's callbacks.
CANARY = {
    "apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
    "request": {
        "uid": "0f0f0f0f-0000-4000-8000-00000000ca7a",
        "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
        "resource": {"group": "", "version": "v1", "resource": "configmaps"},
        "requestKind": {"group": "", "version": "v1", "kind": "ConfigMap"},
        "requestResource": {"group": "", "version": "v1", "resource": "configmaps"},
        "name": "example-1", "namespace": "pepr-demo", "operation": "CREATE",
        "userInfo": {"username": "kubernetes-admin", "groups": ["system:masters"]},
        "object": {"apiVersion": "v1", "kind": "ConfigMap",
                   "metadata": {"name": "example-1", "namespace": "pepr-demo"},
                   "data": {"key": "ex-1-val"}},
        "oldObject": None, "dryRun": False,
        "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"},
    },
}


@dataclass
class FuzzConfig:
    """What to fuzz and how."""

    module: Path
    cases: int = 1000
    seed: int = 0
    batch: int = 500
    canary_every: int = 25
    differential: int = 0
    kinds: tuple[str, ...] = KINDS
    engine: str | None = None
    timeout: float = 10.0                 # --timeout of the hostrt process (CPU deadline)
    keep: Path | None = None              # where failing cases are copied (else: not kept)
    random_patch_paths: tuple[str, ...] = ()  # patch values random by design: compared by type
    via: str = "run"                      # "run": hostrt run --admission; "serve": over HTTPS
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class FuzzResult:
    """Figures of one run (see `summary`)."""

    cases: int = 0
    answered: int = 0
    tracebacks: int = 0
    crashes: int = 0
    hangs: int = 0
    unanswered: int = 0
    canaries: int = 0
    canaries_wrong: int = 0
    processes: int = 0
    bytes_sent: int = 0
    seconds: float = 0.0
    kinds: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    differential_compared: int = 0
    differential_equal: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every goal met: all answered, no traceback/crash/hang, canaries right, same as Pepr."""
        return (self.answered == self.cases and not (self.tracebacks or self.crashes or self.hangs)
                and self.canaries_wrong == 0
                and self.differential_equal == self.differential_compared)

    def summary(self) -> dict[str, Any]:
        """The figures as a JSON-able dict."""
        return {
            "cases": self.cases, "answered": self.answered, "tracebacks": self.tracebacks,
            "crashes": self.crashes, "hangs": self.hangs, "unanswered": self.unanswered,
            "canaries": self.canaries, "canaries_wrong": self.canaries_wrong,
            "processes": self.processes, "bytes_sent": self.bytes_sent,
            "seconds": round(self.seconds, 1), "kinds": dict(sorted(self.kinds.items())),
            "statuses": dict(sorted(self.statuses.items())),
            "differential": {"compared": self.differential_compared,
                             "equal": self.differential_equal},
            "problems": self.problems[:50], "ok": self.ok,
        }


def generate(count: int, seed: int, kinds: tuple[str, ...] = KINDS,
             mix: tuple[tuple[str, int], ...] = DEFAULT_MIX) -> Any:
    """Yield `count` hostile cases, reproducibly for a seed (Hypothesis, generate phase only).

    Hypothesis drives the test function itself, so the cases are handed out through a thread
    that runs it: the caller consumes them as they come (no list of 100,000 bodies in memory).
    """
    import queue
    import threading

    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    weighted = tuple(k for k, w in mix if k in kinds for _ in range(w)) or kinds
    out: queue.Queue[Case | BaseException | None] = queue.Queue(maxsize=64)
    stop = threading.Event()

    @hseed(seed)
    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    @given(hostile_bodies(weighted))
    def produce(case: Case) -> None:
        if stop.is_set():
            raise _Stop
        out.put(case)

    def run() -> None:
        try:
            produce()
            out.put(None)
        except _Stop:
            out.put(None)
        except BaseException as exc:
            out.put(exc)

    thread = threading.Thread(target=run, name="hostrt-fuzz-generate", daemon=True)
    thread.start()
    produced = 0
    try:
        while produced < count:
            item = out.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise HostError(f"generating cases failed: {item!r}") from item
            produced += 1
            yield item
    finally:
        stop.set()
        while thread.is_alive():
            with contextlib.suppress(queue.Empty):
                out.get(timeout=0.1)
        thread.join()


class _Stop(Exception):
    """The consumer has enough cases."""


def _hostrt_cmd(cfg: FuzzConfig, folder: Path) -> list[str]:
    cmd = [sys.executable, "-m", "hostrt.cli", "run", str(cfg.module), "--admission",
           str(folder), "--timeout", f"{cfg.timeout:g}"]
    if cfg.engine:
        cmd += ["--engine", cfg.engine]
    return cmd


def _env(cfg: FuzzConfig) -> dict[str, str]:
    # Pepr logs every request at info; the fuzzer reads errors only (a traceback, a report).
    # The reference runner serves Pepr's routes under this path (Express pages name it).
    return {**os.environ, "LOG_LEVEL": "error", "PEPR_API_PATH": "hostrt-reference", **cfg.env}


def _run_batch(cfg: FuzzConfig, folder: Path, budget: float) -> tuple[int | None, str, str]:
    """Run one `hostrt run` over a folder; (exit status or None on a hang, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(_hostrt_cmd(cfg, folder), stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, env=_env(cfg))
        try:
            code: int | None = proc.wait(timeout=budget)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = None
        out.seek(0)
        err.seek(0)
        return (code, out.read().decode("utf-8", "replace"),
                err.read().decode("utf-8", "replace"))


def _answers(stdout: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for line in stdout.splitlines():
        try:
            rec = wirejson.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and isinstance(rec.get("file"), str):
            found[Path(rec["file"]).name] = rec
    return found


def _well_formed(rec: dict[str, Any] | None) -> bool:
    if rec is None or "mutate" not in rec or "validate" not in rec:
        return False
    status = rec.get("httpStatus")
    return status is None or (isinstance(status, dict) and all(
        isinstance(status.get(k), int) for k in ("mutate", "validate")))


def _status(rec: dict[str, Any]) -> str:
    status = rec.get("httpStatus") or {}
    return f"{status.get('mutate', 200)}/{status.get('validate', 200)}"


class _Canary:
    """The valid review's expected answer, from a fresh process (twice: patch values that
    differ between two fresh answers are random by design and compared by type)."""

    def __init__(self, cfg: FuzzConfig, work: Path) -> None:
        self.text = wirejson.dumps(CANARY).encode()
        folder = work / "canary"
        folder.mkdir()
        (folder / "canary.json").write_bytes(self.text)
        runs = []
        for _ in range(2):
            code, out, err = _run_batch(cfg, folder, 120)
            rec = _answers(out).get("canary.json")
            if code not in (0, 1) or not _well_formed(rec):
                raise HostError(f"{cfg.module}: the module does not answer a valid "
                                f"AdmissionReview (exit {code}):\n{err[-2000:]}")
            runs.append(rec)
        self.expected: dict[str, Any] = runs[0]
        self.random_paths = [*cfg.random_patch_paths, *_differing_patch_paths(runs[0], runs[1])]

    def check(self, got: dict[str, Any]) -> list[str]:
        """Differences from the expected answer (empty: answered correctly)."""
        from hostrt.pepr.compare import compare_bodies, compare_values
        diffs: list[str] = []
        compare_values(self.expected.get("httpStatus"), got.get("httpStatus"), "httpStatus",
                       diffs)
        for kind in ("mutate", "validate"):
            compare_bodies(self.expected.get(kind), got.get(kind), kind, diffs,
                           self.random_paths)
        return diffs


def _differing_patch_paths(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    import base64
    paths: list[str] = []
    try:
        pa = wirejson.loads(base64.b64decode(a["mutate"]["response"]["patch"]))
        pb = wirejson.loads(base64.b64decode(b["mutate"]["response"]["patch"]))
    except (KeyError, TypeError, ValueError):
        return paths
    for x, y in zip(pa, pb, strict=False):
        if isinstance(x, dict) and isinstance(y, dict) and x != y and x.get("path") == y.get("path"):
            paths.append(str(x.get("path")))
    return paths


def run_fuzz(cfg: FuzzConfig, progress: Callable[[FuzzResult], None] | None = None
             ) -> FuzzResult:
    """Fuzz `cfg.module`; the figures. Raises HostError when the module cannot answer a valid
    review at all (nothing to fuzz)."""
    from hostrt.pepr.module import resolve_module
    resolve_module(cfg.module)  # a clear error for a path that is not a Pepr module
    result = FuzzResult()
    started = time.monotonic()
    sample = _sample_indices(cfg.cases, cfg.differential, cfg.seed)
    with tempfile.TemporaryDirectory(prefix="hostrt-fuzz-") as tmp:
        work = Path(tmp)
        canary = _Canary(cfg, work)
        server = _Server(cfg, work) if cfg.via == "serve" else None
        diff_dir = work / "differential"
        diff_dir.mkdir()
        hostrt_answers: dict[str, dict[str, Any]] = {}
        batch: list[tuple[str, Case | None]] = []
        for index, case in enumerate(generate(cfg.cases, cfg.seed, cfg.kinds)):
            name = f"{index:07d}-{case.kind}.json"
            batch.append((name, case))
            if index in sample:
                (diff_dir / name).write_bytes(case.body)
            if cfg.canary_every and (index + 1) % cfg.canary_every == 0:
                batch.append((f"{index:07d}-z-canary.json", None))
            if len(batch) >= cfg.batch:
                _answer_batch(cfg, work, batch, canary, result, sample, hostrt_answers, server)
                batch = []
                if progress is not None:
                    result.seconds = time.monotonic() - started
                    progress(result)
        if batch:
            _answer_batch(cfg, work, batch, canary, result, sample, hostrt_answers, server)
        if server is not None:
            server.stop(result)
        if sample:
            _differential(cfg, diff_dir, hostrt_answers, result, canary.random_paths)
    result.seconds = time.monotonic() - started
    if progress is not None:
        progress(result)
    return result


def _sample_indices(cases: int, k: int, seed: int) -> set[int]:
    if k <= 0:
        return set()
    return set(random.Random(seed).sample(range(cases), min(k, cases)))


def _answer_batch(cfg: FuzzConfig, work: Path, batch: list[tuple[str, Case | None]],
                  canary: _Canary, result: FuzzResult, sample: set[int],
                  hostrt_answers: dict[str, dict[str, Any]], server: _Server | None = None) -> None:
    if server is not None:
        _answer_batch_served(server, batch, canary, result, sample, hostrt_answers)
        return
    folder = work / "batch"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    size = 0
    for name, case in batch:
        body = canary.text if case is None else case.body
        (folder / name).write_bytes(body)
        size += len(body)
    result.bytes_sent += size
    # Generous: a hang is minutes, not a slow machine (2 s a case, plus start-up and 10 s a MB).
    budget = 60 + 2 * len(batch) + 10 * size / 1e6
    code, out, err = _run_batch(cfg, folder, budget)
    result.processes += 1
    answers = _answers(out)
    failed: list[str] = []
    if code is None:
        result.hangs += 1
        result.problems.append(f"hang: no exit within {budget:.0f}s (batch from "
                               f"{batch[0][0]})")
    elif code not in (0, 1):
        result.crashes += 1
        result.problems.append(f"crash: exit status {code} (batch from {batch[0][0]}): "
                               f"{err[-500:]}")
    if "Traceback (most recent call last)" in err:
        result.tracebacks += 1
        result.problems.append(f"traceback (batch from {batch[0][0]}): "
                               f"{err[err.index('Traceback'):][:1500]}")
    for name, case in batch:
        rec = answers.get(name)
        if case is None:
            result.canaries += 1
            diffs = ["no answer"] if not _well_formed(rec) else canary.check(rec or {})
            if diffs:
                result.canaries_wrong += 1
                result.problems.append(f"canary {name} answered wrongly: {diffs[:3]}")
                failed.append(name)
            continue
        result.cases += 1
        result.kinds[case.kind] += 1
        if _well_formed(rec):
            assert rec is not None
            result.answered += 1
            result.statuses[_status(rec)] += 1
            if int(name[:7]) in sample:
                hostrt_answers[name] = rec
        else:
            result.unanswered += 1
            result.problems.append(f"no answer for {name} ({case.kind}: {case.detail})")
            failed.append(name)
    if cfg.keep is not None and (failed or code not in (0, 1)
                                 or "Traceback (most recent call last)" in err):
        dest = cfg.keep / f"batch-{batch[0][0][:7]}"
        shutil.copytree(folder, dest, dirs_exist_ok=True)
        (dest / "stderr.txt").write_text(err)


def _differential(cfg: FuzzConfig, folder: Path, hostrt_answers: dict[str, dict[str, Any]],
                  result: FuzzResult, random_paths: list[str]) -> None:
    """Send the sampled cases to real Pepr 1.1.4 and compare each answer with hostrt's."""
    from hostrt.pepr.compare import compare_bodies, compare_values
    from hostrt.pepr.module import resolve_module
    from hostrt.pepr.reference import REFERENCE_RUNNER, pepr_reference

    node = shutil.which("node")
    if node is None:
        raise HostError("--differential needs real Node.js (v20) on PATH: real Pepr runs on it")
    from hostrt.loader.npm import ensure_installed
    where = Path(ensure_installed())
    esbuild = where / "node_modules" / "esbuild"
    spec = resolve_module(cfg.module)
    env = {**os.environ, **cfg.env}
    env.pop("LOG_LEVEL", None)
    proc = subprocess.run([node, str(REFERENCE_RUNNER), "--module", str(spec.entry),
                           "--pepr", str(pepr_reference(announce=True)), "--esbuild",
                           str(esbuild), str(folder)],
                          capture_output=True, env=env, stdin=subprocess.DEVNULL,
                          timeout=600 + 5 * len(hostrt_answers))
    if proc.returncode != 0:
        raise HostError("real Pepr (hostrt/pepr/node/pepr_reference.js) failed:\n"
                        + proc.stderr.decode("utf-8", "replace")[-3000:])
    reference = _answers(proc.stdout.decode("utf-8", "replace"))
    for name, got in sorted(hostrt_answers.items()):
        ref = reference.get(name)
        result.differential_compared += 1
        if ref is None:
            result.problems.append(f"differential {name}: real Pepr gave no answer")
            continue
        diffs: list[str] = []
        compare_values(ref.get("httpStatus"), got.get("httpStatus"), "httpStatus", diffs)
        for kind in ("mutate", "validate"):
            compare_bodies(ref[kind], got[kind], kind, diffs, random_paths)
        if diffs:
            result.problems.append(f"differential {name}: {diffs[:3]}")
            if cfg.keep is not None:
                cfg.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(folder / name, cfg.keep / name)
        else:
            result.differential_equal += 1


# -- through `hostrt serve` over HTTPS --------------------------------------------------------------

class _Server:
    """`hostrt serve MODULE` on a free port with its own CA; the fuzzer POSTs each case to
    /mutate and /validate as the API server would (verified TLS, keep-alive)."""

    API_PATH = "hostrt-reference"

    def __init__(self, cfg: FuzzConfig, work: Path) -> None:
        import re
        import ssl

        from hostrt.serve.tls import generate_self_signed
        made = generate_self_signed(work / "tls.crt", work / "tls.key")
        self.ctx = ssl.create_default_context(cafile=str(made.ca))
        self.err_path = work / "serve-stderr.txt"
        self._err = self.err_path.open("wb")
        cmd = [sys.executable, "-m", "hostrt.cli", "serve", str(cfg.module), "--port", "0",
               "--host", "127.0.0.1", "--tls-cert", str(made.cert), "--tls-key", str(made.key),
               "--api-path", self.API_PATH]
        if cfg.engine:
            cmd += ["--engine", cfg.engine]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self._err,
                                     stdin=subprocess.DEVNULL, env=_env(cfg))
        listening = re.compile(rb"hostrt serve: listening on https://[^:]+:(\d+)")
        deadline = time.monotonic() + 120
        self.port = 0
        while not self.port:
            m = listening.search(self.err_path.read_bytes())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None or time.monotonic() > deadline:
                raise HostError(f"{cfg.module}: hostrt serve did not start (exit "
                                f"{self.proc.poll()}):\n"
                                + self.err_path.read_bytes().decode("utf-8", "replace")[-2000:])
            else:
                time.sleep(0.05)
        self.timeout = 60.0
        self._conn: Any = None
        self._wait_ready(deadline)

    def _wait_ready(self, deadline: float) -> None:
        """Until /readyz answers 200 (the port opens before the module has loaded)."""
        import http.client
        while time.monotonic() < deadline and self.proc.poll() is None:
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, context=self.ctx,
                                               timeout=5)
            try:
                conn.request("GET", "/readyz")
                if conn.getresponse().status == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            finally:
                conn.close()
            time.sleep(0.1)
        raise HostError("hostrt serve did not become ready:\n"
                        + self.err_path.read_bytes().decode("utf-8", "replace")[-2000:])

    def post(self, route: str, body: bytes) -> dict[str, Any] | None:
        """One answer {status, body} (body parsed when JSON), or None: no answer."""
        import http.client
        for attempt in (1, 2):  # a dropped keep-alive connection is retried once, fresh
            if self._conn is None:
                self._conn = http.client.HTTPSConnection("127.0.0.1", self.port,
                                                         context=self.ctx, timeout=self.timeout)
            try:
                self._conn.request("POST", f"/{route}/{self.API_PATH}", body=body,
                                   headers={"Content-Type": "application/json"})
                resp = self._conn.getresponse()
                data = resp.read()
            except (OSError, http.client.HTTPException):
                self._conn.close()
                self._conn = None
                if attempt == 2 or self.proc.poll() is not None:
                    return None
                continue
            text = data.decode("utf-8", "replace")
            parsed: Any = text
            if "json" in (resp.getheader("Content-Type") or ""):
                try:
                    parsed = wirejson.loads(text)
                except ValueError:
                    parsed = text
            return {"status": resp.status, "body": parsed}
        return None

    def stop(self, result: FuzzResult) -> None:
        """Stop the server; a crash, an early exit or a traceback on its stderr is counted."""
        import signal
        if self.proc.poll() is not None:
            result.crashes += 1
            result.problems.append(f"hostrt serve exited {self.proc.returncode} during the run")
        else:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                result.hangs += 1
                result.problems.append("hostrt serve did not stop within 30 s of SIGTERM")
        self._err.close()
        err = self.err_path.read_bytes().decode("utf-8", "replace")
        if "Traceback (most recent call last)" in err:
            result.tracebacks += 1
            result.problems.append("traceback from hostrt serve: "
                                   + err[err.index("Traceback"):][:1500])


def _answer_batch_served(server: _Server, batch: list[tuple[str, Case | None]], canary: _Canary,
                         result: FuzzResult, sample: set[int],
                         hostrt_answers: dict[str, dict[str, Any]]) -> None:
    result.processes = 1
    for name, case in batch:
        body = canary.text if case is None else case.body
        result.bytes_sent += 2 * len(body)
        answers = {route: server.post(route, body) for route in ("mutate", "validate")}
        rec: dict[str, Any] | None = None
        if all(a is not None for a in answers.values()):
            rec = {"file": name, "mutate": answers["mutate"]["body"],  # type: ignore[index]
                   "validate": answers["validate"]["body"]}  # type: ignore[index]
            statuses = {k: a["status"] for k, a in answers.items()}  # type: ignore[index]
            if any(code != 200 for code in statuses.values()):
                rec["httpStatus"] = statuses
        if case is None:
            result.canaries += 1
            diffs = ["no answer"] if rec is None else canary.check(rec)
            if diffs:
                result.canaries_wrong += 1
                result.problems.append(f"canary {name} answered wrongly over HTTPS: {diffs[:3]}")
            continue
        result.cases += 1
        result.kinds[case.kind] += 1
        if rec is None:
            result.unanswered += 1
            result.problems.append(f"no answer over HTTPS for {name} ({case.kind}: "
                                   f"{case.detail})")
            continue
        result.answered += 1
        result.statuses[_status(rec)] += 1
        if int(name[:7]) in sample:
            hostrt_answers[name] = rec
