'use strict';
// A toString range longer than V8's longest string fails with Node's code before decoding.
const { constants: { MAX_STRING_LENGTH } } = require('buffer');
const big = Buffer.alloc(MAX_STRING_LENGTH + 1);
for (const enc of [undefined, 'utf8', 'latin1', 'hex', 'base64']) {
  try { big.toString(enc); console.log(enc, 'no throw'); } catch (e) { console.log(enc, e.name, e.code, e.message); }
}
console.log(big.toString('ucs2', 0, 8).length, big.toString('utf8', 0, 4).length);
