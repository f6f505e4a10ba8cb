"""`hostrt compat --node-tests DIR`: run test files written like Node's own `test/parallel`.

Such a file `require('../common')`s a helper module, uses `assert` and `common.mustCall`-style
checks verified at exit, and passes when the process exits 0. `common.skip(msg)` prints
`1..0 # Skipped: msg` and exits 0 (a skip). A `// Flags: ...` header means the test needs Node
command-line flags: those are skipped in both runtimes, with the flags as the reason.

DIR may be a checkout of Node's real `test/` directory (its `parallel/` and `sequential/` folders
are searched) or any folder of such files. With `--common ours`, each test runs from a temporary
copy of its folder next to hostrt's small `js_fixtures/node-tests/common/index.js` instead of the
directory's own `common/` (Node's real one uses many Node internals, so it fails to load in
hostrt — a fair result, but not a useful one).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from hostrt import resources
from hostrt.compat.runtimes import HostrtRuntime, NodeRuntime, Outcome, own_scratch_dir
from hostrt.errors import HostError

_FLAGS = re.compile(r"^//\s*Flags:\s*(.+?)\s*$", re.M)
_SKIPPED = re.compile(r"^1\.\.0 # Skipped:?\s*(.*)$", re.M)
TEST_FOLDERS = ("parallel", "sequential")


def our_common() -> Path:
    """hostrt's own small `common` module folder."""
    return resources.node_tests_common()


@dataclass
class Verdict:
    """One test file in one runtime."""

    status: str          # pass | fail | skip
    detail: str = ""
    seconds: float = 0.0


@dataclass
class TestFile:
    """One Node-style test file and its verdicts."""

    path: Path
    rel: str
    flags: str = ""
    verdicts: dict[str, Verdict] = field(default_factory=dict)


def find_tests(root: Path, pattern: str) -> list[TestFile]:
    """Test files under `root` whose name matches `pattern` (Node's layout or a flat folder)."""
    if not root.is_dir():
        raise HostError(f"{root}: --node-tests must be a directory", code="ERR_HOSTRT_NOT_FOUND")
    bases = [root / d for d in TEST_FOLDERS if (root / d).is_dir()] or [root]
    found = []
    for base in bases:
        for path in sorted(base.rglob("*")):
            if path.suffix not in (".js", ".mjs", ".cjs") or not path.is_file():
                continue
            rel = path.relative_to(root)
            if any(part in ("common", "fixtures", "node_modules") for part in rel.parts[:-1]):
                continue
            if not any(fnmatch(path.name, p.strip()) for p in pattern.split(",")):
                continue
            head = path.read_text(encoding="utf-8", errors="replace")[:4000]
            m = _FLAGS.search(head)
            found.append(TestFile(path, rel.as_posix(), m.group(1) if m else ""))
    return found


def verdict(out: Outcome) -> Verdict:
    """pass / fail / skip from how a test process ended."""
    if out.hung:
        return Verdict("fail", "timed out", out.seconds)
    m = _SKIPPED.search(out.stdout)
    if out.code == 0 and m:
        return Verdict("skip", m.group(1).strip(), out.seconds)
    if out.code == 0:
        return Verdict("pass", "", out.seconds)
    from hostrt.compat.runner import first_error_line
    # common's exit-time check reports "Mismatched <fn> function calls. ..." lines.
    mismatch = re.search(r"^Mismatched .*$", out.stdout + "\n" + out.stderr, re.M)
    why = mismatch.group(0) if mismatch else first_error_line(out.stderr)
    return Verdict("fail", f"{why} (exit {out.code})".strip(), out.seconds)


def _stage(test: TestFile, root: Path, work: Path) -> Path:
    """Copy a test's folder into `work` beside hostrt's common; return the copied test's path."""
    target_dir = work / Path(test.rel).parent
    if not target_dir.exists():
        shutil.copytree(test.path.parent, target_dir,
                        ignore=shutil.ignore_patterns("node_modules", "*.gyp"))
    common = work / "common"
    if not common.exists():
        shutil.copytree(our_common(), common)
    return target_dir / test.path.name


