// Node-style test files that must NOT pass (a failing mustCall, one needing `// Flags:`), for the
// tests of `hostrt compat --node-tests`; they share js_fixtures/node-tests' common module.
'use strict';
module.exports = require('../../node-tests/common');
