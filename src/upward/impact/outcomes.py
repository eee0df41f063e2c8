"""HRIS outcomes of stored matched sets (the pooled view): their rows read in one query, the
outcomes themselves worked out in domain/metrics/outcomes.py, which also holds the 12-month
follow-up rule and the promotion comparison (re-exported here for the pages that import them).
"""

from collections.abc import Mapping
from datetime import date

from upward.domain.metrics.outcomes import (
    FOLLOW_UP_RULE,
    PROMOTED,
    YEAR,
    IndexDates,
    Outcome,
    follow,
    promoted_in_year,
    promotion_section,
    retained_at,
)
from upward.impact.loader import employees

__all__ = [
    "FOLLOW_UP_RULE",
    "PROMOTED",
    "YEAR",
    "Outcome",
    "outcomes",
    "promoted_in_year",
    "promotion_section",
    "retained_at",
]


def outcomes(index_dates: IndexDates, today: date) -> list[Outcome]:
    """One outcome per (employee id, index date) row, in order: a control matched in two
    cohorts is two rows, each from its own index date (one query)."""
    rows = list(index_dates.items()) if isinstance(index_dates, Mapping) else list(index_dates)
    if not rows:
        return []
    return follow(rows, employees({employee_id for employee_id, _ in rows}), today)
