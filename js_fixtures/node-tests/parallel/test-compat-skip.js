'use strict';
// Skips itself unless on a platform it does not run on.
const common = require('../common');

if (!common.isWindows) common.skip('this test only runs on Windows');
throw new Error('unreachable on Linux');
