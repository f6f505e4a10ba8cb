// Differential probe: run by real Node and by hostrt; stdout must be identical.
const path = require('path');
const fns = ['normalize', 'isAbsolute', 'dirname', 'basename', 'extname', 'parse', 'toNamespacedPath'];
const inputs = ['', '/', '//', '/a/b/../c/./d.txt', 'a//b/', '../../x', 'C:\\foo\\bar.txt', 'C:', 'C:foo', '\\\\server\\share\\dir\\f.js', '\\\\?\\C:\\x', 'c:/a/b', '.bashrc', 'a.b.c', '/x/.', 'foo..', '\\\\.\\pipe\\p', '//server/share'];
for (const flavour of ['posix', 'win32']) {
  const p = path[flavour];
  for (const fn of fns) for (const i of inputs) console.log(flavour, fn, JSON.stringify(i), JSON.stringify(p[fn](i)));
  for (const [a, b] of [['/a/b', '/a/c/d'], ['C:\\a\\b', 'C:\\a\\c'], ['C:\\a', 'D:\\b'], ['\\\\s\\sh\\a', '\\\\s\\sh\\b'], ['a', 'a']]) console.log(flavour, 'relative', a, b, JSON.stringify(p.relative(a, b)));
  for (const args of [['a', 'b', '../c'], ['/a', '/b'], ['C:\\', 'x'], ['C:', 'x'], ['\\\\s\\sh', 'x'], []]) console.log(flavour, 'join', JSON.stringify(p.join(...args)), 'resolve-abs', JSON.stringify(args.length && p.isAbsolute(args[0]) ? p.resolve(...args) : '-'));
  console.log(p.format({ root: '/', dir: '/home', base: 'f.txt' }), p.format({ name: 'x', ext: 'js' }), p.sep, p.delimiter);
}
console.log(path.resolve('x') === process.cwd() + '/x', path === require('path/posix'), path.win32 === require('node:path/win32'));
for (const bad of [() => path.join('a', 1), () => path.basename('a', 2), () => path.parse(null), () => path.format(1), () => path.relative('a', {})]) {
  try { bad(); } catch (e) { console.log(e.code, e.message); }
}
