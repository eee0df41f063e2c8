from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from upward.domain.smart_goal import GoalDraft, Track, goal_problems, progress

START, END = date(2026, 10, 1), date(2026, 12, 24)


def draft(**changes) -> GoalDraft:
    base = dict(
        text="Reach 250 followers",
        metric="Followers",
        unit="followers",
        direction="up",
        baseline=40.0,
        target=250.0,
        deadline=date(2026, 12, 20),
        cohort_start=START,
        cohort_end=END,
    )
    return GoalDraft(**{**base, **changes})


def test_a_measurable_goal_passes() -> None:
    assert goal_problems(draft()) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"metric": "", "baseline": None}, "No number to measure"),
        ({"target": 40.0}, "The target equals the baseline"),
        ({"target": 10.0}, "target must be above the baseline"),
        ({"direction": "down"}, "target must be below the baseline"),
        ({"deadline": date(2027, 1, 10)}, "The deadline is after the cohort ends (24 Dec 2026)"),
        ({"deadline": None}, "Set a deadline"),
        ({"unit": ""}, "Give the unit"),
        ({"text": " "}, "Say in one sentence"),
    ],
)
def test_each_gap_is_named(changes, message: str) -> None:
    assert any(message in problem for problem in goal_problems(draft(**changes)))


@pytest.mark.parametrize(
    ("current", "today", "track"),
    [
        (145.0, date(2026, 11, 10), Track.ON_TRACK),  # p = 0.5, e = 0.49
        (100.0, date(2026, 11, 10), Track.AT_RISK),  # p = 0.29 < e - 0.15
        (50.0, date(2026, 11, 10), Track.OFF_TRACK),  # p = 0.05 < e - 0.35
        (250.0, date(2026, 11, 10), Track.DONE),
        (240.0, date(2026, 12, 22), Track.OFF_TRACK),  # the deadline passed short of target
    ],
)
def test_progress_bands_follow_the_measurement_rules(current, today, track) -> None:
    result = progress(
        baseline=40,
        target=250,
        current=current,
        start=START,
        deadline=date(2026, 12, 20),
        today=today,
    )
    assert result.track is track


def test_a_reduction_goal_counts_progress_downward() -> None:
    result = progress(
        baseline=10,
        target=4,
        current=7,
        start=START,
        deadline=date(2026, 12, 20),
        today=date(2026, 11, 10),
    )
    assert result.achieved == pytest.approx(0.5)


@given(st.floats(-1e6, 1e6), st.dates(START, date(2027, 6, 1)))
def test_progress_shares_stay_between_zero_and_one(current: float, today: date) -> None:
    result = progress(
        baseline=40,
        target=250,
        current=current,
        start=START,
        deadline=date(2026, 12, 20),
        today=today,
    )
    assert 0 <= result.achieved <= 1 and 0 <= result.expected <= 1
