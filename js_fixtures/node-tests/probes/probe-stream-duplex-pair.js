// Differential probe: run by real Node and by hostrt; stdout must be identical.
const { duplexPair } = require('stream');
const [a, b] = duplexPair();
b.on('data', (d) => console.log('b got', d.toString()));
a.on('data', (d) => console.log('a got', d.toString()));
a.write('hello');
b.write('world');
a.end('!');
b.on('end', () => console.log('b end'));
a.on('finish', () => console.log('a finish'));
b.end();
a.on('end', () => console.log('a end'));
console.log(Object.getOwnPropertyDescriptor(require('events'), 'captureRejections').configurable);
