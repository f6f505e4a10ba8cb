'use strict';
// Differential test for shims/util/console.js: runs the same script of console calls against
// Node's `console.Console` and our Console, capturing every write to stdout/stderr, and exits 1
// on any difference. Time is injected: Node's side gets a patched process.hrtime, ours a
// `clock` option, both driven by the same fake time. Stack frame lines are not compared.
//
//   node tests/js/run_console_diff.js [--verbose]

const path = require('path');
const NodeConsole = require('console').Console;
const { Console: OurConsole } = require(path.join(__dirname, '../../shims/util/console.js'));

let fakeTime = [0, 0]; // [seconds, nanoseconds], as process.hrtime() returns
const realHrtime = process.hrtime;
function fakeHrtime(prev) {
  if (!prev) return fakeTime.slice();
  let s = fakeTime[0] - prev[0];
  let ns = fakeTime[1] - prev[1];
  if (ns < 0) { s -= 1; ns += 1e9; }
  return [s, ns];
}
const fakeClock = () => fakeTime[0] * 1000 + fakeTime[1] / 1e6;

function capture(tty) {
  const log = [];
  const make = (name) => ({
    isTTY: tty, getColorDepth: () => 8,
    write(s) { log.push([name, s]); return true; },
    // Node's console (ignoreErrors) attaches a temporary 'error' listener.
    listenerCount() { return 1; }, once() {}, removeListener() {},
  });
  return { log, stdout: make('stdout'), stderr: make('stderr') };
}

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

// Each script step gets (console, setTime).
const steps = [
  ['log string', (c) => c.log('hello')],
  ['log nothing', (c) => c.log()],
  ['log format', (c) => c.log('%s is %d years and %o', 'Bob', 42, { a: [1] })],
  ['log objects', (c) => c.log({ a: 1, b: { c: { d: { e: 1 } } } }, [1, 2, 3], null, undefined)],
  ['log long array', (c) => c.log(Array.from({ length: 30 }, (_, i) => i))],
  ['info', (c) => c.info('info', { x: 1 })],
  ['debug', (c) => c.debug('debug %i', 4.5)],
  ['warn', (c) => c.warn('warn', new Map([[1, 2]]))],
  ['error', (c) => c.error('error %s', 'x', 'extra')],
  ['error object', (c) => { const e = new Error('bad'); e.code = 'E1'; c.error(e); }],
  ['dir', (c) => c.dir({ a: { b: { c: { d: 1 } } } })],
  ['dir options', (c) => c.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 })],
  ['dir ignores custom', (c) => c.dir({ x: 1, [inspectCustom]() { return 'CUSTOM'; } })],
  ['dir string', (c) => c.dir('str')],
  ['dirxml', (c) => c.dirxml('a', { b: 1 }, [2])],
  ['assert true', (c) => c.assert(true, 'never')],
  ['assert false', (c) => c.assert(false)],
  ['assert message', (c) => c.assert(false, 'failed %s', 'here', 3)],
  ['assert object', (c) => c.assert(0, { a: 1 })],
  ['group', (c) => { c.group('Group A'); c.log('inside'); c.error('err inside\nsecond line'); c.group(); c.log({ a: 1, b: 'x'.repeat(80) }); c.groupEnd(); c.groupEnd(); c.log('outside'); }],
  ['groupCollapsed', (c) => { c.groupCollapsed('collapsed', 1); c.info('in'); c.groupEnd(); c.groupEnd(); c.log('after extra groupEnd'); }],
  ['group table', (c) => { c.group(); c.table([{ a: 1 }]); c.groupEnd(); }],
  ['count', (c) => { c.count(); c.count(); c.count('x'); c.count(undefined); c.countReset(); c.count(); c.count(5); }],
  ['time', (c, t) => { t(0, 0); c.time(); t(0, 123456); c.timeLog(); t(0, 5000000); c.timeEnd(); }],
  ['time seconds', (c, t) => { t(0, 0); c.time('s'); t(1, 5000000); c.timeLog('s', 'data', { d: 1 }); t(12, 345678901); c.timeEnd('s'); }],
  ['time minutes', (c, t) => { t(0, 0); c.time('m'); t(65, 123456789); c.timeEnd('m'); }],
  ['time hours', (c, t) => { t(0, 0); c.time('h'); t(3725, 4000000); c.timeEnd('h'); }],
  ['time sub-ms', (c, t) => { t(0, 0); c.time('u'); t(0, 1234); c.timeEnd('u'); }],
  ['time ms fraction', (c, t) => { t(0, 0); c.time('f'); t(0, 999999999); c.timeEnd('f'); }],
  ['trace', (c) => c.trace('tracing %s', 'now', { a: 1 })],
  ['trace empty', (c) => c.trace()],
  ['trace in group', (c) => { c.group('g'); c.trace('t'); c.groupEnd(); }],
  ['table array of objects', (c) => c.table([{ a: 1, b: 'Y' }, { a: 'Z', b: 2, c: [1, 2, 3, 4] }])],
  ['table primitives', (c) => c.table([1, 'two', { three: 3 }, null])],
  ['table object of objects', (c) => c.table({ row1: { x: 1 }, row2: { y: { deep: { er: 1 } } } })],
  ['table properties', (c) => c.table([{ a: 1, b: 2, c: 3 }, { a: 4, c: 5 }], ['a', 'c'])],
  ['table properties primitive rows', (c) => c.table([1, { a: 2 }], ['a'])],
  ['table map', (c) => c.table(new Map([['k1', { v: 1 }], [{ o: 1 }, 'v2']]))],
  ['table set', (c) => c.table(new Set([1, 'a', [2]]))],
  ['table map iterator', (c) => c.table(new Map([[1, 'one']]).entries())],
  ['table set iterator', (c) => c.table(new Set(['x']).values())],
  ['table primitive', (c) => c.table('not tabular')],
  ['table null', (c) => c.table(null)],
  ['table empty array', (c) => c.table([])],
  ['table wide chars', (c) => c.table([{ name: '日本語', v: 'ok' }, { name: 'é', v: 'x' }])],
  ['table nested objects', (c) => c.table([{ o: { a: 1, b: 2, c: 3 }, arr: [1, 2, 3, 4, 5], s: 'str' }])],
  ['table array of arrays', (c) => c.table([[1, 2], [3, 4, 5]])],
  ['table functions', (c) => c.table([{ f() {} }, function g() {}])],
  ['log colors off', (c) => c.log('%o', { s: 'x' })],
  ['warnings', (c) => { c.countReset('nope'); c.timeEnd('nope'); c.timeLog('nope', 1); c.time('dup'); c.time('dup'); c.timeEnd('dup'); }],
];

