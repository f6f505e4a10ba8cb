'use strict';
// Runs tests/js/inspect_corpus.js against Node's own `util` and against our
// shims/util/inspect.js, printing every mismatch with both outputs; exits 1 on any mismatch.
//
//   node tests/js/run_inspect_corpus.js [--verbose] [name-substring]
//
// The shim's optional engine hooks (promise state, proxy details, iterator previews, V8's
// internal constructor name) are wired to Node's internal `util` binding here, the way the
// hostrt engine wires them to V8 natives; that needs --expose-internals, so the script
// re-executes itself with it. Both sides run from the same call site, so even stack frames must match.

const path = require('path');

require('./node_hooks.js').reexecWithInternals(__filename);

const util = require('util');
const ours = require(path.join(__dirname, '../../shims/util/inspect.js'));
const cases = require('./inspect_corpus.js');

const hooked = require('./node_hooks.js').installHooks(ours.inspect);

class FakeBuffer extends Uint8Array {}
Object.defineProperty(FakeBuffer, 'name', { value: 'Buffer' });

const nodeEnv = {
  formatWithOptions: util.formatWithOptions,
  stripVTControlCharacters: util.stripVTControlCharacters,
  isDeepStrictEqual: util.isDeepStrictEqual,
  makeBuffer: (bytes) => Buffer.from(bytes),
};
const shimEnv = {
  formatWithOptions: ours.formatWithOptions,
  stripVTControlCharacters: ours.stripVTControlCharacters,
  isDeepStrictEqual: ours.isDeepStrictEqual,
  makeBuffer: (bytes) => FakeBuffer.from(bytes),
};

function run(fn, inspect, format, env) {
  try {
    return String(fn(inspect, format, env));
  } catch (err) {
    return `THREW ${err && err.name}: ${err && err.message}`;
  }
}

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const filter = args.find((a) => !a.startsWith('--'));

const sides = [
  [util.inspect, util.format, nodeEnv],
  [ours.inspect, ours.format, shimEnv],
];

let failed = 0;
let total = 0;
for (const { name, fn } of cases) {
  if (filter && !name.includes(filter)) continue;
  total++;
  // Both sides run from this one call site, so real stack frames come out identical.
  const [expected, actual] = sides.map(([inspect, format, env]) => run(fn, inspect, format, env));
  if (expected !== actual) {
    failed++;
    console.log(`\n✗ ${name}\n--- node\n${expected}\n--- shim\n${actual}`);
  } else if (verbose) {
    console.log(`✓ ${name}\n${expected}`);
  }
}
console.log(`\n${total - failed}/${total} cases match${hooked ? '' : ' (engine hooks unavailable)'}`);
process.exit(failed === 0 ? 0 : 1);
