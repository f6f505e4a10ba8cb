"""Promise.all/allSettled/any/race under hostrt's rejection-tracking Promise: same results,
errors, unhandled-rejection report and microtask order as Node, for tracked and native
(host-call) elements."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import Result

SEMANTICS = r"""
const log = [];
const show = (tag) => (v) => log.push(
  `${tag}: ${v instanceof Error ? `${v.name}: ${v.message}` : JSON.stringify(v)}`);
const later = (v) => new Promise((r) => setTimeout(() => r(v), 1));
async function main() {
  await Promise.all([1, Promise.resolve(2), later(3), (async () => 4)()]).then(show('all'));
  await Promise.all([1, Promise.reject(new Error('boom')), later(3)]).catch(show('all-reject'));
  await Promise.allSettled([1, Promise.reject(new TypeError('bad')), later('x')])
    .then((r) => show('allSettled')(r.map((x) => x.status + ':' + (x.value ?? x.reason.message))));
  await Promise.any([Promise.reject(new Error('a')), later('first')]).then(show('any'));
  await Promise.any([Promise.reject(new Error('a')), Promise.reject(new Error('b'))])
    .catch((e) => show('any-reject')(`${e.constructor.name} ${e.message} ${e.errors.map((x) => x.message)}`));
  await Promise.any([]).catch((e) => show('any-empty')(e.constructor.name));
  await Promise.race([later('slow'), Promise.resolve('fast')]).then(show('race'));
  await Promise.all(42).catch(show('not-iterable'));
  await Promise.all([]).then(show('empty'));
  await Promise.all(new Set([later('s'), 't'])).then(show('set'));
  await Promise.all({ then() {} }).catch(show('object'));
  class MyPromise extends Promise {}
  const mine = MyPromise.all([1, 2]);
  show('subclass')([mine instanceof MyPromise, mine instanceof Promise]);
  await mine.then(show('subclass-value'));
  const p = Promise.all([1]);
  show('result-class')([p instanceof Promise, Object.getPrototypeOf(p) === Promise.prototype]);
  show('names')([Promise.all.name, Promise.all.length, Promise.race.name, Promise.any.name,
                 Promise.allSettled.name, Object.keys(Promise)]);
  console.log(log.join('\n'));
  Promise.all([Promise.reject(new Error('nobody handles me'))]);
}
main();
"""

ORDER = r"""
const order = [];
const chain = (tag) => Promise.resolve().then(() => order.push(tag + 1)).then(() => order.push(tag + 2))
  .then(() => order.push(tag + 3)).then(() => order.push(tag + 4)).then(() => order.push(tag + 5));
Promise.all([Promise.resolve(1), 2]).then(() => order.push('ALL'));
Promise.race([Promise.resolve(1)]).then(() => order.push('RACE'));
Promise.allSettled([Promise.reject(new Error('x')), 1]).then(() => order.push('SETTLED'));
Promise.any([Promise.reject(new Error('x')), Promise.resolve(2)]).then(() => order.push('ANY'));
chain('a');
(async () => { await Promise.all([(async () => 1)()]); order.push('AWAIT-ALL'); })();
setTimeout(() => console.log(order.join(',')));
"""


def _same(write_js: Callable[..., Path], hostrt_run: Callable[..., Result],
          node_run: Callable[..., Result], name: str, src: str) -> Result:
    path = write_js(name, src)
    node, ours = node_run(path), hostrt_run(path)
    assert ours.out == node.out
    assert ours.code == node.code
    return ours


def test_results_errors_and_unhandled_match_node(write_js: Callable[..., Path],
                                                 hostrt_run: Callable[..., Result],
                                                 node_run: Callable[..., Result]) -> None:
    ours = _same(write_js, hostrt_run, node_run, "semantics.js", SEMANTICS)
    assert ours.code == 1 and "nobody handles me" in ours.err  # reported as unhandled


def test_microtask_order_matches_node(write_js: Callable[..., Path],
                                      hostrt_run: Callable[..., Result],
                                      node_run: Callable[..., Result]) -> None:
    _same(write_js, hostrt_run, node_run, "order.js", ORDER)


NATIVE_ORDER = r"""
const order = [];
function run(make) {
  const p = make(1);
  const q = make(2);
  Promise.all([p, q]).then(() => order.push('ALL'));
  Promise.race([q]).then(() => order.push('RACE'));
  Promise.allSettled([p]).then(() => order.push('SETTLED'));
  Promise.any([p]).then(() => order.push('ANY'));
  p.then(() => order.push('P1')).then(() => order.push('P2')).then(() => order.push('P3'))
    .then(() => order.push('P4'));
  return Promise.all([p, q]).then(() => new Promise((r) => setTimeout(r, 5))).then(() => order.join(','));
}
"""


async def test_native_elements_keep_node_order(host: object, tmp_path: Path,
                                               node_run: Callable[..., Result]) -> None:
    """Host-call promises are native: Promise.all over them settles in Node's microtask order
    (a promise settled by I/O in Node), in one batch of host answers."""
    from hostrt import Host
    assert isinstance(host, Host)
    node_src = tmp_path / "native-order-node.js"
    node_src.write_text(NATIVE_ORDER + "run((v) => new Promise((r) => setImmediate(() => r(v))))"
                        ".then((o) => console.log(o));\n")
    expected = node_run(node_src).out.strip()
    host.op("echo", lambda x: x)
    mod = tmp_path / "native-order.js"
    mod.write_text(NATIVE_ORDER + "const b = require('hostrt:bridge');\n"
                   "b.handle('go', () => run((v) => b.call('echo', v)));\n"
                   "b.handle('sum', async (n) => {\n"
                   "  const calls = []; for (let i = 0; i < n; i++) calls.push(b.call('echo', i));\n"
                   "  return (await Promise.all(calls)).reduce((a, x) => a + x, 0);\n"
                   "});\n")
    await host.load(mod)
    assert await host.dispatch("go") == expected
    before = host.crossings
    assert await host.dispatch("sum", 1000) == sum(range(1000))
    assert host.crossings - before <= 3  # the dispatch, then one batch of answers
