"""`hostrt run MODULE --admission/--watch/--until/--store`: the CLI edge of Pepr modules.

What Pepr itself answers is checked against real Pepr in test_pepr_differential.py; here: input
forms, output shape, stores, watch replay, schedules on a virtual clock and every bad input.
"""

from __future__ import annotations

import argparse
import base64
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hostrt.pepr.cli import check_review, parse_duration
from tests.conftest import Result

MODULE = """
const { PeprModule, Capability, a, Log } = require("pepr");
const cap = new Capability({ name: "t", description: "cli test", namespaces: [] });
const { When, Store, OnSchedule } = cap;
When(a.ConfigMap).IsCreated().Mutate(req => {
  req.SetAnnotation("last-before", Store.getItem("last") || "none");
  Store.setItem("last", req.Raw.metadata.name);
});
When(a.ConfigMap).IsCreatedOrUpdated().Watch(cm => {
  Store.setItem("watched-" + cm.metadata.name, (cm.data && cm.data.v) || "");
});
OnSchedule({ name: "tick", every: 10, unit: "minutes", run: () => {
  Store.setItem("ticks", String(Number(Store.getItem("ticks") || 0) + 1));
}});
console.log("module output goes to stderr");
new PeprModule({ description: "cli test",
  pepr: { uuid: "cli-test", onError: "reject", alwaysIgnore: { namespaces: [] } } }, [cap]);
"""


def review(name: str, *, uid: str | None = "u-1", operation: str = "CREATE",
           obj: bool = True) -> dict[str, Any]:
    """A minimal AdmissionReview v1 for a ConfigMap."""
    req: dict[str, Any] = {
        "kind": {"group": "", "version": "v1", "kind": "ConfigMap"},
        "resource": {"group": "", "version": "v1", "resource": "configmaps"},
        "name": name, "namespace": "default", "operation": operation,
        "userInfo": {"username": "admin"}, "dryRun": False,
    }
    if uid is not None:
        req["uid"] = uid
    if obj:
        req["object"] = {"apiVersion": "v1", "kind": "ConfigMap",
                         "metadata": {"name": name, "namespace": "default"}, "data": {"v": "1"}}
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": req}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A Pepr module file plus a requests/ directory."""
    (tmp_path / "module.js").write_text(MODULE)
    reqs = tmp_path / "requests"
    reqs.mkdir()
    (reqs / "b.json").write_text(json.dumps(review("second", uid="u-2")))
    (reqs / "a.json").write_text(json.dumps(review("first", uid="u-1")))
    (reqs / "ignored.txt").write_text("not a request")
    return tmp_path


def lines(res: Result) -> list[dict[str, Any]]:
    """stdout as JSON lines (fails the test on any other text)."""
    return [json.loads(line) for line in res.out.splitlines() if line.strip()]


def annotations_after(answer: dict[str, Any], name: str) -> dict[str, str]:
    """The ConfigMap `name` of `review()` after the mutate answer's JSON Patch: annotations."""
    import jsonpatch
    ops = json.loads(base64.b64decode(answer["response"]["patch"]))
    patched = jsonpatch.apply_patch(review(name)["request"]["object"], ops)
    return dict(patched["metadata"].get("annotations") or {})


def no_traceback(res: Result) -> None:
    """A user-facing error, never a Python traceback."""
    assert "Traceback" not in res.err and "Traceback" not in res.out, res.err


def test_admission_dir_sorted_one_line_per_file(project: Path,
                                               hostrt_run: Callable[..., Result]) -> None:
    res = hostrt_run(project / "module.js", "--admission", project / "requests", "--dump-store")
    assert res.code == 0, res.err
    out = lines(res)
    files = [Path(o["file"]).name for o in out[:-1]]
    assert files == ["a.json", "b.json"]
    first, second, store = out
    assert set(first) == {"file", "mutate", "validate"}
    assert first["mutate"]["response"]["uid"] == "u-1"
    assert first["validate"]["response"]["uid"] == "u-1"
    assert first["validate"]["response"]["allowed"] is True
    # The Store written by the first request is visible to the second one.
    assert annotations_after(second["mutate"], "second")["last-before"] == "first"
    assert store == {"store": {"t": {"last": "second"}}, "schedule": {}}
    assert "module output goes to stderr" in res.err
    assert "module output" not in res.out


def test_options_before_the_module_too(project: Path, hostrt_run: Callable[..., Result]) -> None:
    res = hostrt_run("--admission", project / "requests" / "a.json", project / "module.js")
    assert res.code == 0, res.err
    assert [Path(o["file"]).name for o in lines(res)] == ["a.json"]