function runAll(makeConsole, useNode) {
  const cap = capture(false);
  const c = makeConsole(cap);
  const results = [];
  for (const [name, step] of steps) {
    const before = cap.log.length;
    const setTime = (s, ns) => { fakeTime = [s, ns]; };
    const realEmit = process.emitWarning;
    process.emitWarning = (msg) => cap.log.push(['warning', String(msg)]); // both consoles use it
    try {
      if (useNode) process.hrtime = fakeHrtime;
      step(c, setTime);
    } catch (err) {
      cap.log.push(['threw', `${err.name}: ${err.message}`]);
    } finally {
      process.hrtime = realHrtime;
      process.emitWarning = realEmit;
    }
    results.push([name, cap.log.slice(before)]);
  }
  return results;
}

const dropFrames = (s) => s.split('\n').filter((l) => !/^\s*at /.test(l)).join('\n');
const show = (writes) => writes.map(([stream, text]) => `[${stream}] ${JSON.stringify(dropFrames(text))}`).join('\n');

function compare(title, nodeMaker, ourMaker) {
  const expected = runAll(nodeMaker, true);
  const actual = runAll(ourMaker, false);
  let bad = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = show(expected[i][1]);
    const a = show(actual[i][1]);
    if (e !== a) {
      bad++;
      console.log(`\n✗ ${title}: ${expected[i][0]}\n--- node\n${e}\n--- shim\n${a}`);
    } else if (process.argv.includes('--verbose')) {
      console.log(`✓ ${title}: ${expected[i][0]}\n${e}`);
    }
  }
  return [expected.length - bad, expected.length];
}

