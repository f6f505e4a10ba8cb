"""/metrics for `hostrt serve`: Pepr's metric names and hostrt's own, through prometheus_client.

Pepr (prom-client) exposes counters without a `_total` suffix (`pepr_errors 0`) and summaries
in milliseconds with quantiles. prometheus_client's own Counter would rename them
`pepr_errors_total` and its Summary has no quantiles, so Pepr's families are produced by a
collector that yields them under Pepr's exact names (quantiles over the last 1,024
observations); hostrt's own metrics use prometheus_client's types as they are.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from prometheus_client import CollectorRegistry, Counter, Gauge, ProcessCollector
from prometheus_client.core import Metric
from prometheus_client.registry import Collector

QUANTILES = (0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999)  # prom-client's summary defaults


class _PeprSummary:
    def __init__(self, window: int = 1024) -> None:
        self.count = 0
        self.sum = 0.0
        self.recent: deque[float] = deque(maxlen=window)

    def observe(self, ms: float) -> None:
        self.count += 1
        self.sum += ms
        self.recent.append(ms)

    def quantiles(self) -> list[tuple[float, float]]:
        values = sorted(self.recent)
        if not values:
            return [(q, 0.0) for q in QUANTILES]
        return [(q, values[min(len(values) - 1, int(q * len(values)))]) for q in QUANTILES]


class PeprMetrics(Collector):
    """Pepr's metric families, under Pepr's names."""

    COUNTERS: ClassVar[dict[str, str]] = {
        "errors": "Mutation/Validate errors encountered",
        "alerts": "Mutation/Validate bad api path received",
        "mutate_timeouts": "Number of mutate webhook timeouts",
        "validate_timeouts": "Number of validate webhook timeouts",
    }
    SUMMARIES: ClassVar[dict[str, str]] = {"mutate": "Mutation operation summary",
                                           "validate": "Validation operation summary"}

    def __init__(self) -> None:
        self.counters = dict.fromkeys(self.COUNTERS, 0.0)
        self.summaries = {name: _PeprSummary() for name in self.SUMMARIES}

    def inc(self, name: str, value: float = 1.0) -> None:
        """Add to one of Pepr's counters (errors, alerts, mutate_timeouts, validate_timeouts)."""
        self.counters[name] += value

    def observe(self, kind: str, ms: float) -> None:
        """Record one mutate/validate duration in milliseconds."""
        self.summaries[kind].observe(ms)

    def collect(self) -> Iterator[Metric]:
        """Yield Pepr's families (called by the registry on each scrape)."""
        for name, doc in self.COUNTERS.items():
            m = Metric(f"pepr_{name}", doc, "counter")
            m.add_sample(f"pepr_{name}", {}, self.counters[name])
            yield m
        for name, doc in self.SUMMARIES.items():
            s = self.summaries[name]
            m = Metric(f"pepr_{name}", doc, "summary")
            for q, v in s.quantiles():
                m.add_sample(f"pepr_{name}", {"quantile": str(q)}, v)
            m.add_sample(f"pepr_{name}_sum", {}, s.sum)
            m.add_sample(f"pepr_{name}_count", {}, float(s.count))
            yield m


class ServeMetrics:
    """The registry /metrics exposes, with Pepr's families and hostrt's."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.pepr = PeprMetrics()
        self.registry.register(self.pepr)
        r = self.registry
        self.admissions = Counter("hostrt_admission_requests", "Admission requests sent into JS",
                                  ["route"], registry=r)
        self.restarts = Counter("hostrt_isolate_restarts",
                                "Isolates replaced (deadline, heap cap, uncaught error)",
                                ["reason"], registry=r)
        self.retries = Counter("hostrt_admission_retries",
                               "Requests retried once on a fresh isolate after theirs was lost",
                               registry=r)
        self.deadline_answers = Counter("hostrt_admission_deadline_answers",
                                        "Requests answered per onError at the webhook deadline",
                                        ["route"], registry=r)
        # A plain count the handler bumps (no lock per request), read at each scrape.
        self.in_flight = 0
        Gauge("hostrt_requests_in_flight", "HTTP requests being answered",
              registry=r).set_function(lambda: float(self.in_flight))
        self.heap_used = Gauge("hostrt_heap_used_bytes", "V8 heap in use", registry=r)
        self.heap_limit = Gauge("hostrt_heap_limit_bytes", "V8 heap size limit", registry=r)
        ProcessCollector(registry=r)  # process_resident_memory_bytes, process_cpu_seconds_total

    def count_from(self, name: str, doc: str, value: Callable[[], float]) -> None:
        """A counter whose value is read from `value()` at each scrape (e.g. crossings)."""
        self.registry.register(_Reading(name, doc, value))

    def watch_heap(self, stats: Callable[[], dict[str, Any]]) -> None:
        """Read heap figures from `stats()` (V8 heap statistics) at each scrape."""
        self.heap_used.set_function(lambda: float(stats().get("used_heap_size", 0)))
        self.heap_limit.set_function(lambda: float(stats().get("heap_size_limit", 0)))


class _Reading(Collector):
    def __init__(self, name: str, doc: str, value: Callable[[], float]) -> None:
        self._name, self._doc, self._value = name, doc, value

    def collect(self) -> Iterator[Metric]:
        from prometheus_client.core import CounterMetricFamily
        yield CounterMetricFamily(self._name, self._doc, value=self._value())
