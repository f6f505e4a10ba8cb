"""Timers: differential tests against real Node (ordering, arguments, coercion, clearing,
intervals, ref/unref, timers/promises) and the virtual clock of `hostrt run --fake-time`.

Node's own order is only deterministic where the event loop defines it, so the scripts keep
timers that could race (same due time, or a main-script timer against an immediate) tens of
milliseconds apart.
"""

from __future__ import annotations

import asyncio
import io
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hostrt import Host, HostOptions

Runner = Callable[..., Any]


def _same(write_js: Callable[..., Path], hostrt_run: Runner, node_run: Runner, name: str,
          source: str, *args: str) -> tuple[Any, Any]:
    path = write_js(name, source)
    node = node_run(path, timeout=60)
    ours = hostrt_run(*args, path, timeout=60)
    assert node.code == 0, node.err
    assert ours.code == 0, ours.err
    assert ours.out == node.out
    assert node.out.strip(), "the script printed nothing: the comparison would prove nothing"
    return node, ours


ORDER = r"""
const log = [];
const L = (s) => log.push(s);
process.nextTick(() => L('tick1'));
Promise.resolve().then(() => L('promise1'));
queueMicrotask(() => L('micro1'));
process.nextTick(() => {
  L('tick2');
  Promise.resolve().then(() => L('promise-from-tick'));
  process.nextTick(() => L('tick-from-tick'));
});
L('sync');
// Timers are armed from a timer callback: Node's loop time is fresh there (during the main
// script it is the time before the script started, so a slow start would make them all due).
setTimeout(() => {
L('first timer');
setTimeout(() => {
  L('timeout1');
  process.nextTick(() => L('t1-tick'));
  Promise.resolve().then(() => { L('t1-promise'); process.nextTick(() => L('t1-promise-tick')); });
  setImmediate(() => L('t1-immediate'));
  setTimeout(() => L('t1-timeout0'), 0);
}, 10);
setTimeout(() => { L('timeout2'); process.nextTick(() => L('t2-tick')); }, 10);
setTimeout(() => {
  setImmediate(() => {
    L('imm1');
    process.nextTick(() => L('imm1-tick'));
    Promise.resolve().then(() => L('imm1-promise'));
    setImmediate(() => L('imm-nested'));
  });
  setImmediate(() => L('imm2'));
  clearImmediate(setImmediate(() => L('imm3-cleared')));
}, 60);
setTimeout(() => {
  // A host call (crypto's callback form goes to Python) is this test's I/O.
  require('crypto').randomBytes(4, () => {
    L('io');
    setTimeout(() => L('io-timeout0'), 0);
    setImmediate(() => L('io-immediate'));
    process.nextTick(() => L('io-tick'));
    Promise.resolve().then(() => L('io-promise'));
  });
}, 110);
}, 1);
process.on('exit', () => console.log(log.join('\n')));
"""


def test_ordering(write_js: Callable[..., Path], hostrt_run: Runner, node_run: Runner) -> None:
    """nextTick before promises in the main script; drains after each timer, immediate and I/O
    callback; immediates before a zero timeout after I/O; nested immediates wait a turn."""
    _same(write_js, hostrt_run, node_run, "order.js", ORDER)


ARGS = r"""
const log = [];
const L = (...a) => log.push(a.map(String).join(' '));
const t = setTimeout(function (a, b, c) {
  L('timeout', a, b, c, this === t, typeof this.ref, arguments.length);
}, 100, 'x', 2, undefined);
const i = setImmediate(function (a, b) { L('immediate', a, b, this === i, arguments.length); },
  'y', 3);
const iv = setInterval(function (a) { L('interval', a, this === iv); clearInterval(this); },
  150, 'z');
L('ids', typeof t[Symbol.toPrimitive], Number.isInteger(+t), +t > 0, +iv !== +t);
L('hasRef', t.hasRef(), t.unref() === t, t.hasRef(), t.ref() === t, t.hasRef(), i.hasRef());
L('refresh', t.refresh() === t, 'close', typeof t.close);
L('ctor', t.constructor.name, i.constructor.name);
const fns = [['setTimeout', setTimeout], ['setInterval', setInterval],
  ['setImmediate', setImmediate], ['queueMicrotask', queueMicrotask]];
for (const bad of ['str', null, undefined, 5, {}, Symbol.iterator, 'a'.repeat(40), "it's",
  'q'.repeat(30) + "'", 10n ** 30n, 1e300]) {
  for (const [name, f] of fns) {
    try { f(bad, 1); L(name, 'no error'); } catch (e) { L(name, e.name, e.code, e.message); }
  }
}
process.on('exit', () => console.log(log.join('\n')));
"""


