// Differential probe: run by real Node and by hostrt; stdout must be identical.
const util = require('util');
const EventEmitter = require('events');
console.log(util.inspect(new EventEmitter()));
console.log(util.inspect(require('path').parse('/a/b.c')));
console.log(typeof setTimeout[util.promisify.custom], typeof setImmediate[util.promisify.custom]);
util.promisify(setTimeout)(5, 'v').then((v) => console.log('slept', v));
const { Readable } = require('stream');
console.log(util.inspect(new Readable(), { depth: 0 }).split('\n')[0]);
try { require('assert').strictEqual(1, 2); } catch (e) { console.log(util.inspect(e).split('\n').filter((l) => !l.trim().startsWith('at ')).join('|')); }
console.log(util.inspect(require('querystring').parse('a=1&a=2')));
console.log(util.inspect(Buffer.from('hi')), util.inspect(new (require('buffer').Blob)(['x'])));
console.log(require("util").inspect(new (require("buffer").File)(["x"], "n.txt", { lastModified: 1 })));
