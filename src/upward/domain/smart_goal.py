"""One SMART goal per pair: what makes it measurable, and how it is progressing.

Progress follows MEASUREMENT.md: p = share of the way from baseline to target (0-1), e = share
of the time elapsed; on track if p >= e - 0.15, at risk below that, off track below e - 0.35 or
once the deadline has passed short of the target.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

AT_RISK_MARGIN, OFF_TRACK_MARGIN = 0.15, 0.35


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"


class Track(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    DONE = "done"


@dataclass(frozen=True)
class GoalDraft:
    text: str
    metric: str
    unit: str
    direction: str
    baseline: float | None
    target: float | None
    deadline: date | None
    cohort_start: date
    cohort_end: date


def goal_problems(goal: GoalDraft) -> list[str]:
    """What keeps a goal from being measurable, in words a pair can act on."""
    problems = []
    if not goal.text.strip():
        problems.append("Say in one sentence what will be different.")
    if not goal.metric.strip() or goal.baseline is None or goal.target is None:
        problems.append("No number to measure: name a metric and give its baseline and target.")
    elif goal.target == goal.baseline:
        problems.append("The target equals the baseline, so nothing would change.")
    elif goal.direction == Direction.UP and goal.target < goal.baseline:
        problems.append("To increase the metric, the target must be above the baseline.")
    elif goal.direction == Direction.DOWN and goal.target > goal.baseline:
        problems.append("To reduce the metric, the target must be below the baseline.")
    if not goal.unit.strip():
        problems.append("Give the unit (posts, followers, days, %...).")
    if goal.direction not in {Direction.UP, Direction.DOWN}:
        problems.append("Say whether the metric should go up or down.")
    problems += _deadline_problems(goal)
    return problems


def _deadline_problems(goal: GoalDraft) -> list[str]:
    if goal.deadline is None:
        return ["Set a deadline."]
    if goal.deadline > goal.cohort_end:
        return [f"The deadline is after the cohort ends ({goal.cohort_end:%d %b %Y})."]
    if goal.deadline <= goal.cohort_start:
        return [f"The deadline must fall after the cohort starts ({goal.cohort_start:%d %b %Y})."]
    return []


@dataclass(frozen=True)
class Progress:
    achieved: float  # p, 0-1
    expected: float  # e, 0-1
    track: Track

    def sentence(self) -> str:
        words = {
            Track.DONE: "target reached",
            Track.ON_TRACK: "on track",
            Track.AT_RISK: "at risk",
            Track.OFF_TRACK: "off track",
        }[self.track]
        return (
            f"{self.achieved:.0%} of the way to the target with {self.expected:.0%} of the "
            f"time gone: {words}."
        )


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def progress(
    *, baseline: float, target: float, current: float, start: date, deadline: date, today: date
) -> Progress:
    achieved = _clamp((current - baseline) / (target - baseline))
    span = max((deadline - start).days, 1)
    expected = _clamp((today - start).days / span)
    if achieved >= 1:
        track = Track.DONE
    elif achieved < expected - OFF_TRACK_MARGIN or today > deadline:
        track = Track.OFF_TRACK
    elif achieved < expected - AT_RISK_MARGIN:
        track = Track.AT_RISK
    else:
        track = Track.ON_TRACK
    return Progress(achieved, expected, track)
