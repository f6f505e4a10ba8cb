"""`hostrt bench soak`: a long steady run through `hostrt serve` and real Pepr 1.1.4's controller.

Both servers serve the `npx pepr build` bundle of hello-pepr (the pieces of `hostrt bench serve`:
`hostrt serve --role admission`, one process; Pepr's controller under Node with its PeprStore on
the fake API) and get the same request stream, N requests each (default 1,000,000; `--scale`
multiplies it, HOSTRT_BENCH_SOAK_REQUESTS sets it outright), in 10 chunks taken in turns
(hostrt chunk 1, Pepr chunk 1, hostrt chunk 2, ...), so the machine's background load falls on
both alike and each server idles while the other is loaded.

The stream, the same on both sides: `wrk` over HTTPS with keep-alive (1 thread, 8 connections);
99 of every 100 requests are the hello-pepr requests (`requests/*.json`) on /mutate and
/validate in turn, the 100th is hostile. The hostile pool is drawn before the timed run with a
fixed seed from the fuzzer's strategies (`hostrt/fuzz/reviews.py`, the fuzzer's mix of kinds),
plus fixed nasty bodies (`NASTY`: deep nesting, a huge string, malformed JSON, non-UTF-8 bytes,
a truncated body, an empty one, a body over Pepr's 2 MB limit).

Before the timed run each server answers every (body, route) of the pool once, unloaded: that is
the answer each request is expected to get (the test checks hostrt's against `hostrt run`). The
wrk script (`_WRK_LUA`) counts, per chunk, the requests it sent, the answers it got per HTTP
status and the statuses the sent requests were expected to get; it stops once every request of
the chunk is answered, or `GRACE` seconds after the last was sent (a request still unanswered
then is lost). Reported per server:
- RSS of the server's process tree (VmRSS from /proc) after each chunk and every second;
- latency p50 and p99 per chunk (wrk's, over the chunk's requests);
- isolate restarts (hostrt's /metrics), process exits (a crashed server is started again, as
  Kubernetes would restart the pod, and the exit is reported);
- statuses per class, socket errors and timeouts (wrk's), answers whose status differs from the
  unloaded answer, and lost answers (sent, never answered).
Goals: RSS after the last chunk <= 1.2x RSS after the first; p99 of the last chunk <= 1.2x the
first's; 0 lost answers.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import ssl
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hostrt.bench.harness import BenchContext
from hostrt.bench.registry import HOSTRT, NODE, Measurement, Series, Target, workload
from hostrt.bench.serve import API_PATH, Served, server_starters, tree_rss_mb, wrk_missing

GROUP = "soak"
TOTAL = 1_000_000
CHUNKS = 10
HOSTILE_EVERY = 100        # one request in 100 is hostile
HOSTILE_POOL = 200         # bodies drawn from the fuzzer's strategies
SEED = 15
CONNECTIONS = 8
GRACE = 30                 # seconds after the last request of a chunk was sent
SAMPLE_EVERY = 1.0         # seconds between timer RSS samples
ENV_REQUESTS = "HOSTRT_BENCH_SOAK_REQUESTS"
LABELS = {HOSTRT: "hostrt serve (1 process)", NODE: "Pepr 1.1.4 controller (node)"}
GOAL_RSS = 1.2
GOAL_P99 = 1.2

# wrk: per-thread counters, a deterministic mix, stop after the chunk's quota is answered.
_WRK_LUA = r"""
local quota = tonumber(os.getenv("HOSTRT_SOAK_QUOTA"))
local offset = tonumber(os.getenv("HOSTRT_SOAK_OFFSET"))
local every = tonumber(os.getenv("HOSTRT_SOAK_EVERY"))
local grace = tonumber(os.getenv("HOSTRT_SOAK_GRACE"))
local valid, hostile = {}, {}
local filler = nil
-- Requests are built in init(): wrk sets the Host header only then.
init = function(args)
  local headers = {["Host"] = wrk.headers["Host"], ["Content-Type"] = "application/json"}
  for line in io.lines(os.getenv("HOSTRT_SOAK_MANIFEST")) do
    local class, path, expect, file = line:match("^(%S+)\t(%S+)\t(%S+)\t(.+)$")
    local f = assert(io.open(file, "rb"))
    local body = f:read("*a")
    f:close()
    local req = wrk.format("POST", path, headers, body)
    table.insert(class == "hostile" and hostile or valid, {req, expect})
  end
  filler = wrk.format("GET", "/healthz", {["Host"] = wrk.headers["Host"]})
end
sent, answered, hostile_sent, fillers = 0, 0, 0, 0
expected, got = {}, {}
local last_sent = nil
local primed = false
local function stop()
  io.write("HOSTRT_SOAK_STOP\n")
  io.flush()
  wrk.thread:stop()
