"""Runs the inspect corpus inside a bare mini-racer V8 isolate (no Node APIs, no engine hooks)
and compares with real Node's output, to prove shims/util/*.js need nothing from Node.

    /work/venv/bin/python tests/js/isolate_corpus.py

Cases that depend on engine hooks (promise state, proxies, iterator previews, V8 constructor
names) or on a real Buffer are reported separately, not as failures."""
import json
import pathlib
import subprocess
import sys

from py_mini_racer import MiniRacer, init_mini_racer

ROOT = pathlib.Path(__file__).resolve().parents[2]
FILES = {
    './inspect.js': 'shims/util/inspect.js',
    './inspect_types.js': 'shims/util/inspect_types.js',
    './inspect_primitives.js': 'shims/util/inspect_primitives.js',
    './inspect_layout.js': 'shims/util/inspect_layout.js',
    './inspect_format.js': 'shims/util/inspect_format.js',
    './inspect_colors.js': 'shims/util/inspect_colors.js',
    './inspect_names.js': 'shims/util/inspect_names.js',
    './inspect_errors.js': 'shims/util/inspect_errors.js',
    './deep_equal.js': 'shims/util/deep_equal.js',
    './console.js': 'shims/util/console.js',
    './console_table.js': 'shims/util/console_table.js',
    'corpus': 'tests/js/inspect_corpus.js',
}
HOOK_CASES = ('promise', 'proxy of class', 'iterator', 'entries', 'Buffer', 'null prototype with tag',
              'weakmap', 'weakset', 'created from instance', 'error null proto',
              'error message not in stack')  # Node serialises .stack lazily with the current message

def bundle():
    parts = ['var __mods = {}; var __cache = {};',
             'function require(n) { if (__cache[n]) return __cache[n].exports;'
             ' var m = {exports: {}}; __cache[n] = m; __mods[n](m, m.exports, require); return m.exports; }']
    for name, rel in FILES.items():
        path = ROOT / rel
        if not path.exists():
            continue
        parts.append(f'__mods[{json.dumps(name)}] = function (module, exports, require) {{\n'
                     f'{path.read_text()}\n}};')
    return '\n'.join(parts)

RUN = r'''
(function () {
  var u = require('./inspect.js');
  class Buffer extends Uint8Array {}
  var env = { formatWithOptions: u.formatWithOptions, stripVTControlCharacters: u.stripVTControlCharacters,
              isDeepStrictEqual: u.isDeepStrictEqual, makeBuffer: (b) => Buffer.from(b) };
  return JSON.stringify(require('corpus').map(function (c) {
    try { return [c.name, String(c.fn(u.inspect, u.format, env))]; }
    catch (e) { return [c.name, 'THREW ' + (e && e.name) + ': ' + (e && e.message)]; }
  }));
})()
'''

NODE = r'''
const util = require('util');
const env = { formatWithOptions: util.formatWithOptions,
              stripVTControlCharacters: util.stripVTControlCharacters,
              isDeepStrictEqual: util.isDeepStrictEqual, makeBuffer: (b) => Buffer.from(b) };
console.log(JSON.stringify(require(process.argv[1]).map((c) => {
  try { return [c.name, String(c.fn(util.inspect, util.format, env))]; }
  catch (e) { return [c.name, 'THREW ' + (e && e.name) + ': ' + (e && e.message)]; }
})));
'''

CONSOLE_SCRIPT = r'''
function consoleScript(Console) {
  const writes = [];
  const stream = (name) => ({ write(s) { writes.push(name + ' ' + s); return true; },
                              listenerCount() { return 1; }, once() {}, removeListener() {} });
  let now = 0;
  const c = new Console({ stdout: stream('out'), stderr: stream('err'), clock: () => now });
  c.log('%s has %d items: %o', 'list', 3, [1, 2, 3]);
  c.info({ nested: { deep: { deeper: { deepest: 1 } } } });
  c.warn(new Map([['k', new Set([1])]]));
  c.error('bad', 42n, Symbol('s'));
  c.group('Group'); c.log('a\nb'); c.table([{ x: 1, y: 'two' }, { x: 3 }]); c.groupEnd();
  c.assert(false, 'oops %s', 'here'); c.count('n'); c.count('n'); c.countReset('n'); c.count('n');
  c.dir({ a: [1, { b: 2 }] }, { depth: 0 }); c.dirxml([1, 2]);
  c.table(new Map([[1, 'one']])); c.table(new Set(['x'])); c.table([[1, 2], [3]], ['0']);
  return writes.join('');
}
'''

def frames_dropped(s):
    # Frames differ between Node and an isolate, and so do the "... n lines matching cause" notes.
    return '\n'.join(line for line in s.split('\n')
                     if not line.lstrip().startswith('at ')
                     and 'lines matching cause stack trace' not in line)

def main():
    init_mini_racer(flags=['--allow-natives-syntax'])  # as hostrt's engine does
    mr = MiniRacer()
    try:
        mr.eval(bundle())
        ours = dict(json.loads(mr.eval(RUN)))
        ours_console = mr.eval(CONSOLE_SCRIPT + "consoleScript(require('./console.js').Console)")
    finally:
        mr.close()
    node_console = subprocess.run(
        ['node', '-e', CONSOLE_SCRIPT + "process.stdout.write(consoleScript(require('console').Console))"],
        capture_output=True, text=True, check=True).stdout
    node = json.loads(subprocess.run(['node', '-e', NODE, str(ROOT / 'tests/js/inspect_corpus.js')],
                                     capture_output=True, text=True, check=True).stdout)
    bad, hooked = 0, 0
    for name, expected in node:
        got = ours[name]
        if frames_dropped(got) == frames_dropped(expected):
            continue
        if any(h in name for h in HOOK_CASES):
            hooked += 1
            print(f'~ {name} (needs engine hook): {got!r}')
            continue
        bad += 1
        print(f'\n✗ {name}\n--- node\n{expected}\n--- isolate\n{got}')
    if ours_console != node_console:
        bad += 1
        print(f'\n✗ console script\n--- node\n{node_console}\n--- isolate\n{ours_console}')
    else:
        print('console script: identical output in the isolate')
    print(f'\n{len(node) - bad - hooked}/{len(node)} match in a bare isolate; '
          f'{hooked} differ only for want of engine hooks; {bad} real mismatches')
    sys.exit(1 if bad else 0)

if __name__ == '__main__':
    main()
