"""hostrt:cel — CEL evaluated by the host — and the synchronous host-call path under it.

Each test runs on every engine backend: on stpyv8 the calls are synchronous
(`bridge.callSync`), on mini-racer they are Promises; scripts `await` so they run on both.
"""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest

from hostrt import Host, HostOptions
from hostrt.engine.bridge import Bridge
from hostrt.errors import HostError


async def run_js(engine: str, tmp_path: Path, source: str, timeout: float = 10) -> tuple[str, str]:
    """Run a script to completion on `engine`; return (stdout, stderr)."""
    path = tmp_path / "main.js"
    path.write_text(textwrap.dedent(source))
    out, err = io.StringIO(), io.StringIO()
    async with Host(HostOptions(engine=engine, stdout=out, stderr=err, timeout=timeout)) as host:
        await host.load(str(path))
        await host.run_until_idle()
    return out.getvalue(), err.getvalue()


def lines(out: str) -> list[object]:
    return [json.loads(line) for line in out.splitlines()]


DEPLOYMENT = {"apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": {"name": "web", "labels": {"team": "payments", "app": "web"}},
              "spec": {"replicas": 3, "template": {"spec": {"containers": [
                  {"name": "web", "image": "registry.example.com/web:1.4"},
                  {"name": "sidecar", "image": "docker.io/envoy:1.30"}]}}}}


async def test_compile_and_evaluate_kubernetes_variables(engine, tmp_path):
    out, err = await run_js(engine, tmp_path, f"""
        const cel = require('hostrt:cel');
        const object = {json.dumps(DEPLOYMENT)};
        (async () => {{
          for (const expr of [
            'object.spec.replicas <= 5',
            'has(object.metadata.labels.team)',
            'has(object.metadata.labels.owner)',
            "object.spec.template.spec.containers.all(c, c.image.startsWith('registry.example.com/'))",
            "object.spec.template.spec.containers.map(c, c.name)",
            "object.metadata.name.matches('^[a-z]+$') && object.metadata.name.size() < 10",
            'oldObject == null && request.operation == "CREATE"',
            'params.max - object.spec.replicas',
            "x * 2",
          ]) {{
            const p = await cel.compile(expr, {{ variables: {{ x: 'int' }} }});
            const v = await p.evaluate({{ object, request: {{ operation: 'CREATE' }},
                                         params: {{ max: 5 }}, x: 21 }});
            console.log(JSON.stringify([expr.length, v, p.returnType]));
          }}
          console.log(JSON.stringify(cel.sync));
        }})();
    """)
    assert err == ""
    got = lines(out)
    assert [v for _, v, _ in got[:-1]] == [True, True, False, False, ["web", "sidecar"], True,
                                           True, 2, 42]
    assert got[0][2] == "BOOL" and got[-2][2] == "INT"  # the checker's type, declared int
    assert got[-1] is (engine == "stpyv8")


async def test_errors_carry_cel_message_and_position(engine, tmp_path):
    out, err = await run_js(engine, tmp_path, """
        const cel = require('hostrt:cel');
        (async () => {
          for (const expr of ['object.spec.replicas <= ', "1 + 'a'", 'object.spec.x > 1',
                              'x.y', '1 / 0']) {
            try {
              await cel.evaluate(expr, { object: { spec: {} } });
              console.log(JSON.stringify('no error'));
            } catch (e) {
              console.log(JSON.stringify([e instanceof cel.CelError, e.name, e.code, e.line ?? null,
                                          e.column ?? null, e.expression, e.message.split('\\n')[0]]));
            }
          }
        })();
    """)
    assert err == ""
    syntax, types, missing, undeclared, divide = lines(out)
    assert syntax[:5] == [True, "CelError", "ERR_CEL_COMPILE", 1, 25]
    assert "Syntax error" in syntax[6] and syntax[6].startswith("<input>:1:25:")
    assert types[:5] == [True, "CelError", "ERR_CEL_COMPILE", 1, 3]
    assert "no matching overload for '_+_' applied to '(int, string)'" in types[6]
    assert missing[2] == "ERR_CEL_EVAL" and 'Key not found in map : "x"' in missing[6]
    assert undeclared[2] == "ERR_CEL_COMPILE" and "undeclared reference to 'x.y'" in undeclared[6]
    assert divide[2] == "ERR_CEL_EVAL" and "divide by zero" in divide[6]


