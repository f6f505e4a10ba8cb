"use strict";
// A pino-compatible logger (the shape Pepr's `Log` has): one JSON line per record,
//   {"level":30,"time":<ms>,"pid":<n>,"hostname":"...",<child bindings>,<object fields>,"msg":"..."}
// written to stdout as pino does (process.stdout.write when present, console.log otherwise);
// `hostrt run` sends the module's stdout to its stderr, keeping its own stdout for answers.
// Honours LOG_LEVEL and PINO_TIME_STAMP=iso from process.env, like Pepr's logger.

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const NAMES = Object.keys(LEVELS);

const env = () => (typeof process !== "undefined" && process && process.env) || {};

function hostName() {
  const e = env();
  if (e.HOSTNAME) return e.HOSTNAME;
  try {
    // Guarded: there is no `os` module in a bare engine.
    // eslint-disable-next-line global-require
    const os = typeof require === "function" ? require("os") : null;
    if (os && typeof os.hostname === "function") return os.hostname();
  } catch {
    /* ignore */
  }
  return "hostrt";
}
let HOST;
const PID = typeof process !== "undefined" && process && typeof process.pid === "number" ? process.pid : 1;

function defaultWrite(line) {
  if (typeof process !== "undefined" && process && process.stdout && typeof process.stdout.write === "function") {
    process.stdout.write(line);
  } else if (typeof console !== "undefined" && console && typeof console.log === "function") {
    console.log(line.replace(/\n$/, ""));
  }
}
let writer = defaultWrite;

function serializeError(err, seen) {
  const out = { type: (err.constructor && err.constructor.name) || "Error", message: err.message, stack: err.stack };
  for (const key of Object.keys(err)) {
    if (!(key in out)) out[key] = err[key];
  }
  if (err.cause !== undefined && !("cause" in out)) {
    out.cause = err.cause instanceof Error ? serializeError(err.cause, seen) : err.cause;
  }
  if (err.errors !== undefined && !("aggregateErrors" in out) && Array.isArray(err.errors)) {
    out.aggregateErrors = err.errors.map(e => (e instanceof Error ? serializeError(e, seen) : e));
  }
  return out;
}

function safeJson(value) {
  const seen = new WeakSet();
  return JSON.stringify(value, function replacer(key, val) {
    if (typeof val === "bigint") return val.toString();
    if (val instanceof Error) return serializeError(val);
    if (typeof val === "object" && val !== null) {
      if (seen.has(val)) return "[Circular]";
      seen.add(val);
    }
    return val;
  });
}

function format(fmt, args) {
  if (typeof fmt !== "string") return fmt;
  if (args.length === 0) return fmt;
  let ai = 0;
  const out = fmt.replace(/%[sdifjoO%]/g, m => {
    if (m === "%%") return "%";
    if (ai >= args.length) return m;
    const a = args[ai++];
    switch (m) {
      case "%s":
        return typeof a === "object" && a !== null ? safeJson(a) : String(a);
      case "%d":
      case "%f":
        return typeof a === "object" && a !== null ? "NaN" : String(Number(a));
      case "%i":
        return String(Math.floor(Number(a)));
      default:
        if (typeof a === "function") return a.name || "<Anonymous>";
        return safeJson(a);
    }
  });
  return out;
}

class Logger {
  constructor(bindings, parent) {
    this._bindings = bindings || {};
    this._parent = parent || null;
    this._level = parent ? undefined : undefined;
    this._ownLevel = undefined;
  }

  get level() {
    if (this._ownLevel !== undefined) return this._ownLevel;
    if (this._parent) return this._parent.level;
    return rootLevel;
  }

  set level(name) {
    if (name !== "silent" && !(name in LEVELS)) throw new Error(`unknown level ${name}`);
    if (this._parent) this._ownLevel = name;
    else rootLevel = name;
  }

  get levelVal() {
    return this.level === "silent" ? Infinity : LEVELS[this.level];
  }

  isLevelEnabled(name) {
    return LEVELS[name] !== undefined && LEVELS[name] >= this.levelVal;
  }

  bindings() {
    const parent = this._parent ? this._parent.bindings() : {};
    return Object.assign(parent, this._bindings);
  }

  child(bindings) {
    return new Logger(Object.assign({}, bindings || {}), this);
  }

  silent() {}

  /** pino API: nothing is buffered here. */
  flush(cb) {
    if (typeof cb === "function") cb();
  }

  setBindings(bindings) {
    Object.assign(this._bindings, bindings || {});
  }

  _write(levelName, args) {
    const level = LEVELS[levelName];
    if (level < this.levelVal) return;
    if (HOST === undefined) HOST = hostName();
    const e = env();
    const rec = { level };
    rec.time = e.PINO_TIME_STAMP === "iso" ? new Date().toISOString() : Date.now();
    rec.pid = PID;
    rec.hostname = HOST;
    Object.assign(rec, this.bindings());
    let msg;
    const [first, ...rest] = args;
    if (first instanceof Error) {
      rec.err = serializeError(first);
      msg = rest.length ? format(rest[0], rest.slice(1)) : first.message;
    } else if (typeof first === "object" && first !== null) {
      for (const key of Object.keys(first)) {
        const v = first[key];
        if (v === undefined) continue;
        rec[key] = key === "err" && v instanceof Error ? serializeError(v) : v;
      }
      if (rest.length) msg = format(rest[0], rest.slice(1));
      else if (first.err instanceof Error) msg = first.err.message;
    } else if (first !== undefined) {
      msg = format(first, rest);
    }
    if (msg !== undefined) {
      delete rec.msg;
      rec.msg = msg;
    }
    let line;
    try {
      line = safeJson(rec);
    } catch (err) {
      line = JSON.stringify({ level, time: rec.time, pid: PID, hostname: HOST, msg: String(msg) });
    }
    writer(line + "\n");
  }
}
for (const name of NAMES) {
  Logger.prototype[name] = function log(...args) {
    this._write(name, args);
  };
}

let rootLevel = "info";
const e0 = env();
if (e0.LOG_LEVEL) {
  rootLevel = e0.LOG_LEVEL === "silent" || e0.LOG_LEVEL in LEVELS ? e0.LOG_LEVEL : "info";
}

const Log = new Logger({}, null);
Log.levels = {
  values: Object.assign({}, LEVELS),
  labels: Object.fromEntries(Object.entries(LEVELS).map(([k, v]) => [v, k])),
};

/** Replace where log lines go (tests); returns the previous writer. */
function setLogWriter(fn) {
  const prev = writer;
  writer = fn || defaultWrite;
  return prev;
}

module.exports = { Log, Logger, setLogWriter, serializeError };
