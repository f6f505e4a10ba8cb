"""`hostrt fuzz admission`: hostile AdmissionReviews through `hostrt run MODULE --admission`
or `hostrt serve MODULE` over HTTPS.

Cases come from `reviews.hostile_bodies()` (Hypothesis, generate phase only), drawn in chunks by
worker processes ahead of sending (`cases.py`: case `i` of seed `S` can be drawn again alone).
Via run, they are written in batches to a directory and answered by one `hostrt run MODULE
--admission DIR` process per batch, as a user runs it — so a Python traceback, a crash (a
signal, an exit status other than 0/1) or a hang (no exit within the batch's time budget) is
seen exactly as a user would see it. Via serve (`served.py`), one server answers every case
with several requests in flight. Between hostile cases comes a valid "canary" review every
`canary_every` cases: its answer must equal the answer a fresh process gives it (the process
answers the next valid request correctly). Each case must get exactly one answer with both
routes and an HTTP status.

With `differential=K`, K cases sampled over the run are also sent to real Pepr 1.1.4 (its
own Express app, `hostrt/pepr/node/pepr_reference.js`) and both answers are compared: status
and body (hostrt.pepr.compare).

SIGINT or SIGTERM stops a campaign cleanly: no new case is sent, the cases in flight are
answered, the server is stopped and checked, the sampled cases answered so far are compared
with real Pepr, and the figures say how far it got (`complete: false`).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt import wirejson
from hostrt.errors import HostError
from hostrt.fuzz.cases import generate
from hostrt.fuzz.kinds import KINDS
from hostrt.fuzz.reviews import Case

__all__ = ["CANARY", "FuzzConfig", "FuzzResult", "generate", "run_fuzz"]

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
    start: int = 0                        # index of the first case (cases are numbered by seed)
    workers: int = 1                      # processes drawing cases ahead (0: in this process)
    concurrency: int = 4                  # via serve: requests in flight at once


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
    # Sampled cases nested past STACK_SAFE_DEPTH: compared too, counted apart (their answer
    # depends on each engine's stack; see reviews.Case.stack_bound); each one sampled is
    # replaced in the sample by the next case that is not.
    stack_bound_compared: int = 0
    stack_bound_equal: int = 0
    stack_bound_differences: list[str] = field(default_factory=list)
    reconnects: int = 0                   # via serve: a keep-alive connection closed, sent again
    stopped: bool = False                 # stopped by a signal before the last case
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
            "seconds": round(self.seconds, 1),
            "cases_per_second": round(self.cases / self.seconds, 1) if self.seconds else 0.0,
            "reconnects": self.reconnects, "kinds": dict(sorted(self.kinds.items())),
            "statuses": dict(sorted(self.statuses.items())),
            "differential": {"compared": self.differential_compared,
                             "equal": self.differential_equal,
                             "stack_bound": {"compared": self.stack_bound_compared,
                                             "equal": self.stack_bound_equal,
                                             "differences": self.stack_bound_differences[:20]}},
            "problems": self.problems[:50], "ok": self.ok,
        }


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
        # Its own session: a Ctrl-C meant for the fuzzer is not a crash of the process under
        # test (the fuzzer stops between batches).
        proc = subprocess.Popen(_hostrt_cmd(cfg, folder), stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, env=_env(cfg), start_new_session=True)
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
    # "\n" only: str.splitlines() also splits at U+2028, U+0085 and others, which JSON text
    # (JSON.stringify's output) carries unescaped inside strings.
    for line in stdout.split("\n"):
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
    sample = _sample_indices(cfg)

    def report() -> None:
        result.seconds = time.monotonic() - started
        if progress is not None:
            progress(result)

    with tempfile.TemporaryDirectory(prefix="hostrt-fuzz-") as tmp, _stop_on_signal() as stop:
        work = Path(tmp)
        canary = _Canary(cfg, work)
        diff_dir = work / "differential"
        diff_dir.mkdir()
        hostrt_answers: dict[str, dict[str, Any]] = {}
        items = _items(cfg, diff_dir, sample, stop)
        if cfg.via == "serve":
            from hostrt.fuzz.served import fuzz_served
            fuzz_served(cfg, work, items, canary, result, sample, hostrt_answers, report)
        else:
            batch: list[tuple[str, Case | None]] = []
            for item in items:
                batch.append(item)
                if len(batch) >= cfg.batch:
                    _answer_batch(cfg, work, batch, canary, result, sample, hostrt_answers)
                    batch = []
                    report()
            if batch:
                _answer_batch(cfg, work, batch, canary, result, sample, hostrt_answers)
        result.stopped = stop.is_set() and result.cases < cfg.cases
        if sample:
            _differential(cfg, diff_dir, hostrt_answers, result, canary.random_paths)
    report()
    return result


class _stop_on_signal:
    """SIGINT/SIGTERM set an event (the campaign then winds down) instead of unwinding at once;
    a second signal acts as usual."""

    def __enter__(self) -> threading.Event:
        self.event = threading.Event()
        self.saved: dict[int, Any] = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.saved[sig] = signal.signal(sig, self._handle)
        return self.event

    def _handle(self, signum: int, frame: Any) -> None:
        if self.event.is_set():
            signal.signal(signum, self.saved.get(signum, signal.SIG_DFL))
            signal.raise_signal(signum)
            return
        self.event.set()
        print(f"hostrt fuzz: {signal.Signals(signum).name}: stopping after the cases in flight "
              "(again to stop at once)", file=sys.stderr, flush=True)

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)


def _items(cfg: FuzzConfig, diff_dir: Path, sample: set[int],
           stop: threading.Event) -> Iterator[tuple[str, Case | None]]:
    """(file name, case) in order, a canary (case None) after every `canary_every`; the sampled
    cases are also written to `diff_dir` for real Pepr (a stack-bound one is replaced by the
    next case that is not: `sample` grows by it). Ends early once `stop` is set."""
    cases = generate(cfg.cases, cfg.seed, cfg.kinds, start=cfg.start, workers=cfg.workers)
    owed = 0
    try:
        for offset, case in enumerate(cases):
            if stop.is_set():
                return
            index = cfg.start + offset
            name = f"{index:07d}-{case.kind}{'-stack' if case.stack_bound else ''}.json"
            if index in sample and case.stack_bound:
                owed += 1
            elif owed and index not in sample and not case.stack_bound:
                sample.add(index)
                owed -= 1
            if index in sample:
                (diff_dir / name).write_bytes(case.body)
            yield name, case
            if cfg.canary_every and (offset + 1) % cfg.canary_every == 0:
                yield f"{index:07d}-z-canary.json", None
    finally:
        cases.close()


def _sample_indices(cfg: FuzzConfig) -> set[int]:
    if cfg.differential <= 0:
        return set()
    span = range(cfg.start, cfg.start + cfg.cases)
    return set(random.Random(cfg.seed).sample(span, min(cfg.differential, cfg.cases)))


def _answer_batch(cfg: FuzzConfig, work: Path, batch: list[tuple[str, Case | None]],
                  canary: _Canary, result: FuzzResult, sample: set[int],
                  hostrt_answers: dict[str, dict[str, Any]]) -> None:
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
        diffs: list[str] = []
        if ref is None:
            diffs.append("real Pepr gave no answer")
        else:
            compare_values(ref.get("httpStatus"), got.get("httpStatus"), "httpStatus", diffs)
            for kind in ("mutate", "validate"):
                compare_bodies(ref[kind], got[kind], kind, diffs, random_paths)
        if name.endswith("-stack.json"):
            result.stack_bound_compared += 1
            result.stack_bound_equal += not diffs
            if diffs:
                result.stack_bound_differences.append(f"{name}: {diffs[:2]}")
                _keep(cfg, folder / name)
            continue
        result.differential_compared += 1
        if diffs:
            result.problems.append(f"differential {name}: {diffs[:3]}")
            _keep(cfg, folder / name)
        else:
            result.differential_equal += 1


def _keep(cfg: FuzzConfig, path: Path) -> None:
    if cfg.keep is not None:
        cfg.keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, cfg.keep / path.name)
