'use strict';
// Primitive formatting for the util.inspect shim: string quoting/escaping, numbers (with the
// optional numeric separator), bigints, symbols, plus the width helpers console.table needs.
// Plain ES2023 only: this file runs unchanged under Node and inside a bare V8 isolate.
// Behaviour was learned from Node's docs and by comparing with `node` output.

const MIN_SPLIT_LENGTH = 16; // strings shorter than this are never split across lines

// Escapes for C0 controls; everything else in \x00-\x1f/\x7f-\x9f becomes \xHH (upper-case hex).
const NAMED_ESCAPES = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 92: '\\\\' };

function hex2(code) {
  return code.toString(16).toUpperCase().padStart(2, '0');
}

// Node picks the first quote the string does not contain: ' then " then `. A backtick is
// only usable when the string has no `${` (it would read as a template substitution).
function pickQuote(str) {
  if (!str.includes("'")) return "'";
  if (!str.includes('"')) return '"';
  if (!str.includes('`') && !str.includes('${')) return '`';
  return "'";
}

const NEEDS_ESCAPE = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function quoteString(str) {
  const quote = pickQuote(str);
  return quote + escapeString(str, quote) + quote;
}

// Escapes control characters, backslashes, lone surrogates and `quote` (only ' is ever escaped:
// the other quotes are chosen precisely because the string does not contain them).
function escapeString(str, quote = "'") {
  if (quote !== "'" && !/[\x00-\x1f\x5c\x7f-\x9f\ud800-\udfff]/.test(str)) return str;
  if (quote === "'" && !NEEDS_ESCAPE.test(str)) return str;
  let out = '';
  for (let i = 0; i < str.length; i++) {
    const code = str.charCodeAt(i);
    if (code === 39 && quote === "'") out += "\\'";
    else if (NAMED_ESCAPES[code] !== undefined) out += NAMED_ESCAPES[code];
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += '\\x' + hex2(code);
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = str.charCodeAt(i + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { // a valid pair stays as-is
        out += str[i] + str[i + 1];
        i++;
      } else {
        out += '\\u' + code.toString(16); // lone surrogate: lower-case hex, like Node
      }
    } else out += str[i];
  }
  return out;
}

// "1234567" -> "1_234_567" (groups from the right).
function groupFromRight(digits) {
  let out = '';
  let i = digits.length;
  for (; i > 3; i -= 3) out = '_' + digits.slice(i - 3, i) + out;
  return digits.slice(0, i) + out;
}

// "8912345" -> "891_234_5" (fraction digits group from the left).
function groupFromLeft(digits) {
  const parts = [];
  for (let i = 0; i < digits.length; i += 3) parts.push(digits.slice(i, i + 3));
  return parts.join('_');
}

// Node's numericSeparator splits String(n) at the first '.', taking slice(0, indexOf('.')):
// for exponent forms without a dot that index is -1, which yields odd but faithful output
// such as 1e-7 -> '1e-.1e-_7'. Integers (including -0, shown as '0') skip the split.
function numberText(n, numericSeparator) {
  if (!numericSeparator) return Object.is(n, -0) ? '-0' : String(n);
  const integer = Math.trunc(n);
  if (integer === n) {
    const text = String(integer);
    if (!Number.isFinite(n) || text.includes('e')) return text;
    return signedGroups(text);
  }
  if (Number.isNaN(n)) return 'NaN';
  const plain = String(n);
  const dot = plain.indexOf('.');
  return `${signedGroups(plain.slice(0, dot))}.${groupFromLeft(plain.slice(dot + 1))}`;
}

function signedGroups(text) {
  return text[0] === '-' ? '-' + groupFromRight(text.slice(1)) : groupFromRight(text);
}

function formatNumber(stylize, n, numericSeparator) {
  return stylize(numberText(n, numericSeparator), 'number');
}

function formatBigInt(stylize, n, numericSeparator) {
  let text = String(n);
  if (numericSeparator) {
    text = signedGroups(text);
  }
  return stylize(text + 'n', 'bigint');
}

