from datetime import date, timedelta

import pytest

from tests.clock import TODAY
from upward.domain.program_design import Design, cohort_length_problem, design_problems
from upward.domain.readiness import (
    SIGNALS,
    Person,
    Recommendation,
    churn_by_tenure,
    junior_retention_risk,
    recommend,
    top_skill_gaps,
)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, Recommendation.NOT_YET),
        (1, Recommendation.NOT_YET),
        (2, Recommendation.PILOT),
        (4, Recommendation.PILOT),
        (5, Recommendation.ROLLOUT),
        (8, Recommendation.ROLLOUT),
    ],
)
def test_two_signals_mean_a_pilot_and_five_a_rollout(count: int, expected) -> None:
    recommendation, reasons = recommend(set(list(SIGNALS)[:count]))
    assert recommendation is expected
    assert reasons[0] == f"{count} of 8 signals are present."


def test_an_unknown_signal_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown readiness signals: vibes"):
        recommend({"vibes"})


def ago(days: int) -> date:
    """A day relative to the suite's clock: these rules look back from today."""
    return TODAY - timedelta(days=days)


def test_churn_is_counted_by_tenure_at_exit() -> None:
    people = [
        Person(ago(266), ago(82), True, 2),  # left after 6 months
        Person(ago(2517), ago(174), True, 8),  # left after 6 years
        Person(ago(2517), ago(174), False, 8),  # involuntary: not counted
        Person(ago(1056), None, False, 3),  # stays, 2.9 years
        Person(ago(6170), ago(2517), True, 5),  # left long ago: outside window
    ]
    bands = {band.band: band for band in churn_by_tenure(people, TODAY)}
    assert (bands["under 1 year"].headcount, bands["under 1 year"].voluntary_exits) == (1, 1)
    assert (bands["5 years or more"].headcount, bands["5 years or more"].voluntary_exits) == (2, 1)
    assert bands["1-3 years"].rate == 0.0
    assert bands["3-5 years"].rate is None  # nobody there: no rate, not 0 %


def test_junior_retention_risk_compares_like_with_like() -> None:
    juniors = [Person(ago(690), ago(205), True, 2)] * 3 + [Person(ago(690), None, False, 2)] * 7
    others = [Person(ago(2517), ago(205), True, 7)] + [Person(ago(2517), None, False, 7)] * 9
    sentence = junior_retention_risk(juniors + others, TODAY).sentence()
    assert (
        "left by choice more often than everyone else: 30% (3 of 10) against 10% (1 of 10)"
        in sentence
    )


def test_skill_gaps_need_enough_raters() -> None:
    ratings = [("AI", 2)] * 5 + [("Video", 1)] * 4 + [("Strategy", 4)] * 6
    gaps = top_skill_gaps(ratings)
    assert [gap.competency for gap in gaps] == ["AI", "Strategy"]  # Video: only 4 raters


def design(**changes) -> Design:
    base = dict(
        program_type="skills_sprint",
        start=date(2027, 1, 4),
        end=date(2027, 3, 29),
        cadence_days=7,
        session_minutes=60,
        kpis=("retention_vs_control", "skill_attainment", "goal_attainment"),
    )
    return Design(**{**base, **changes})


def test_a_sound_design_has_no_problems() -> None:
    assert design_problems(design()) == []


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"end": date(2027, 1, 1)}, "must end after it starts"),
        ({"end": date(2027, 2, 1)}, "runs 8 to 12 weeks, and this program lasts only 4"),
        (
            {"program_type": "custom", "cadence_days": 40, "end": date(2027, 3, 1)},
            "fewer than 3 sessions",
        ),
        ({"kpis": ()}, "Choose between 1 and 4 KPIs"),
        (
            {
                "kpis": (
                    "retention_vs_control",
                    "skill_attainment",
                    "goal_attainment",
                    "response_rate",
                    "promotion_rate",
                )
            },
            "5 chosen",
        ),
        ({"kpis": ("business_metric",)}, "Name the business metric and its unit"),
        ({"kpis": ("happiness",)}, "Unknown KPI: happiness"),
    ],
)
def test_unworkable_designs_say_what_is_wrong(changes, fragment: str) -> None:
    assert any(fragment in problem for problem in design_problems(design(**changes)))


def test_a_long_program_of_sprints_is_sound_and_each_cohort_is_a_sprint() -> None:
    """The demo's multi-cohort sprint program (92 weeks) was refused: the preset's length is a
    cohort's, not the program's."""
    assert design_problems(design(end=date(2028, 10, 1), kpis=("goal_attainment",))) == []
    start = date(2027, 1, 4)
    assert cohort_length_problem("skills_sprint", start, start + timedelta(weeks=10)) is None
    too_long = cohort_length_problem("skills_sprint", start, start + timedelta(weeks=20))
    assert too_long and "runs 8 to 12 weeks; this one runs 20" in too_long
    assert cohort_length_problem("custom", start, start + timedelta(weeks=40)) is None
