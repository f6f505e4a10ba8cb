'use strict';
// Fails everywhere: a callback declared mustCall(2) runs only once.
const common = require('../common');

const twice = common.mustCall(() => {}, 2);
setTimeout(twice, 1);
