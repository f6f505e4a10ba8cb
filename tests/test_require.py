"""CommonJS `require` like Node's, over the files esbuild finds; built-ins from the shims."""

from __future__ import annotations

import json


def _same_as_node(entry, hostrt_run, node_run):
    ours, node = hostrt_run(entry), node_run(entry)
    assert ours.err == "" or ours.code != 0, ours.err
    assert (ours.code, ours.out) == (node.code, node.out), (ours.err, node.err)
    return ours


def test_relative_json_and_directory_requires(write_js, hostrt_run, node_run):
    write_js("lib/index.js", "exports.name = 'lib-index'; exports.dir = __dirname.endsWith('/lib');")
    write_js("data.json", json.dumps({"answer": 42}))
    write_js("util/helper.js", "module.exports = (x) => x * 2;")
    entry = write_js("main.js", """
        const lib = require('./lib');
        const data = require('./data.json');
        const helper = require('./util/helper');
        const again = require('./util/helper.js');
        console.log(lib.name, lib.dir, data.answer, helper(21), helper === again);
        console.log(require.resolve('./data.json') === __dirname + '/data.json');
        console.log(typeof require.cache[__filename], module.id === '.' || module.id === __filename);
        console.log(require.main === module, __filename.endsWith('/main.js'));
    """)
    res = _same_as_node(entry, hostrt_run, node_run)
    assert res.out.startswith("lib-index true 42 42 true\ntrue\nobject")


def test_node_modules_lookup_main_and_exports(write_js, hostrt_run, node_run):
    write_js("node_modules/plain/package.json", json.dumps({"name": "plain", "main": "lib/entry.js"}))
    write_js("node_modules/plain/lib/entry.js", "module.exports = 'plain-main';")
    write_js("node_modules/@scope/cond/package.json", json.dumps({
        "name": "@scope/cond",
        "exports": {".": {"import": "./esm.mjs", "require": "./cjs.js"},
                    "./feature/*": {"require": "./features/*.js"}}}))
    write_js("node_modules/@scope/cond/cjs.js", "module.exports = 'cond-require';")
    write_js("node_modules/@scope/cond/esm.mjs", "export default 'cond-import';")
    write_js("node_modules/@scope/cond/features/x.js", "module.exports = 'feature-x';")
    write_js("node_modules/indexonly/index.js", "module.exports = 'index-only';")
    write_js("sub/deeper/user.js", """
        module.exports = [require('plain'), require('@scope/cond'),
                          require('@scope/cond/feature/x'), require('indexonly')].join(' ');
    """)
    entry = write_js("main.js", "console.log(require('./sub/deeper/user'));")
    res = _same_as_node(entry, hostrt_run, node_run)
    assert res.out == "plain-main cond-require feature-x index-only\n"


def test_cyclic_requires_see_partial_exports(write_js, hostrt_run, node_run):
    write_js("a.js", """
        exports.loaded = false;
        const b = require('./b');
        console.log('in a, b.loaded =', b.loaded);
        exports.loaded = true;
    """)
    write_js("b.js", """
        exports.loaded = false;
        const a = require('./a');
        console.log('in b, a.loaded =', a.loaded);
        exports.loaded = true;
    """)
    entry = write_js("main.js", """
        const a = require('./a');
        const b = require('./b');
        console.log('main', a.loaded, b.loaded);
    """)
    res = _same_as_node(entry, hostrt_run, node_run)
    assert res.out == "in b, a.loaded = false\nin a, b.loaded = true\nmain true true\n"


def test_require_cache_delete_reloads(write_js, hostrt_run, node_run):
    write_js("counter.js", "globalThis.n = (globalThis.n || 0) + 1; module.exports = globalThis.n;")
    entry = write_js("main.js", """
        const first = require('./counter');
        delete require.cache[require.resolve('./counter')];
        const second = require('./counter');
        console.log(first, second);
    """)
    assert _same_as_node(entry, hostrt_run, node_run).out == "1 2\n"


def test_builtins_with_and_without_node_prefix(write_js, hostrt_run, node_run):
    entry = write_js("main.js", """
        const t1 = require('timers'), t2 = require('node:timers');
        console.log(t1 === t2, typeof t1.setTimeout, require('events') === require('node:events'));
    """)
    assert _same_as_node(entry, hostrt_run, node_run).out == "true function true\n"