def test_arguments_this_and_invalid_callbacks(write_js: Callable[..., Path], hostrt_run: Runner,
                                               node_run: Runner) -> None:
    """Extra arguments, `this`, the Timeout API, and ERR_INVALID_ARG_TYPE for non-functions."""
    _same(write_js, hostrt_run, node_run, "args.js", ARGS)


DELAYS = r"""
const cases = ['5', -1, NaN, undefined, 1.7, { valueOf() { return 3; } }, [4], null, 0, true,
  '0x10', '', 2 ** 31 - 1, 2 ** 31, Infinity, -Infinity];
for (const d of cases) {
  const t = setTimeout(() => {}, d);
  console.log(JSON.stringify(String(d)), t._idleTimeout);
  clearTimeout(t);
}
process.on('warning', (w) => console.log('warning event:', w.name, JSON.stringify(w.message)));
const order = [];
setTimeout(() => order.push('string "80"'), '80');
setTimeout(() => order.push('overflow -> 1'), 2 ** 31);
setTimeout(() => order.push('40'), 40);
setTimeout(() => console.log(order.join(', ')), 150);
"""


def test_delay_coercion_and_overflow_warning(write_js: Callable[..., Path], hostrt_run: Runner,
                                             node_run: Runner) -> None:
    """Delays coerce with `* 1`; outside [1, 2^31-1] they become 1; overflow warns on stderr."""
    node, ours = _same(write_js, hostrt_run, node_run, "delays.js", DELAYS)
    warning = ("TimeoutOverflowWarning: 2147483648 does not fit into a 32-bit signed integer."
               "\nTimeout duration was set to 1.")
    for res in (node, ours):
        assert warning in res.err
        assert re.search(r"^\((node|hostrt):\d+\) TimeoutOverflowWarning: Infinity", res.err, re.M)


CLEAR = r"""
const log = [];
setTimeout(() => {  // a fresh loop time in Node (see ORDER)
const mk = (name, d = 90) => setTimeout(() => log.push(name + ' fired'), d);
clearTimeout(mk('by-object'));
clearTimeout(+mk('by-number'));
clearTimeout(String(+mk('by-numeric-string')));
clearInterval(mk('timeout-by-clearInterval'));
clearTimeout(setInterval(() => log.push('interval-by-clearTimeout fired'), 90));
const survivor = mk('survivor (unknown id cleared)');
clearTimeout(+survivor + 1000);
const laterId = +mk('cleared-from-another-timer', 110);
setTimeout(() => clearTimeout(laterId), 20);
const fired = mk('fired-then-cleared', 10);
setTimeout(() => { clearTimeout(fired); log.push('clear after fire ok'); }, 130);
for (const junk of [undefined, null, {}, 'nope', 12345, NaN]) {
  clearTimeout(junk);
  clearInterval(junk);
}
// (Node's clearImmediate throws on primitives other than null/undefined: not exercised.)
clearImmediate(undefined);
clearImmediate(null);
setInterval(function () { log.push('self-clearing interval'); clearInterval(this); }, 50);
}, 1);
setTimeout(() => { log.push('end'); console.log(log.join('\n')); }, 170);
"""


def test_clearing(write_js: Callable[..., Path], hostrt_run: Runner, node_run: Runner) -> None:
    """clearTimeout/clearInterval by object, number and numeric string; junk is ignored."""
    _same(write_js, hostrt_run, node_run, "clear.js", CLEAR)


INTERVALS = r"""
// Events are kept >= 25 ms apart so scheduling jitter cannot reorder them.
const log = [];
setTimeout(() => {  // a fresh loop time in Node (see ORDER)
let n = 0;
const iv = setInterval(() => {
  n++;
  log.push('tick' + n);
  process.nextTick(() => log.push('nextTick after tick' + n));
  if (n === 3) clearInterval(iv);
}, 100);
setTimeout(() => log.push('mark 150'), 150);
setTimeout(() => log.push('mark 250'), 250);
const r = setTimeout(() => log.push('refreshed timeout fired (180)'), 120);
setTimeout(() => { r.refresh(); log.push('refresh at 60'); }, 60);
// refresh() after the callback ran re-activates a timeout; after clearTimeout it does not.
setTimeout(() => {
  let count = 0;
  const again = setTimeout(() => {
    count++;
    log.push('again ' + count);
    if (count === 1) setTimeout(() => again.refresh(), 30);
  }, 25);
}, 325);
const off = setTimeout(() => log.push('cleared fired'), 10);
clearTimeout(off);
setTimeout(() => off.refresh(), 20);
}, 1);
process.on('exit', () => console.log(log.join('\n')));
"""


def test_intervals_and_refresh(write_js: Callable[..., Path], hostrt_run: Runner,
                               node_run: Runner) -> None:
    """Intervals re-arm after each run; refresh postpones, and re-activates a fired timeout."""
    _same(write_js, hostrt_run, node_run, "intervals.js", INTERVALS)