def test_http_error_answers_carry_status(project: Path, tmp_path: Path,
                                         hostrt_run: Callable[..., Result]) -> None:
    bad = tmp_path / "no-object.json"
    bad.write_text(json.dumps(review("x", obj=False)))
    malformed = tmp_path / "malformed.json"
    malformed.write_text('{"request": ')
    res = hostrt_run(project / "module.js", "--admission", bad, "--admission", malformed)
    no_traceback(res)
    out = lines(res)
    assert len(out) == 2
    for line in out:
        assert isinstance(line["mutate"], str) and isinstance(line["validate"], str)
        assert set(line["httpStatus"]) == {"mutate", "validate"}
        assert all(code >= 400 for code in line["httpStatus"].values())
    assert out[1]["httpStatus"] == {"mutate": 400, "validate": 400}
    # A malformed file is answered as Pepr would, reported, and the exit status says so.
    assert res.code == 1
    assert f"{malformed}: not valid JSON" in res.err


@pytest.mark.parametrize(("kw", "message"), [
    ({"uid": None}, "request.uid is missing"),
    ({"operation": "FROB"}, "request.operation 'FROB' is not one of CREATE, UPDATE, DELETE"),
])
def test_invalid_reviews_are_reported(project: Path, tmp_path: Path, kw: dict[str, Any],
                                      message: str, hostrt_run: Callable[..., Result]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(review("x", **kw)))
    res = hostrt_run(project / "module.js", "--admission", path)
    no_traceback(res)
    assert res.code == 1
    assert f"hostrt: {path}: {message}" in res.err
    assert len(lines(res)) == 1  # still answered like Pepr would


def test_check_review_messages() -> None:
    assert check_review(json.dumps(review("x"))) is None
    assert check_review("[1]") == ("not an AdmissionReview: the JSON is an array, not an "
                                   "object")
    assert check_review("{}") == 'not an AdmissionReview: no "request" object'
    assert check_review("{").startswith("not valid JSON: ")


def test_syntax_error_names_file_line_col(tmp_path: Path,
                                          hostrt_run: Callable[..., Result]) -> None:
    mod = tmp_path / "broken.js"
    mod.write_text('const { PeprModule } = require("pepr");\nconst x = {;\n')
    req = tmp_path / "r.json"
    req.write_text(json.dumps(review("x")))
    res = hostrt_run(mod, "--admission", req)
    no_traceback(res)
    assert res.code != 0
    assert "broken.js:2:11" in res.err


def test_syntax_error_in_typescript_project(tmp_path: Path,
                                           hostrt_run: Callable[..., Result]) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"name": "m", "pepr": {"uuid": "x"}}))
    (tmp_path / "pepr.ts").write_text('import { PeprModule } from "pepr";\nlet x: = 1;\n')
    res = hostrt_run(tmp_path, "--admission", tmp_path / "package.json")
    no_traceback(res)
    assert res.code != 0
    assert "pepr.ts:2:7" in res.err


def test_throw_at_load_prints_stack(tmp_path: Path, hostrt_run: Callable[..., Result]) -> None:
    mod = tmp_path / "throws.js"
    mod.write_text('require("pepr");\nfunction setup() { throw new Error("boom at load"); }\n'
                   "setup();\n")
    req = tmp_path / "r.json"
    req.write_text(json.dumps(review("x")))
    res = hostrt_run(mod, "--admission", req)
    no_traceback(res)
    assert res.code == 1
    assert "Error: boom at load" in res.err
    assert "throws.js:2" in res.err  # the stack names the throwing line
    assert "the module failed while loading" in res.err
    assert res.out == ""


def test_module_without_pepr_module(tmp_path: Path, hostrt_run: Callable[..., Result]) -> None:
    mod = tmp_path / "plain.js"
    mod.write_text('require("pepr");\n')
    res = hostrt_run(mod, "--admission", tmp_path)
    no_traceback(res)
    assert res.code == 1
    assert "no *.json AdmissionReview files" in res.err or "no PeprModule was created" in res.err
    (tmp_path / "r.json").write_text(json.dumps(review("x")))
    res = hostrt_run(mod, "--admission", tmp_path / "r.json")
    assert res.code == 1 and "no PeprModule was created" in res.err


