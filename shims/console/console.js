// Provisional console (replaced by the util-based Console): formats with a minimal util.format.
'use strict';
function fmt(args) {
  return args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.stack : JSON.stringify(a))).join(' ');
}
const c = {
  log(...a) { process.stdout.write(fmt(a) + '\n'); },
  info(...a) { process.stdout.write(fmt(a) + '\n'); },
  debug(...a) { process.stdout.write(fmt(a) + '\n'); },
  warn(...a) { process.stderr.write(fmt(a) + '\n'); },
  error(...a) { process.stderr.write(fmt(a) + '\n'); },
};
module.exports = c;
