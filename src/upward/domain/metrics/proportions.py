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
        note=f"{k1} of {n1} participants vs {k2} of {n2} controls",
        p_value=p,
        test="" if p is None else "Fisher's exact test, two-sided",
    )


def mantel_haenszel_difference(
    strata: list[tuple[int, int, int, int]], z: float = Z95
) -> tuple[float, float, float]:
    """(difference, low, high) of p1 - p2 pooled over strata (k1, n1, k2, n2), each stratum
    weighted n1 n2 / (n1 + n2), with the weighted variance of the stratum differences."""
    usable = [(k1, n1, k2, n2) for k1, n1, k2, n2 in strata if n1 > 0 and n2 > 0]
    if not usable:
        raise ValueError("No stratum has people in both groups.")
    weights = [n1 * n2 / (n1 + n2) for _, n1, _, n2 in usable]
    total = sum(weights)
    diffs = [k1 / n1 - k2 / n2 for k1, n1, k2, n2 in usable]
    estimate = sum(w * d for w, d in zip(weights, diffs, strict=True)) / total
    variance = sum(
        w * w * ((k1 / n1) * (1 - k1 / n1) / n1 + (k2 / n2) * (1 - k2 / n2) / n2)
        for w, (k1, n1, k2, n2) in zip(weights, usable, strict=True)
    ) / (total * total)
    half = z * sqrt(variance)
    return estimate, max(-1.0, estimate - half), min(1.0, estimate + half)


def cmh_p(strata: list[tuple[int, int, int, int]]) -> float | None:
    """Cochran-Mantel-Haenszel test of no association across strata (None when undefined)."""
    import numpy as np
    from statsmodels.stats.contingency_tables import StratifiedTable

    tables = [
        np.array([[k1, n1 - k1], [k2, n2 - k2]], dtype=float)
        for k1, n1, k2, n2 in strata
        if n1 > 0 and n2 > 0
    ]
    if not tables:
        return None
    p = float(StratifiedTable(tables).test_null_odds(correction=True).pvalue)
    return p if p == p else None  # NaN when no stratum varies


def stratified_difference(strata: list[tuple[int, int, int, int]], what: str) -> Metric:
    """Participants minus controls, stratified by cohort: Mantel-Haenszel weights, with the
    CMH test from 10 participants."""
    n1 = sum(s[1] for s in strata)
    n2 = sum(s[3] for s in strata)
    method = f"{what}: stratified by cohort, Mantel-Haenszel weighted difference, 95% interval"
    if min(n1, n2) < PRIVACY_FLOOR:
        return Metric.suppressed(min(n1, n2), method)
    d, low, high = mantel_haenszel_difference(strata)
    exploratory = tier(min(n1, n2)) is Tier.EXPLORATORY
    p = None if exploratory else cmh_p(strata)
    return Metric(
        d,
        low,
        high,
        n1 + n2,
        min(n1, n2),
        method,
        Status.LOW_N if exploratory else Status.OK,
        note=f"{len([s for s in strata if s[1] and s[3]])} cohorts with people followed 12 months",
        p_value=p,
        test="" if p is None else "Cochran-Mantel-Haenszel test",
    )
