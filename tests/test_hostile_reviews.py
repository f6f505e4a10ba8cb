"""Hostile AdmissionReviews: `hostrt run MODULE --admission` answers every one, as real Pepr does.

Each request is a valid review of hello-pepr broken one way (deep nesting — the 5,000-level
review that used to kill hostrt with a Python RecursionError —, a BOM, bytes that are not UTF-8,
lone surrogates, NUL, numbers outside the double range, duplicate keys, empty and truncated
bodies). Real Pepr 1.1.4 on Node answers the same files through its own Express app
(hostrt/pepr/node/pepr_reference.js); status and body must match, and hostrt must print no traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hostrt.pepr.compare import answer_lines as _lines
from hostrt.pepr.compare import compare_bodies, compare_values
from hostrt.pepr.reference import REFERENCE_RUNNER as REFERENCE
from tests.conftest import NODE, REPO, hostrt_cmd

HELLO = REPO / "js_fixtures" / "modules" / "hello-pepr"
BASE = HELLO / "requests" / "04-create-configmap-example-1.json"

pytestmark = pytest.mark.skipif(NODE is None or shutil.which("npm") is None,
                                reason="the reference is real Pepr on Node.js; node/npm missing")


def _nest(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def _secret(text: str, obj: object) -> str:
    """The review as a Secret's, its object replaced (a dict: merged into the object)."""
    review = json.loads(text)
    req = review["request"]
    for key in ("kind", "requestKind"):
        req[key] = {"group": "", "version": "v1", "kind": "Secret"}
    for key in ("resource", "requestResource"):
        req[key] = {"group": "", "version": "v1", "resource": "secrets"}
    if isinstance(obj, dict):
        req["object"] = {**req["object"], "kind": "Secret", **obj}
    else:
        req["object"] = obj
    return json.dumps(review)


