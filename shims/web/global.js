// `global`: Node's alias of globalThis.
'use strict';
module.exports = globalThis;
