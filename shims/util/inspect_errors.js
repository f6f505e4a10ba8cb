'use strict';
// Error formatting for the util.inspect shim: the stack text first (with Node's `Name [Kind]`
// rewrite when the constructor and the stack disagree, brackets when there are no frames, and
// frames shared with `cause` collapsed), then own properties are listed by the caller.

const T = require('./inspect_types.js');
const { prefixFor } = require('./inspect_names.js');

function stackOf(err) {
  let stack;
  try { stack = err.stack; } catch { stack = undefined; }
  if (stack) return String(stack);
  try { return Error.prototype.toString.call(err); } catch { return '[object Error]'; }
}

// Node prints `Name [OriginalName]: msg` when the constructor differs from the name in the
// stack, and brackets the whole thing when there are no stack frames.
function improveStack(stack, ctor, name, tag) {
  let len = name.length;
  if (ctor === null || (name.endsWith('Error') && stack.startsWith(name) &&
      (stack.length === len || stack[len] === ':' || stack[len] === '\n'))) {
    let fallback = 'Error';
    if (ctor === null) {
      const m = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n\s+at)/.exec(stack) || /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
      fallback = (m && m[1]) || '';
      len = fallback.length;
      fallback = fallback || 'Error';
    }
    const prefix = prefixFor(ctor, tag, fallback).slice(0, -1);
    if (name !== prefix) {
      if (prefix.includes(name)) {
        stack = len === 0 ? `${prefix}: ${stack}` : `${prefix}${stack.slice(len)}`;
      } else {
        stack = `${prefix} [${name}]${stack.slice(len)}`;
      }
    }
  }
  return stack;
}

// Longest run (> 3) of frames `frames` shares with `causeFrames`.
function sharedFrames(frames, causeFrames) {
  for (let i = 0; i < frames.length - 3; i++) {
    const pos = causeFrames.indexOf(frames[i]);
    if (pos === -1) continue;
    const rest = causeFrames.length - pos;
    if (rest <= 3) continue;
    let len = 1;
    const max = Math.min(frames.length - i, rest);
    while (len < max && frames[i + len] === causeFrames[pos + len]) len++;
    if (len > 3) return { len, offset: i };
  }
  return { len: 0, offset: 0 };
}

function stackFrames(ctx, err, framesText) {
  const frames = framesText.split('\n');
  let cause;
  try { cause = err.cause; } catch { cause = undefined; }
  if (T.isError(cause)) {
    const causeStack = stackOf(cause);
    const at = causeStack.indexOf('\n    at');
    if (at !== -1) {
      const { len, offset } = sharedFrames(frames, causeStack.slice(at + 1).split('\n'));
      if (len > 0) {
        const skipped = len - 2;
        const note = `    ... ${skipped} lines matching cause stack trace ...`;
        frames.splice(offset + 1, skipped, ctx.stylize(note, 'undefined'));
      }
    }
  }
  return frames;
}

// `cwdHook` is inspect._cwd (optional): lets coloured output grey the working directory.
function formatError(ctx, err, ctor, tag, keys, cwdHook) {
  const name = err.name != null ? String(err.name) : 'Error';
  let stack = stackOf(err);
  // Own name/message/stack keys already visible in the stack text are not repeated.
  if (!ctx.showHidden && keys.length !== 0) {
    for (const k of ['name', 'message', 'stack']) {
      const i = keys.indexOf(k);
      if (i !== -1 && stack.includes(err[k])) keys.splice(i, 1);
    }
  }
  if ('cause' in err && (keys.length === 0 || !keys.includes('cause'))) keys.push('cause');
  if (Array.isArray(err.errors) && (keys.length === 0 || !keys.includes('errors'))) keys.push('errors');

  stack = improveStack(stack, ctor, name, tag);

  let pos = (err.message && stack.indexOf(err.message)) || -1;
  if (pos !== -1) pos += err.message.length;
  const framesAt = stack.indexOf('\n    at', pos);
  if (framesAt === -1) {
    stack = `[${stack}]`;
  } else {
    const frames = stackFrames(ctx, err, stack.slice(framesAt + 1));
    if (ctx.colors) {
      stack = stack.slice(0, framesAt) + '\n' + frames.map((line) => colorFrame(ctx, line, cwdHook)).join('\n');
    } else {
      stack = `${stack.slice(0, framesAt)}\n${frames.join('\n')}`;
    }
  }
  if (ctx.indentationLvl !== 0) stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
  return stack;
}

// Node greys out frames of its own built-in modules, underlines package names after
// node_modules/ and greys the current working directory (known only through the optional
// `inspect._cwd()` hook). Any `node:internal/...` frame is taken to be a real core module.
const CORE_MODULES = new Set(('assert assert/strict async_hooks buffer child_process cluster console ' +
  'constants crypto dgram diagnostics_channel dns dns/promises domain events fs fs/promises http ' +
  'http2 https inspector inspector/promises module net os path path/posix path/win32 perf_hooks ' +
  'process punycode querystring readline readline/promises repl stream stream/consumers ' +
  'stream/promises stream/web string_decoder sys timers timers/promises tls trace_events tty url ' +
  'util util/types v8 vm wasi worker_threads zlib test').split(' '));
const CORE_FRAME = /^ {4}at (?:[^/\\(]+ \(|)node:(.+):\d+:\d+\)?$/;

function colorFrame(ctx, line, cwdHook) {
  const core = CORE_FRAME.exec(line);
  if (core !== null && (CORE_MODULES.has(core[1]) || core[1].startsWith('internal/'))) {
    return ctx.stylize(line, 'undefined');
  }
  line = line.replace(/(?<=[/\\]node_modules[/\\])(@[^/\\]+[/\\][^/\\]+|[^/\\]+)(?=[/\\])/g,
    (m) => ctx.stylize(m, 'module'));
  let cwd;
  if (typeof cwdHook === 'function') {
    try { cwd = cwdHook(); } catch { cwd = undefined; }
  }
  return typeof cwd === 'string' && cwd !== '' ? markCwd(ctx, line, cwd) : line;
}

function markCwd(ctx, line, cwd) {
  let at = line.indexOf(cwd);
  if (at === -1) return line;
  let len = cwd.length;
  if (line.slice(at - 7, at) === 'file://') {
    len += 7;
    at -= 7;
  }
  const start = line[at - 1] === '(' ? at - 1 : at;
  const closeParen = start !== at && line.endsWith(')');
  const cwdEnd = at + len + 1; // include the separator after the directory
  let out = line.slice(0, start) + ctx.stylize(line.slice(start, cwdEnd), 'undefined');
  out += line.slice(cwdEnd, closeParen ? -1 : line.length);
  if (closeParen) out += ctx.stylize(')', 'undefined');
  return out;
}

module.exports = { formatError, stackOf };
