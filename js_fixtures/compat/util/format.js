// probe: util.format placeholders, util.types, util.isDeepStrictEqual
// api: util.format
const util = require('util');
console.log(util.format('%s:%i:%f:%j:%%', 'a', 42.9, '1.5', { j: 1 }));
console.log(util.format('%o', [1, { a: 2 }]));
console.log(util.format(1, 2, '3'));
console.log(util.types.isPromise(Promise.resolve()), util.types.isRegExp(/x/), util.types.isDate(1));
console.log(util.isDeepStrictEqual({ a: [1] }, { a: [1] }), util.isDeepStrictEqual([1], ['1']));
