// hostrt's small stand-in for Node's test/common, for `hostrt compat --node-tests DIR --common ours`.
// Same API as the subset Node's own test/parallel files use most: mustCall, mustCallAtLeast,
// mustNotCall, mustSucceed, expectsError, skip, isWindows/isLinux, platformTimeout, and an
// exit-time check that every mustCall ran the expected number of times.
'use strict';

const checks = [];

function where() {
  const lines = String(new Error().stack).split('\n').slice(3);
  return (lines[0] || '').trim();
}

function noop() {}

function track(fn, exact, minimum, name) {
  const ctx = { exact, minimum, actual: 0, name: name || fn.name || '<anonymous>', at: where() };
  checks.push(ctx);
  return function mustCallWrapper(...args) {
    ctx.actual += 1;
    return fn.apply(this, args);
  };
}

function mustCall(fn, exact) {
  if (typeof fn === 'number') { exact = fn; fn = noop; }
  return track(fn || noop, exact === undefined ? 1 : exact, undefined);
}

function mustCallAtLeast(fn, minimum) {
  if (typeof fn === 'number') { minimum = fn; fn = noop; }
  return track(fn || noop, undefined, minimum === undefined ? 1 : minimum);
}

function mustNotCall(msg) {
  const at = where();
  return function mustNotCall(...args) {
    const shown = args.map((a) => { try { return JSON.stringify(a); } catch (e) { return String(a); } });
    throw new Error(`${msg || 'function should not have been called'} at ${at}` +
      (shown.length ? `\ncalled with arguments: ${shown.join(', ')}` : ''));
  };
}

function mustSucceed(fn, exact) {
  return mustCall(function (err, ...args) {
    if (err) throw err;
    if (typeof fn === 'function') return fn.apply(this, args);
    return undefined;
  }, exact);
}

function matches(err, expected) {
  for (const [key, want] of Object.entries(expected)) {
    const got = err[key];
    if (want instanceof RegExp && typeof got === 'string') {
      if (!want.test(got)) return `${key}: ${JSON.stringify(got)} does not match ${want}`;
    } else if (key === 'type' || key === 'constructor') {
      if (!(err instanceof want)) return `error is not an instance of ${want.name}`;
    } else if (got !== want) {
      return `${key}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
    }
  }
  return null;
}

function expectsError(validator, exact) {
  return mustCall((err, ...rest) => {
    if (typeof validator === 'function') return validator(err, ...rest);
    const { type, ...props } = validator || {};
    if (type && !(err instanceof type)) throw new Error(`expected a ${type.name}, got ${err}`);
    const problem = matches(err, props);
    if (problem) throw new Error(`unexpected error (${problem}): ${err && err.stack}`);
    return true;
  }, exact);
}

function skip(msg) {
  process.stdout.write(`1..0 # Skipped: ${msg}\n`);
  process.exit(0);
}

function platformTimeout(ms) {
  return ms;
}

process.on('exit', (code) => {
  if (code !== 0) return;
  const failed = checks.filter((c) => (c.exact !== undefined ? c.actual !== c.exact
    : c.actual < c.minimum));
  if (failed.length === 0) return;
  const lines = failed.map((c) => (c.exact !== undefined
    ? `Mismatched ${c.name} function calls. Expected exactly ${c.exact}, actual ${c.actual}.`
    : `Mismatched ${c.name} function calls. Expected at least ${c.minimum}, actual ${c.actual}.`) +
    `\n    at ${c.at}`);
  throw new Error(lines.join('\n'));
});

module.exports = {
  mustCall,
  mustCallAtLeast,
  mustNotCall,
  mustSucceed,
  expectsError,
  skip,
  platformTimeout,
  isWindows: process.platform === 'win32',
  isLinux: process.platform === 'linux',
  isMacOS: process.platform === 'darwin',
  noop,
};
