'use strict';
// path.matchesGlob: glob patterns as Node 20 matches them (minimatch rules with Node's options:
// no negation, no comments, case-sensitive here, '\\' a separator in patterns): '*' and '?' within a
// segment, '**' as a whole segment for any depth, [classes], {a,b} and {1..3} braces; wildcards
// do not match a leading '.' of a name.
const ESCAPE = /[.+^$()|\\/]/;

function expandBraces(pattern) {
  const open = findBrace(pattern);
  if (open === null) return [pattern];
  const { start, end, body } = open;
  const pre = pattern.slice(0, start);
  const post = pattern.slice(end + 1);
  let alternatives = splitTopLevel(body);
  if (alternatives.length === 1) {
    const range = /^(-?\d+)\.\.(-?\d+)$/.exec(body) || /^([a-zA-Z])\.\.([a-zA-Z])$/.exec(body);
    if (!range) return expandBraces(pre + '\\{' + body + '\\}' + post).map((p) => p.replace(/\\([{}])/g, '$1'));
    alternatives = rangeValues(range[1], range[2]);
  }
  const out = [];
  for (const alt of alternatives) for (const rest of expandBraces(pre + alt + post)) out.push(rest);
  return out;
}
function findBrace(p) {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') { i++; continue; }
    if (p[i] !== '{') continue;
    let depth = 0;
    for (let j = i; j < p.length; j++) {
      if (p[j] === '\\') { j++; continue; }
      if (p[j] === '{') depth++;
      else if (p[j] === '}' && --depth === 0) return { start: i, end: j, body: p.slice(i + 1, j) };
    }
    return null;
  }
  return null;
}
function splitTopLevel(body) {
  const parts = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') { i++; continue; }
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) { parts.push(body.slice(last, i)); last = i + 1; }
  }
  parts.push(body.slice(last));
  return parts;
}
function rangeValues(a, b) {
  const numeric = /\d/.test(a);
  const from = numeric ? Number(a) : a.charCodeAt(0);
  const to = numeric ? Number(b) : b.charCodeAt(0);
  const step = from <= to ? 1 : -1;
  const out = [];
  for (let v = from; step > 0 ? v <= to : v >= to; v += step) out.push(numeric ? String(v) : String.fromCharCode(v));
  return out;
}

function segmentSource(seg) {
  let src = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') {
      while (seg[i + 1] === '*') i++;
      src += '[^/]*';
    } else if (c === '?') {
      src += '[^/]';
    } else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close < 0) { src += '\\['; continue; }
      let body = seg.slice(i + 1, close);
      const negate = body[0] === '!' || body[0] === '^';
      if (negate) body = body.slice(1);
      src += `[${negate ? '^/' : ''}${body.replace(/\\/g, '\\\\').replace(/]/g, '\\]')}]`;
      i = close;
    } else {
      src += ESCAPE.test(c) ? `\\${c}` : c;
    }
  }
  if (/^\*+$/.test(seg)) src = '[^/]+';  // a lone '*' needs at least one character
  // A wildcard at the start of a name never matches a leading dot.
  return /^[*?[]/.test(seg) ? `(?!\\.)${src}` : src;
}

function toRegExp(pattern) {
  const segs = pattern.split('/');
  let src = '';
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const last = i === segs.length - 1;
    if (seg === '**') {
      // any number of names that do not start with '.' (at the start, the root's empty one too)
      if (i === 0) src += '/?';
      src += last ? '(?:(?!\\.)[^/]+(?:/(?!\\.)[^/]+)*)?' : '(?:(?!\\.)[^/]+/)*';
      continue;
    }
    src += segmentSource(seg) + (last ? '' : '/');
  }
  return new RegExp(`^${src}$`);
}

function matchesGlob(path, pattern, windows) {
  // Node passes windowsPathsNoEscape: '\\' in a pattern is a separator on every platform.
  pattern = pattern.replace(/\\/g, '/');
  if (windows) path = path.replace(/\\/g, '/');
  // Repeated separators count as one; a path's trailing separator may meet a pattern without one.
  path = path.replace(/\/{2,}/g, '/');
  pattern = pattern.replace(/\/{2,}/g, '/');
  const candidates = path.length > 1 && path.endsWith('/') ? [path, path.slice(0, -1)] : [path];
  return expandBraces(pattern).some((p) => {
    const re = toRegExp(p);
    return candidates.some((c) => re.test(c));
  });
}

module.exports = { matchesGlob };
