// Differential probe: run by real Node and by hostrt; stdout must be identical.
// Seeded random paths through every posix and win32 function.
const path = require('path');
let seed = 777;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const pick = (a) => a[Math.floor(rand() * a.length)];
const parts = ['', '.', '..', 'a', 'b.txt', '.hidden', 'dir', 'x.tar.gz', 'C:', 'c:', '\\', '/', '//', '\\\\', 'srv', 'share', '?', 'UNC', 'd..', '...', ' ', 'é'];
const seps = ['/', '\\', '', '//'];
function randomPath() {
  let s = '';
  for (let i = 0; i < Math.floor(rand() * 6); i++) s += pick(parts) + pick(seps);
  return s;
}
const lines = [];
for (let i = 0; i < 400; i++) {
  const p1 = randomPath();
  const p2 = randomPath();
  for (const flavour of ['posix', 'win32']) {
    const P = path[flavour];
    const isAbs = (p) => P.isAbsolute(p);
    const out = [P.normalize(p1), P.isAbsolute(p1), P.dirname(p1), P.basename(p1), P.basename(p1, '.txt'), P.extname(p1),
      JSON.stringify(P.parse(p1)), P.join(p1, p2), P.format(P.parse(p1))];
    if (isAbs(p1) && isAbs(p2)) out.push(P.relative(p1, p2), P.resolve(p1, p2), P.toNamespacedPath(p1));
    lines.push(`${i} ${flavour} ${JSON.stringify(p1)} ${JSON.stringify(p2)} ${JSON.stringify(out)}`);
  }
}
console.log(lines.join('\n'));
