"""The server's own view of a wrk run: time inside the app per route, from ``/metrics`` before and after.

wrk's percentiles cover every route at once and include queueing for a
thread; ``instagraph_http_request_duration_seconds`` is the time from the
first middleware to the response, per route template. The difference of two
scrapes is the run's share. Its p99 is read off the histogram, so it is the
upper bound of a bucket (``≤ 25 ms``), not an exact figure.
"""

from __future__ import annotations

import dataclasses
import math

from prometheus_client.parser import text_string_to_metric_families

METRIC = "instagraph_http_request_duration_seconds"
SCRAPES = ("GET", "/metrics")
"""The scrapes' own route, left out: the one before a run is counted in the one after it."""

RouteKey = tuple[str, str]
"""(method, route template)."""


@dataclasses.dataclass(frozen=True)
class Timing:
    """Requests of one route and the time they spent in the app.

    Attributes:
        count: requests answered.
        total: seconds spent on them, summed.
        buckets: cumulative counts by upper bound in seconds (``inf`` last).
    """

    count: float
    total: float
    buckets: dict[float, float]

    def __sub__(self, earlier: Timing) -> Timing:
        return Timing(
            self.count - earlier.count,
            self.total - earlier.total,
            {bound: n - earlier.buckets.get(bound, 0.0) for bound, n in self.buckets.items()},
        )

    @property
    def mean_ms(self) -> float:
        return self.total / self.count * 1e3

    def quantile_bound_ms(self, share: float) -> float:
        """The upper bound of the bucket holding the ``share`` quantile, in ms (``inf`` past the last bound)."""
        for bound, n in sorted(self.buckets.items()):
            if n >= share * self.count:
                return bound * 1e3
        return math.inf


def scrape(metrics_text: str) -> dict[RouteKey, Timing]:
    """The request-duration histogram of every route in a ``/metrics`` page."""
    counts: dict[RouteKey, float] = {}
    totals: dict[RouteKey, float] = {}
    buckets: dict[RouteKey, dict[float, float]] = {}
    for family in text_string_to_metric_families(metrics_text):
        if family.name != METRIC:
            continue
        for sample in family.samples:
            key = (sample.labels["method"], sample.labels["route"])
            if key == SCRAPES:
                continue
            if sample.name == f"{METRIC}_count":
                counts[key] = sample.value
            elif sample.name == f"{METRIC}_sum":
                totals[key] = sample.value
            elif sample.name == f"{METRIC}_bucket":
                buckets.setdefault(key, {})[float(sample.labels["le"])] = sample.value
    return {key: Timing(counts[key], totals.get(key, 0.0), buckets.get(key, {})) for key in counts}


def during(before: dict[RouteKey, Timing], after: dict[RouteKey, Timing]) -> dict[RouteKey, Timing]:
    """What was answered between two scrapes, by route (routes with no request left out)."""
    empty = Timing(0.0, 0.0, {})
    spent = {key: timing - before.get(key, empty) for key, timing in after.items()}
    return {key: timing for key, timing in spent.items() if timing.count > 0}
