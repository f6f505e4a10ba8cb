// Differential probe: run by real Node and by hostrt; stdout must be identical.
const E = require('events');
console.log(JSON.stringify(Object.keys(E)));
console.log(JSON.stringify(Object.getOwnPropertyNames(E.prototype)));
console.log(require('util').inspect(new E()));
const util = require('util');
console.log(JSON.stringify(Object.keys(util)));
console.log(JSON.stringify(Object.keys(util.types)));
console.log(JSON.stringify(Object.keys(require('assert'))));
console.log(JSON.stringify(Object.keys(require('buffer'))));
console.log(JSON.stringify(Object.keys(require('path'))));
console.log(JSON.stringify(Object.keys(require('querystring'))));
console.log(JSON.stringify(Object.keys(require('stream'))));
console.log(JSON.stringify(Object.keys(require('stream/promises'))));
