'use strict';
// Line layout for the util.inspect shim: decides whether a container's entries go on one line
// or one per line, and packs long arrays into aligned columns. The constants below were fitted
// to Node v20's observable output (see tests/js/inspect_corpus.js).

const { getStringWidth, ANSI_RE } = require('./inspect_primitives.js');

const ARRAY_EXTRA = 2;
const SEPARATOR = 2; // ", " between entries
const MAX_COLUMNS = 15;
const CHAR_ASPECT = 2.5; // a character cell is ~2.5x taller than wide: aim for a square block

function visibleLength(ctx, s) {
  return ctx.colors ? s.replace(ANSI_RE, '').length : s.length;
}

// Does `{ a, b, c }` fit into breakLength? `start` is the fixed overhead (indentation, braces,
// a little slack); every entry also costs its separator.
function fitsOnLine(ctx, output, start, base) {
  let total = output.length + start;
  if (total + output.length > ctx.breakLength) return false;
  for (const entry of output) {
    total += visibleLength(ctx, entry);
    if (total > ctx.breakLength) return false;
  }
  return base === '' || !base.includes('\n');
}

// Arrays with more than six entries are laid out in columns when entries are short and of
// similar width. Numbers (and bigints) are right-aligned, anything else left-aligned.
function groupColumns(ctx, output, value) {
  let count = output.length;
  // A trailing "... n more items" never takes part in the grid.
  if (ctx.maxArrayLength < output.length) count--;
  const widths = new Array(count);
  let total = 0;
  let widest = 0;
  for (let i = 0; i < count; i++) {
    const w = getStringWidth(output[i], ctx.colors); // terminal columns, not UTF-16 units
    widths[i] = w;
    total += w + SEPARATOR;
    if (w > widest) widest = w;
  }
  const cell = widest + SEPARATOR;
  const fitsThree = cell * 3 + ctx.indentationLvl < ctx.breakLength;
  const evenEnough = total / cell > 5 || widest <= 6;
  if (!fitsThree || !evenEnough) return output;

  const bias = Math.sqrt(cell - total / output.length);
  const biasedCell = Math.max(cell - 3 - bias, 1);
  const columns = Math.min(
    Math.round(Math.sqrt(CHAR_ASPECT * biasedCell * count) / biasedCell),
    Math.floor((ctx.breakLength - ctx.indentationLvl) / cell),
    ctx.compact * 4,
    MAX_COLUMNS,
  );
  if (columns <= 1) return output;

  const columnWidth = [];
  for (let c = 0; c < columns; c++) {
    let w = 0;
    for (let j = c; j < output.length; j += columns) if (widths[j] > w) w = widths[j];
    columnWidth.push(w + SEPARATOR);
  }

  let rightAlign = value !== undefined;
  if (rightAlign) {
    for (let i = 0; i < output.length; i++) {
      const t = typeof value[i];
      if (t !== 'number' && t !== 'bigint') { rightAlign = false; break; }
    }
  }

  const rows = [];
  for (let i = 0; i < count; i += columns) {
    const end = Math.min(i + columns, count);
    let line = '';
    let j = i;
    for (; j < end - 1; j++) {
      const pad = columnWidth[j - i] + output[j].length - widths[j];
      line += rightAlign ? `${output[j]}, `.padStart(pad, ' ') : `${output[j]}, `.padEnd(pad, ' ');
    }
    if (rightAlign) {
      const pad = columnWidth[j - i] + output[j].length - widths[j] - SEPARATOR;
      line += output[j].padStart(pad, ' ');
    } else {
      line += output[j];
    }
    rows.push(line);
  }
  if (ctx.maxArrayLength < output.length) rows.push(output[count]);
  return rows;
}

// Joins formatted entries into the final text for one container.
function combine(ctx, output, base, braces, kind, level, value) {
  const head = base ? `${base} ` : '';
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      const entries = output.length;
      if (kind === ARRAY_EXTRA && entries > 6) output = groupColumns(ctx, output, value);
      // Single line only when this object holds at most `compact` levels of nesting below it
      // (currentDepth is the deepest level entered so far) and nothing was grouped.
      if (ctx.currentDepth - level < ctx.compact && entries === output.length) {
        const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
        if (fitsOnLine(ctx, output, start, base)) {
          const joined = output.join(', ');
          if (!joined.includes('\n')) return `${head}${braces[0]} ${joined} ${braces[1]}`;
        }
      }
    }
    const indent = `\n${' '.repeat(ctx.indentationLvl)}`;
    return `${head}${braces[0]}${indent}  ${output.join(`,${indent}  `)}${indent}${braces[1]}`;
  }
  // compact: true — fill lines, keep the opening brace on the first line.
  if (fitsOnLine(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ${braces[1]}`;
  }
  const indent = ' '.repeat(ctx.indentationLvl);
  const lead = base === '' && braces[0].length === 1 ? ' ' : `${base ? ` ${base}` : ''}\n${indent}  `;
  return `${braces[0]}${lead}${output.join(`,\n${indent}  `)} ${braces[1]}`;
}

module.exports = { combine, groupColumns, fitsOnLine, getStringWidth };
