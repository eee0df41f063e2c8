"""Means of confidential scores and eNPS, each with its interval (MEASUREMENT.md 1.2, 3.1).

The interval of a mean is analytic (Student t), never the lowest and highest score: at n = 8
the lowest score is one person's answer, and the pair behind it may carry a flag.
"""

from collections.abc import Sequence
from math import sqrt
from statistics import mean, stdev

from upward.domain.metrics.change import SEED
from upward.domain.metrics.record import PRIVACY_FLOOR, Metric, Status


def mean_metric(
    values: Sequence[float], what: str, *, bounds: tuple[float, float] | None = None
) -> Metric:
    """The mean with a Student t 95% interval (clipped to the scale's ends when given); no
    interval when everyone gave the same score, and nothing at all under 5 people."""
    n = len(values)
    method = f"{what}: mean, Student t 95% interval"
    if n < PRIVACY_FLOOR:
        return Metric.suppressed(n, method)
    value = mean(values)
    status = Status.LOW_N if n < 10 else Status.OK
    spread = stdev(values)
    if spread == 0:
        return Metric(value, None, None, n, n, method, status, note="No spread: no interval.")
    from scipy.stats import t as student

    half = float(student.ppf(0.975, n - 1)) * spread / sqrt(n)
    low, high = value - half, value + half
    if bounds is not None:
        low, high = max(low, bounds[0]), min(high, bounds[1])
    return Metric(value, low, high, n, n, method, status)


def enps_metric(scores: Sequence[int], what: str = "eNPS") -> Metric:
    """100 (promoters - detractors) / N; a normal interval from 30 answers, a bootstrap below."""
    n = len(scores)
    method = f"{what}: promoters (9-10) minus detractors (0-6), per 100"
    if n < PRIVACY_FLOOR:
        return Metric.suppressed(n, method)
    signs = [1 if s >= 9 else -1 if s <= 6 else 0 for s in scores]
    value = 100 * sum(signs) / n
    if n >= 30:
        p_p = signs.count(1) / n
        p_d = signs.count(-1) / n
        half = 196 * sqrt((p_p + p_d - (p_p - p_d) ** 2) / n)
        return Metric(
            value, value - half, value + half, n, n, method + ", normal 95% interval", Status.OK
        )
    import numpy as np
    from scipy.stats import bootstrap

    if len(set(signs)) == 1:
        return Metric(
            value, value, value, n, n, method, Status.LOW_N, note="Everyone answered alike."
        )
    result = bootstrap(
        (100 * np.asarray(signs, dtype=float),),
        np.mean,
        n_resamples=9999,
        method="percentile",
        rng=np.random.default_rng(SEED),
    )
    ci = result.confidence_interval
    return Metric(
        value,
        float(ci.low),
        float(ci.high),
        n,
        n,
        method + ", percentile bootstrap 95% interval",
        Status.LOW_N if n < 10 else Status.OK,
    )