async def test_non_json_values_are_refused_by_name(engine, tmp_path):
    out, err = await run_js(engine, tmp_path, """
        const cel = require('hostrt:cel');
        (async () => {
          for (const object of [{ f() {} }, { n: 10n }, { m: new Map() }, { x: NaN }, [undefined]]) {
            try {
              await cel.evaluate('object', { object });
              console.log(JSON.stringify('crossed'));
            } catch (e) {
              console.log(JSON.stringify([e.name, e.code, e.message]));
            }
          }
          // JSON's own rule: an undefined property is absent, not an error.
          console.log(JSON.stringify(await cel.evaluate('has(object.a)', { object: { a: undefined } })));
        })();
    """)
    assert err == ""
    *refused, absent = lines(out)
    assert all(r[:2] == ["TypeError", "ERR_HOSTRT_NOT_JSON"] for r in refused), refused
    assert 'property "f" is a function' in refused[0][2]
    assert 'property "n" is a BigInt (10n)' in refused[1][2]
    assert "is a Map" in refused[2][2] and "NaN" in refused[3][2]
    assert "undefined" in refused[4][2]
    assert absent is False


async def test_results_json_cannot_carry_are_errors(engine, tmp_path):
    out, err = await run_js(engine, tmp_path, """
        const cel = require('hostrt:cel');
        (async () => {
          for (const expr of ['1.0 / 0.0', '9007199254740993', "b'hi'", "duration('90s')",
                              "timestamp('2024-01-02T03:04:05Z')", 'type(1u)']) {
            try { console.log(JSON.stringify(await cel.evaluate(expr))); }
            catch (e) { console.log(JSON.stringify([e.code, e.message])); }
          }
          console.log(JSON.stringify(await cel.evaluate('x + 1u', { x: { uint64Value: '41' } },
                                                        { typed: true, variables: { x: 'uint' } })));
        })();
    """)
    assert err == ""
    inf, big, b, d, ts, t, typed = lines(out)
    assert inf[0] == "ERR_CEL_VALUE" and "JSON cannot carry" in inf[1]
    assert big[0] == "ERR_CEL_VALUE" and "9007199254740993" in big[1]
    assert (b, d, ts, t) == ("aGk=", "90s", "2024-01-02T03:04:05Z", "uint")
    assert typed == {"uint64Value": "42"}


async def test_runaway_expression_is_bounded(engine, tmp_path):
    # CEL is not Turing-complete, but nested comprehensions explode; the evaluator's
    # iteration budget stops them with an error instead of hanging the isolate.
    out, err = await run_js(engine, tmp_path, """
        const cel = require('hostrt:cel');
        const xs = Array.from({ length: 100 }, (_, i) => i);
        (async () => {
          const t0 = Date.now();
          try {
            await cel.evaluate('xs.all(a, xs.all(b, xs.all(c, xs.all(d, a + b + c + d >= 0))))',
                               { xs }, { variables: ['xs'] });
            console.log(JSON.stringify('finished'));
          } catch (e) { console.log(JSON.stringify([e.code, e.message, Date.now() - t0 < 5000])); }
        })();
    """)
    assert err == ""
    (res,) = lines(out)
    assert res == ["ERR_CEL_EVAL", "Iteration budget exceeded", True]


async def test_a_loop_of_sync_host_calls_is_stopped_by_the_deadline(tmp_path):
    # Only stpyv8 calls the host synchronously: there a loop of evaluations runs inside one
    # crossing, and the CPU deadline covers the time spent in Python too. (On mini-racer each
    # evaluation is a Promise settled by a later crossing, like Node I/O: no crossing runs long.)
    from hostrt.engine import engine_installed
    if not engine_installed("stpyv8"):
        pytest.skip("the stpyv8 engine's package is not installed (pip install 'hostrt[stpyv8]')")
    path = tmp_path / "main.js"
    path.write_text("""
        const cel = require('hostrt:cel');
        require('hostrt:bridge').handle('spin', () => {
          const p = cel.compile('object.spec.replicas <= 5');
          for (;;) p.evaluate({ object: { spec: { replicas: 1 } } });
        });
        require('hostrt:bridge').handle('ok', () => cel.evaluate('1 + 1'));
    """)
    async with Host(HostOptions(engine="stpyv8", timeout=0.5, stdout=io.StringIO())) as host:
        await host.load(str(path))
        with pytest.raises(HostError) as info:
            await host.dispatch("spin", None)
        assert info.value.code == "ERR_HOSTRT_TIMEOUT"
        assert await host.dispatch("ok", None) == 2  # a fresh isolate answers the next one


