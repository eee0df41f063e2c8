"""When a pair or a wave needs the program lead's attention (MEASUREMENT.md 1.1 and 2).

These thresholds are defaults the product chose, not validated cut-offs; the lead sees the rule
that fired, never who said what.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from upward.domain.smart_goal import Track


class Reason(StrEnum):
    LOW_SAFETY = "low_safety"
    SAFETY_DROP = "safety_drop"
    STALE = "stale"
    STAGNANT = "stagnant"
    LOW_RESPONSE = "low_response"
    MISSED_CHECKPOINT = "missed_checkpoint"
    MEMBER_LEFT = "member_left"
    MEMBER_DEACTIVATED = "member_deactivated"


@dataclass(frozen=True)
class PulseRules:
    """On the pulse's 1-7 scale: a mean under the midpoint, any item at or under 2, or a fall of
    1.5 or more since the member's previous pulse."""

    low_mean: float = 4.0
    low_item: float = 2.0
    drop: float = 1.5


def pulse_reasons(
    *, score: float, lowest: float, previous: float | None, rules: PulseRules = PulseRules()
) -> list[tuple[Reason, str]]:
    """The pair-flag rules that one member's pulse trips, each with an evidence sentence."""
    found = []
    if score < rules.low_mean or lowest <= rules.low_item:
        found.append(
            (
                Reason.LOW_SAFETY,
                "One member's psychological-safety pulse is below the midpoint of the scale or "
                "has an item at the bottom of it. A pause and a routine check-in are recommended.",
            )
        )
    if previous is not None and previous - score >= rules.drop:
        found.append(
            (
                Reason.SAFETY_DROP,
                f"One member's pulse fell by {previous - score:.1f} points since their previous "
                f"pulse (the rule is {rules.drop:.1f}).",
            )
        )
    return found


STALE_FACTOR = 1.5


def stale_days(cadence_days: int) -> int:
    """A pair is stale after 1.5x its planned interval without a held session."""
    return round(STALE_FACTOR * cadence_days)


def is_stale(*, last_held: date | None, started: date, cadence_days: int, today: date) -> bool:
    since = last_held or started
    return (today - since).days > stale_days(cadence_days)


def is_stagnant(track: Track | None) -> bool:
    """Progress far behind the plan line: the goal is off track."""
    return track is Track.OFF_TRACK


RESPONSE_FLOOR = 0.6
RESPONSE_MIN_INVITED = 5  # a rate is shown (and judged) only when at least 5 were invited


def response_rate(invited: int, answered: int) -> float | None:
    if invited < RESPONSE_MIN_INVITED:
        return None
    return answered / invited


def low_response(invited: int, answered: int) -> bool:
    rate = response_rate(invited, answered)
    return rate is not None and rate < RESPONSE_FLOOR


NUDGE_LEAD_DAYS = 7  # the members hear a week before the lead is told (the stale flag)


def nudge_due(*, last_held: date | None, started: date, cadence_days: int, today: date) -> bool:
    """A gentle nudge to the members: a week before the pair would count as stale, and never
    before a whole interval has passed."""
    since = last_held or started
    threshold = max(cadence_days, stale_days(cadence_days) - NUDGE_LEAD_DAYS)
    return (today - since).days >= threshold
