// perf_hooks: the `performance` timeline of the web shim; observers and histograms are stubs.
'use strict';
const bridge = require('hostrt:bridge');
const web = require('hostrt:web/performance');
const { makeStub } = require('hostrt:stubs/make');

const NO_OBSERVERS = 'performance observers are not provided (entries are available from performance.getEntries*)';
const NO_HISTOGRAMS = 'event-loop and custom histograms are not provided (the loop is the host\'s)';

module.exports = {
  Performance: web.Performance,
  PerformanceEntry: web.PerformanceEntry,
  PerformanceMark: web.PerformanceMark,
  PerformanceMeasure: web.PerformanceMeasure,
  PerformanceObserver: makeStub('perf_hooks.PerformanceObserver', NO_OBSERVERS),
  PerformanceObserverEntryList: makeStub('perf_hooks.PerformanceObserverEntryList', NO_OBSERVERS),
  PerformanceResourceTiming: makeStub('perf_hooks.PerformanceResourceTiming', 'no resource timing in the embedding'),
  monitorEventLoopDelay: makeStub('perf_hooks.monitorEventLoopDelay', NO_HISTOGRAMS),
  createHistogram: makeStub('perf_hooks.createHistogram', NO_HISTOGRAMS),
  performance: web.performance,
  constants: bridge.config('node_data')['perf_hooks.constants'],
};
