'use strict';
// AssertionError and its generated messages, written to match Node 20's wording: the short
// `a !== b` form, the `+ actual - expected` line diff of util.inspect output (identical runs
// collapsed, at most ~50 lines), the mismatch indicator for one-line strings.
const util = require('util');

const READABLE = {
  deepStrictEqual: 'Expected values to be strictly deep-equal:',
  strictEqual: 'Expected values to be strictly equal:',
  strictEqualObject: 'Expected "actual" to be reference-equal to "expected":',
  deepEqual: 'Expected values to be loosely deep-equal:',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to:',
  notStrictEqual: 'Expected "actual" to be strictly unequal to:',
  notStrictEqualObject: 'Expected "actual" not to be reference-equal to "expected":',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to:',
  notIdentical: 'Values have same structure but are not reference-equal:',
  notDeepEqualUnequal: 'Expected values not to be loosely deep-equal:',
};
const SHORT_LENGTH = 12;  // both sides together at most this long: `a !== b` on one line
const MAX_LINES = 50;

function inspectValue(value) {
  return util.inspect(value, {
    compact: false, customInspect: false, depth: 1000, maxArrayLength: Infinity,
    showHidden: false, showProxy: false, sorted: true, getters: true,
  });
}
const isObj = (v) => typeof v === 'object' && v !== null;

function truncateLines(lines) {
  if (lines.length > MAX_LINES) {
    lines[46] = '...';
    lines.length = 47;
  }
  return lines;
}

// One entry of the diff: context ('  '), actual only ('+ ') or expected only ('- ').
function diffMessage(actual, expected, operator) {
  const actualText = inspectValue(actual);
  const actualLines = actualText.split('\n');
  const expectedLines = inspectValue(expected).split('\n');
  if (operator === 'strictEqual' &&
      ((isObj(actual) && isObj(expected)) || (typeof actual === 'function' && typeof expected === 'function'))) {
    operator = 'strictEqualObject';
  }
  let indicator = '';
  let skippedAtStart = 0;
  if (actualLines.length === 1 && expectedLines.length === 1 && actualLines[0] !== expectedLines[0]) {
    const a = actualLines[0];
    const e = expectedLines[0];
    const total = a.length + e.length;
    if (total <= SHORT_LENGTH) {
      if (!isObj(actual) && !isObj(expected) && (actual !== 0 || expected !== 0)) {
        return `${READABLE[operator]}\n\n${a} !== ${e}\n`;
      }
    } else if (operator !== 'strictEqualObject') {
      const columns = process.stderr && process.stderr.isTTY ? process.stderr.columns : 80;
      if (total < columns) {
        let k = 0;
        while (a[k] === e[k]) k++;
        // A caret under the first difference, unless it is right at the start.
        if (k > 2) indicator = `\n  ${' '.repeat(k)}^`;
        else skippedAtStart = k;
      }
    }
  }

  // Common trailing lines: keep three as context, mark more as skipped.
  let tail = '';
  let tailCount = skippedAtStart;
  let earliestDropped = '';
  while (actualLines.length > 0 && expectedLines.length > 0 &&
         actualLines[actualLines.length - 1] === expectedLines[expectedLines.length - 1]) {
    const line = actualLines.pop();
    expectedLines.pop();
    if (tailCount++ < 3) tail = `\n  ${line}${tail}`;
    else earliestDropped = line;
  }
  const maxLines = Math.max(actualLines.length, expectedLines.length);
  if (maxLines === 0) {
    return `${READABLE.notIdentical}\n\n${truncateLines(actualText.split('\n')).join('\n')}\n`;
  }
  let skipped = false;
  if (tailCount >= 5) {
    tail = `\n...${tail}`;
    skipped = true;
  }
  if (earliestDropped !== '') tail = `\n  ${earliestDropped}${tail}`;

  const header = `${READABLE[operator]}\n+ actual - expected`;
  let out = '';
  let pendingExpected = '';  // '-' lines held back so a run of changes reads +++ then ---
  let identical = 0;
  let printed = 0;
  const longer = actualLines.length >= maxLines ? actualLines : expectedLines;
  const shorterLength = longer === actualLines ? expectedLines.length : actualLines.length;
  const flushIdentical = (i) => {
    // Show the last identical lines before a change: up to three, '...' for longer runs.
    if (identical > 2) {
      if (identical > 3) {
        if (identical > 4) {
          if (identical === 5) { out += `\n  ${longer[i - 3]}`; printed++; } else { out += '\n...'; skipped = true; }
        }
        out += `\n  ${longer[i - 2]}`;
        printed++;
      }
      out += `\n  ${longer[i - 1]}`;
      printed++;
    }
    identical = 0;
  };
  for (let i = 0; i < maxLines; i++) {
    if (i >= shorterLength) {
      flushIdentical(i);
      if (longer === actualLines) out += `\n+ ${longer[i]}`;
      else pendingExpected += `\n- ${longer[i]}`;
      printed++;
    } else {
      const e = expectedLines[i];
      let a = actualLines[i];
      // `1` vs `1,`: the same line except for a trailing comma is not a change.
      let differs = a !== e && !(a.endsWith(',') && a.slice(0, -1) === e);
      if (differs && e.endsWith(',') && e.slice(0, -1) === a) {
        differs = false;
        a += ',';
      }
      if (differs) {
        flushIdentical(i);
        out += `\n+ ${a}`;
        pendingExpected += `\n- ${e}`;
        printed += 2;
      } else {
        out += pendingExpected;
        pendingExpected = '';
        identical++;
        if (identical <= 2) { out += `\n  ${a}`; printed++; }
      }
    }
    if (printed > MAX_LINES && i < maxLines - 2) {
      return `${header} ... Lines skipped\n${out}\n...${pendingExpected}\n...`;
    }
  }
  return `${header}${skipped ? ' ... Lines skipped' : ''}\n${out}${pendingExpected}${tail}${indicator}`;
}

