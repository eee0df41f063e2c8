"""Retention as survival: Kaplan-Meier with voluntary exits as events, the log-rank test.

scipy alone covers both (`stats.ecdf` on `CensoredData`, `stats.logrank`), with the log-log
interval; lifelines is only a test-time reference.
"""

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from upward.domain.metrics.proportions import wilson
from upward.domain.metrics.record import PRIVACY_FLOOR, Metric, Status


@dataclass(frozen=True)
class Spell:
    """Time from the index date to an event or to censoring (involuntary exit, data cut-off)."""

    days: float
    event: bool


def _censored(spells: Sequence[Spell]):  # type: ignore[no-untyped-def]
    from scipy.stats import CensoredData

    return CensoredData(
        uncensored=[s.days for s in spells if s.event],
        right=[s.days for s in spells if not s.event],
    )


def survival_at(spells: Sequence[Spell], day: float) -> tuple[float, float, float]:
    """(S(t), low, high): Kaplan-Meier with a log-log 95% interval."""
    from scipy.stats import ecdf

    result = ecdf(_censored(spells))
    with warnings.catch_warnings():
        # Where S(t) is 0 or 1 the log-log interval is undefined; scipy says so, and we read
        # only the times asked for.
        warnings.simplefilter("ignore", RuntimeWarning)
        interval = result.sf.confidence_interval(confidence_level=0.95, method="log-log")
    at = [day]
    value = float(result.sf.evaluate(at)[0])
    return value, float(interval.low.evaluate(at)[0]), float(interval.high.evaluate(at)[0])


def retention(spells: Sequence[Spell], day: float, what: str) -> Metric:
    """Retained at `day` after the index date. With no events KM's interval is [1, 1], which says
    nothing: show the Wilson interval of the people followed that long instead."""
    method = f"{what}: Kaplan-Meier, voluntary exits as events, log-log 95% interval"
    n = len(spells)
    if n < PRIVACY_FLOOR:
        return Metric.suppressed(n, method)
    followed = [s for s in spells if s.days >= day or s.event]
    if not any(s.event for s in spells):
        if not followed:
            return Metric.insufficient(n, method, f"Nobody followed for {day:.0f} days yet.")
        kept = sum(1 for s in followed if not s.event or s.days > day)
        p, low, high = wilson(kept, len(followed))
        return Metric(
            p,
            low,
            high,
            n,
            len(followed),
            f"{what}: no exits yet; share retained with a Wilson 95% interval",
            Status.NO_EVENTS,
            note=f"{kept} of {len(followed)} followed for {day:.0f} days are still here.",
        )
    value, low, high = survival_at(spells, day)
    status = Status.LOW_N if n < 10 else Status.OK
    return Metric(value, low, high, n, len(followed), method, status)


def logrank_p(first: Sequence[Spell], second: Sequence[Spell]) -> float | None:
    """Two-sided log-rank p, or None when neither group has an event (p = 1 says nothing)."""
    if not any(s.event for s in (*first, *second)):
        return None
    from scipy.stats import logrank

    return float(logrank(x=_censored(first), y=_censored(second)).pvalue)
