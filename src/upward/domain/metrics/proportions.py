"""Proportions: Wilson intervals, the Newcombe hybrid-score interval for a difference, Fisher."""

from math import sqrt

from upward.domain.metrics.record import PRIVACY_FLOOR, Metric, Status, Tier, tier

Z95 = 1.959963984540054


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float, float]:
    """(p, low, high): the Wilson score interval (Wilson 1927)."""
    if n <= 0 or not 0 <= k <= n:
        raise ValueError("Wilson needs 0 <= k <= n and n > 0.")
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, max(0.0, centre - half), min(1.0, centre + half)


def newcombe(k1: int, n1: int, k2: int, n2: int) -> tuple[float, float, float]:
    """(difference, low, high) for p1 - p2: Newcombe's hybrid score interval (1998, method 10)."""
    p1, l1, u1 = wilson(k1, n1)
    p2, l2, u2 = wilson(k2, n2)
    d = p1 - p2
    low = d - sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, low, high


def fisher_p(k1: int, n1: int, k2: int, n2: int) -> float:
    from scipy.stats import fisher_exact

    result = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]])
    return float(result.pvalue)


def rate(k: int, n: int, what: str) -> Metric:
    """A share with its Wilson interval, under the privacy floor and the tiers."""
    method = f"{what}: share with a Wilson 95% interval"
    if n < PRIVACY_FLOOR:
        return Metric.suppressed(n, method)
    p, low, high = wilson(k, n)
    status = Status.LOW_N if tier(n) is Tier.EXPLORATORY else Status.OK
    return Metric(p, low, high, n, n, method, status)


def rate_difference(k1: int, n1: int, k2: int, n2: int, what: str) -> Metric:
    """Participants minus controls, Newcombe interval; Fisher's exact p from n = 10 per arm."""
    method = f"{what}: difference in shares, Newcombe hybrid-score 95% interval"
    n = min(n1, n2)
    if n < PRIVACY_FLOOR:
        return Metric.suppressed(n, method)
    d, low, high = newcombe(k1, n1, k2, n2)
    exploratory = tier(n) is Tier.EXPLORATORY
    p = None if exploratory else fisher_p(k1, n1, k2, n2)
    return Metric(
        d,
        low,
        high,
        n1 + n2,
        n,
        method,
        Status.LOW_N if exploratory else Status.OK,
        note=f"{k1}/{n1} participants vs {k2}/{n2} controls",
        p_value=p,
        test="" if p is None else "Fisher's exact test, two-sided",
    )
