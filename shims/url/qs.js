// What npm `url` needs from `qs`, answered by Node's querystring (which is what Node's own legacy
// url.parse/format use): parse(str) and stringify(obj, {arrayFormat: 'repeat'}) — repeat is
// querystring's only array format.
'use strict';
const querystring = require('querystring');

module.exports = {
  parse(str) { return querystring.parse(str); },
  stringify(obj) { return querystring.stringify(obj); },
};
