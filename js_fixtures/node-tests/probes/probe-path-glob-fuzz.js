// Differential probe: run by real Node and by hostrt; stdout must be identical.
// Seeded random paths and glob patterns through path.posix/win32.matchesGlob.
const path = require('path');
let seed = 4711;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(rand() * a.length)];
const names = ['a', 'b', 'ab', '.a', 'a.js', 'b.ts', 'x.test.ts', 'node_modules', 'src', '', 'c1', 'C'];
const pats = ['*', '**', 'a', '*.js', '*.{js,ts}', '?', 'a*', '*b', '[ab]', '[!a]*', '.*', 'src', '{a,b}', 'c{1..3}', '*.test.*', '**/x*'];
const out = [];
for (let i = 0; i < 600; i++) {
  const p = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(names)).join(pick(['/', '/', '\\']));
  const g = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(pats)).join('/');
  out.push(JSON.stringify([p, g, path.posix.matchesGlob(p, g), path.win32.matchesGlob(p, g)]));
}
console.log(out.join('\n'));
