// probe: path join/resolve/relative/parse/format/normalize/extname
// api: path.join
const path = require('path');
console.log(path.join('/a/b', '../c', './d'), path.normalize('/x//y/../z/'));
console.log(path.resolve('/root', 'sub', '..', 'file.txt'));
console.log(path.relative('/data/a/b', '/data/c'));
console.log(path.basename('/q/w.e.txt', '.txt'), path.extname('x.tar.gz'), path.dirname('/a/b/c'));
console.log(JSON.stringify(path.parse('/home/u/file.js')));
console.log(path.format({ dir: '/d', name: 'n', ext: '.e' }), path.sep, path.delimiter);
console.log(path.isAbsolute('a/b'), path.posix === path, typeof path.win32.join);
