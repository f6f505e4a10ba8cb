"""`hostrt run MODULE --admission ... --watch ... --until ...`: run a Pepr module like Pepr does.

    hostrt run MODULE --admission FILE_OR_DIR...   one JSON line per AdmissionReview:
        {"file": path, "mutate": <what /mutate answers>, "validate": <what /validate answers>}
        plus "httpStatus": {"mutate": n, "validate": n} when a route answers an HTTP error (its
        body text is then the value), exactly as Pepr 1.1.4's routes would.
    hostrt run MODULE --watch EVENTS.jsonl         replays {"type", "object"} lines through the
        module's Watch / Reconcile / Finalize bindings: one line {"file", "line", "type",
        "watch": <result>} per event.
    hostrt run MODULE --fake-time --until 2h       runs OnSchedule (and any timers) on a virtual
        clock up to 2 hours, in milliseconds of real time.
    --store PATH (SQLite, default in memory) keeps the capability Stores; --dump-store prints them
        as one JSON line at exit; --info prints the module's capabilities and bindings.

Module output (Pepr's logs, console.log) goes to stderr so stdout stays JSON lines. Requests that
are not valid AdmissionReviews are still answered as Pepr would (its answer is printed) but are
reported on stderr and make the exit status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import re
import sys
from pathlib import Path
from typing import Any, TextIO

from hostrt import wirejson
from hostrt.cliargs import add_host_options
from hostrt.errors import DeadlineExceeded, HeapLimitExceeded, HostError, JSError
from hostrt.pepr.wire import budgets, decode_body, unanswered_review, webhook_timeout
from hostrt.settings import PeprSettings

OPERATIONS = ("CREATE", "UPDATE", "DELETE", "CONNECT")
WATCH_TYPES = ("ADDED", "MODIFIED", "DELETED")
_UNITS = {"ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0, "d": 86_400_000.0}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")


def parse_duration(text: str) -> float:
    """'90s', '15m', '2h', '1h30m', '250ms', '1d' (or a bare number of seconds) -> milliseconds."""
    t = text.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t) * 1000.0
    if not t or _DURATION.sub("", t) != "":
        raise argparse.ArgumentTypeError(
            f"expected a duration like 90s, 15m, 2h or 1h30m, got {text!r}")
    return sum(float(n) * _UNITS[u] for n, u in _DURATION.findall(t))


def _add_pepr_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("Pepr modules (MODULE: a Pepr project directory, its pepr.ts, a "
                             "`npx pepr build` bundle, or a JS file requiring \"pepr\")")
    g.add_argument("--admission", action="append", default=[], metavar="FILE_OR_DIR",
                   help="AdmissionReview v1 JSON file, or a directory (all *.json, sorted); "
                        "prints what Pepr's /mutate and /validate routes answer (repeatable)")
    g.add_argument("--watch", action="append", default=[], metavar="EVENTS.jsonl",
                   help="replay watch events ({\"type\": ADDED|MODIFIED|DELETED, \"object\": "
                        "{...}} per line) through Watch/Reconcile/Finalize (repeatable)")
    g.add_argument("--until", type=parse_duration, default=None, metavar="DURATION",
                   help="keep running until the clock reaches DURATION (90s, 15m, 2h); with "
                        "--fake-time the clock is virtual, so OnSchedule runs at once")
    g.add_argument("--store", default=None, metavar="PATH",
                   help="SQLite file keeping the capability Stores (default: in memory)")
    g.add_argument("--dump-store", action="store_true",
                   help="print the Stores as one JSON line at exit")
    g.add_argument("--info", action="store_true",
                   help="print the module's capabilities and bindings as one JSON line")


_PEPR_FLAGS = ("--admission", "--watch", "--until", "--store", "--dump-store", "--info")


def _options_after_module(args: argparse.Namespace) -> None:
    """`hostrt run MODULE --admission X`: `run` hands everything after FILE to the script (as
    `node FILE ARGS` does); for a Pepr module those are hostrt's own options. Parse them into
    `args` (repeatable options add to what came before FILE)."""
    p = argparse.ArgumentParser(prog="hostrt run MODULE", add_help=False)
    add_host_options(p)
    _add_pepr_options(p)
    later = p.parse_args(args.args)
    defaults = p.parse_args([])
    for key, value in vars(later).items():
        if isinstance(value, list):
            setattr(args, key, [*(getattr(args, key, None) or []), *value])
        elif value != getattr(defaults, key):
            setattr(args, key, value)
    args.args = []


def add_pepr_options(p: argparse.ArgumentParser) -> None:
    """The Pepr options of `hostrt run` (hostrt.cli's run command adds them)."""
    _add_pepr_options(p)


def wants_pepr(args: argparse.Namespace) -> bool:
    """Whether a `hostrt run` invocation is for a Pepr module: FILE is a Pepr project directory
    or a Pepr option is given (options after MODULE are parsed into `args` first)."""
    target = Path(args.file)
    if target.is_dir() or any(a.split("=", 1)[0] in _PEPR_FLAGS for a in args.args):
        _options_after_module(args)
    return bool(args.admission or args.watch or args.until is not None or args.store
                or args.dump_store or args.info or target.is_dir())


def run_module(args: argparse.Namespace) -> int:
    """Run `hostrt run MODULE --admission/--watch/--until/...`; the exit status."""
    try:
        return asyncio.run(run_pepr(args))
    except (HostError, KeyboardInterrupt):
        raise
    except OSError as exc:
        raise HostError(f"{exc.filename or args.file}: {exc.strerror or exc}") from exc


class _Problems:
    """Bad inputs found on the way: each reported at once on stderr; they make the exit 1."""

    def __init__(self, stream: TextIO) -> None:
        self.count = 0
        self._stream = stream

    def report(self, where: str, what: str) -> None:
        self.count += 1
        self._stream.write(f"hostrt: {where}: {what}\n")
        self._stream.flush()


def admission_files(items: list[str]) -> list[Path]:
    """Expand --admission arguments: files as given, directories to their *.json, sorted."""
    out: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix == ".json" and p.is_file())
            if not found:
                raise HostError(f"{path}: no *.json AdmissionReview files in this directory",
                                code="ERR_HOSTRT_BAD_INPUT")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise HostError(f"{path}: no such file or directory", code="ERR_HOSTRT_NOT_FOUND")
    return out