@pytest.mark.parametrize("package", [None, {"name": "not-pepr"}])
def test_directory_without_pepr_config(tmp_path: Path, package: dict[str, Any] | None,
                                       hostrt_run: Callable[..., Result]) -> None:
    if package is not None:
        (tmp_path / "package.json").write_text(json.dumps(package))
    (tmp_path / "pepr.ts").write_text("")
    res = hostrt_run(tmp_path, "--admission", tmp_path)
    no_traceback(res)
    assert res.code == 1
    assert f"{tmp_path}: not a Pepr module" in res.err


def test_missing_inputs(project: Path, hostrt_run: Callable[..., Result]) -> None:
    res = hostrt_run(project / "module.js", "--admission", project / "nope.json")
    no_traceback(res)
    assert res.code == 1 and f"{project / 'nope.json'}: no such file" in res.err
    res = hostrt_run(project / "nope.js", "--admission", project / "requests")
    assert res.code == 1 and "nope.js: no such file" in res.err
    res = hostrt_run(project / "module.js", "--until", "soon")
    assert res.code == 2 and "expected a duration" in res.err


def test_watch_replay(project: Path, tmp_path: Path, hostrt_run: Callable[..., Result]) -> None:
    events = tmp_path / "events.jsonl"
    cm = review("w1")["request"]["object"]
    events.write_text("\n".join([
        json.dumps({"type": "ADDED", "object": cm}),
        "",
        json.dumps({"type": "MODIFIED", "object": {**cm, "data": {"v": "2"}}}),
        "{not json",
        json.dumps({"type": "BOGUS", "object": cm}),
        json.dumps({"type": "DELETED"}),
    ]) + "\n")
    res = hostrt_run(project / "module.js", "--watch", events, "--dump-store")
    no_traceback(res)
    out = lines(res)
    replayed = [o for o in out if "watch" in o]
    assert [(o["line"], o["type"]) for o in replayed] == [(1, "ADDED"), (3, "MODIFIED")]
    assert out[-1]["store"]["t"] == {"watched-w1": "2"}
    assert f"{events}:4: not valid JSON" in res.err
    assert f"{events}:5: a watch event needs \"type\"" in res.err
    assert f"{events}:6: a watch event needs an \"object\"" in res.err
    assert res.code == 1


def test_schedule_on_virtual_clock(project: Path, hostrt_run: Callable[..., Result]) -> None:
    start = time.monotonic()
    res = hostrt_run(project / "module.js", "--fake-time", "--until", "35m", "--dump-store")
    elapsed = time.monotonic() - start
    assert res.code == 0, res.err
    store = lines(res)[-1]
    assert store["store"]["t"]["ticks"] == "3"  # every 10 minutes: at 10, 20 and 30
    assert "tick" in store["schedule"]["t"]  # the schedule's own bookkeeping, persisted
    assert elapsed < 20  # 35 virtual minutes, not real ones


def test_store_file_persists_between_runs(project: Path, tmp_path: Path,
                                          hostrt_run: Callable[..., Result]) -> None:
    db = tmp_path / "store.sqlite"
    res = hostrt_run(project / "module.js", "--store", db,
                     "--admission", project / "requests" / "a.json")
    assert res.code == 0, res.err
    res = hostrt_run(project / "module.js", "--store", db,
                     "--admission", project / "requests" / "b.json", "--dump-store")
    assert res.code == 0, res.err
    answer, store = lines(res)
    ann = annotations_after(answer["mutate"], "second")
    assert ann["last-before"] == "first"  # loaded from the file
    assert store["store"]["t"]["last"] == "second"


def test_info(project: Path, hostrt_run: Callable[..., Result]) -> None:
    res = hostrt_run(project / "module.js", "--info")
    assert res.code == 0, res.err
    info = lines(res)[0]["info"]
    assert info["uuid"] == "cli-test"
    assert [c["name"] for c in info["capabilities"]] == ["t"]


def test_project_directory_config_and_env(tmp_path: Path,
                                          hostrt_run: Callable[..., Result]) -> None:
    # A project as `npx pepr init` lays it out: config from package.json, bundled like Pepr.
    (tmp_path / "package.json").write_text(json.dumps({
        "name": "proj", "pepr": {"uuid": "proj-uuid", "onError": "reject", "logLevel": "debug",
                                 "env": {"MY_SETTING": "from-package-json"}}}))
    (tmp_path / "pepr.ts").write_text("""
import { PeprModule, Capability, a } from "pepr";
import cfg from "./package.json";
const cap = new Capability({ name: "p", description: "d", namespaces: [] });
cap.When(a.ConfigMap).IsCreated().Mutate(req => {
  req.SetAnnotation("setting", process.env.MY_SETTING ?? "unset");
  req.SetAnnotation("log-level", process.env.LOG_LEVEL ?? "unset");
});
new PeprModule(cfg, [cap]);
""")
    req = tmp_path / "r.json"
    req.write_text(json.dumps(review("x")))
    res = hostrt_run(tmp_path, "--admission", req, "--info", env={"LOG_LEVEL": ""})
    assert res.code == 0, res.err
    info, answer = lines(res)
    assert info["info"]["uuid"] == "proj-uuid"
    ann = annotations_after(answer["mutate"], "x")
    assert ann["setting"] == "from-package-json"
    assert ann["log-level"] == "debug"  # pepr.logLevel


