'use strict';
// Node's old per-class stream modules (`_stream_readable`, ...), instantiated once per class
// (`legacy.js?Readable`): each module is that class of node:stream.
module.exports = require('stream')[module.id.slice(module.id.indexOf('?') + 1)];
