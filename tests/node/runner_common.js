"use strict";
// Moved into the package with the reference runner (hostrt/pepr/node/runner_common.js).
module.exports = require("../../hostrt/pepr/node/runner_common.js");
