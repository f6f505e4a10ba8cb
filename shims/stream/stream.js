'use strict';
// node:stream — the npm `readable-stream` v4 package (Node 18's streams, published by the Node
// team for other engines). Its legacy `Stream` export carries every member Node's module has.
const rs = require('hostrt:npm/readable-stream');

const Stream = rs.Stream;
module.exports = Stream;
