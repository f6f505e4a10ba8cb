// Differential probe: run by real Node and by hostrt; stdout must be identical.
const names = ['buffer', 'events', 'util', 'util/types', 'path', 'path/posix', 'path/win32', 'querystring', 'string_decoder', 'assert', 'assert/strict', 'stream', 'stream/promises', 'stream/consumers'];
for (const n of names) console.log(n, require('node:' + n) === require(n));
