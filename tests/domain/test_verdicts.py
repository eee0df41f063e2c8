"""The verdict words, tier by tier (MEASUREMENT.md 0 and 3): what a sponsor reads first."""

import pytest

from upward.domain.verdicts import HIDDEN, NO_DATA, Kind, more_needed, verdict


def test_withheld_and_suppressed_figures_are_hidden_to_protect_people() -> None:
    for status in ("withheld", "suppressed"):
        v = verdict(None, None, None, 3, status)
        assert v.kind is Kind.HIDDEN and v.words == HIDDEN == "hidden to protect people"
    assert "work out" in verdict(None, None, None, 12, "withheld").meaning
    assert "fewer than 5" in verdict(None, None, None, 3, "suppressed").meaning


def test_nothing_yet_is_no_data_not_hidden() -> None:
    assert verdict(None, None, None, 0, "insufficient").words == NO_DATA == "no data yet"
    assert verdict(None, None, None, 0, "suppressed").kind is Kind.NO_DATA  # nobody to protect
    assert verdict(None, None, None, 8, "ok").kind is Kind.NO_DATA


def test_no_events() -> None:
    v = verdict(0.0, 0.0, 0.0, 12, "no_events")
    assert v.kind is Kind.NO_EVENTS and v.words == "nothing to compare yet"


def test_a_level_without_a_comparison_is_not_judged() -> None:
    v = verdict(0.6, 0.3, 0.85, 10, "ok", compared=False)
    assert v.kind is Kind.DESCRIPTIVE and v.words == "a level, not a comparison"


def test_exploratory_tier_never_judges_even_when_the_interval_excludes_zero() -> None:
    v = verdict(0.5, 0.2, 0.8, 8, "low_n")
    assert v.kind is Kind.TOO_FEW
    assert v.words == f"too few people to tell: needs about {v.more_needed} more"
    assert v.more_needed is not None and v.more_needed >= 2  # at least to the exact tier


def test_interval_including_zero_says_how_many_more_people() -> None:
    # The demo's retention: +17.0 points, -15.5 to +35.0, 10 participants.
    v = verdict(0.170, -0.155, 0.350, 10, "ok")
    assert v.kind is Kind.TOO_FEW
    assert v.more_needed == more_needed(0.170, -0.155, 0.350, 10)
    assert v.words == f"too few people to tell: needs about {v.more_needed} more"
    assert 20 <= v.more_needed <= 60


def test_a_narrow_interval_around_nothing_is_no_clear_difference() -> None:
    assert verdict(0.001, -0.05, 0.05, 40, "ok").words == "no clear difference"
    assert verdict(0.0, -0.05, 0.05, 40, "ok").kind is Kind.NO_DIFFERENCE


def test_exact_tier_better_is_promising_not_yet_conclusive() -> None:
    # The demo's promotions: +27.3 points, +5.1 to +57.7, 10 participants.
    v = verdict(0.273, 0.051, 0.577, 10, "ok")
    assert v.kind is Kind.PROMISING and v.words == "promising, not yet conclusive"


def test_exact_tier_worse_is_a_warning_sign() -> None:
    v = verdict(-0.3, -0.5, -0.1, 12, "ok")
    assert v.kind is Kind.WARNING and v.words == "a warning sign, not yet conclusive"
    # "Worse" follows the direction that is better for the figure.
    assert verdict(-0.3, -0.5, -0.1, 12, "ok", higher_is_better=False).kind is Kind.PROMISING


def test_full_tier_is_clear_either_way() -> None:
    assert verdict(0.4, 0.1, 0.7, 30, "ok").words == "clear: unlikely to be chance"
    assert verdict(-0.4, -0.7, -0.1, 30, "ok").words == "clearly worse: unlikely to be chance"


def test_no_interval_cannot_rule_out_chance() -> None:
    v = verdict(3.0, None, None, 2, "low_n")
    assert v.kind is Kind.TOO_FEW and v.words == "too few measurements to tell"


@pytest.mark.parametrize(
    ("value", "low", "high", "n", "expected"),
    [(0.2, -0.2, 0.6, 10, 72), (0.2, 0.0, 0.4, 20, 21), (0.5, -0.5, 1.5, 5, 36)],
)
def test_more_needed_grows_with_the_interval(
    value: float, low: float, high: float, n: int, expected: int
) -> None:
    assert more_needed(value, low, high, n) == expected