def test_parse_duration() -> None:
    assert parse_duration("90s") == 90_000
    assert parse_duration("15m") == 900_000
    assert parse_duration("2h") == 7_200_000
    assert parse_duration("1h30m") == 5_400_000
    assert parse_duration("250ms") == 250
    assert parse_duration("5") == 5_000
    for bad in ("", "2x", "h", "1h 2m", "-1s"):
        with pytest.raises(argparse.ArgumentTypeError):
            parse_duration(bad)


def test_runaway_request_is_reported_and_the_next_is_answered(
        tmp_path: Path, hostrt_run: Callable[..., Result]) -> None:
    mod = tmp_path / "spin.js"
    mod.write_text(MODULE.replace(
        'req.SetAnnotation("last-before"',
        'if (req.Raw.metadata.name === "spin") for (;;) {}\n  req.SetAnnotation("last-before"'))
    reqs = tmp_path / "reqs"
    reqs.mkdir()
    (reqs / "1.json").write_text(json.dumps(review("first")))
    (reqs / "2.json").write_text(json.dumps(review("spin")))
    (reqs / "3.json").write_text(json.dumps(review("third")))
    res = hostrt_run(mod, "--timeout", "1", "--admission", reqs)
    no_traceback(res)
    assert res.code == 1
    out = lines(res)
    assert [Path(o["file"]).name for o in out] == ["1.json", "2.json", "3.json"]
    # Answered per the module's onError ("reject"): denied, with the reason; the route that
    # did not misbehave (validate) is retried alone on the fresh isolate and answered.
    assert "httpStatus" not in out[1]
    denied = out[1]["mutate"]["response"]
    assert denied["allowed"] is False and denied["status"]["code"] == 500
    assert denied["status"]["message"].startswith("Pepr module configured to reject on error: "
                                                  "hostrt: script execution timed out")
    assert out[1]["validate"]["response"]["allowed"] is True
    assert "2.json: script execution timed out" in res.err
    assert "2.json (mutate): script execution timed out" in res.err
    # A fresh isolate answers the next request, with the Store reloaded from the host.
    assert annotations_after(out[2]["mutate"], "third")["last-before"] == "first"


def test_built_bundle_answers_like_its_project(tmp_path: Path,
                                               hostrt_run: Callable[..., Result]) -> None:
    """`npx pepr build` output (minified CJS requiring "pepr", config inlined) runs as is."""
    import subprocess

    from hostrt.loader.npm import esbuild_path
    (tmp_path / "package.json").write_text(json.dumps(
        {"name": "proj", "description": "built", "pepr": {"uuid": "built-uuid",
                                                          "onError": "reject"}}))
    (tmp_path / "pepr.ts").write_text(MODULE.replace(
        'const { PeprModule, Capability, a, Log } = require("pepr");',
        'import { PeprModule, Capability, a, Log } from "pepr";'))
    dist = tmp_path / "dist" / "pepr-module-built-uuid.js"
    proc = subprocess.run([str(esbuild_path()), str(tmp_path / "pepr.ts"), "--bundle",
                           "--format=cjs", "--platform=node", "--keep-names", "--minify",
                           "--tree-shaking=true", "--external:pepr", f"--outfile={dist}"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    reqs = tmp_path / "requests"
    reqs.mkdir()
    (reqs / "a.json").write_text(json.dumps(review("first")))
    (reqs / "b.json").write_text(json.dumps(review("second", uid="u-2")))
    from_dir = hostrt_run(tmp_path, "--admission", reqs)
    from_dist = hostrt_run(dist, "--admission", reqs)
    assert from_dir.code == 0 and from_dist.code == 0, from_dir.err + from_dist.err
    strip = [{k: v for k, v in o.items() if k != "file"} for o in lines(from_dir)]
    assert strip == [{k: v for k, v in o.items() if k != "file"} for o in lines(from_dist)]
    assert len(strip) == 2