async def run_tests(tests: list[TestFile], root: Path, *, common: str = "theirs",
                    timeout: float = 10.0, jobs: int = 2,
                    peers: tuple[str, ...] = ("deno", "bun")) -> list[str]:
    """Run each test in Node, hostrt and the installed peers (Deno, Bun: the same staged file,
    run as `hostrt.peers` says a user runs a Node script with them); store the verdicts on the
    TestFile objects. Returns notes on the peers that are not installed."""
    # Files with `// Flags:` are skipped here, in every runtime, so common's own flag check (which
    # re-runs the file in a child process with those flags) is switched off the way Node's docs say.
    env = {**os.environ, "NODE_SKIP_FLAG_CHECK": "1"}
    node = NodeRuntime(env=env)
    if not node.available:
        raise HostError("--node-tests needs real Node.js on PATH to compare with",
                        code="ERR_HOSTRT_COMPAT")
    # Node's tests read their fixtures (`common/fixtures`: readSync, require of fixture files),
    # and the ES-module harness (`common/index.mjs`) loads `index.js` through createRequire,
    # which no bundler follows: hostrt's fs may read those two folders of the tree, and write
    # only the file's own tmpdir.
    granted = tuple(str(root / d) for d in ("fixtures", "common") if (root / d).is_dir())
    hostrt = HostrtRuntime(env=env, allow_read=granted)
    from hostrt.compat.runtimes import PeerRuntime
    peer_rts = [PeerRuntime(name, env=env) for name in peers]
    notes = [rt.note for rt in peer_rts if not rt.available]
    peer_rts = [rt for rt in peer_rts if rt.available]
    with tempfile.TemporaryDirectory(prefix="hostrt-nodetests-") as tmp:
        work = Path(tmp)
        runnable = []
        for t in tests:
            if t.flags:
                reason = f"needs flags: {t.flags}"
                t.verdicts = {rt: Verdict("skip", reason)
                              for rt in ("node", "hostrt", *(p.name for p in peer_rts))}
            else:
                runnable.append((t, _stage(t, root, work) if common == "ours" else t.path))
        sem = asyncio.Semaphore(max(1, jobs))
        scratch = work / ".tmpdirs"
        scratch.mkdir()

        async def in_node(t: TestFile, path: Path) -> None:
            for rt in (node, *peer_rts):
                async with sem:
                    with own_scratch_dir(rt, scratch, "NODE_TEST_DIR") as run:
                        t.verdicts[rt.name] = verdict(await run.run_file(path, timeout))

        async def in_hostrt() -> None:
            # In-process hosts share this thread: one at a time.
            for t, path in runnable:
                with own_scratch_dir(hostrt, scratch, "NODE_TEST_DIR") as run:
                    run.allow_read = (*run.allow_read, str(path))  # tests read their own file
                    try:
                        out = await run.run_file(path, timeout)
                    except HostError as exc:
                        out = Outcome("", f"hostrt: {exc}", 1)
                t.verdicts["hostrt"] = verdict(out)
        await asyncio.gather(in_hostrt(), *(in_node(t, p) for t, p in runnable))
    return notes


def runtimes_of(tests: list[TestFile]) -> list[str]:
    """The runtimes that have verdicts, in column order."""
    seen = {rt for t in tests for rt in t.verdicts}
    return [rt for rt in ("node", "hostrt", "deno", "bun") if rt in seen]


def totals(tests: list[TestFile]) -> dict[str, dict[str, int]]:
    """Per runtime: how many pass, fail, skip, and how many of the files Node passes pass."""
    out: dict[str, dict[str, int]] = {}
    node_passes = [t for t in tests if t.verdicts["node"].status == "pass"]
    for rt in runtimes_of(tests):
        counts = {"pass": 0, "fail": 0, "skip": 0}
        for t in tests:
            counts[t.verdicts[rt].status] += 1
        counts["of_node_passes"] = sum(1 for t in node_passes if t.verdicts[rt].status == "pass")
        out[rt] = counts
    return out


def node_passes(tests: list[TestFile]) -> dict[str, int]:
    """Of the files Node passes, how many pass in hostrt too (the harness figure)."""
    passed = [t for t in tests if t.verdicts["node"].status == "pass"]
    both = sum(1 for t in passed if t.verdicts["hostrt"].status == "pass")
    return {"node_pass": len(passed), "hostrt_pass": both}


