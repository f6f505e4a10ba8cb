'use strict';
// console.table rendering for the hostrt console shim: builds the header/column model from the
// data (arrays, objects, Maps, Sets, iterators) and draws Node v20's box table, cells
// left-aligned and padded to the widest cell of their column (terminal width, colours ignored).

const { getStringWidth } = require('./inspect_primitives.js');

const INDEX = '(index)';
const ITERATION_INDEX = '(iteration index)';
const KEY = 'Key';
const VALUES = 'Values';

function renderRow(cells, widths) {
  let line = '│ ';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    line += cell + ' '.repeat(widths[i] - getStringWidth(cell));
    if (i !== cells.length - 1) line += ' │ ';
  }
  return line + ' │';
}

// head: column titles; columns: arrays of cell strings (holes become empty cells).
function drawTable(head, columns) {
  const widths = head.map((h) => getStringWidth(h));
  const rowCount = Math.max(0, ...columns.map((c) => c.length));
  const rows = [];
  for (let c = 0; c < head.length; c++) {
    const column = columns[c];
    for (let r = 0; r < rowCount; r++) {
      if (rows[r] === undefined) rows[r] = [];
      const cell = Object.prototype.hasOwnProperty.call(column, r) ? column[r] : '';
      rows[r][c] = cell;
      widths[c] = Math.max(widths[c] || 0, getStringWidth(cell));
    }
  }
  const rules = widths.map((w) => '─'.repeat(w + 2));
  let out = `┌${rules.join('┬')}┐\n${renderRow(head, widths)}\n├${rules.join('┼')}┤\n`;
  for (const row of rows) out += `${renderRow(row, widths)}\n`;
  return out + `└${rules.join('┴')}┘`;
}

// Returns the table text, or undefined when the data is not tabular (caller logs it as is).
// `show` formats one cell value; `preview` is the optional engine hook for iterators.
function buildTable(data, properties, show, preview) {
  if (data === null || typeof data !== 'object') return undefined;
  const indices = (n) => Array.from({ length: n }, (_, i) => show(i));

  const tag = safeTag(data);
  const isMapIter = tag === 'Map Iterator';
  const isSetIter = tag === 'Set Iterator';
  let entries = data;
  let keyValue = false;
  if ((isMapIter || isSetIter) && preview) {
    const p = preview(data);
    if (p !== undefined) {
      keyValue = p.isKeyValue;
      entries = keyValue ? pairs(p.entries) : p.entries;
    }
  } else if (isMapIter) {
    entries = [...data];
    keyValue = entries.every((e) => Array.isArray(e) && e.length === 2);
  }

  if (keyValue || isMap(data)) {
    const keys = [];
    const values = [];
    for (const [k, v] of entries) {
      keys.push(show(k));
      values.push(show(v));
    }
    return drawTable([ITERATION_INDEX, KEY, VALUES], [indices(keys.length), keys, values]);
  }
  if (isMapIter || isSetIter || isSet(data)) {
    const values = [];
    for (const v of entries) values.push(show(v));
    return drawTable([ITERATION_INDEX, VALUES], [indices(values.length), values]);
  }

  const columns = Object.create(null);
  const primitives = [];
  let hasPrimitives = false;
  const rowKeys = Object.keys(data);
  for (let i = 0; i < rowKeys.length; i++) {
    const item = data[rowKeys[i]];
    const primitive = item === null || (typeof item !== 'function' && typeof item !== 'object');
    if (properties === undefined && primitive) {
      hasPrimitives = true;
      primitives[i] = show(item);
      continue;
    }
    const keys = properties || Object.keys(item);
    for (const key of keys) {
      if (columns[key] === undefined) columns[key] = [];
      columns[key][i] = (primitive && properties) || !Object.prototype.hasOwnProperty.call(item, key) ?
        '' : show(item[key]);
    }
  }
  const head = Object.keys(columns);
  const cols = Object.values(columns);
  if (hasPrimitives) {
    head.push(VALUES);
    cols.push(primitives);
  }
  head.unshift(INDEX);
  cols.unshift(rowKeys);
  return drawTable(head, cols);
}

function pairs(flat) {
  const out = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

function safeTag(v) {
  try { return v[Symbol.toStringTag]; } catch { return undefined; }
}

function isMap(v) {
  try { Object.getOwnPropertyDescriptor(Map.prototype, 'size').get.call(v); return true; } catch { return false; }
}

function isSet(v) {
  try { Object.getOwnPropertyDescriptor(Set.prototype, 'size').get.call(v); return true; } catch { return false; }
}

module.exports = { buildTable, drawTable };
