"""The readiness check: is this organisation ready for reverse mentoring, and how big a start?

Eight signals a lead recognises (our wording), plus a quick look at the data: churn by tenure
band, junior retention risk and the largest skill gaps among leaders. Two or more signals
suggest an 8-12 week pilot; five or more, a cohort roll-out with sponsor commitment.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

SIGNALS: dict[str, str] = {
    "junior_turnover": "Junior people are leaving, and exit conversations mention no room to grow.",
    "leadership_blind_spots": "Leaders have blind spots on digital tools, social channels or "
    "customer trends.",
    "stalled_diversity": "Diversity has stalled at senior levels even though junior intakes are "
    "diverse.",
    "weak_connection": "Junior engagement is low, or juniors and leaders rarely connect "
    "(especially across remote teams).",
    "fast_change": "Technology or the market is moving fast enough to open skills gaps and "
    "succession risk.",
    "missing_customer_view": "Product or marketing decisions miss how younger customers think "
    "and buy.",
    "replace_not_promote": "Junior roles are refilled from outside rather than by promoting "
    "people already here.",
    "leaders_want_practical": "Leaders ask for quick, practical upskilling rather than long "
    "courses.",
}
PILOT_AT, ROLLOUT_AT = 2, 5
TENURE_BANDS = (
    (0, 1, "under 1 year"),
    (1, 3, "1-3 years"),
    (3, 5, "3-5 years"),
    (5, 100, "5 years or more"),
)
JUNIOR_MAX_LEVEL = 3


class Recommendation(StrEnum):
    NOT_YET = "not_yet"
    PILOT = "pilot"
    ROLLOUT = "rollout"


LABELS = {
    Recommendation.NOT_YET: "Not yet",
    Recommendation.PILOT: "Run an 8-12 week pilot",
    Recommendation.ROLLOUT: "Plan a cohort roll-out with sponsor commitment",
}


def recommend(signals: set[str]) -> tuple[Recommendation, list[str]]:
    unknown = signals - SIGNALS.keys()
    if unknown:
        raise ValueError(f"Unknown readiness signals: {', '.join(sorted(unknown))}")
    count = len(signals)
    reasons = [f"{count} of {len(SIGNALS)} signals are present."]
    if count >= ROLLOUT_AT:
        reasons.append(
            f"With {ROLLOUT_AT} or more, the need is broad: plan cohorts of 8-12 "
            "pairs and secure a sponsor's commitment before launch."
        )
        return Recommendation.ROLLOUT, reasons
    if count >= PILOT_AT:
        reasons.append(
            f"With {PILOT_AT} to {ROLLOUT_AT - 1}, a focused 8-12 week pilot with one "
            "measurable goal per pair will show whether it works here."
        )
        return Recommendation.PILOT, reasons
    reasons.append(
        f"Fewer than {PILOT_AT}: other priorities are likely to matter more now. "
        "Check again when the picture changes."
    )
    return Recommendation.NOT_YET, reasons


@dataclass(frozen=True)
class Person:
    hire_date: date | None
    exit_date: date | None
    voluntary_exit: bool
    level: int | None


@dataclass(frozen=True)
class BandChurn:
    band: str
    headcount: int  # employed at some point in the window, in this tenure band
    voluntary_exits: int

    @property
    def rate(self) -> float | None:
        return self.voluntary_exits / self.headcount if self.headcount else None


def _tenure_years(person: Person, on: date) -> float:
    return (on - person.hire_date).days / 365.25 if person.hire_date else 0.0


def _in_window(person: Person, start: date, end: date) -> bool:
    hired = person.hire_date is None or person.hire_date <= end
    return hired and (person.exit_date is None or person.exit_date >= start)


def churn_by_tenure(people: list[Person], as_of: date, *, days: int = 365) -> list[BandChurn]:
    """Voluntary exits in the last `days` by tenure band (tenure at exit, or at `as_of`)."""
    start = as_of - timedelta(days=days)
    counts = {label: [0, 0] for *_, label in TENURE_BANDS}
    for person in people:
        if not _in_window(person, start, as_of):
            continue
        left = person.exit_date is not None and start <= person.exit_date <= as_of
        years = _tenure_years(person, person.exit_date if left and person.exit_date else as_of)
        label = next(label for low, high, label in TENURE_BANDS if low <= years < high)
        counts[label][0] += 1
        counts[label][1] += int(left and person.voluntary_exit)
    return [BandChurn(label, *counts[label]) for *_, label in TENURE_BANDS]


@dataclass(frozen=True)
class RetentionRisk:
    junior_headcount: int
    junior_exits: int
    other_headcount: int
    other_exits: int

    def sentence(self) -> str:
        if not self.junior_headcount or not self.other_headcount:
            return "Not enough people data to compare junior and other leavers yet."
        junior = self.junior_exits / self.junior_headcount
        other = self.other_exits / self.other_headcount
        comparison = (
            "more often than"
            if junior > other * 1.1
            else "less often than"
            if junior < other * 0.9
            else "about as often as"
        )
        return (
            f"In the last 12 months juniors (levels 1-{JUNIOR_MAX_LEVEL}) left by choice "
            f"{comparison} everyone else: {junior:.0%} ({self.junior_exits} of "
            f"{self.junior_headcount}) against {other:.0%} ({self.other_exits} of "
            f"{self.other_headcount})."
        )


def junior_retention_risk(people: list[Person], as_of: date) -> RetentionRisk:
    start = as_of - timedelta(days=365)
    tallies = [0, 0, 0, 0]
    for person in people:
        if not _in_window(person, start, as_of):
            continue
        junior = person.level is not None and person.level <= JUNIOR_MAX_LEVEL
        left = (
            person.exit_date is not None
            and start <= person.exit_date <= as_of
            and person.voluntary_exit
        )
        offset = 0 if junior else 2
        tallies[offset] += 1
        tallies[offset + 1] += int(left)
    return RetentionRisk(*tallies)


@dataclass(frozen=True)
class SkillGap:
    competency: str
    leader_mean: float
    leaders_rated: int


def top_skill_gaps(
    ratings: list[tuple[str, int]], *, limit: int = 3, min_raters: int = 5
) -> list[SkillGap]:
    """Leaders' lowest self-rated competencies (only where at least `min_raters` rated)."""
    by_name: dict[str, list[int]] = {}
    for competency, level in ratings:
        by_name.setdefault(competency, []).append(level)
    gaps = [
        SkillGap(name, sum(levels) / len(levels), len(levels))
        for name, levels in by_name.items()
        if len(levels) >= min_raters
    ]
    return sorted(gaps, key=lambda gap: (gap.leader_mean, gap.competency))[:limit]
