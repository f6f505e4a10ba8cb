'use strict';
require('../common');
const assert = require('assert');
const { parseArgs } = require('util');

const options = {
  foo: { type: 'string', short: 'f' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  level: { type: 'string', default: 'info' },
};
const r = parseArgs({ args: ['-f', 'a', '-vv', '--foo=b', 'pos', '--', '--not-an-option'], options, allowPositionals: true });
assert.deepStrictEqual({ ...r.values }, { foo: 'b', verbose: [true, true], level: 'info' });
assert.strictEqual(Object.getPrototypeOf(r.values), null);
assert.deepStrictEqual(r.positionals, ['pos', '--not-an-option']);

const t = parseArgs({ args: ['-fVAL', '--verbose', 'x'], options, allowPositionals: true, tokens: true });
assert.deepStrictEqual(t.tokens, [
  { kind: 'option', name: 'foo', rawName: '-f', index: 0, value: 'VAL', inlineValue: true },
  { kind: 'option', name: 'verbose', rawName: '--verbose', index: 1, value: undefined, inlineValue: undefined },
  { kind: 'positional', index: 2, value: 'x' },
]);

assert.throws(() => parseArgs({ args: ['--unknown'] }), {
  code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION', message: "Unknown option '--unknown'",
});
assert.throws(() => parseArgs({ args: ['pos'] }), {
  code: 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL',
  message: "Unexpected argument 'pos'. This command does not take positional arguments",
});
assert.throws(() => parseArgs({ args: ['--foo'], options }), {
  code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', message: "Option '-f, --foo <value>' argument missing",
});
assert.throws(() => parseArgs({ args: ['--verbose=1'], options }), {
  code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE', message: "Option '-v, --verbose' does not take an argument",
});
assert.throws(() => parseArgs({ args: [], options: { x: { type: 'number' } } }), { code: 'ERR_INVALID_ARG_TYPE' });

const loose = parseArgs({ args: ['--x=1', 'p', '--y', '-ab'], strict: false });
assert.deepStrictEqual({ ...loose.values }, { x: '1', y: true, a: true, b: true });
assert.deepStrictEqual(loose.positionals, ['p']);