async def test_evaluate_all_is_one_call_for_many_rules(engine, tmp_path):
    out, err = await run_js(engine, tmp_path, """
        const cel = require('hostrt:cel');
        (async () => {
          const exprs = ['object.a > 1', 'object.b', 'object.a + 1'];
          const ps = await Promise.all(exprs.map((e) => cel.compile(e)));
          const res = await cel.evaluateAll(ps, { object: { a: 2 } });
          console.log(JSON.stringify(res.map((r) => r.error ? [r.error.name, r.error.expression] : r.value)));
        })();
    """)
    assert err == ""
    assert lines(out) == [[True, ["CelError", "object.b"], 3]]


def test_bridge_call_sync_answers_and_refuses():
    bridge = Bridge()
    bridge.op("t.add", lambda a, b: a + b, sync=True)
    bridge.op("t.plain", lambda: 1)
    bridge.op("t.bad", lambda: {1, 2}, sync=True)
    bridge.op("t.boom", lambda: 1 / 0, sync=True)
    assert json.loads(bridge.call_sync("t.add", "[1, 2]")) == [True, 3]
    ok, err = json.loads(bridge.call_sync("t.plain", "[]"))
    assert not ok and err["code"] == "ERR_HOSTRT_NOT_SYNC" and "bridge.call" in err["message"]
    ok, err = json.loads(bridge.call_sync("t.nope", "[]"))
    assert not ok and err["code"] == "ERR_HOSTRT_UNKNOWN_OP"
    ok, err = json.loads(bridge.call_sync("t.bad", "[]"))
    assert not ok and err["code"] == "ERR_HOSTRT_NOT_JSON" and "t.bad" in err["message"]
    ok, err = json.loads(bridge.call_sync("t.boom", "[]"))
    assert not ok and "division by zero" in err["message"]

    async def coro() -> None: ...
    with pytest.raises(HostError, match="declared sync but is a coroutine"):
        bridge.op("t.co", coro, sync=True)


async def test_call_sync_only_where_the_engine_can(engine, tmp_path):
    out, err = await run_js(engine, tmp_path, """
        const bridge = require('hostrt:bridge');
        let r;
        try { r = bridge.callSync('cel.compile', 'true'); } catch (e) { r = e.code; }
        console.log(JSON.stringify([bridge.canCallSync, typeof r === 'object' ? r.returnType : r,
                                    typeof bridge.hostModule('cel').compile,
                                    typeof globalThis.__hostrt_sync]));
    """)
    assert err == ""
    expected = [True, "BOOL"] if engine == "stpyv8" else [False, "ERR_HOSTRT_NO_SYNC"]
    assert lines(out) == [[*expected, "function", "undefined"]]


async def test_characters_outside_the_bmp_cross_intact(engine, tmp_path):
    # STPyV8 cuts non-BMP characters of Python strings to 16 bits; JSON crossing into JS is
    # escaped so an emoji in a result, an activation or a dispatch payload survives.
    path = tmp_path / "main.js"
    path.write_text("""
        const cel = require('hostrt:cel');
        require('hostrt:bridge').handle('echo', async (p) =>
          [p, await cel.evaluate('"\\\\U0001f431" + object.s', { object: { s: p } })]);
    """)
    async with Host(HostOptions(engine=engine, stdout=io.StringIO())) as host:
        await host.load(str(path))
        assert await host.dispatch("echo", "😬 \U00010000") == ["😬 \U00010000",
                                                                 "🐱😬 \U00010000"]


def test_the_iteration_budget_is_the_evaluators_fixed_one():
    """Documented in docs/cel.md: 9,999 comprehension iterations pass, 10,000 do not."""
    from hostrt.cel.program import CelError, compile_program, declarations, evaluate
    program = compile_program("xs.all(x, x >= 0)", declarations(["xs"]))
    assert evaluate(program, {"xs": list(range(9999))}) is True
    with pytest.raises(CelError, match="Iteration budget exceeded"):
        evaluate(program, {"xs": list(range(10000))})
