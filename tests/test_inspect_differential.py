"""util.inspect / util.format byte-identical to real Node on the corpus (tests/js/inspect_corpus.js).

The same driver runs in `node` and in `hostrt run`; every case's output must match, except that
stack-frame lines of errors may differ (the issue allows it: frames name different internals).
hostrt runs it with `--native-promises`: by default hostrt lowers user async functions (to see their
unhandled rejections), which makes them plain functions — that trade-off is tested in test_run.py;
here the subject is inspect itself, on the same values Node sees.
"""

from __future__ import annotations

import json
import re

from conftest import REPO

DRIVER = REPO / "tests" / "js" / "corpus_driver.js"
_FRAME = re.compile(r"^\s*at .*\n?|^\s*\.\.\. \d+ lines matching cause stack trace \.\.\.\n?", re.M)


def _without_frames(text: str) -> str:
    # Frame lines go entirely (Node shows more of them); a separator that followed the last
    # frame (",") or the error ("{") stays attached to the header line.
    return re.sub(r"\n(?=[,{])", "", _FRAME.sub("", text))


# What plain JS in a bare V8 cannot see (no natives for it in mini-racer's V8): the remaining
# entries of a Map/Set iterator and the contents of WeakMap/WeakSet (Node asks V8's C++ API).
# These print the documented fallback instead; every other case must match byte for byte.
ENGINE_INVISIBLE = {
    "map iterator": "[Map Iterator]", "map entries": "[Map Iterator]",
    "set iterator": "[Set Iterator]", "set entries": "[Set Iterator]",
    "map iterator after next": "[Map Iterator]",
    "showHidden weakmap": "<items unknown>", "showHidden weakset": "<items unknown>",
    "showHidden weakmap several": "<items unknown>", "showHidden weakset several": "<items unknown>",
    "showHidden weakset sorted": "<items unknown>",
    "iterator beyond depth": "Object [Map Iterator] {}",
    # A promise whose prototype was removed: no brand check for promises exists in plain JS.
    "promise null proto": "[Object: null prototype] {}",
}


def test_corpus_matches_node(hostrt_run, node_run):
    ours, node = hostrt_run("--native-promises", DRIVER, timeout=120), node_run(DRIVER)
    assert ours.code == 0, ours.err
    assert node.code == 0, node.err
    mine, theirs = json.loads(ours.out), json.loads(node.out)
    assert len(theirs) >= 150
    assert mine.keys() == theirs.keys()
    promise_state = _promise_state_cases(theirs)
    mismatches = {name: (mine[name], theirs[name]) for name in theirs
                  if name not in ENGINE_INVISIBLE and name not in promise_state
                  and _without_frames(mine[name]) != _without_frames(theirs[name])}
    for name, fallback in ENGINE_INVISIBLE.items():
        assert fallback in mine[name], (name, mine[name])
    assert len(theirs) - len(ENGINE_INVISIBLE) - len(promise_state) >= 150
    for name in promise_state:  # V8's own promises: their state is not readable from JS
        assert "<unknown>" in mine[name], (name, mine[name])
    assert not mismatches, "\n\n".join(f"{n}\n  hostrt: {a!r}\n  node:   {b!r}"
                                       for n, (a, b) in list(mismatches.items())[:20])


def _promise_state_cases(node_out: dict[str, str]) -> set[str]:
    return {name for name, text in node_out.items()
            if "Promise {" in text and "Promise { <unknown>" not in text}


def test_promise_state_with_tracked_promises(hostrt_run, node_run):
    """The default for scripts: the tracking Promise records each promise's state, so inspect
    shows it as Node does (async functions are lowered there, so only promise cases count)."""
    ours, node = hostrt_run(DRIVER, timeout=120), node_run(DRIVER)
    assert ours.code == 0, ours.err
    mine, theirs = json.loads(ours.out), json.loads(node.out)
    cases = _promise_state_cases(theirs) - set(ENGINE_INVISIBLE)
    assert len(cases) >= 5
    differ = {n: (mine[n], theirs[n]) for n in cases
              if _without_frames(mine[n]) != _without_frames(theirs[n])}
    assert not differ, differ