def hostile_requests(folder: Path) -> list[str]:
    """Write the hostile request files; return their names."""
    text = json.dumps(json.loads(BASE.read_text()))
    assert '"data": {' in text and '"metadata": {' in text

    def into_data(member: str) -> str:
        return text.replace('"data": {', '"data": {' + member + ", ", 1)

    cases: dict[str, bytes | str] = {
        "deep-5000": text.replace('"data": {', '"deep": ' + _nest(5000) + ', "data": {', 1),
        "deep-100k-arrays": text.replace('"data": {',
                                         '"deep": ' + "[" * 100_000 + "]" * 100_000
                                         + ', "data": {', 1),
        "deep-1m-top": "[" * 1_000_000 + "]" * 1_000_000,
        "deep-metadata": text.replace('"metadata": {', '"metadata": {"x": ' + _nest(1000) + ", ", 1),
        "bom": "\ufeff" + text,
        "not-utf8": text.encode().replace(b'"example-1"', b'"ex\xe9\xff\xc3ample"'),
        "lone-surrogate-escaped": into_data('"x": "\\ud800"'),
        "lone-surrogate-raw": into_data('"x": "\ud800"').encode("utf-8", "surrogatepass"),
        "nul": into_data('"x": "a\\u0000b"'),
        "numbers-out-of-range": into_data('"x": 1e400, "y": -1e999, "z": 1234567890123456789012'),
        "duplicate-keys": into_data('"x": "1", "x": "2"'),
        "empty": "",
        "truncated": text[: len(text) // 2],
        # Cut right after a property name: V8 14 and Node 20's V8 word these differently.
        "truncated-after-name": text[: text.index('"kind"') + len('"kind"')],
        "truncated-after-first-name": '{"apiVersion" ',
        "junk-after-name": text.replace('"kind": ', '"kind"\ufffd: ', 1),
        "junk-after-name-short": '{"a":1,"b"x',
        # 1 MiB strings that cost a mini-racer inbox most when it was a JS literal; the uid is
        # echoed in both answers, so it crosses back as well.
        # Raw separators in a string JSON.stringify leaves unescaped: an answer line must not
        # be split there.
        "line-separators": into_data('"x": "a\u2028b\u2029c\u0085d"').replace(
            "example-1", "ex\u2028ample", 1),
        # A Secret whose object or data is not an object: Pepr's helpers assign into it in
        # sloppy mode (dropped) and answer.
        "secret-object-true": _secret(text, True),
        "secret-object-string": _secret(text, "x\ufffdy"),
        "secret-data-string": _secret(text, {"data": "\u2028\u2029"}),
        # Node's base64 decoder reads characters past U+00FF by their low byte (U+0141 as "A",
        # U+013D as "=").
        "secret-data-two-byte": _secret(text, {"data": {"key": "\udb31\udd43\u00afQ",
                                                        "username": "QUJD\u013dQUJD",
                                                        "a": "\u0141\u0141\u0141\u0141"}}),
        "huge-e": into_data('"x": "' + "é" * (1 << 20) + '"'),
        "huge-astral-uid": text.replace(json.loads(text)["request"]["uid"],
                                        "\U0001F600" * (1 << 18), 1),
        "huge-backslashes": into_data('"x": "' + "\\\\" * (1 << 19) + '"'),
        "huge-kind": text.replace('"kind": "AdmissionReview"',
                                  '"kind": "' + "\u2028é" * (1 << 18) + '"', 1),
    }
    for name, body in cases.items():
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        (folder / f"{name}.json").write_bytes(data)
    return [f"{n}.json" for n in cases]


def test_hostile_reviews_answered_like_real_pepr(tmp_path: Path, pepr_node_modules: Path,
                                                 esbuild_package: Path) -> None:
    requests = tmp_path / "requests"
    requests.mkdir()
    names = hostile_requests(requests)
    env = {**os.environ, "PEPR_API_PATH": "hostrt-reference"}
    env.pop("LOG_LEVEL", None)
    ref = subprocess.run([str(NODE), str(REFERENCE), "--module", str(HELLO / "pepr.ts"),
                          "--pepr", str(pepr_node_modules), "--esbuild", str(esbuild_package),
                          str(requests)], capture_output=True, text=True, env=env, timeout=120,
                         stdin=subprocess.DEVNULL)
    assert ref.returncode == 0, ref.stderr[-3000:]
    module = tmp_path / "hello-pepr"
    shutil.copytree(HELLO, module, ignore=shutil.ignore_patterns("requests", "watch"))
    (module / "node_modules").symlink_to(pepr_node_modules, target_is_directory=True)
    got = subprocess.run([*hostrt_cmd(), "run", str(module), "--admission", str(requests)],
                         capture_output=True, text=True, env=env, timeout=120,
                         stdin=subprocess.DEVNULL)
    assert "Traceback" not in got.stderr, got.stderr[-3000:]
    # Bad inputs are reported (exit 1), each naming its file, and still answered.
    assert got.returncode == 1, got.stderr[-2000:]
    assert "not-utf8.json: not UTF-8 text" in got.stderr
    ref_lines, got_lines = _lines(ref.stdout), _lines(got.stdout)
    assert sorted(ref_lines) == sorted(names)
    assert sorted(got_lines) == sorted(names), got.stderr[-2000:]
    report = []
    for name, r in ref_lines.items():
        g = got_lines[name]
        diffs: list[str] = []
        compare_values(r.get("httpStatus"), g.get("httpStatus"), "httpStatus", diffs)
        for kind in ("mutate", "validate"):
            compare_bodies(r[kind], g[kind], kind, diffs, [])
        if diffs:
            report.append(f"{name}: {diffs[:3]}")
    assert not report, "\n".join(report)
    # The deep review is where Pepr's processing overflows its stack: both answer 500.
    assert ref_lines["deep-5000.json"]["httpStatus"] == {"mutate": 500, "validate": 500}


def test_deep_watch_event_then_next_event(tmp_path: Path, pepr_node_modules: Path) -> None:
    """Python serialises deep values into the isolate too (watch events, kube answers): the
    deep event is handled (Pepr's processing overflows the JS stack: reported, naming the line)
    and the next event is answered."""
    module = tmp_path / "hello-pepr"
    shutil.copytree(HELLO, module, ignore=shutil.ignore_patterns("requests"))
    (module / "node_modules").symlink_to(pepr_node_modules, target_is_directory=True)
    event = json.loads((HELLO / "watch" / "02-namespace-pepr-demo-added.json").read_text())
    plain = json.dumps(event)
    deep = plain.replace('"metadata": {', '"metadata": {"deep": ' + _nest(5000) + ", ", 1)
    events = tmp_path / "events.jsonl"
    events.write_text(deep + "\n" + plain + "\n")
    got = subprocess.run([*hostrt_cmd(), "run", str(module), "--watch", str(events)],
                         capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert "Traceback" not in got.stderr, got.stderr[-3000:]
    assert f"{events}:1: the watch handler failed: RangeError" in got.stderr
    lines = [json.loads(x) for x in got.stdout.splitlines() if x.strip()]
    assert [line["line"] for line in lines if "watch" in line] == [2], got.stderr[-2000:]
