// The `performance` global and perf_hooks' timeline: now() from the host's monotonic clock
// (process shim), timeOrigin from the host's wall clock at start-up, user marks and measures.
'use strict';
const bridge = require('hostrt:bridge');
const { EventTarget } = require('hostrt:web/event_target');
const { coded, invalidArgType } = require('hostrt:web/errors');
const { DOMException } = require('hostrt:web/domexception');

const timeOrigin = bridge.config('process').timeOrigin;
function now() { return process._monotonicMs(); }

let constructing = false;
function missingArg(name) { return coded(TypeError, 'ERR_MISSING_ARGS', `The "${name}" argument must be specified`); }
function illegal() { return coded(TypeError, 'ERR_ILLEGAL_CONSTRUCTOR', 'Illegal constructor'); }

class PerformanceEntry {
  #name; #type; #start; #duration; #detail;
  constructor(name, type, start, duration, detail) {
    if (!constructing) throw illegal();
    constructing = false;
    this.#name = name; this.#type = type; this.#start = start; this.#duration = duration;
    this.#detail = detail;
  }
  get name() { return this.#name; }
  get entryType() { return this.#type; }
  get startTime() { return this.#start; }
  get duration() { return this.#duration; }
  toJSON() {
    return { name: this.name, entryType: this.entryType, startTime: this.startTime,
      duration: this.duration };
  }
  static _detail(entry) { return entry.#detail; }
}
const entryDetail = PerformanceEntry._detail;
delete PerformanceEntry._detail;
// Marks and measures carry `detail` (on their own prototypes, as in Node).
const detailMembers = {
  detail: { get() { return entryDetail(this); }, enumerable: true, configurable: true },
  toJSON: {
    value() {
      return { name: this.name, entryType: this.entryType, startTime: this.startTime,
        duration: this.duration, detail: this.detail };
    },
    writable: true, configurable: true,
  },
};
class PerformanceMark extends PerformanceEntry {
  constructor(name, options = undefined) {
    if (arguments.length === 0) throw coded(TypeError, 'ERR_MISSING_ARGS', 'The "name" argument must be specified');
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw invalidArgType('options', 'of type object', options);
    }
    const start = options && options.startTime !== undefined ? options.startTime : now();
    if (typeof start !== 'number') throw invalidArgType('options.startTime', 'of type number', start);
    if (start < 0) throw coded(RangeError, 'ERR_PERFORMANCE_INVALID_TIMESTAMP', `${start} is not a valid timestamp`);
    constructing = true;
    super(`${name}`, 'mark', start, 0, options && options.detail !== undefined ? structuredClone(options.detail) : null);
  }
}
class PerformanceMeasure extends PerformanceEntry {
  constructor() { throw illegal(); }
}
Object.defineProperties(PerformanceMark.prototype, detailMembers);
Object.defineProperties(PerformanceMeasure.prototype, detailMembers);
for (const C of [PerformanceMark, PerformanceMeasure]) {
  Object.defineProperty(C.prototype, Symbol.toStringTag, { value: C.name, configurable: true });
}
function newEntry(Ctor, ...args) {
  constructing = true;
  return Reflect.construct(PerformanceEntry, args, Ctor);
}

const entries = { mark: [], measure: [] };

function markTime(name) {
  if (typeof name === 'number') return name;
  const found = entries.mark.findLast((e) => e.name === name);
  if (found === undefined) {
    throw new DOMException(`The "${name}" performance mark has not been set`, 'SyntaxError');
  }
  return found.startTime;
}

class Performance extends EventTarget {
  constructor() {
    if (!constructing) throw illegal();
    constructing = false;
    super();
  }
  now() { return now(); }
  get timeOrigin() { return timeOrigin; }
  mark(name, options = undefined) {
    const mark = new PerformanceMark(name, options);
    entries.mark.push(mark);
    return mark;
  }
  measure(name, startOrOptions = undefined, endMark = undefined) {
    let start = 0;
    let end;
    let detail = null;
    if (startOrOptions !== null && typeof startOrOptions === 'object') {
      const o = startOrOptions;
      if (o.start !== undefined) start = markTime(o.start);
      if (o.end !== undefined) end = markTime(o.end);
      else if (o.duration !== undefined) end = start + o.duration;
      if (o.duration !== undefined && o.start === undefined && end !== undefined) start = end - o.duration;
      if (o.detail !== undefined) detail = structuredClone(o.detail);
    } else if (startOrOptions !== undefined) {
      start = markTime(startOrOptions);
    }
    if (endMark !== undefined) end = markTime(endMark);
    if (end === undefined) end = now();
    const measure = newEntry(PerformanceMeasure, `${name}`, 'measure', start, end - start, detail);
    entries.measure.push(measure);
    return measure;
  }
  clearMarks(name = undefined) { clear('mark', name); }
  clearMeasures(name = undefined) { clear('measure', name); }
  clearResourceTimings() {}
  getEntries() { return sorted([...entries.mark, ...entries.measure]); }
  getEntriesByName(name, type = undefined) {
    if (arguments.length === 0) throw missingArg('name');
    return this.getEntries().filter((e) => e.name === `${name}` && (type === undefined || e.entryType === type));
  }
  getEntriesByType(type) {
    if (arguments.length === 0) throw missingArg('type');
    return sorted((entries[`${type}`] || []).slice());
  }
  setResourceTimingBufferSize() {}
  markResourceTiming() {
    throw coded(Error, 'ERR_HOSTRT_UNSUPPORTED',
      'performance.markResourceTiming is not supported by hostrt: no resource timing in the embedding');
  }
  get onresourcetimingbufferfull() { return null; }
  set onresourcetimingbufferfull(fn) { /* no resource timing buffer to fill */ }
  eventLoopUtilization() { return { idle: 0, active: 0, utilization: 0 }; }
  get nodeTiming() {
    return { name: 'node', entryType: 'node', startTime: 0, duration: now() };
  }
  timerify(fn) {
    if (typeof fn !== 'function') throw invalidArgType('fn', 'of type function', fn);
    return fn;
  }
  toJSON() {
    return { nodeTiming: this.nodeTiming, timeOrigin, eventLoopUtilization: this.eventLoopUtilization() };
  }
}
function clear(type, name) {
  if (name === undefined) {
    entries[type] = [];
    return;
  }
  const key = `${name}`;   // converted even when nothing is stored (a Symbol throws)
  entries[type] = entries[type].filter((e) => e.name !== key);
}
function sorted(list) { return list.sort((a, b) => a.startTime - b.startTime); }

constructing = true;
const performance = new Performance();

module.exports = { performance, Performance, PerformanceEntry, PerformanceMark, PerformanceMeasure };