UNREF = r"""
const t0 = Date.now();
setTimeout(() => {  // a fresh loop time in Node (see ORDER)
setTimeout(() => console.log('never: unref timeout'), 5000).unref();
setInterval(() => console.log('never: unref interval'), 1000).unref();
const im = setImmediate(() => console.log('unref immediate runs while the loop turns'));
im.unref();
const r = setTimeout(() => console.log('unref then ref fired'), 200);
r.unref();
console.log('hasRef', r.hasRef(), im.hasRef());
r.ref();
let n = 0;
setInterval(() => { n++; }, 5).unref();
setTimeout(() => console.log('unref interval ran meanwhile', n >= 3), 300);
}, 1);
process.on('exit', () => console.log('exit soon', Date.now() - t0 < 1500));
"""


def test_ref_unref(write_js: Callable[..., Path], hostrt_run: Runner, node_run: Runner) -> None:
    """unref'd timers don't keep the process alive; ref() restores; hasRef reports it."""
    _same(write_js, hostrt_run, node_run, "unref.js", UNREF)


DUE_AT_EXIT = r"""
setTimeout(() => console.log('unref timer: runs only once the loop is alive again'), 1).unref();
const t0 = Date.now(); while (Date.now() - t0 < 30) {}  // the timer is due before the loop starts
let n = 0;
process.on('beforeExit', () => {
  console.log('beforeExit', n);
  if (n++ === 0) setTimeout(() => console.log('ref timer fired'), 1);
});
process.on('exit', () => console.log('exit'));
"""


def test_an_unref_timer_due_at_exit_does_not_run_until_the_loop_is_alive(
        write_js: Callable[..., Path], hostrt_run: Runner, node_run: Runner) -> None:
    """libuv checks liveness before timers; 'beforeExit'/'exit' are emitted outside the loop."""
    _same(write_js, hostrt_run, node_run, "due_at_exit.js", DUE_AT_EXIT)


def test_unref_timer_does_not_keep_hostrt_run_alive(write_js: Callable[..., Path],
                                                    hostrt_run: Runner) -> None:
    """`hostrt run` exits at once when only unref'd timers remain."""
    path = write_js("idle.js", """
        setTimeout(() => console.log('never'), 60000).unref();
        setInterval(() => console.log('never'), 30000).unref();
        console.log('main done');
    """)
    start = time.monotonic()
    res = hostrt_run(path, timeout=30)
    elapsed = time.monotonic() - start
    assert res.code == 0, res.err
    assert res.out == "main done\n"
    assert elapsed < 20, elapsed  # a kept-alive interval would hit the 30 s timeout instead


UNREF_DUE = """
const t = setTimeout(() => console.log('unref fired'), 1);
t.unref();
process.on('beforeExit', () => {
  if (!globalThis.again) { globalThis.again = 1; setTimeout(() => console.log('ref timer'), 5); }
});
const end = Date.now() + 30;
while (Date.now() < end) {}  // the unref'd timer is due before the main script ends
console.log('main done');
"""


def test_due_unref_timer_fires_only_while_the_loop_is_alive(
        write_js: Callable[..., Path], hostrt_run: Runner, node_run: Runner) -> None:
    """As libuv: a due unref'd timer does not fire when nothing keeps the loop alive (not even
    while 'beforeExit' is emitted), and does once a ref'd timer enters the loop again."""
    _same(write_js, hostrt_run, node_run, "unref_due.js", UNREF_DUE)


