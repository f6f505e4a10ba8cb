"""`hostrt fuzz admission --via serve`: every case POSTed to one `hostrt serve` over HTTPS.

One server, its own CA, verified TLS; an aiohttp client keeps `concurrency` cases in flight on
keep-alive connections (both routes of a case at once), as an API server sending admission
requests for several writes does. Counted as a user would see it:
- a hang: no answer within the deadline (60 s, plus 10 s per MB sent);
- a dropped connection: sent again once on a fresh connection (counted in `reconnects`); a
  second drop, or the server gone, is no answer;
- a crash: the server exits during the run; a traceback: one on its stderr; a stop that does
  not end within 30 s of SIGTERM: a hang.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hostrt import wirejson
from hostrt.errors import HostError
from hostrt.fuzz.admission import FuzzConfig, FuzzResult, _Canary, _env, _status
from hostrt.fuzz.reviews import Case

API_PATH = "hostrt-reference"
ROUTES = ("mutate", "validate")


class Server:
    """`hostrt serve MODULE` on a free port, with a CA of its own, until `stop`."""

    def __init__(self, cfg: FuzzConfig, work: Path) -> None:
        from hostrt.serve.tls import generate_self_signed
        made = generate_self_signed(work / "tls.crt", work / "tls.key")
        self.ctx = ssl.create_default_context(cafile=str(made.ca))
        self.err_path = work / "serve-stderr.txt"
        self._err = self.err_path.open("wb")
        cmd = [sys.executable, "-m", "hostrt.cli", "serve", str(cfg.module), "--port", "0",
               "--host", "127.0.0.1", "--tls-cert", str(made.cert), "--tls-key", str(made.key),
               "--api-path", API_PATH]
        if cfg.engine:
            cmd += ["--engine", cfg.engine]
        # Its own session: a Ctrl-C meant for the fuzzer must not stop the server under test
        # (the fuzzer stops it itself, and checks how it stopped).
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self._err,
                                     stdin=subprocess.DEVNULL, env=_env(cfg),
                                     start_new_session=True)
        listening = re.compile(rb"hostrt serve: listening on https://[^:]+:(\d+)")
        deadline = time.monotonic() + 120
        self.port = 0
        while not self.port:
            m = listening.search(self.err_path.read_bytes())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None or time.monotonic() > deadline:
                self._err.close()
                if self.proc.poll() is None:
                    self.proc.kill()
                    self.proc.wait()
                raise HostError(f"{cfg.module}: hostrt serve did not start (exit "
                                f"{self.proc.poll()}):\n" + self.stderr()[-2000:])
            else:
                time.sleep(0.05)
        self.base = f"https://127.0.0.1:{self.port}"

    def stderr(self) -> str:
        """What the server wrote to stderr so far."""
        return self.err_path.read_bytes().decode("utf-8", "replace")

    async def wait_ready(self, session: Any, timeout: float = 120) -> None:
        """Until /readyz answers 200 (the port opens before the module has loaded)."""
        import aiohttp
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                async with session.get(f"{self.base}/readyz",
                                       timeout=aiohttp.ClientTimeout(total=5)) as resp:
                    if resp.status == 200:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(0.1)
        raise HostError("hostrt serve did not become ready:\n" + self.stderr()[-2000:])

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
        err = self.stderr()
        if "Traceback (most recent call last)" in err:
            result.tracebacks += 1
            result.problems.append("traceback from hostrt serve: "
                                   + err[err.index("Traceback"):][:1500])

    def kill(self) -> None:
        """End the server whatever its state (an error in the fuzzer itself)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._err.close()


def fuzz_served(cfg: FuzzConfig, work: Path, items: Iterator[tuple[str, Case | None]],
                canary: _Canary, result: FuzzResult, sample: set[int],
                hostrt_answers: dict[str, dict[str, Any]], report: Callable[[], None]) -> None:
    """Answer every item through one `hostrt serve`, `cfg.concurrency` at a time."""
    server = Server(cfg, work)
    try:
        asyncio.run(_campaign(cfg, server, items, canary, result, sample, hostrt_answers,
                              report))
    except BaseException:
        server.kill()
        raise
    server.stop(result)


