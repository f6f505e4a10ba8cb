// Flags: --expose-internals
'use strict';
// Needs a Node flag: the runner skips it.
const common = require('../common');
require('internal/test/binding');
common.mustCall()();
