// probe: util.promisify, callbackify, inherits, deprecate
// api: util.promisify
const util = require('util');
const p = util.promisify((a, cb) => setTimeout(() => cb(null, a * 2), 1));
p(21).then((v) => console.log('promisified', v));
const cbf = util.callbackify(async (x) => x + 1);
cbf(1, (err, v) => console.log('callbackified', err, v));
function A() {} function B() {}
util.inherits(A, B);
console.log(new A() instanceof B, A.super_ === B);
console.log(typeof util.promisify.custom, typeof util.TextEncoder);