const suites = [
  ['positional', (cap) => new NodeConsole(cap.stdout, cap.stderr), (cap) => new OurConsole(cap.stdout, cap.stderr, true)],
  ['options colorMode true', (cap) => new NodeConsole({ stdout: cap.stdout, stderr: cap.stderr, colorMode: true }),
    (cap) => new OurConsole({ stdout: cap.stdout, stderr: cap.stderr, colorMode: true, clock: fakeClock })],
  ['options inspectOptions + groupIndentation', (cap) => new NodeConsole({ stdout: cap.stdout, stderr: cap.stderr, inspectOptions: { depth: 0, breakLength: 40 }, groupIndentation: 4 }),
    (cap) => new OurConsole({ stdout: cap.stdout, stderr: cap.stderr, inspectOptions: { depth: 0, breakLength: 40 }, groupIndentation: 4, clock: fakeClock })],
  ['stdout only', (cap) => new NodeConsole({ stdout: cap.stdout }), (cap) => new OurConsole({ stdout: cap.stdout, clock: fakeClock })],
];

// The positional form has no clock option; patch the default one for the run.
const realNow = Date.now;
let ok = 0;
let total = 0;
for (const [title, nodeMaker, ourMaker] of suites) {
  Date.now = fakeClock;
  try {
    const [o, t] = compare(title, nodeMaker, ourMaker);
    ok += o;
    total += t;
  } finally {
    Date.now = realNow;
  }
}

// Constructor validation and detached methods.
const checks = [
  ['no stream', (C) => { try { new C(); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['bad stream', (C) => { try { new C({ stdout: {} }); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['bad stderr', (C) => { try { new C({ write() {} }, 5); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['bad colorMode', (C) => { try { new C({ stdout: { write() {} }, colorMode: 'yes' }); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['colors with colorMode', (C) => { try { new C({ stdout: { write() {} }, colorMode: true, inspectOptions: { colors: true } }); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['bad inspectOptions', (C) => { try { new C({ stdout: { write() {} }, inspectOptions: 5 }); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['bad inspectOptions values', (C) => ['s', 'a'.repeat(40), 1, [], () => {}].map((v) => { try { new C({ stdout: { write() {} }, inspectOptions: v }); return 'ok'; } catch (e) { return `${e.code} ${e.message}`; } }).join('|')],
  ['bad table properties values', (C) => { const cap = capture(false); return ['s', 'a'.repeat(40), {}, () => {}, 5n].map((v) => { try { new C(cap.stdout).table([], v); return 'ok'; } catch (e) { return `${e.code} ${e.message}`; } }).join('|'); }],
  ['bad groupIndentation float', (C) => { try { new C({ stdout: { write() {} }, groupIndentation: 1.5 }); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['bad groupIndentation null', (C) => { try { new C({ stdout: { write() {} }, groupIndentation: null }); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['bad groupIndentation type', (C) => { try { new C({ stdout: { write() {} }, groupIndentation: '2' }); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['bad groupIndentation', (C) => { try { new C({ stdout: { write() {} }, groupIndentation: 1001 }); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['table bad properties', (C) => { const cap = capture(false); try { new C(cap.stdout).table([], 'a'); return 'no throw'; } catch (e) { return `${e.name} ${e.code} ${e.message}`; } }],
  ['detached log', (C) => { const cap = capture(false); const { log, warn } = new C(cap.stdout, cap.stderr); log('a'); warn('b'); return JSON.stringify(cap.log); }],
  ['called without new', (C) => { const cap = capture(false); C(cap.stdout).log('x'); return JSON.stringify(cap.log); }],
  ['tty colors auto', (C) => { const cap = capture(true); new C(cap.stdout).log({ a: 1, s: 'x' }); return JSON.stringify(cap.log); }],
  ['ignoreErrors swallows', (C) => { const s = { write() { throw new Error('EPIPE'); }, listenerCount() { return 1; }, once() {}, removeListener() {} }; try { new C(s).log('x'); return 'swallowed'; } catch (e) { return 'threw ' + e.message; } }],
  ['ignoreErrors false', (C) => { const s = { write() { throw new Error('EPIPE'); } }; try { new C({ stdout: s, ignoreErrors: false }).log('x'); return 'swallowed'; } catch (e) { return 'threw ' + e.message; } }],
];
for (const [name, fn] of checks) {
  total++;
  const e = fn(NodeConsole);
  const a = fn(OurConsole);
  if (e === a) { ok++; if (process.argv.includes('--verbose')) console.log(`✓ ${name}: ${e}`); }
  else console.log(`\n✗ ${name}\n--- node\n${e}\n--- shim\n${a}`);
}

console.log(`\n${ok}/${total} console checks match`);
process.exit(ok === total ? 0 : 1);
