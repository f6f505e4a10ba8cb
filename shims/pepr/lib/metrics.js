"use strict";
const { Log } = require("./log");
// metricsCollector: Pepr exports a prom-client based collector. Hostrt keeps the same methods
// with plain in-memory counters/summaries; getMetrics() renders them in the Prometheus text
// format (no quantiles: summaries report only _sum and _count).

const now = () =>
  typeof performance !== "undefined" && performance && typeof performance.now === "function"
    ? performance.now()
    : Date.now();

class MetricsCollector {
  #prefix;
  #counters = new Map();
  #gauges = new Map();
  #summaries = new Map();
  #cacheMissWindows = new Map();

  constructor(prefix = "pepr") {
    this.#prefix = prefix;
    this.addCounter("errors", "Mutation/Validate errors encountered");
    this.addCounter("alerts", "Mutation/Validate bad api path received");
    this.addSummary("mutate", "Mutation operation summary");
    this.addSummary("validate", "Validation operation summary");
    this.addGauge("cache_miss", "Number of cache misses per window", ["window"]);
    this.addGauge("resync_failure_count", "Number of failures per resync operation", ["count"]);
  }

  #n = name => `${this.#prefix}_${name}`;

  #add = (collection, name, make) => {
    if (collection.has(this.#n(name))) {
      Log.debug({ loggingPrefix: "MetricsCollector" }, `Metric for ${name} already exists`);
      return;
    }
    collection.set(this.#n(name), make());
  };

  addCounter = (name, help) => this.#add(this.#counters, name, () => ({ help, value: 0 }));

  addSummary = (name, help) => this.#add(this.#summaries, name, () => ({ help, sum: 0, count: 0 }));

  addGauge = (name, help, labelNames = []) =>
    this.#add(this.#gauges, name, () => ({ help, labelNames, values: new Map() }));

  incCounter = name => {
    const c = this.#counters.get(this.#n(name));
    if (c) c.value += 1;
  };

  incGauge = (name, labels, value = 1) => {
    const g = this.#gauges.get(this.#n(name));
    if (!g) return;
    const key = JSON.stringify(labels || {});
    g.values.set(key, (g.values.get(key) || 0) + value);
  };

  error = () => this.incCounter("errors");

  alert = () => this.incCounter("alerts");

  observeEnd = (startTime, name = "mutate") => {
    const s = this.#summaries.get(this.#n(String(name).toLowerCase()));
    if (s) {
      s.sum += startTime ? now() - startTime : 0;
      s.count += 1;
    }
  };

  incCacheMiss = window => this.incGauge("cache_miss", { window });

  incRetryCount = count => this.incGauge("resync_failure_count", { count: String(count) });

  initCacheMissWindow = window => {
    this.#cacheMissWindows.set(window, 0);
    this.incGauge("cache_miss", { window }, 0);
  };

  getMetrics = () => {
    const lines = [];
    for (const [name, c] of this.#counters) {
      lines.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`, `${name} ${c.value}`, "");
    }
    for (const [name, s] of this.#summaries) {
      lines.push(`# HELP ${name} ${s.help}`, `# TYPE ${name} summary`, `${name}_sum ${s.sum}`, `${name}_count ${s.count}`, "");
    }
    for (const [name, g] of this.#gauges) {
      lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`);
      for (const [key, v] of g.values) {
        const labels = Object.entries(JSON.parse(key)).map(([k, val]) => `${k}="${val}"`).join(",");
        lines.push(`${name}${labels ? `{${labels}}` : ""} ${v}`);
      }
      lines.push("");
    }
    return Promise.resolve(lines.join("\n"));
  };

  static observeStart() {
    return now();
  }
}

const metricsCollector = new MetricsCollector("pepr");

module.exports = { MetricsCollector, metricsCollector };
