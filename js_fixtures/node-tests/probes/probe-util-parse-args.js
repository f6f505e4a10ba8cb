// Differential probe: run by real Node and by hostrt; stdout must be identical.
const { parseArgs } = require('util');
const cases = [
  [{ args: ['-f', 'a', '--bar', 'b', 'pos'], options: { foo: { type: 'string', short: 'f' }, bar: { type: 'string' } }, allowPositionals: true }],
  [{ args: ['-abc'], options: { a: { type: 'boolean', short: 'a' }, b: { type: 'boolean', short: 'b' }, c: { type: 'boolean', short: 'c' } } }],
  [{ args: ['-abfx', 'y'], options: { a: { type: 'boolean', short: 'a' }, b: { type: 'boolean', short: 'b' }, f: { type: 'string', short: 'f' } }, allowPositionals: true, tokens: true }],
  [{ args: ['-fVAL', '--foo=x=y', '--', '--z'], options: { foo: { type: 'string', short: 'f', multiple: true } }, allowPositionals: true, tokens: true }],
  [{ args: ['--unknown'] }],
  [{ args: ['--unknown'], allowPositionals: true }],
  [{ args: ['-u'], strict: false, tokens: true }],
  [{ args: ['--foo'], options: { foo: { type: 'string', short: 'f' } } }],
  [{ args: ['--foo', '-x'], options: { foo: { type: 'string', short: 'f' } } }],
  [{ args: ['-f', '-x'], options: { foo: { type: 'string', short: 'f' } } }],
  [{ args: ['--flag=1'], options: { flag: { type: 'boolean' } } }],
  [{ args: ['pos'] }],
  [{ args: [], options: { d: { type: 'string', default: 'dd' }, m: { type: 'boolean', multiple: true, default: [true] } } }],
  [{ args: ['--x=1', 'p', '--y'], strict: false }],
  [{ args: [], options: { bad: { type: 'number' } } }],
  [{ args: [], options: { bad: { type: 'string', short: 'ab' } } }],
  [{ args: [], options: { bad: { type: 'string', default: 1 } } }],
  [{ args: ['-'], allowPositionals: true }],
  [{ args: ['-ab'], options: { a: { type: 'boolean', short: 'a' } }, strict: false, tokens: true }],
];
for (const [c] of cases) {
  try { console.log(JSON.stringify(parseArgs(c))); } catch (e) { console.log(e.name, e.code, JSON.stringify(e.message)); }
}