// ctx needs: stylize, maxStringLength, compact, breakLength, indentationLvl, numericSeparator.
function formatPrimitive(ctx, value) {
  const stylize = ctx.stylize;
  switch (typeof value) {
    case 'string': {
      let trailer = '';
      if (ctx.maxStringLength !== null && value.length > ctx.maxStringLength) {
        const rest = value.length - Math.max(ctx.maxStringLength, 0);
        value = value.slice(0, Math.max(ctx.maxStringLength, 0));
        trailer = `... ${rest} more character${rest > 1 ? 's' : ''}`;
      }
      // Long multi-line strings are shown as 'line\n' +\n  'line' (split after each newline).
      if (ctx.compact !== true && value.length > MIN_SPLIT_LENGTH &&
          value.length > ctx.breakLength - ctx.indentationLvl - 4) {
        const lines = value.split(/(?<=\n)/);
        const sep = ` +\n${' '.repeat(ctx.indentationLvl + 2)}`;
        return lines.map((line) => stylize(quoteString(line), 'string')).join(sep) + trailer;
      }
      return stylize(quoteString(value), 'string') + trailer;
    }
    case 'number': return formatNumber(stylize, value, ctx.numericSeparator);
    case 'bigint': return formatBigInt(stylize, value, ctx.numericSeparator);
    case 'boolean': return stylize(String(value), 'boolean');
    case 'undefined': return stylize('undefined', 'undefined');
    case 'symbol': return stylize(value.toString(), 'symbol');
    default: return stylize(String(value), typeof value); // e.g. document.all-like oddities
  }
}

// ANSI escape sequences (CSI and OSC), as removed by util.stripVTControlCharacters.
const ANSI_RE = /[\u001B\u009B][[\]()#;?]*(?:(?:(?:(?:;[-a-zA-Z\d\/#&.:=?%@~_]+)*|[a-zA-Z\d]+(?:;[-a-zA-Z\d\/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;

function stripAnsi(str) {
  return str.replace(ANSI_RE, '');
}

// The " Received ..." tail of Node's ERR_INVALID_ARG_TYPE messages. `inspectFn` (optional)
// renders objects that have no constructor name.
const PLAIN_CTX = {
  stylize: (x) => x, maxStringLength: 10000, compact: 3, breakLength: Infinity, indentationLvl: 0,
  numericSeparator: false,
};
function describeReceived(v, inspectFn) {
  if (v == null) return ` Received ${v}`;
  if (typeof v === 'function') return ` Received function ${v.name}`;
  if (typeof v === 'object') {
    if (v.constructor && v.constructor.name) return ` Received an instance of ${v.constructor.name}`;
    return ` Received ${inspectFn ? inspectFn(v, { depth: -1 }) : '[object]'}`;
  }
  let shown;
  if (typeof v === 'string') { // strings are cut before quoting
    shown = formatPrimitive(PLAIN_CTX, v.length > 28 ? `${v.slice(0, 25)}...` : v);
  } else {
    shown = formatPrimitive(PLAIN_CTX, v);
    if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  }
  return ` Received type ${typeof v} (${shown})`;
}

// Terminal column width: East Asian wide/fullwidth = 2, combining/zero-width = 0.
function isWide(cp) {
  return cp >= 0x1100 && (
    cp <= 0x115f || cp === 0x2329 || cp === 0x232a ||
    (cp >= 0x2e80 && cp <= 0x3247 && cp !== 0x303f) ||
    (cp >= 0x3250 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0xa4c6) ||
    (cp >= 0xa960 && cp <= 0xa97c) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe10 && cp <= 0xfe19) ||
    (cp >= 0xfe30 && cp <= 0xfe6b) || (cp >= 0xff01 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1b000 && cp <= 0x1b001) ||
    (cp >= 0x1f200 && cp <= 0x1f251) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd));
}

const ZERO_WIDTH = /[\u0300-\u036f\u200b-\u200f\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f]/;

function getStringWidth(str, removeControl = true) {
  if (removeControl) str = str.replace(ANSI_RE, '');
  try { str = str.normalize('NFC'); } catch { /* V8 built without ICU: count as is */ }
  let width = 0;
  for (const ch of str) {
    const cp = ch.codePointAt(0);
    if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || ZERO_WIDTH.test(ch)) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

module.exports = {
  quoteString, escapeString, formatNumber, formatBigInt, formatPrimitive, stripAnsi,
  getStringWidth, ANSI_RE, describeReceived,
};