def by_area(tests: list[TestFile]) -> list[dict[str, Any]]:
    """node_passes per area (the file name's first word: test-buffer-alloc.js -> buffer)."""
    areas: dict[str, list[TestFile]] = {}
    for t in tests:
        stem = Path(t.rel).stem.removeprefix("test-")
        areas.setdefault(re.split(r"[-_.]", stem, maxsplit=1)[0], []).append(t)
    return [{"area": a, "files": len(ts), **node_passes(ts)} for a, ts in sorted(areas.items())]


def summary_line(tests: list[TestFile]) -> str:
    """One line: of the files Node passes, how many pass in hostrt; then per runtime pass / fail /
    skip and the share of the files Node passes that pass there too."""
    tot = totals(tests)
    np = node_passes(tests)
    head = (f"{np['hostrt_pass']} of the {np['node_pass']} files Node passes also pass in hostrt"
            + (f" ({100 * np['hostrt_pass'] / np['node_pass']:.0f}%)" if np["node_pass"] else ""))

    def share(rt: str, c: dict[str, int]) -> str:
        if rt == "node" or not np["node_pass"]:
            return ""
        return (f" ({c['of_node_passes']} of Node's {np['node_pass']} passes, "
                f"{100 * c['of_node_passes'] / np['node_pass']:.0f}%)")
    return head + "; " + "; ".join(
        f"{rt}: {c['pass']} pass, {c['fail']} fail, {c['skip']} skip{share(rt, c)}"
        for rt, c in tot.items()) + f" ({len(tests)} files)"


def main(args: argparse.Namespace) -> int:
    """The `--node-tests` handler."""
    root: Path = args.node_tests.resolve()
    pattern = args.filter if args.filter != "*" or not (root / "parallel").is_dir() else "test-*"
    tests = find_tests(root, pattern)
    if not tests:
        raise HostError(f"{root}: no test files match {pattern!r}", code="ERR_HOSTRT_NOT_FOUND")
    if args.common == "ours" and not (our_common() / "index.js").is_file():
        raise HostError(f"{our_common()}: hostrt's own common/index.js is missing")
    # --runtimes picks the peer columns (hostrt and Node always run).
    wanted = getattr(args, "runtimes", None)
    peers = tuple(p for p in ("deno", "bun") if wanted is None or p in wanted)
    notes = asyncio.run(run_tests(tests, root, common=args.common, timeout=args.test_timeout,
                                  jobs=max(1, args.jobs), peers=peers))
    if args.format == "json":
        data: dict[str, Any] = {
            "schema": "hostrt-compat-node-tests/1", "root": str(root), "common": args.common,
            # What was run, without this machine's path (the appendix quotes it).
            "command": f"hostrt compat --node-tests <{root.name}/> --filter '{pattern}'"
                       + (" --common ours" if args.common == "ours" else "")
                       + (f" --runtimes {','.join(wanted)}" if wanted else ""),
            "selection": f"the {len(tests)} files matching --filter '{pattern}'",
            "totals": totals(tests), **node_passes(tests), "line": summary_line(tests),
            "areas": by_area(tests), "notes": notes,
            "files": [{"file": t.rel, "flags": t.flags,
                       "status": {k: v.status for k, v in t.verdicts.items()},
                       "detail": {k: v.detail for k, v in t.verdicts.items()}} for t in tests]}
        text = json.dumps(data, indent=1) + "\n"
        if args.output:
            args.output.write_text(text)
        else:
            sys.stdout.write(text)
        return 0
    from rich.console import Console
    from rich.table import Table
    style = {"pass": "green", "fail": "red", "skip": "yellow"}
    table = Table(title=f"Node-style tests in {root} (common: {args.common})")
    rts = runtimes_of(tests)
    for col in ("file", *rts, "detail"):
        table.add_column(col, overflow="fold")
    for t in tests:
        n, h = t.verdicts["node"], t.verdicts["hostrt"]
        detail = h.detail or n.detail
        table.add_row(t.rel, *(f"[{style[t.verdicts[rt].status]}]{t.verdicts[rt].status}[/]"
                               for rt in rts), detail)
    console = Console(file=args.output.open("w") if args.output else None)
    console.print(table)
    for note in notes:
        console.print(f"[yellow]{note}[/]")
    console.print(f"[bold]{summary_line(tests)}[/]")
    return 0
