const util = require('util');
const show = () => console.log([util.format('%d', 1180591620717411303424), util.format('%d %s %i', 118059162071741130342, 118059162071741130342, 123123123), util.format('%d %s', 1180591620717411303424n, 12345678901234567890123n), util.format('%f %d', 1234567.891, -1234567.5), util.formatWithOptions({ numericSeparator: true }, '%d %i', 1234567, 7654321), util.format(1234567, 12345n)].join(' | '));
show();
const { numericSeparator } = util.inspect.defaultOptions;
util.inspect.defaultOptions.numericSeparator = true;
show();
util.inspect.defaultOptions.numericSeparator = numericSeparator;
show();