def test_unsupported_builtin_throws_coded_error(write_js, hostrt_run):
    entry = write_js("main.js", """
        for (const name of ['_tls_wrap', 'node:_tls_wrap', 'no-such-builtin-anywhere']) {
          try { require(name); console.log(name, 'loaded'); }
          catch (e) { console.log(name, e.code, e.message); }
        }
    """)
    res = hostrt_run(entry)
    assert res.code == 0, res.err
    lines = res.out.splitlines()
    # (inspector, the earlier example, is now a declared stub: shims/stubs)
    assert lines[0].startswith("_tls_wrap ERR_HOSTRT_UNSUPPORTED_MODULE") and "'_tls_wrap'" in lines[0]
    assert lines[1].startswith("node:_tls_wrap ERR_HOSTRT_UNSUPPORTED_MODULE")
    assert lines[2].startswith("no-such-builtin-anywhere MODULE_NOT_FOUND")


def test_missing_module_fails_only_when_required(write_js, hostrt_run, node_run):
    entry = write_js("main.js", """
        try { require('./not-there'); } catch (e) { console.log(e.code); }
        console.log('after');
    """)
    assert _same_as_node(entry, hostrt_run, node_run).out == "MODULE_NOT_FOUND\nafter\n"


def test_typescript_entry(write_js, hostrt_run):
    write_js("shapes.ts", """
        export interface Shape { area(): number }
        export class Square implements Shape {
          constructor(private side: number) {}
          area(): number { return this.side ** 2; }
        }
    """)
    entry = write_js("main.ts", """
        import { Square } from './shapes';
        const s: Square = new Square(3);
        console.log('area', s.area(), s.constructor.name);
    """)
    res = hostrt_run(entry)
    assert (res.code, res.out) == (0, "area 9 Square\n"), res.err


def test_esm_entry_with_cjs_dependency(write_js, hostrt_run, node_run):
    write_js("dep.cjs", "module.exports = { greet: (n) => `hi ${n}` };")
    entry = write_js("main.mjs", """
        import dep from './dep.cjs';
        import { setTimeout as wait } from 'node:timers/promises';
        export const ready = wait(1).then(() => console.log(dep.greet('esm')));
    """)
    ours, node = hostrt_run(entry), node_run(entry)
    assert ours.out == node.out == "hi esm\n", ours.err


def test_top_level_await_in_a_required_module_is_a_clear_error(write_js, hostrt_run):
    # An entry may use top-level await (tests/test_esm_entries.py); an ES module that CommonJS
    # require()s may not (Node refuses it too: ERR_REQUIRE_ASYNC_MODULE).
    write_js("dep.mjs", "export const x = await Promise.resolve(1);\n")
    entry = write_js("main.js", "console.log(require('./dep.mjs').x);\n")
    res = hostrt_run(entry)
    assert res.code == 1
    assert "dep.mjs:1:17" in res.err and "top-level await" in res.err.lower()


def test_typescript_error_points_at_the_ts_source(write_js, hostrt_run):
    entry = write_js("bad.ts", """
        type N = number;
        function fail(n: N): never {
          throw new RangeError(`bad ${n}`);
        }
        fail(7);
    """)
    res = hostrt_run(entry)
    assert res.code == 1
    assert f"at fail ({entry}:3:9)" in res.err


def test_runtime_built_paths_load_from_allow_read(write_js, hostrt_run, node_run, tmp_path):
    # A path esbuild cannot see (built at run time) loads as in Node when it is under an
    # --allow-read path; outside the grant it stays MODULE_NOT_FOUND.
    data = tmp_path / "data"
    write_js("data/fixture.js", "module.exports = { from: 'fixture', dir: __dirname.endsWith('/data') };")
    write_js("data/table.json", json.dumps({"rows": [1, 2]}))
    write_js("data/pkg/package.json", json.dumps({"main": "entry.js"}))
    write_js("data/pkg/entry.js", "module.exports = 'pkg-entry';")
    entry = write_js("main.js", """
        const path = require('path');
        const at = (...p) => path.join(__dirname, ...p);
        const parts = ['data', 'fixture'];
        const fx = require(at(...parts));
        console.log(fx.from, fx.dir, require(at('data', 'table.json')).rows.length,
          require(at('data', 'pkg')), require(at(...parts)) === fx);
    """)
    ours = hostrt_run("--allow-read", str(data), entry)
    node = node_run(entry)
    assert node.out == "fixture true 2 pkg-entry true\n"
    assert (ours.code, ours.out) == (0, node.out), ours.err
    denied = hostrt_run(entry)
    assert denied.code == 1 and "MODULE_NOT_FOUND" in denied.err and "data/fixture" in denied.err
