'use strict';
// node:stream/promises - pipeline and finished returning promises (from readable-stream).
module.exports = require('stream').promises;