PROMISES = r"""
const tp = require('timers/promises');
const log = [];
const show = (x) => (typeof x === 'string' ? x : JSON.stringify(x));
const L = (...a) => log.push(a.map(show).join(' '));
// The engine may have no AbortController: then a minimal signal-like object stands in (Node's
// timers/promises accepts any object with `aborted` and add/removeEventListener).
class MiniSignal {
  constructor() { this.aborted = false; this.reason = undefined; this.listeners = []; }
  addEventListener(type, fn) { if (type === 'abort') this.listeners.push(fn); }
  removeEventListener(type, fn) { this.listeners = this.listeners.filter((f) => f !== fn); }
}
class MiniController {
  constructor() { this.signal = new MiniSignal(); }
  abort(reason) {
    const s = this.signal;
    if (s.aborted) return;
    s.aborted = true;
    s.reason = reason;
    for (const fn of s.listeners.splice(0)) fn.call(s, { type: 'abort' });
  }
}
const AC = typeof AbortController === 'function' ? AbortController : MiniController;
const info = (e) => [e.name, e.code, e.message, e.cause && e.cause.message];
(async () => {
  L('setTimeout', await tp.setTimeout(5, 'v1'));
  L('setImmediate', await tp.setImmediate('v2'));
  L('scheduler.wait', await tp.scheduler.wait(5));
  L('scheduler.yield', await tp.scheduler.yield());
  let n = 0;
  for await (const v of tp.setInterval(10, 'iv')) { L('interval', v, ++n); if (n === 3) break; }
  const ac = new AC();
  const p = tp.setTimeout(1000, 'never', { signal: ac.signal });
  setTimeout(() => ac.abort(new Error('why')), 5);
  try { await p; } catch (e) { L('abort', info(e)); }
  const ac2 = new AC();
  ac2.abort(new Error('early'));
  const signal = ac2.signal;
  try { await tp.setTimeout(5, 'x', { signal }); } catch (e) { L('pre-aborted', info(e)); }
  try { await tp.setImmediate('x', { signal }); } catch (e) { L('pre-aborted imm', info(e)); }
  try { await tp.scheduler.wait(5, { signal }); } catch (e) { L('pre-aborted wait', info(e)); }
  const ac3 = new AC();
  const it = tp.setInterval(50, 'i', { signal: ac3.signal });
  L('iterator first', (await it.next()).value);
  setTimeout(() => ac3.abort(new Error('stop')), 5);
  try { await it.next(); await it.next(); } catch (e) { L('interval abort', info(e)); }
  for (const bad of [5, null, 'x']) {
    try { await tp.setTimeout(1, 'x', bad); } catch (e) { L('bad options', info(e)); }
  }
  try { await tp.setTimeout(1, 'x', { signal: 5 }); } catch (e) { L('bad signal', info(e)); }
  try { await tp.setTimeout(1, 'x', { ref: 5 }); } catch (e) { L('bad ref', info(e)); }
  L('unref resolves', await Promise.race([tp.setTimeout(5, 'unref', { ref: false }),
    tp.setTimeout(80, 'ref')]));
  L('same module', require('timers').promises === tp, require('node:timers/promises') === tp);
  console.log(log.join('\n'));
})();
"""


def test_timers_promises(write_js: Callable[..., Path], hostrt_run: Runner,
                         node_run: Runner) -> None:
    """setTimeout/setImmediate/setInterval promises, scheduler, and AbortError (ABORT_ERR)."""
    _same(write_js, hostrt_run, node_run, "promises.js", PROMISES)


HOUR = r"""
const log = [];
let ticks = 0;
const iv = setInterval(() => {
  ticks++;
  if (ticks % 15 === 0) log.push('interval ' + ticks);
}, 60000);
setTimeout(() => log.push('half hour'), 30 * 60 * 1000 + 500);
setTimeout(() => {
  log.push('hour');
  clearInterval(iv);
  setImmediate(() => log.push('immediate after hour'));
  process.nextTick(() => log.push('nextTick after hour'));
}, 60 * 60 * 1000 + 500);
setTimeout(() => log.push('never: unref two hours'), 2 * 60 * 60 * 1000).unref();
process.on('exit', () => console.log(log.concat('ticks ' + ticks).join('\n')));
"""
HOUR_EXPECTED = ["interval 15", "interval 30", "half hour", "interval 45", "interval 60", "hour",
                 "nextTick after hour", "immediate after hour", "ticks 60"]


def test_fake_time_runs_an_hour_fast_and_deterministically(write_js: Callable[..., Path],
                                                           hostrt_run: Runner) -> None:
    """`--fake-time`: an hour of timers in well under a second, the same output every run."""
    path = write_js("hour.js", HOUR)
    outs = set()
    for _ in range(2):
        res = hostrt_run("--fake-time", path, timeout=30)
        assert res.code == 0, res.err
        outs.add(res.out)
    assert outs == {"\n".join(HOUR_EXPECTED) + "\n"}

    async def run_in_process() -> float:
        out = io.StringIO()
        async with Host(HostOptions(fake_time=True, stdout=out, stderr=io.StringIO())) as host:
            start = time.perf_counter()
            await host.load(path)
            await host.run_until_idle()
            elapsed = time.perf_counter() - start
        assert out.getvalue().splitlines() == HOUR_EXPECTED
        return elapsed

    assert asyncio.run(run_in_process()) < 1.0


FRACTIONAL = r"""
const order = [];
setTimeout(() => order.push(1), 1);
setTimeout(() => order.push(2), 1.8);
setTimeout(() => order.push(3), 1.1);
setTimeout(() => order.push(4), 1);
const t = setTimeout(() => {}, 2.5);
console.log(t._idleTimeout);
setTimeout(() => console.log(order.join(',')), 5);
"""


def test_fractional_delays_share_the_whole_millisecond(write_js: Callable[..., Path],
                                                       hostrt_run: Runner, node_run: Runner) -> None:
    """Node schedules by whole milliseconds: 1, 1.8 and 1.1 fire in creation order."""
    _, ours = _same(write_js, hostrt_run, node_run, "fractional.js", FRACTIONAL)
    assert ours.out == "2.5\n1,2,3,4\n"
