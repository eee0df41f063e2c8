"""A verdict in plain words for one figure, from MEASUREMENT.md's evidence tiers.

Pure arithmetic on a metric record (value, 95% interval, n, status): no statistics library, no
Django. The page, the PDF and the sponsor's summary read the same words.

Tiers (MEASUREMENT.md 0.3 and 3.1): under 5 people nothing is shown; 5-9 is exploratory
(descriptive, no tests); 10-29 gets exact tests; 30+ the full set. A comparison whose interval
excludes zero is "promising, not yet conclusive" below 30 per arm (volunteers, small groups,
matching on observed traits only) and "clear" from 30. One whose interval includes zero says how
many more people it would take to tell, from how the interval narrows with n.
"""

from dataclasses import dataclass
from enum import StrEnum
from math import ceil

PRIVACY_FLOOR = 5
EXACT_FROM = 10
FULL_FROM = 30
# 80% power at a two-sided 5% level, against the 1.96 the interval is built on:
# (1.96 + 0.84) / 1.96, squared, is the factor on n.
POWER_FACTOR = ((1.959964 + 0.841621) / 1.959964) ** 2
# Beyond this many times the current n, a real difference would be too small to matter here.
FAR = 10


class Kind(StrEnum):
    HIDDEN = "hidden"  # fewer than 5 people, or withheld by the release rules
    NO_DATA = "no_data"  # nothing to compute yet
    NO_EVENTS = "no_events"  # nobody left in either group: nothing to compare
    TOO_FEW = "too_few"  # the interval includes zero, or the tier allows no verdict yet
    NO_DIFFERENCE = "no_difference"  # the interval includes zero and is already narrow
    PROMISING = "promising"  # better, interval excludes zero, under 30
    WARNING = "warning"  # worse, interval excludes zero, under 30
    CLEAR = "clear"  # better, interval excludes zero, 30+
    CLEARLY_WORSE = "clearly_worse"  # worse, interval excludes zero, 30+
    DESCRIPTIVE = "descriptive"  # a level without a comparison: nothing to judge against


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    words: str  # the verdict itself, as the summary prints it
    meaning: str  # one sentence on what it means
    more_needed: int | None = None


HIDDEN = "hidden to protect people"
NO_DATA = "no data yet"


def more_needed(value: float, ci_low: float, ci_high: float, n: int) -> int | None:
    """About how many more people (on top of n) it would take for an interval this wide around
    a difference this size to exclude zero with 80% power: the interval narrows as 1/sqrt(n)."""
    half = (ci_high - ci_low) / 2
    if n <= 0 or half <= 0 or value == 0:
        return None
    needed = n * POWER_FACTOR * (half / abs(value)) ** 2
    return max(1, ceil(needed - n))


def _beyond_chance(n: int, *, better: bool) -> Verdict:
    """The interval excludes zero and the tier allows a verdict: how sure depends on n."""
    if n >= FULL_FROM:
        if better:
            return Verdict(
                Kind.CLEAR,
                "clear: unlikely to be chance",
                "The whole 95% interval is on the better side, with enough people to trust "
                "it; volunteers can still differ in ways the data do not record.",
            )
        return Verdict(
            Kind.CLEARLY_WORSE,
            "clearly worse: unlikely to be chance",
            "The whole 95% interval is on the worse side, with enough people to trust it.",
        )
    if better:
        return Verdict(
            Kind.PROMISING,
            "promising, not yet conclusive",
            f"The 95% interval is on the better side, but with under {FULL_FROM} people a "
            "few changed outcomes would move it; more cohorts will confirm it or not.",
        )
    return Verdict(
        Kind.WARNING,
        "a warning sign, not yet conclusive",
        f"The 95% interval is on the worse side; with under {FULL_FROM} people, watch it "
        "in the next cohort.",
    )


def verdict(
    value: float | None,
    ci_low: float | None,
    ci_high: float | None,
    n: int,
    status: str,
    *,
    compared: bool = True,
    higher_is_better: bool = True,
) -> Verdict:
    """The verdict for one figure. `n` is the smaller arm of a comparison, or the people with
    both waves of a change; `compared` is False for a level (a share reached, a response rate)
    that has nothing to be judged against."""
    if status == "withheld" or (status == "suppressed" and n > 0):
        why = (
            "it could be combined with a figure shown before to work out a few people's answers"
            if status == "withheld"
            else f"fewer than {PRIVACY_FLOOR} people are behind it"
        )
        return Verdict(Kind.HIDDEN, HIDDEN, f"Not shown because {why}.")
    if status == "no_events":
        return Verdict(
            Kind.NO_EVENTS, "nothing to compare yet", "Nobody has left in either group so far."
        )
    if value is None or status in ("insufficient", "suppressed"):  # suppressed from nobody
        return Verdict(Kind.NO_DATA, NO_DATA, "Not enough has happened yet to compute this.")
    if not compared:
        return Verdict(
            Kind.DESCRIPTIVE,
            "a level, not a comparison",
            "There is no group to compare with, so this says where things stand, not what the "
            "program changed.",
        )
    if ci_low is None or ci_high is None or ci_low == ci_high:
        return Verdict(
            Kind.TOO_FEW,
            "too few measurements to tell",
            "There is no interval, so chance cannot be ruled out.",
        )
    excludes_zero = ci_low > 0 or ci_high < 0
    if excludes_zero and n >= EXACT_FROM:
        return _beyond_chance(n, better=(value > 0) == higher_is_better)
    more = more_needed(value, ci_low, ci_high, n)
    if excludes_zero:  # 5-9 people: the exploratory tier judges nothing yet
        return Verdict(
            Kind.TOO_FEW,
            f"too few people to tell: needs about {max(more or 0, EXACT_FROM - n)} more",
            f"Under {EXACT_FROM} people a result is exploratory, however it looks.",
            max(more or 0, EXACT_FROM - n),
        )
    if more is None or more > FAR * n:
        return Verdict(
            Kind.NO_DIFFERENCE,
            "no clear difference",
            "The 95% interval includes no change; any real difference is likely small.",
        )
    return Verdict(
        Kind.TOO_FEW,
        f"too few people to tell: needs about {more} more",
        "The 95% interval includes no change, so chance cannot be ruled out yet. The number "
        "is an estimate of the people (in the smaller group, for a comparison) it would take "
        "for a difference this size to show, if it is real.",
        more,
    )