function generatedMessage(actual, expected, operator) {
  if (operator === 'deepStrictEqual' || operator === 'strictEqual') {
    return diffMessage(actual, expected, operator);
  }
  if (operator === 'notDeepStrictEqual' || operator === 'notStrictEqual') {
    let base = READABLE[operator];
    const lines = truncateLines(inspectValue(actual).split('\n'));
    if (operator === 'notStrictEqual' && (isObj(actual) || typeof actual === 'function')) {
      base = READABLE.notStrictEqualObject;
    }
    if (lines.length === 1) return `${base}${lines[0].length > 5 ? '\n\n' : ' '}${lines[0]}`;
    return `${base}\n\n${lines.join('\n')}\n`;
  }
  let res = inspectValue(actual);
  let other = inspectValue(expected);
  const readable = READABLE[operator];
  if (operator === 'notDeepEqual' && res === other) {
    res = `${readable}\n\n${res}`;
    return res.length > 1024 ? `${res.slice(0, 1021)}...` : res;
  }
  if (res.length > 512) res = `${res.slice(0, 509)}...`;
  if (other.length > 512) other = `${other.slice(0, 509)}...`;
  if (operator === 'deepEqual') {
    res = `${readable}\n\n${res}\n\nshould loosely deep-equal\n\n`;
  } else if (READABLE[`${operator}Unequal`]) {
    res = `${READABLE[`${operator}Unequal`]}\n\n${res}\n\nshould not loosely deep-equal\n\n`;
  } else {
    other = ` ${operator} ${other}`;
  }
  return `${res}${other}`;
}

class AssertionError extends Error {
  constructor(options) {
    if (options === null || typeof options !== 'object') {
      const { invalidArgType } = require('hostrt:errors');
      throw invalidArgType('options', 'of type object', options);
    }
    const { message, operator, stackStartFn, details } = options;
    let { actual, expected } = options;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;  // the stack is captured below, from stackStartFn
    if (message != null && (operator === 'strictEqual' || operator === 'deepStrictEqual') &&
        !(message instanceof Error)) {
      // Node 20 puts a custom message in place of the diff's header line.
      const diff = diffMessage(actual, expected, operator);
      super(diff.startsWith(READABLE.notIdentical) ? diff : `${message}${diff.slice(diff.indexOf('\n'))}`);
    } else if (message != null) {
      super(String(message));
    } else if (details) {
      super(details.map((d) => d.message ?? generatedMessage(d.actual, d.expected, d.operator)).join('\n\n'));
    } else {
      super(generatedMessage(actual, expected, operator));
    }
    Error.stackTraceLimit = limit;
    this.generatedMessage = !message;
    // A null-prototype descriptor: a test may put `get` on Object.prototype.
    Object.defineProperty(this, 'name', {
      __proto__: null,
      value: 'AssertionError [ERR_ASSERTION]', enumerable: false, writable: true, configurable: true,
    });
    this.code = 'ERR_ASSERTION';
    if (details) {
      actual = details[0]?.actual;
      expected = details[0]?.expected;
    }
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    Error.captureStackTrace(this, stackStartFn || new.target);
    void this.stack;  // format the stack header now, with the code in the name, as Node shows it
    this.name = 'AssertionError';
  }
  toString() {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}

module.exports = { AssertionError, inspectValue };
