'use strict';
// Runs the inspect/format corpus with the runtime's own `util` and prints {name: output} as JSON,
// so the same file can be run by `node` and by `hostrt run` and the outputs compared.
const util = require('util');
const cases = require('./inspect_corpus.js');

const env = {
  formatWithOptions: util.formatWithOptions,
  stripVTControlCharacters: util.stripVTControlCharacters,
  isDeepStrictEqual: util.isDeepStrictEqual,
  makeBuffer: (bytes) => Buffer.from(bytes),
};
const out = {};
for (const { name, fn } of cases) {
  try {
    out[name] = String(fn(util.inspect, util.format, env));
  } catch (e) {
    out[name] = `THROWS ${e && e.name}: ${e && e.message}`;
  }
}
process.stdout.write(JSON.stringify(out));
