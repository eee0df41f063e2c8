"""Change from before to after, per person (MEASUREMENT.md 3.3 and 3.4)."""

from collections.abc import Sequence
from math import sqrt
from statistics import mean, stdev

from upward.domain.metrics.record import PRIVACY_FLOOR, Metric, Status, Tier, mde_sentence, tier

SEED = 20261122
RESAMPLES = 9999


def _bca(deltas: Sequence[float]) -> tuple[float, float]:
    import numpy as np
    from scipy.stats import bootstrap

    result = bootstrap(
        (np.asarray(deltas, dtype=float),),
        np.mean,
        n_resamples=RESAMPLES,
        method="BCa",
        rng=np.random.default_rng(SEED),
    )
    return float(result.confidence_interval.low), float(result.confidence_interval.high)


EXACT_FLIPS_UP_TO = 20  # every one of the 2^n sign patterns; beyond that a seeded Monte Carlo
MONTE_CARLO_FLIPS = 9_999


def exact_sign_flip_p(deltas: Sequence[float]) -> float:
    """Two-sided p of the mean change under the sign-flip null, enumerating all 2^n patterns:
    the share of patterns whose |sum| is at least the observed |sum| (ties within rounding
    count, as in scipy's permutation_test)."""
    import numpy as np

    values = np.asarray(deltas, dtype=float)
    sums = np.zeros(1)
    for value in values:  # doubling: the sums of every sign pattern, 2^n of them
        sums = np.concatenate((sums + value, sums - value))
    observed = abs(float(values.sum()))
    tolerance = observed * np.finfo(float).eps * 100
    return float(np.count_nonzero(np.abs(sums) >= observed - tolerance) / sums.size)


def _sign_flip_p(deltas: Sequence[float]) -> tuple[float, str]:
    if len(deltas) <= EXACT_FLIPS_UP_TO:
        n = len(deltas)
        return (
            exact_sign_flip_p(deltas),
            f"exact sign-flip permutation test (all 2^{n} = {2**n:,} sign patterns)",
        )
    import numpy as np
    from scipy.stats import permutation_test

    result = permutation_test(
        (np.asarray(deltas, dtype=float),),
        np.mean,
        permutation_type="samples",
        n_resamples=MONTE_CARLO_FLIPS,
        alternative="two-sided",
        rng=np.random.default_rng(SEED),
    )
    return (
        float(result.pvalue),
        "Monte Carlo sign-flip permutation test (9,999 random sign patterns, fixed seed)",
    )


def _paired_t_p(deltas: Sequence[float]) -> float:
    from scipy.stats import ttest_1samp

    return float(ttest_1samp(deltas, 0.0).pvalue)


def effect_sizes(deltas: Sequence[float]) -> tuple[float | None, float | None]:
    """(d_z, g_z): mean change over its SD, and the small-sample corrected g_z = d_z * J."""
    if len(deltas) < 2 or stdev(deltas) == 0:
        return None, None
    d_z = mean(deltas) / stdev(deltas)
    n = len(deltas)
    return d_z, d_z * (1 - 3 / (4 * (n - 1) - 1))


def paired_change(pre: Sequence[float], post: Sequence[float], what: str) -> Metric:
    """Mean change among people with both waves: BCa bootstrap interval; an exact sign-flip
    test for 10-29 people and a paired t test from 30; never a p-value below 10."""
    if len(pre) != len(post):
        raise ValueError("Pre and post must pair up person by person.")
    deltas = [b - a for a, b in zip(pre, post, strict=True)]
    n = len(deltas)
    method = f"{what}: mean change per person, BCa bootstrap 95% interval"
    if n < PRIVACY_FLOOR:
        return Metric.suppressed(n, method)
    change = mean(deltas)
    d_z, g_z = effect_sizes(deltas)
    if d_z is None:
        return Metric(
            change,
            change,
            change,
            n,
            n,
            method,
            Status.LOW_N if n < 10 else Status.OK,
            note=f"No variation: everyone changed by {change:+.1f}.",
        )
    low, high = _bca(deltas)
    level = tier(n)
    p, test = None, ""
    if level is Tier.EXACT:
        p, test = _sign_flip_p(deltas)
    elif level is Tier.FULL:
        p, test = _paired_t_p(deltas), "paired t test"
    note = f"d_z = {d_z:.2f}, g_z = {g_z:.2f}."
    if level is not Tier.FULL:
        note += " " + mde_sentence(n, "people")
    return Metric(
        change,
        low,
        high,
        n,
        n,
        method,
        Status.LOW_N if level is Tier.EXPLORATORY else Status.OK,
        note=note,
        p_value=p,
        test=test,
    )


def difference_in_differences(
    participants: Sequence[tuple[float, float]], controls: Sequence[tuple[float, float]], what: str
) -> Metric:
    """(mean change of participants) - (mean change of controls), Welch 95% interval."""
    method = f"{what}: difference in differences, Welch 95% interval on the change scores"
    n = min(len(participants), len(controls))
    if n < PRIVACY_FLOOR:
        return Metric.suppressed(n, method)
    dp = [b - a for a, b in participants]
    dc = [b - a for a, b in controls]
    from scipy.stats import t as student

    estimate = mean(dp) - mean(dc)
    vp, vc = stdev(dp) ** 2 / len(dp), stdev(dc) ** 2 / len(dc)
    se = sqrt(vp + vc)
    if se == 0:
        return Metric(estimate, estimate, estimate, len(dp) + len(dc), n, method, Status.OK)
    df = (vp + vc) ** 2 / (vp**2 / (len(dp) - 1) + vc**2 / (len(dc) - 1))
    half = float(student.ppf(0.975, df)) * se
    return Metric(
        estimate,
        estimate - half,
        estimate + half,
        len(dp) + len(dc),
        n,
        method,
        Status.LOW_N if n < 10 else Status.OK,
        note="Assumes both groups would have changed alike without the program.",
    )
