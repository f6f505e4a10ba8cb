// probe: util.inspect depth, circular refs, classes, functions, errors without stack
// api: util.inspect
const util = require('util');
class Point { constructor() { this.x = 1; this.y = 2; } }
const circ = { name: 'c' }; circ.self = circ;
function named() {}
console.log(util.inspect({ deep: { a: { b: { c: { d: 1 } } } } }));
console.log(util.inspect(circ));
console.log(util.inspect(new Point()));
console.log(util.inspect([named, () => {}, class K {}]));
console.log(util.inspect('str'), util.inspect(new Array(120).fill(7)).split('\n').length);
console.log(util.inspect({ a: 1 }, { compact: false }));