end
request = function()
  if not primed then
    -- wrk calls request() once before the run to check the script: not a request sent.
    primed = true
    return filler
  end
  if sent == 0 then
    io.write("HOSTRT_SOAK_BEGIN\n")
    io.flush()
  end
  if sent >= quota then
    fillers = fillers + 1
    return filler
  end
  local n = offset + sent
  sent = sent + 1
  local e
  if n % every == every - 1 then
    e = hostile[(math.floor(n / every) % #hostile) + 1]
    hostile_sent = hostile_sent + 1
  else
    e = valid[(n % #valid) + 1]
  end
  expected[e[2]] = (expected[e[2]] or 0) + 1
  if sent >= quota then last_sent = os.time() end
  return e[1]
end
response = function(status, headers, body)
  if status == 200 and body == "OK" then
    if last_sent ~= nil and os.time() - last_sent > grace then stop() end
    return
  end
  answered = answered + 1
  local k = tostring(status)
  got[k] = (got[k] or 0) + 1
  if answered >= quota then stop() end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
local function enc(t)
  local parts = {}
  for k, v in pairs(t) do table.insert(parts, string.format('"%s":%d', k, v)) end
  return "{" .. table.concat(parts, ",") .. "}"
end
done = function(summary, latency, requests)
  local s, a, h, fl = 0, 0, 0, 0
  local parts_e, parts_g = {}, {}
  for _, t in ipairs(threads) do
    s = s + t:get("sent"); a = a + t:get("answered"); h = h + t:get("hostile_sent")
    fl = fl + t:get("fillers")
    table.insert(parts_e, enc(t:get("expected")))
    table.insert(parts_g, enc(t:get("got")))
  end
  local e = summary.errors
  io.write(string.format(
    'HOSTRT_SOAK {"sent":%d,"answered":%d,"hostile":%d,"fillers":%d,"requests":%d,' ..
    '"duration_us":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"non2xx":%d,' ..
    '"p50":%d,"p99":%d,"max":%d,"expected":[%s],"got":[%s]}\n',
    s, a, h, fl, summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout,
    e.status, latency:percentile(50), latency:percentile(99), latency.max,
    table.concat(parts_e, ","), table.concat(parts_g, ",")))
end
"""


# -- the request pool ----------------------------------------------------------------------------
def _review(name: str, data: Any, uid: str = "5a0c0000-0000-4000-8000-000000000015") -> dict[str, Any]:
    obj = {"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": name, "namespace": "pepr-demo"}, "data": data}
    gvk = {"group": "", "version": "v1", "kind": "ConfigMap"}
    gvr = {"group": "", "version": "v1", "resource": "configmaps"}
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": uid, "kind": gvk, "resource": gvr, "requestKind": gvk, "requestResource": gvr,
        "name": name, "namespace": "pepr-demo", "operation": "CREATE",
        "userInfo": {"username": "kubernetes-admin"}, "object": obj, "oldObject": None,
        "dryRun": False, "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions"}}}


def _nasty() -> list[tuple[str, bytes, str]]:
    """The fixed nasty bodies: (name, body, the status class Pepr's Express app gives it, or ''
    when the module decides)."""
    plain = json.dumps(_review("soak-plain", {"key": "v"})).encode()
    deep = json.dumps(_review("soak-deep", "@")).encode()
    over = json.dumps(_review("soak-over-2mb", {"key": "x" * (2 * 1024 * 1024 + 100_000)}))
    return [
        # Depths clear of the edge where Pepr's processing overflows the JS stack (about
        # 3,000-5,000 levels, moving with JIT warm-up): answered, and far past it.
        ("deep-2000", deep.replace(b'"@"', b'{"a":' * 2000 + b"1" + b"}" * 2000), ""),
        ("deep-100000", deep.replace(b'"@"', b"[" * 100_000 + b"]" * 100_000), ""),
        ("huge-string-1.9MB",
         json.dumps(_review("soak-huge", {"key": "x" * 1_900_000})).encode(), ""),
        ("malformed-json", plain[: len(plain) // 2] + b",,}{]", "4xx"),
        ("non-utf8", plain.replace(b'"v"', b'"\xff\xfe\xc3("'), ""),
        ("truncated", plain[: len(plain) * 2 // 3], "4xx"),
        ("empty", b"", ""),
        ("over-2MB", over.encode(), "413"),
    ]


@dataclass
class Entry:
    """One request of the pool: its class (valid/hostile), kind, route and body file."""

    cls: str
    kind: str
    route: str
    file: Path
    expect_class: str = ""   # for nasty bodies with a fixed answer: "4xx" or an exact status

    @property
    def key(self) -> str:
        """A name for reports: kind and route."""
        return f"{self.kind} {self.file.stem} /{self.route}"


def build_pool(folder: Path, hostile: int = HOSTILE_POOL, seed: int = SEED) -> list[Entry]:
    """Write the pool's bodies into `folder`: hello-pepr's requests and the hostile ones (drawn
    with `seed` from the fuzzer's strategies, then the fixed nasty bodies), each on both routes."""
    from hostrt.fuzz.admission import generate
    from hostrt.resources import data_path
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Entry] = []
    requests = sorted(data_path("modules/hello-pepr/requests").glob("*.json"))
    for req in requests:
        for route in ("mutate", "validate"):
            out.append(Entry("valid", "hello-pepr", route, req))
    # The fixed nasty bodies first: a short run sends them too.
    bodies = [(name, "nasty", body, expect) for name, body, expect in _nasty()]
    for i, case in enumerate(generate(hostile, seed)):
        bodies.append((f"fuzz-{i:04d}", case.kind, case.body, ""))
    for i, (name, kind, body, expect) in enumerate(bodies):
        path = folder / f"{name}.body"
        path.write_bytes(body)
        # Alternate the route so each body is seen on both over the run's cycles.
        for route in (("mutate", "validate") if i % 2 == 0 else ("validate", "mutate")):
            out.append(Entry("hostile", kind, route, path, expect))
    return out


def write_manifest(entries: list[Entry], expected: list[str], path: Path) -> None:
    """The pool as the wrk script reads it: class, path, expected status, body file."""
    lines = [f"{e.cls}\t/{e.route}/{API_PATH}\t{st}\t{e.file}" for e, st in zip(entries, expected,
                                                                                strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- talking to a server -------------------------------------------------------------------------
def _client() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the bench's own self-signed server on 127.0.0.1
    return ctx


def post(port: int, path: str, body: bytes, timeout: float = 60) -> tuple[int, bytes] | None:
    """One POST on a fresh HTTPS connection: (status, body), or None when no answer came."""
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=_client(), timeout=timeout)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def calibrate(port: int, entries: list[Entry]) -> list[tuple[int, bytes] | None]:
    """Every entry sent once, unloaded: the answers the timed run is expected to repeat."""
    return [post(port, f"/{e.route}/{API_PATH}", e.file.read_bytes()) for e in entries]


_METRIC = re.compile(r'^(hostrt_isolate_restarts_total|hostrt_admission_retries_total|'
                     r'hostrt_admission_deadline_answers_total|pepr_errors|pepr_alerts|'
                     r'pepr_errors_total|pepr_alerts_total)(\{[^}]*\})?\s+([0-9.eE+-]+)$')


def scrape(port: int) -> dict[str, float]:
    """The counters of /metrics the soak reports (isolate restarts, retries, errors)."""
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=_client(), timeout=30)
    try:
        conn.request("GET", "/metrics")
        text = conn.getresponse().read().decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return {}
    finally:
        conn.close()
    out: dict[str, float] = {}
    for line in text.splitlines():
        m = _METRIC.match(line)
        if m:
            key = m.group(1) + (m.group(2) or "")
            out[key] = out.get(key, 0.0) + float(m.group(3))
    return out


def restarts_from(metrics: dict[str, float]) -> int:
    """Isolate restarts (all reasons) from scraped counters."""
    return int(sum(v for k, v in metrics.items() if k.startswith("hostrt_isolate_restarts")))


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


# -- the run -------------------------------------------------------------------------------------
@dataclass
class Chunk:
    """One wrk run against one server."""

    index: int
    requests_before: int
    sent: int
    answered: int
    hostile: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    socket: dict[str, int]
    non2xx: int
    expected: dict[str, int]
    got: dict[str, int]
    rss_mb: float
    restarts: int = 0

    @property
    def lost(self) -> int:
        """Requests sent that got no HTTP answer."""
        return self.sent - self.answered

    @property
    def rps(self) -> float:
        """Answers per second."""
        return self.answered / self.seconds if self.seconds else 0.0


@dataclass
class SideResult:
    """Everything measured on one server over the run."""

    label: str
    chunks: list[Chunk] = field(default_factory=list)
    rss_ready_mb: float = 0.0
    rss_timer: list[tuple[float, float]] = field(default_factory=list)   # (t since start, MB)
    exits: list[str] = field(default_factory=list)
    load_1min: list[float] = field(default_factory=list)   # the machine's, sampled with RSS
    calibration: dict[str, Any] = field(default_factory=dict)
    unloaded: dict[str, str] = field(default_factory=dict)   # entry key -> unloaded status
    metrics: dict[str, float] = field(default_factory=dict)
    failure: str = ""

    @property
    def answered(self) -> int:
        """Answers over the run."""
        return sum(c.answered for c in self.chunks)

    @property
    def lost(self) -> int:
        """Lost answers over the run."""
        return sum(c.lost for c in self.chunks)

    def statuses(self) -> dict[str, int]:
        """Answers per status over the run."""
        total: Counter[str] = Counter()
        for c in self.chunks:
            total.update(c.got)
        return dict(sorted(total.items()))

    def changed(self) -> int:
        """Answers whose status differs from the unloaded answer to the same request (a lost
        answer is counted as lost, not here)."""
        exp: Counter[str] = Counter()
        got: Counter[str] = Counter()
        for c in self.chunks:
            exp.update(c.expected)
            got.update(c.got)
        return max(0, sum(max(0, v - got.get(k, 0)) for k, v in exp.items()) - self.lost)


def run_wrk_chunk(port: int, manifest: Path, script: Path, quota: int, offset: int,
                  timeout_s: float = 10.0, alive: Callable[[], bool] | None = None
                  ) -> dict[str, Any]:
    """One chunk: `quota` requests of the mix from position `offset`; wrk's JSON line, with
    `seconds` from the first request sent to the last answer (or the grace's end). When
    `alive()` turns false (the server died), wrk is told to report `GRACE` seconds later."""
    import signal
    env = {**os.environ, "HOSTRT_SOAK_MANIFEST": str(manifest), "HOSTRT_SOAK_QUOTA": str(quota),
           "HOSTRT_SOAK_OFFSET": str(offset), "HOSTRT_SOAK_EVERY": str(HOSTILE_EVERY),
           "HOSTRT_SOAK_GRACE": str(GRACE)}
    # wrk's duration is a safety net only: the script stops its thread once the quota is
    # answered and says so; wrk's main thread sleeps out -d unless interrupted (SIGINT makes it
    # report at once, done() included).
    limit = max(120, int(quota / 200) + 120)
    proc = subprocess.Popen(["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{limit}s", "--timeout",
                             f"{timeout_s:g}s", "-s", str(script), f"https://127.0.0.1:{port}/"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    began = ended = 0.0
    result: dict[str, Any] | None = None
    finished = threading.Event()

    def watchdog() -> None:
        while not finished.wait(1.0):
            if alive is not None and not alive():
                if not finished.wait(GRACE) and proc.poll() is None:
                    proc.send_signal(signal.SIGINT)
                return

    threading.Thread(target=watchdog, daemon=True).start()
    try:
        for line in proc.stdout:
            if line.startswith("HOSTRT_SOAK_BEGIN"):
                began = time.monotonic()
            elif line.startswith("HOSTRT_SOAK_STOP"):
                ended = time.monotonic()
                proc.send_signal(signal.SIGINT)
            elif line.startswith("HOSTRT_SOAK "):
                result = dict(json.loads(line[len("HOSTRT_SOAK "):]))
        proc.wait(60)
    finally:
        finished.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if result is None:
        err = proc.stderr.read() if proc.stderr else ""
        raise RuntimeError(f"wrk gave no result (exit {proc.returncode}): {err[-500:]}")
    if began and ended:
        result["seconds"] = ended - began
    else:
        result["seconds"] = result["duration_us"] / 1e6
    return result


def _merge(parts: list[dict[str, int]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for p in parts:
        total.update({str(k): int(v) for k, v in p.items()})
    return dict(sorted(total.items()))


class _Side:
    """One server under test: started, restarted after a crash, sampled."""

    def __init__(self, key: str, start: Callable[[], Any]) -> None:
        self.key = key
        self.start = start
        self.stack = ExitStack()
        self.served: Served | None = None
        self.result = SideResult(LABELS[key])

    def up(self) -> Served:
        if self.served is None:
            self.served = self.stack.enter_context(self.start())
        return self.served

    def check_alive(self) -> bool:
        """False (and the exit recorded, the server started again) when the process died."""
        if self.served is None or _alive(self.served.pid):
            return True
        self.result.exits.append(f"process {self.served.pid} exited after "
                                 f"{self.result.answered:,} answers")
        self.stack.close()
        self.stack = ExitStack()
        self.served = None
        self.up()
        return False

    def close(self) -> None:
        self.stack.close()


def _sampler(sides: list[_Side], stop: threading.Event, t0: float) -> None:
    """RSS of every server's tree now, then every SAMPLE_EVERY seconds, then once at the end."""
    while True:
        for side in sides:
            s = side.served
            if s is not None:
                side.result.rss_timer.append((round(time.monotonic() - t0, 2),
                                              round(tree_rss_mb(s.pid), 2)))
                side.result.load_1min.append(round(os.getloadavg()[0], 2))
        if stop.is_set():
            return
        stop.wait(SAMPLE_EVERY)


def soak(starters: dict[str, Callable[[], Any]], entries: list[Entry], work: Path, total: int,
         chunks: int = CHUNKS, progress: Callable[[str], None] | None = None
         ) -> dict[str, SideResult]:
    """Run the soak: start each server, calibrate it, then `chunks` chunks of total/chunks
    requests each, servers in turns."""
    script = work / "soak.lua"
    script.write_text(_WRK_LUA)
    sides = [_Side(k, s) for k, s in starters.items()]
    quota = max(1, total // chunks)
    stop = threading.Event()
    t0 = time.monotonic()
    sampler = threading.Thread(target=_sampler, args=(sides, stop, t0), daemon=True)
    manifests: dict[str, Path] = {}
    try:
        for side in sides:
            try:
                s = side.up()
            except Exception as exc:  # a server that cannot run is reported, never estimated
                side.result.failure = str(exc)[-600:]
                continue
            side.result.rss_ready_mb = tree_rss_mb(s.pid)
            answers = calibrate(s.port, entries)
            side.result.calibration = calibration_summary(entries, answers)
            if not side.check_alive():
                side.result.calibration["crashed"] = True
            expected = [str(a[0]) if a is not None else "none" for a in answers]
            side.result.unloaded = {e.key: st for e, st in zip(entries, expected, strict=True)}
            manifests[side.key] = work / f"manifest-{side.key}.tsv"
            write_manifest(entries, expected, manifests[side.key])
        sampler.start()
        for i in range(chunks):
            for side in sides:
                if side.result.failure or side.served is None:
                    continue
                s = side.served
                before = side.result.answered
                try:
                    d = run_wrk_chunk(s.port, manifests[side.key], script, quota, i * quota,
                                      alive=lambda pid=s.pid: _alive(pid))
                except Exception as exc:
                    side.result.failure = f"chunk {i + 1}: {exc}"[-600:]
                    continue
                alive = side.check_alive()
                metrics = scrape(side.up().port)
                if metrics:
                    side.result.metrics = metrics
                side.result.chunks.append(Chunk(
                    i, before, int(d["sent"]), int(d["answered"]), int(d["hostile"]),
                    float(d["seconds"]), d["p50"] / 1000.0, d["p99"] / 1000.0,
                    d["max"] / 1000.0,
                    {k: int(d[k]) for k in ("connect", "read", "write", "timeout")},
                    int(d["non2xx"]), _merge(d["expected"]), _merge(d["got"]),
                    tree_rss_mb(side.up().pid), restarts_from(side.result.metrics)))
                if progress is not None:
                    c = side.result.chunks[-1]
                    progress(f"soak {side.key} chunk {i + 1}/{chunks}: {c.answered:,} answered, "
                             f"{c.lost} lost, p99 {c.p99_ms:.1f} ms, RSS {c.rss_mb:.0f} MB"
                             + ("" if alive else " (the server had exited; started again)"))
    finally:
        stop.set()
        if sampler.is_alive():
            sampler.join(5)
        for side in sides:
            side.close()
    return {side.key: side.result for side in sides}


def calibration_summary(entries: list[Entry], answers: list[tuple[int, bytes] | None]
                        ) -> dict[str, Any]:
    """The unloaded answers: statuses of valid and hostile requests, each nasty body's status,
    and nasty bodies whose fixed answer (e.g. 413 over 2 MB) did not come."""
    valid: Counter[str] = Counter()
    hostile: Counter[str] = Counter()
    nasty: dict[str, str] = {}
    wrong: list[str] = []
    for e, a in zip(entries, answers, strict=True):
        status = "none" if a is None else str(a[0])
        (valid if e.cls == "valid" else hostile)[status] += 1
        if e.kind == "nasty":
            nasty[f"{e.file.stem} /{e.route}"] = status
            if e.expect_class and not status_matches(status, e.expect_class):
                wrong.append(f"{e.file.stem} /{e.route}: {status}, expected {e.expect_class}")
    return {"valid": dict(sorted(valid.items())), "hostile": dict(sorted(hostile.items())),
            "nasty": nasty, "unexpected": wrong}


def status_matches(status: str, expect: str) -> bool:
    """'413' matches '413'; '400' matches '4xx'."""
    if expect.endswith("xx"):
        return status[:1] == expect[:1] and len(status) == 3
    return status == expect


def status_classes(statuses: dict[str, int]) -> dict[str, int]:
    """{'200': 5, '400': 1, '413': 2} -> {'2xx': 5, '4xx': 3}."""
    out: Counter[str] = Counter()
    for k, v in statuses.items():
        out[f"{k[:1]}xx" if k.isdigit() else k] += v
    return dict(sorted(out.items()))


# -- verdicts and rows ---------------------------------------------------------------------------
def rss_growth(res: SideResult) -> float | None:
    """RSS after the last chunk / RSS after the first (None with fewer than two chunks)."""
    if len(res.chunks) < 2 or res.chunks[0].rss_mb <= 0:
        return None
    return res.chunks[-1].rss_mb / res.chunks[0].rss_mb


def p99_drift(res: SideResult) -> float | None:
    """p99 of the last chunk / p99 of the first (None with fewer than two chunks)."""
    if len(res.chunks) < 2 or res.chunks[0].p99_ms <= 0:
        return None
    return res.chunks[-1].p99_ms / res.chunks[0].p99_ms


def verdicts(res: SideResult, chunks: int = CHUNKS) -> dict[str, bool | None]:
    """The three goals judged on one server's data (None: not measurable, e.g. a short run)."""
    complete = len(res.chunks) == chunks and not res.failure
    g, d = rss_growth(res), p99_drift(res)
    return {"rss": None if g is None or not complete else g <= GOAL_RSS,
            "p99": None if d is None or not complete else d <= GOAL_P99,
            "lost": None if not complete else res.lost == 0}


def measurements(results: dict[str, SideResult], total: int, chunks: int = CHUNKS,
                 pool: dict[str, Any] | None = None) -> list[Measurement]:
    """The group's rows from both servers' results."""
    per = total // chunks
    rows: list[Measurement] = []
    ok = {k: r for k, r in results.items() if r.chunks}
    if HOSTRT not in ok:
        res = results.get(HOSTRT)
        why = res.failure if res is not None and res.failure else "no chunk was run"
        return [Measurement.unavailable(GROUP, "rss-growth", "soak", f"hostrt serve: {why}")]
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    during = sorted(x for r in ok.values() for x in r.load_1min)
    if during:
        load = (f"{during[0]:.1f} to {during[-1]:.1f}, median {during[len(during) // 2]:.1f} "
                f"(1-min load average, sampled every second during the run); {load}")
    method = (f"{total:,} requests per server in {chunks} chunks of {per:,}, servers in turns; "
              f"wrk -t1 -c{CONNECTIONS} over HTTPS with keep-alive; 99 of 100 requests are "
              "hello-pepr's on /mutate and /validate, 1 of 100 hostile (fuzzer strategies, "
              f"seed {SEED}, {HOSTILE_POOL} bodies, and fixed nasty bodies); load average "
              f"{load} (1/5/15 min) at the end of the run, on a shared 2-core machine")

    def series(values: Callable[[SideResult], list[float]]) -> dict[str, Series]:
        out = {}
        for k, r in ok.items():
            v = values(r)
            if v:
                out[k] = Series(v, label=LABELS[k])
        return out

    def row(name: str, title: str, unit: str, stats: tuple[Any, ...], runtimes: dict[str, Series],
            target: Target | None = None, params: dict[str, Any] | None = None,
            how: str = "") -> None:
        if HOSTRT not in runtimes:
            rows.append(Measurement.unavailable(GROUP, name, title,
                                                "hostrt serve: not measured in this run"))
            return
        rows.append(Measurement(GROUP, name, title, unit, runtimes, stats=stats,
                                method=f"{how}; {method}" if how else method, target=target,
                                params=params or {}))

    def curve(value: Callable[[Chunk], float], panel: str,
              start: Callable[[SideResult], float] | None = None) -> dict[str, Any]:
        def points(r: SideResult) -> list[list[float]]:
            pts = [[c.requests_before + c.answered, round(value(c), 3)] for c in r.chunks]
            return ([[0, round(start(r), 3)]] if start is not None else []) + pts
        return {"chart": "soak", "title": "hostrt bench soak: hostrt serve and Pepr's controller, "
                "same run, same requests", "panel": panel,
                "labels": {k: LABELS[k] for k in ok}, "x": "requests answered",
                "points": {k: points(r) for k, r in ok.items()}}

    rss_params = {"curve": curve(lambda c: c.rss_mb, "RSS of the server's process tree (MB; "
                                 "0 = at ready)", start=lambda r: r.rss_ready_mb),
                  "rss_ready_mb": {k: round(r.rss_ready_mb, 1) for k, r in ok.items()},
                  "rss_timer": {k: r.rss_timer for k, r in ok.items()}}
    row("rss", f"RSS after each {per:,} requests (process tree)", "MB", ("min", "max"),
        series(lambda r: [c.rss_mb for c in r.chunks]), params=rss_params,
        how="VmRSS summed over the server's process tree after each chunk (min/max over the "
            "chunks); also sampled every second (params.rss_timer: seconds since start, MB)")
    row("rss-growth", f"RSS after {total:,} / RSS after the first {per:,}", "×", ("median",),
        {k: Series([g], label=LABELS[k]) for k, r in ok.items()
         if (g := rss_growth(r)) is not None},
        target=Target(GOAL_RSS, stat="median", op="<="))
    row("p99", f"latency p99 per {per:,} requests (wrk)", "ms", ("min", "max"),
        series(lambda r: [c.p99_ms for c in r.chunks]),
        params={"curve": curve(lambda c: c.p99_ms, f"latency p99 per {per:,} requests (ms)")},
        how="wrk's p99 of each chunk's requests (min/max over the chunks)")
    row("p50", f"latency p50 per {per:,} requests (wrk)", "ms", ("min", "max"),
        series(lambda r: [c.p50_ms for c in r.chunks]),
        how="wrk's p50 of each chunk's requests (min/max over the chunks)")
    row("p99-drift", f"p99 of the last {per:,} / p99 of the first {per:,}", "×", ("median",),
        {k: Series([d], label=LABELS[k]) for k, r in ok.items()
         if (d := p99_drift(r)) is not None},
        target=Target(GOAL_P99, stat="median", op="<="))
    row("throughput", f"answers per second per {per:,} requests", "req/s", ("median",),
        series(lambda r: [c.rps for c in r.chunks]))
    row("lost", "lost answers (sent, never answered)", "", ("max",),
        {k: Series([float(r.lost)], label=LABELS[k]) for k, r in ok.items()},
        target=Target(0, stat="max", op="<="),
        how=f"requests wrk sent that got no HTTP answer within {GRACE} s of the chunk's last "
            "request")
    errors = {k: {"statuses": r.statuses(), "classes": status_classes(r.statuses()),
                  "socket_errors": {e: sum(c.socket[e] for c in r.chunks)
                                    for e in ("connect", "read", "write", "timeout")},
                  "changed_answers": r.changed(), "calibration": r.calibration,
                  "hostile_sent": sum(c.hostile for c in r.chunks)}
              for k, r in ok.items()}
    row("socket-errors", "socket errors and timeouts (wrk: connect, read, write, > 10 s)", "",
        ("max",), {k: Series([float(sum(e["socket_errors"].values()))], label=LABELS[k])
                   for k, e in errors.items()},
        params={"errors": errors, "pool": pool or {}, "same_as_pepr": same_as_pepr(results)},
        how="wrk's error counters over the run; params.errors: answers per status and class, "
            "answers whose status differs from the same server's unloaded answer to the same "
            "request, and the unloaded answers (calibration)")
    row("changed-answers", "answers unlike the same server's unloaded answer", "", ("max",),
        {k: Series([float(e["changed_answers"])], label=LABELS[k]) for k, e in errors.items()})
    row("isolate-restarts", "isolate restarts (hostrt serve's /metrics)", "", ("max",),
        {HOSTRT: Series([float(restarts_from(ok[HOSTRT].metrics))], label=LABELS[HOSTRT])},
        params={"metrics": {k: r.metrics for k, r in ok.items()}},
        how="hostrt_isolate_restarts_total (all reasons) at the end of the run; Pepr has no "
            "isolate: its crashes are the process exits row")
    row("process-exits", "server process exits (a crash; started again, as Kubernetes would)",
        "", ("max",), {k: Series([float(len(r.exits))], label=LABELS[k]) for k, r in ok.items()},
        params={"exits": {k: r.exits for k, r in ok.items()}})
    for m in rows:
        if m.available:
            m.params["verdicts"] = {k: verdicts(r, chunks) for k, r in ok.items()}
            m.params["chunks_run"] = {k: len(r.chunks) for k, r in ok.items()}
    return rows


def same_as_pepr(results: dict[str, SideResult]) -> dict[str, Any] | None:
    """The pool's unloaded answers, hostrt's against Pepr's: how many got the same status, and
    which did not (None without both)."""
    a, b = results.get(HOSTRT), results.get(NODE)
    if a is None or b is None or not a.unloaded or not b.unloaded:
        return None
    keys = [k for k in a.unloaded if k in b.unloaded]
    differ = {k: f"{a.unloaded[k]} vs {b.unloaded[k]}" for k in keys
              if a.unloaded[k] != b.unloaded[k]}
    return {"compared": len(keys), "same_status": len(keys) - len(differ), "differ": differ}


def requested_total(scale: float) -> int:
    """N: HOSTRT_BENCH_SOAK_REQUESTS when set, else 1,000,000 x scale (at least 1,000)."""
    raw = os.environ.get(ENV_REQUESTS, "").strip()
    if raw:
        from hostrt.bench.harness import BenchError
        if not raw.isdigit() or int(raw) < CHUNKS:
            raise BenchError(f"{ENV_REQUESTS}={raw!r}: expected a whole number of requests, "
                             f"at least {CHUNKS}")
        return int(raw)
    return max(1000, int(TOTAL * scale))


@workload(group=GROUP, name="steady", title="1% hostile steady load: RSS and p99 drift, lost "
          "answers", needs_node=False)
def soak_steady(ctx: BenchContext) -> list[Measurement]:
    """The whole group: both servers, the same stream, chunks in turns."""
    missing = wrk_missing(GROUP, "steady", "soak: hostrt serve and Pepr's controller under "
                          "steady load")
    if missing:
        return missing
    total = requested_total(ctx.scale)
    work = Path(tempfile.mkdtemp(prefix="hostrt-bench-soak-", dir=ctx.workdir))
    entries = build_pool(work / "bodies")
    starters = server_starters(work)
    if NODE not in starters:
        ctx.notes.append("soak: Pepr's controller not measured: Node.js is not on PATH")
    results = soak(starters, entries, work, total, progress=_progress)
    for key, res in results.items():
        if res.failure:
            ctx.notes.append(f"soak: {key}: {res.failure}")
    pool = {"valid": sum(e.cls == "valid" for e in entries),
            "hostile": sum(e.cls == "hostile" for e in entries),
            "hostile_kinds": dict(Counter(e.kind for e in entries if e.cls == "hostile")),
            "nasty": [name for name, _, _ in _nasty()]}
    rows = measurements(results, total, pool=pool)
    if NODE not in starters:
        for m in rows:
            m.params["pepr"] = "not measured: Node.js is not on PATH"
    return rows


def _progress(text: str) -> None:
    """Chunk progress on stderr (a soak runs for a long time)."""
    import sys
    with contextlib.suppress(OSError):
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


# -- the appendix --------------------------------------------------------------------------------
def section_lines(doc: dict[str, Any], charts: list[Path] | None = None,
                  out: Path | None = None) -> list[str]:
    """The soak figures for the appendix (section 8): per server, the goals and the errors."""
    rows = {r["name"]: r for r in doc["results"] if r["group"] == GROUP}
    L = ["### Soak: steady load with 1% hostile requests (`hostrt bench soak`)", ""]
    avail = {k: r for k, r in rows.items() if r["available"]}
    if not avail:
        why = next((r["reason"] for r in rows.values()), None) or next(
            (g["reason"] or "no result" for g in doc["groups"] if g["name"] == GROUP),
            "group not run")
        return [*L, f"- Not measured — {why}. Regenerate: `hostrt bench soak`.", ""]
    from hostrt.bench.render import fmt, fmt_ratio, ratio, target_text
    first = avail.get("rss-growth") or next(iter(avail.values()))
    L.append(f"Method: {first['method']}.")
    L.append("")
    names = {HOSTRT: "hostrt serve", NODE: "Pepr's controller"}
    goals = {"rss-growth": "rss", "p99-drift": "p99", "lost": "lost"}
    word = {True: "met", False: "MISSED", None: "not judged"}
    for name in ("rss", "rss-growth", "p99", "p50", "p99-drift", "throughput", "lost",
                 "socket-errors", "changed-answers", "isolate-restarts", "process-exits"):
        r = avail.get(name)
        if r is None:
            continue
        figs = []
        for rt, side in r["runtimes"].items():
            s = side["summary"]
            figs.append(f"{names.get(rt, rt)} " + " / ".join(
                f"{fmt(s.get(st), r['unit'])}" for st in r["stats"]))
        text = f"- {r['title']} ({'/'.join(r['stats'])}): " + "; ".join(figs)
        if name in ("rss", "rss-growth", "p99", "p50", "p99-drift", "throughput") and \
                NODE in r["runtimes"]:
            text += f" (hostrt/Pepr {fmt_ratio(ratio(r, HOSTRT, r['stats'][-1]))})"
        if r.get("target"):
            text += f"; goal {target_text(r)}"
            pepr = (r["params"].get("verdicts") or {}).get(NODE)
            if pepr is not None:
                text += f" (Pepr's controller: {word[pepr.get(goals[name])]})"
        L.append(text + ".")
    errs = (avail.get("socket-errors") or {}).get("params", {}).get("errors", {})
    for rt, e in errs.items():
        cal = e.get("calibration", {})
        nasty: dict[str, dict[str, str]] = {}
        for key, status in cal.get("nasty", {}).items():
            body, route = key.rsplit(" /", 1)
            nasty.setdefault(body, {})[route] = status
        answers = ", ".join(f"{b} {v.get('mutate', '?')}/{v.get('validate', '?')}"
                            for b, v in nasty.items())
        L.append(f"- {names.get(rt, rt)}: answers per status "
                 + ", ".join(f"{k}: {v:,}" for k, v in e["statuses"].items())
                 + f"; {e['hostile_sent']:,} hostile requests sent; unloaded answers to the "
                 f"fixed nasty bodies (/mutate and /validate): {answers}"
                 + (f"; not the answer Express gives: {cal['unexpected']}"
                    if cal.get("unexpected") else "") + ".")
    same = (avail.get("socket-errors") or {}).get("params", {}).get("same_as_pepr")
    if same:
        L.append(f"- The pool's requests answered unloaded, hostrt serve against Pepr's "
                 f"controller: {same['same_status']:,} of {same['compared']:,} (body, route) "
                 "pairs got the same HTTP status"
                 + (f"; differing: {same['differ']}" if same["differ"] else "") + ".")
    exits = (avail.get("process-exits") or {}).get("params", {}).get("exits", {})
    for rt, ex in exits.items():
        if ex:
            L.append(f"- {names.get(rt, rt)} exited during the run: {'; '.join(ex)}.")
    for c in charts or []:
        if c.stem == "soak":
            base = out.parent if out is not None else Path.cwd()
            L += ["", f"![soak: RSS and p99 over requests]({os.path.relpath(c, base)})"]
    L.append("")
    return L
