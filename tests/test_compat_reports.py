"""Report writers (md, json, html — the html one checked in headless Chromium) and the CLI."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import hostrt_cmd, requires_node, run_cmd
from rich.console import Console

from hostrt.compat import probes as P
from hostrt.compat import report_html, report_json, report_md, report_text
from hostrt.compat.runner import Report, Result, Row, _declare, classify_existence, declared_status
from hostrt.compat.runtimes import BareRuntime, HostrtRuntime, NodeRuntime
from hostrt.compat.strategy import Strategy


def _report() -> Report:
    def row(pid: str, area: str, status: str, strat: Strategy, detail: str = "", api: str = "",
            kind: str = "behaviour") -> Row:
        r = Row(P.Probe(pid, area, kind, pid, api), strat)
        node = "works" if kind == "behaviour" else "present"
        r.results = {"node": Result(node), "hostrt": Result(status, detail),
                     "bare": Result("missing", "no require")}
        _declare(r)   # the shim declarations, applied as run_compat does
        return r
    rows = [
        row("timers/a", "timers", "works", Strategy("python", "", "declared"), api="timers.setTimeout"),
        row("export:timers.setTimeout", "timers", "present", Strategy("python", "", "declared"),
            api="timers.setTimeout", kind="export"),
        row("timers/b", "timers", "differs", Strategy("js", "", "declared"), "-x\n+y | z"),
        row("fs/sync", "fs", "missing", Strategy("impossible", "sync host call", "declared")),
        row("net/echo", "net", "hangs", Strategy()),
        row("zlib/gz", "zlib", "throws", Strategy("npm", "pako", "inferred"), "</script>"),
        row("export:dns.lookup", "dns", "present", Strategy("stub", "no resolver", "declared"),
            api="dns.lookup", kind="export"),
        row("export:os.cpus", "os", "present", Strategy("python", "", "declared"), api="os.cpus",
            kind="export"),
    ]
    node = NodeRuntime()
    node.label = "Node v20"
    return Report(rows, [node, HostrtRuntime(), BareRuntime()], "v20.0.0", 1.0)


HEADLINE = ("1 APIs behave like Node (behaviour verified), 1 present only as stubs, 1 impossible, "
            "0 missing; 1 more are present with Node's typeof but their behaviour is not verified "
            "by a probe; 3 differ from Node or fail (7 APIs)")


def test_summary_line() -> None:
    s = _report().summary()
    assert s["line"] == HEADLINE
    # Per probe: the setTimeout export is only `present`; its behaviour probe makes the API `works`.
    assert s["probes"] == {"works": 1, "present": 2, "stub": 1, "impossible": 1, "differs": 1,
                           "missing": 0, "throws": 1, "hangs": 1}
    assert s["apis"]["works"] == 1 and s["apis_total"] == 7
    areas = {a["area"]: a for a in _report().areas()}
    assert areas["timers"]["total"] == 3 and areas["timers"]["differs"] == 1
    assert areas["timers"]["present"] == 1 and areas["dns"]["stub"] == 1


def test_existence_never_counts_as_works() -> None:
    assert classify_existence({"t": "function"}, {"t": "function"}).status == "present"
    assert classify_existence({"t": "function"}, {"t": "object"}).status == "differs"
    stub = Strategy("stub", "", "declared")
    assert declared_status("present", stub) == "stub"
    assert declared_status("throws", stub) == "stub"
    assert declared_status("works", stub) == "works"          # a behaviour probe verified it
    assert declared_status("works", Strategy("impossible", "", "declared")) == "impossible"
    assert declared_status("present", Strategy("js", "", "declared")) == "present"


def test_json_schema() -> None:
    data = json.loads(report_json.render(_report()))
    assert data["schema"] == report_json.SCHEMA
    row = next(r for r in data["rows"] if r["id"] == "fs/sync")
    assert set(row) >= {"id", "area", "status", "strategy", "detail", "strategy_note"}
    assert row["status"] == {"node": "works", "hostrt": "impossible", "bare": "missing"}
    assert data["statuses"][:4] == ["works", "present", "stub", "impossible"]
    assert data["summary"]["line"] == HEADLINE
    assert row["strategy_note"] == "sync host call"
    assert [r["name"] for r in data["runtimes"]] == ["node", "hostrt", "bare"]


def test_markdown_appendix() -> None:
    text = report_md.render(_report())
    assert f"**{HEADLINE}.**" in text
    assert text.index("## Summary per area") < text.index("## Probes")
    assert "| area | probes | works | present | stub | impossible | differs | missing | throws | " \
        "hangs |" in text
    assert "| dns | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |" in text
    assert "| **all** | 8 | 1 | 2 | 1 | 1 | 1 | 0 | 1 | 1 |" in text
    assert "| `fs/sync` | fs | impossible | works | impossible | missing | impossible: sync " \
        "host call |" in text
    assert "-x ⏎ +y \\| z" in text  # one line per row, pipes escaped
    assert "npm *(inferred)*" in text


def test_terminal_table() -> None:
    console = Console(record=True, width=200)
    report_text.render(_report(), console)
    out = console.export_text()
    assert HEADLINE in " ".join(out.split())
    header = next(line for line in out.splitlines() if "area" in line and "probes" in line)
    assert all(col in header for col in ("works", "present", "stub", "impossible"))
    assert "impossible: sync host call" in out


def test_html_is_self_contained() -> None:
    page = report_html.render(_report())
    assert "<script src" not in page and "<link" not in page
    assert "<\\/script>" in page  # data cannot close the script element
    assert '<option value="timers">timers</option>' in page
    assert "<th>present</th><th>stub</th><th>impossible</th>" in page
    assert '<option value="stub">stub</option>' in page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_chromium() is None,
                    reason="Debian's `chromium` is not installed (apt-get install -y chromium; "
                           ".ci/run installs it)")
@pytest.mark.parametrize(("fragment", "shown"), [
    ("", {"timers/a", "export:timers.setTimeout", "timers/b", "fs/sync", "net/echo", "zlib/gz",
          "export:dns.lookup", "export:os.cpus"}),
    ("#area=timers", {"timers/a", "export:timers.setTimeout", "timers/b"}),
    ("#status=impossible", {"fs/sync"}),
    ("#status=stub", {"export:dns.lookup"}),
    ("#area=timers&status=differs", {"timers/b"}),
    # what clicking an overview bar part sets: a runtime and its bucket
    ("#runtime=hostrt&bucket=differs", {"timers/b", "net/echo", "zlib/gz"}),
    ("#runtime=bare&bucket=missing", {"timers/a", "export:timers.setTimeout", "timers/b",
                                      "fs/sync", "net/echo", "zlib/gz", "export:dns.lookup",
                                      "export:os.cpus"}),
    ("#area=timers&runtime=hostrt&bucket=like Node", {"timers/a"}),
])
def test_html_filters_in_headless_chromium(tmp_path: Path, fragment: str, shown: set[str]) -> None:
    page = tmp_path / "report.html"
    page.write_text(report_html.render(_report()))
    proc = subprocess.run(
        [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
         f"file://{page}{fragment}"], capture_output=True, text=True, timeout=60)
    dom = proc.stdout
    assert "<tbody" in dom, proc.stderr[-2000:]
    visible = set()
    for m in re.finditer(r"<tr ([^>]*)>\s*<td>([^<]+)</td>", dom):
        if "hidden" not in m.group(1):
            visible.add(m.group(2))
    assert visible == shown
    assert f'data-shown="{len(shown)}"' in dom


@requires_node
def test_cli_formats(tmp_path: Path) -> None:
    probes = tmp_path / "p" / "lab"
    probes.mkdir(parents=True)
    (probes / "one.js").write_text("// probe: one\n// api: timers.setTimeout\n"
                                   "setTimeout(() => console.log('one'), 1);\n")
    base = [*hostrt_cmd(), "compat", "--no-existence", "--probes", str(tmp_path / "p"),
            "--runtimes", "hostrt"]
    res = run_cmd([*base, "--format", "json"], timeout=120)
    assert res.code == 0, res.err
    data = json.loads(res.out)
    assert data["rows"][0]["status"] == {"node": "works", "hostrt": "works"}
    assert "1 APIs behave like Node (behaviour verified)" in res.err
    md = run_cmd([*base, "--format", "md", "-o", str(tmp_path / "c.md")], timeout=120)
    assert md.code == 0 and "| `lab/one` | lab | python | works | works |  |" in \
        (tmp_path / "c.md").read_text()
    table = run_cmd(base, timeout=120)
    assert table.code == 0 and "1 APIs behave like Node (behaviour verified), 0 present only as " \
        "stubs, 0 impossible, 0 missing" in " ".join(table.out.split())


def test_cli_errors_are_clear(tmp_path: Path) -> None:
    res = run_cmd([*hostrt_cmd(), "compat", "--probes", str(tmp_path / "none")])
    assert res.code == 1 and "--probes must be a directory" in res.err
    assert "Traceback" not in res.err
    bad = run_cmd([*hostrt_cmd(), "compat", "--runtimes", "rhino"])
    assert bad.code == 2 and "unknown runtime 'rhino'" in bad.err


@requires_node
def test_committed_report_is_current() -> None:
    """docs/compat.md is what `hostrt compat --format md` prints today for hostrt and the
    in-process baselines (regenerate with `hostrt compat --runtimes hostrt,bare,pythonmonkey
    --format md -o docs/compat.md`). The Deno and Bun columns live in docs/compat-peers.md:
    external runtimes whose timer-order probes can vary on a loaded machine are not held to a
    byte-for-byte check."""
    from conftest import REPO
    res = run_cmd([*hostrt_cmd(), "compat", "--runtimes", "hostrt,bare,pythonmonkey",
                   "--format", "md"], timeout=300)
    assert res.code == 0, res.err
    committed = (REPO / "docs" / "compat.md").read_text()
    changed = sorted(set(res.out.splitlines()) ^ set(committed.splitlines()))
    assert res.out == committed, "\n".join(changed[:20])


def test_overview_buckets() -> None:
    from hostrt.compat.overview import overview
    ov = overview(report_json.to_data(_report()))
    assert ov["runtimes"] == ["node", "hostrt", "bare"]
    counts = {a["area"]: a["counts"] for a in ov["areas"]}
    assert next(iter(counts)) == "all"
    assert counts["all"]["hostrt"] == {"like Node": 1, "present": 2, "stub": 1, "impossible": 1,
                                       "differs": 3, "missing": 0}
    assert counts["all"]["bare"]["missing"] == 8
    assert counts["timers"]["node"] == {"like Node": 2, "present": 1, "stub": 0, "impossible": 0,
                                        "differs": 0, "missing": 0}


@pytest.mark.skipif(_chromium() is None,
                    reason="Debian's `chromium` is not installed (apt-get install -y chromium; "
                           ".ci/run installs it)")
def test_html_overview_is_drawn_in_headless_chromium(tmp_path: Path) -> None:
    """A screenshot of the page: the overview's bars are drawn in the bucket colours, one bar per
    area and runtime (the DOM says how many)."""
    pil = pytest.importorskip("PIL.Image", reason="Pillow (with matplotlib: the bench extra) "
                                                  "reads the screenshot")
    page = tmp_path / "report.html"
    page.write_text(report_html.render(_report()))
    shot = tmp_path / "shot.png"
    chrome = [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu",
              "--hide-scrollbars", "--window-size=1000,700"]
    proc = subprocess.run([*chrome, f"--screenshot={shot}", f"file://{page}"],
                          capture_output=True, text=True, timeout=60)
    assert shot.is_file(), proc.stderr[-2000:]
    dom = subprocess.run([*chrome, "--dump-dom", f"file://{page}"], capture_output=True,
                         text=True, timeout=60).stdout
    areas = 1 + len({"timers", "fs", "net", "zlib", "dns", "os"})
    assert f'data-overview-bars="{areas * 3}"' in dom
    raw = pil.open(shot).convert("RGB").tobytes()
    colours = {raw[i:i + 3] for i in range(0, len(raw), 3)}
    from hostrt.compat.overview import COLOURS
    for bucket in ("like Node", "missing", "impossible", "differs"):
        rgb = bytes.fromhex(COLOURS[bucket][1:])
        assert rgb in colours, f"no {bucket} part drawn"


def test_overview_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib", reason="the PNG chart needs the bench extra (matplotlib)")
    from hostrt.compat.overview import render_png
    out = tmp_path / "overview.png"
    render_png(report_json.to_data(_report()), out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 5000
