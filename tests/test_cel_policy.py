"""The sample Pepr module validating with CEL by the host (js_fixtures/modules/cel-policy),
checked against the same rules evaluated by @bufbuild/cel (CEL in JavaScript) in real Node."""

from __future__ import annotations

import json
import shutil

from tests.conftest import FIXTURES, NODE, hostrt_cmd, requires_node, run_cmd

MODULE = FIXTURES / "modules" / "cel-policy"


@requires_node
def test_admission_answers_match_bufbuild_cel_in_node(engine: str) -> None:
    from hostrt.loader.npm import ensure_installed
    ref_dir = ensure_installed() / "hostrt-cel"
    ref_dir.mkdir(parents=True, exist_ok=True)
    script = ref_dir / "cel_policy_reference.js"
    shutil.copyfile(FIXTURES.parent / "tests" / "node" / "cel_policy_reference.js", script)
    ref = run_cmd([str(NODE), str(script), str(MODULE / "capabilities" / "rules.json"),
                   str(MODULE / "reviews")], timeout=120)
    assert ref.code == 0, ref.err
    expected = json.loads(ref.out)

    got = run_cmd([*hostrt_cmd(), "run", "--engine", engine, str(MODULE), "--admission",
                   str(MODULE / "reviews")], timeout=300)
    assert got.code == 0, got.err[-2000:]
    answers = {}
    for line in got.out.splitlines():
        doc = json.loads(line)
        answers[doc["file"].rsplit("/", 1)[-1]] = doc["validate"]["response"]
    assert set(answers) == set(expected)
    denied = 0
    for name, want in expected.items():
        resp = answers[name]
        assert resp["allowed"] is want["allowed"], (name, resp, want)
        if want.get("unbound"):
            assert resp["status"]["message"] == "no in-scope validations -- allowed!"
        elif want["allowed"]:
            assert resp["status"] == {"code": 200, "message": ""}, name
        else:
            denied += 1
            # Pepr 1.1.4 answers 422 for every denial; the message is the rule's own.
            assert resp["status"] == {"code": 422, "message": want["message"]}, (name, resp, want)
    assert denied == 8  # the fixture covers every rule at least once