def check_review(text: str) -> str | None:
    """What is wrong with an AdmissionReview text, or None. (Pepr still gets to answer it.)"""
    try:
        review = json.loads(text)
    except RecursionError:
        # Nested past Python's recursion limit: not checked here (an explicit-stack parse of a
        # million levels takes seconds); the module parses it with V8's JSON.parse and answers.
        return None
    except ValueError as exc:
        return f"not valid JSON: {exc}"
    if not isinstance(review, dict):
        return f"not an AdmissionReview: the JSON is {_json_type(review)}, not an object"
    request = review.get("request")
    if not isinstance(request, dict):
        return "not an AdmissionReview: no \"request\" object"
    uid = request.get("uid")
    if not isinstance(uid, str) or not uid:
        return "request.uid is missing (the API server always sends one)"
    op = request.get("operation")
    if op not in OPERATIONS:
        return f"request.operation {op!r} is not one of {', '.join(OPERATIONS)}"
    return None


def _json_type(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    return {str: "a string", bool: "a boolean"}.get(type(value), "a number")


def _emit(line: dict[str, Any]) -> None:
    sys.stdout.write(wirejson.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.flush()


async def run_pepr(args: argparse.Namespace) -> int:
    """Load the module, feed it the inputs, print the answers; the exit status."""
    from hostrt.cliargs import host_options
    from hostrt.host import Host
    from hostrt.pepr.module import module_env, resolve_module
    from hostrt.pepr.store import PeprStore

    spec = resolve_module(args.file)
    files = admission_files(args.admission)
    watch_mode = bool(args.watch) or args.until is not None
    store = PeprStore(args.store)
    # Pepr awaits every callback it runs, so serving a module needs no rejection tracking, and
    # V8's own promises are several times faster in promise-heavy admission code. A Pepr module
    # runs deny-by-default (hostrt/permissions.py): its environment is built from the granted
    # part of the host's.
    opts = host_options(args, [str(spec.entry), *args.args], track_rejections=False,
                        enforce_permissions=True)
    opts = dataclasses.replace(
        opts, env=module_env(spec.config, opts.permissions.host_env(), watch=watch_mode,
                             admission=bool(files) or not watch_mode, overrides=dict(args.env)),
        stdout=sys.stderr,  # stdout carries the answers; the module's output is its log
        pepr=PeprSettings(store=store))
    problems = _Problems(sys.stderr)
    try:
        async with Host(opts) as host:
            runner = _Runner(host, store, spec.entry, problems)
            await runner.load(spec)
            if host.fatal is not None or host.exit_code is not None:
                return _exit_code(host, problems)
            if args.info:
                _emit({"info": await runner.call("pepr.info", None)})
            for path in files:
                await runner.admission(path)  # a request that kills the isolate is answered
            for events in args.watch:
                if host.fatal is None:
                    await runner.watch(Path(events))
            if host.fatal is None and host.exit_code is None:
                await host.run_until(time_ms=args.until,
                                     until=None if args.until is not None else runner.settled)
            if args.dump_store:
                _emit(store.snapshot())
            return _exit_code(host, problems)
    finally:
        store.close()


def _exit_code(host: Any, problems: _Problems) -> int:
    if host.exit_code is not None and host.exit_code != 0:
        return int(host.exit_code)
    if host.fatal is not None:
        return 1
    return 1 if problems.count else int(host.exit_code or 0)


class _Runner:
    """Drives one host through load, store load, admission and watch inputs."""

    def __init__(self, host: Any, store: Any, entry: Path, problems: _Problems) -> None:
        self.host = host
        self.store = store
        self.entry = entry
        self.problems = problems
        self._restarts = 0
        self.on_error: str | None = None  # the module's config, once loaded
        self.deadline: float | None = None

    def settled(self) -> bool:
        """Nothing queued and no host call in flight (timers may still be pending)."""
        return bool(self.host.idle)

    async def load(self, spec: Any) -> None:
        """Load the module and hand it the Stores' contents (Pepr: before it is ready)."""
        await self.host.load(spec.entry, bundle=spec.bundle)
        if self.host.fatal is not None or self.host.exit_code is not None:
            self.problems.report(str(spec.entry), "the module failed while loading "
                                 "(its error is printed above)")
            return
        await self._load_store()
        try:
            info = await self.host.dispatch("pepr.info", None)
        except HostError:
            info = {}
        self.on_error = info.get("onError") if isinstance(info, dict) else None
        self.deadline, _ = budgets(webhook_timeout(info.get("webhookTimeout")
                                                   if isinstance(info, dict) else None))

    async def _load_store(self) -> None:
        try:
            await self.host.dispatch("pepr.store.load", self.store.snapshot())
        except JSError as exc:
            if exc.code == "ERR_HOSTRT_NO_HANDLER":
                raise HostError(f"{self.entry}: no PeprModule was created: a Pepr module's "
                                "entry must run `new PeprModule(cfg, [capabilities])`",
                                code="ERR_HOSTRT_NOT_PEPR") from exc
            raise HostError(f"{self.entry}: loading the Store failed: {exc.stack}") from exc
        self._restarts = self.host.restarts

    async def call(self, handler: str, payload: Any, *, deadline: float | None = None) -> Any:
        """Dispatch into the module; after an isolate restart the Stores are loaded again."""
        await self.host.ensure_alive()
        if self.host.restarts != self._restarts:
            await self._load_store()
        return await self.host.dispatch(handler, payload, deadline=deadline)

    async def admission(self, path: Path) -> None:
        """Answer one AdmissionReview file on both routes and print the line."""
        text, problem = decode_body(path.read_bytes())
        if problem is None:
            problem = check_review(text)
        if problem is not None:
            self.problems.report(str(path), problem)
        line: dict[str, Any] = {"file": str(path)}
        statuses: dict[str, int] = {}
        answers = await self._answer(text, str(path))
        for kind in ("mutate", "validate"):
            answer = answers.get(kind) if isinstance(answers, dict) else None
            if not isinstance(answer, dict) or "status" not in answer:
                raise HostError(f"{path} ({kind}): pepr.admission answered {answer!r}, "
                                "not {status, body}")
            line[kind] = answer.get("body")
            statuses[kind] = int(answer["status"])
        if any(code != 200 for code in statuses.values()):
            line["httpStatus"] = statuses
        _emit(line)

    async def _answer(self, text: str, where: str) -> dict[str, Any]:
        """Both routes' answers. Within the module's webhookTimeout; a call stopped by its
        deadline or the heap cap, or ended by an uncaught error, is answered per the module's
        onError (hostrt.pepr.wire) and the isolate replaced. Both routes run in one
        crossing; after a failure each is retried alone on the fresh isolate, so the route
        that did not misbehave gets its real answer."""
        answers = await self._try("pepr.admission.both", {"review": text}, where)
        if isinstance(answers, dict) and "failed" not in answers:
            return answers
        out: dict[str, Any] = {}
        for kind in ("mutate", "validate"):
            answer = await self._try("pepr.admission", {"kind": kind, "review": text},
                                     f"{where} ({kind})")
            if isinstance(answer, dict) and "failed" in answer:
                answer = {"status": 200, "body": unanswered_review(text, self.on_error,
                                                                   answer["failed"])}
            out[kind] = answer
        return out

    async def _try(self, handler: str, payload: Any, where: str) -> Any:
        """One dispatch under the request deadline; {"failed": reason} when it gave no answer
        (the isolate is then replaced before the next call)."""
        try:
            result = await self.call(handler, payload, deadline=self.deadline)
        except (DeadlineExceeded, HeapLimitExceeded) as exc:
            reason = str(exc)
        except HostError as exc:  # JSError (the handler threw), or never settled
            reason = exc.stack.splitlines()[0] if isinstance(exc, JSError) else str(exc)
            self.host.discard_isolate()
        else:
            if self.host.fatal is None:
                return result
            reason = "an uncaught error ended the module's process (printed above)"
            self.host.discard_isolate()
        self.problems.report(where, reason)
        return {"failed": reason}

    async def watch(self, path: Path) -> None:
        """Replay a JSON-lines file of watch events."""
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise HostError(f"{path}: not UTF-8 text", code="ERR_HOSTRT_BAD_INPUT") from exc
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            where = f"{path}:{number}"
            try:
                event = wirejson.loads(raw)
            except ValueError as exc:
                self.problems.report(where, f"not valid JSON: {exc}")
                continue
            if not isinstance(event, dict) or event.get("type") not in WATCH_TYPES:
                self.problems.report(where, "a watch event needs \"type\": one of "
                                     f"{', '.join(WATCH_TYPES)}")
                continue
            if not isinstance(event.get("object"), dict):
                self.problems.report(where, "a watch event needs an \"object\" (the resource)")
                continue
            try:
                result = await self.call("pepr.watch", {"type": event["type"],
                                                        "object": event["object"]})
            except (DeadlineExceeded, HeapLimitExceeded) as exc:
                self.problems.report(where, str(exc))
                continue
            except JSError as exc:
                self.problems.report(where, f"the watch handler failed: {exc.stack}")
                continue
            if self.host.fatal is not None:
                return
            _emit({"file": str(path), "line": number, "type": event["type"], "watch": result})
