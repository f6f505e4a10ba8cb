"""ES-module entries turned into CommonJS: `import.meta` names each module's own file (one bundle
holds many modules), and an entry with top-level await runs, as in Node. Differential: the same
files run in real Node and in hostrt must print the same thing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import Result

HELPER = """\
export const meta = { url: import.meta.url, filename: import.meta.filename,
                      dirname: import.meta.dirname };
export const resolved = import.meta.resolve('./other dir/x.js');
"""
CJS = "module.exports = { loadedFrom: __filename };\n"
ENTRY = """\
import { createRequire } from 'module';
import { setTimeout as sleep } from 'timers/promises';
import { meta, resolved } from './lib/helper.mjs';
const require = createRequire(import.meta.url);
const here = new URL('.', import.meta.url).href;
const rel = (u) => u.replace(here, './');
console.log(rel(import.meta.url), rel(meta.url), rel(resolved));
console.log(meta.filename.endsWith('/lib/helper.mjs'), meta.dirname.endsWith('/lib'),
            import.meta.filename.endsWith('/main.mjs'));
console.log(require('./lib/plain.cjs').loadedFrom.endsWith('/lib/plain.cjs'));
const value = await Promise.resolve(41);
await sleep(5);
console.log('after top-level await', value + 1);
for await (const n of [1, 2]) console.log('for await', n);
"""


def _tree(tmp_path: Path, entry: str) -> Path:
    root = tmp_path / "esm-app"
    (root / "lib").mkdir(parents=True)
    (root / "lib" / "helper.mjs").write_text(HELPER)
    (root / "lib" / "plain.cjs").write_text(CJS)
    main = root / "main.mjs"
    main.write_text(entry)
    return main


def test_import_meta_and_top_level_await_as_node(tmp_path: Path, hostrt_run: Callable[..., Result],
                                                 node_run: Callable[..., Result]) -> None:
    main = _tree(tmp_path, ENTRY)
    node = node_run(main)
    # createRequire loads a file at run time: hostrt needs the read granted (Node reads freely).
    ours = hostrt_run("--allow-read", main.parent, main)
    assert node.code == 0, node.err
    assert ours.code == 0, ours.err
    assert ours.out == node.out
    assert "./main.mjs ./lib/helper.mjs ./lib/other%20dir/x.js" in ours.out


def test_rejected_top_level_await_fails_naming_the_line(
        tmp_path: Path, hostrt_run: Callable[..., Result], node_run: Callable[..., Result]) -> None:
    main = _tree(tmp_path, "import assert from 'assert';\n"
                           "const v = await Promise.resolve(5);\n"
                           "console.log('got', v);\n"
                           "assert.strictEqual(v, 6);\n")
    node, ours = node_run(main), hostrt_run(main)
    assert node.code == ours.code == 1
    assert ours.out == node.out == "got 5\n"
    assert f"{main}:4" in ours.err and "5 !== 6" in ours.err