async def _campaign(cfg: FuzzConfig, server: Server, items: Iterator[tuple[str, Case | None]],
                    canary: _Canary, result: FuzzResult, sample: set[int],
                    hostrt_answers: dict[str, dict[str, Any]],
                    report: Callable[[], None]) -> None:
    import aiohttp
    result.processes = 1
    workers = max(1, cfg.concurrency)
    loop = asyncio.get_running_loop()
    connector = aiohttp.TCPConnector(ssl=server.ctx, limit=2 * workers)
    async with aiohttp.ClientSession(connector=connector) as session:
        await server.wait_ready(session)
        queue: asyncio.Queue[tuple[str, Case | None] | None] = asyncio.Queue(maxsize=2 * workers)

        async def feed() -> None:
            try:
                while True:
                    # The iterator writes differential files and may wait on a worker process.
                    item = await loop.run_in_executor(None, next, items, None)
                    if item is None:
                        return
                    await queue.put(item)
            finally:
                for _ in range(workers):
                    await queue.put(None)

        async def work() -> None:
            while (item := await queue.get()) is not None:
                name, case = item
                body = canary.text if case is None else case.body
                rec, problem = await _answer(session, server, name, body, result)
                _record(name, case, rec, problem, canary, result, sample, hostrt_answers,
                        cfg.keep)
                if case is not None and cfg.batch and result.cases % cfg.batch == 0:
                    report()

        await asyncio.gather(feed(), *(work() for _ in range(workers)))


async def _answer(session: Any, server: Server, name: str, body: bytes,
                  result: FuzzResult) -> tuple[dict[str, Any] | None, str | None]:
    """Both routes' answers as one record (as `hostrt run --admission` prints it), or None and
    what went wrong."""
    result.bytes_sent += 2 * len(body)
    limit = 60.0 + 10.0 * len(body) / 1e6
    answers = await asyncio.gather(*(_post(session, server, route, body, limit, result)
                                      for route in ROUTES))
    problems = [f"{route}: {p}" for route, (_, p) in zip(ROUTES, answers, strict=True) if p]
    if problems:
        return None, "; ".join(problems)
    got = {route: a for route, (a, _) in zip(ROUTES, answers, strict=True)}
    rec: dict[str, Any] = {"file": name, **{route: got[route]["body"] for route in ROUTES}}
    statuses = {route: got[route]["status"] for route in ROUTES}
    if any(code != 200 for code in statuses.values()):
        rec["httpStatus"] = statuses
    return rec, None


async def _post(session: Any, server: Server, route: str, body: bytes, limit: float,
                result: FuzzResult) -> tuple[dict[str, Any] | None, str | None]:
    """One answer {status, body} (body parsed when JSON), or None and the reason."""
    import aiohttp
    url = f"{server.base}/{route}/{API_PATH}"
    for attempt in (1, 2):
        try:
            async with session.post(url, data=body,
                                    headers={"Content-Type": "application/json"},
                                    timeout=aiohttp.ClientTimeout(total=limit)) as resp:
                data = await resp.read()
                status, ctype = resp.status, resp.headers.get("Content-Type", "")
        except TimeoutError:
            return None, f"hang: no answer within {limit:.0f} s"
        except aiohttp.ClientError as exc:
            # A keep-alive connection the server closed between requests is normal HTTP: send
            # again once, fresh. Twice in a row, or with the server gone, it is no answer.
            if attempt == 2 or server.proc.poll() is not None:
                return None, f"no answer: {type(exc).__name__}: {exc}"
            result.reconnects += 1
            continue
        text = data.decode("utf-8", "replace")
        parsed: Any = text
        if "json" in ctype:
            try:
                parsed = wirejson.loads_wire(text)
            except ValueError:
                parsed = text
        return {"status": status, "body": parsed}, None
    return None, "no answer"


def _record(name: str, case: Case | None, rec: dict[str, Any] | None, problem: str | None,
            canary: _Canary, result: FuzzResult, sample: set[int],
            hostrt_answers: dict[str, dict[str, Any]], keep: Path | None) -> None:
    if problem is not None and "hang: " in problem:
        result.hangs += 1
    if keep is not None and rec is None and case is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / name).write_bytes(case.body)
    if case is None:
        result.canaries += 1
        diffs = [problem or "no answer"] if rec is None else canary.check(rec)
        if diffs:
            result.canaries_wrong += 1
            result.problems.append(f"canary {name} answered wrongly over HTTPS: {diffs[:3]}")
        return
    result.cases += 1
    result.kinds[case.kind] += 1
    if rec is None:
        result.unanswered += 1
        result.problems.append(f"no answer over HTTPS for {name} ({case.kind}: {case.detail}): "
                               f"{problem}")
        return
    result.answered += 1
    result.statuses[_status(rec)] += 1
    if int(name[:7]) in sample:
        hostrt_answers[name] = rec
