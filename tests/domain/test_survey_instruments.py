from datetime import date

import pytest

from upward.domain.smart_goal import Track
from upward.domain.surveys import flags
from upward.domain.surveys.instruments import (
    InstrumentError,
    Privacy,
    clean_answers,
    enps,
    favourable_share,
    lowest_item,
    parse_instrument,
    person_score,
)
from upward.domain.surveys.plan import survey_plan


def definition(**changes):
    base = {
        "key": "pulse",
        "version": 1,
        "name": "Pulse",
        "purpose": "Test",
        "scale_min": 1,
        "scale_max": 7,
        "privacy": "confidential",
        "licence": "CC0",
        "min_answered": 3,
        "reverse_items": ["b"],
        "favourable_from": 5,
        "items": [
            {"key": "a", "text": "A"},
            {"key": "b", "text": "B"},
            {"key": "c", "text": "C"},
            {"key": "d", "text": "D"},
            {"key": "why", "text": "Why?", "kind": "text"},
        ],
    }
    base.update(changes)
    return base


def test_reverse_items_are_scored_min_plus_max_minus_x() -> None:
    spec = parse_instrument(definition())
    assert spec.privacy is Privacy.CONFIDENTIAL
    # b = 2 reversed is 6: mean of 7, 6, 5 = 6.0
    assert person_score(spec, {"a": 7, "b": 2, "c": 5}) == pytest.approx(6.0)
    assert lowest_item(spec, {"a": 7, "b": 7, "c": 5}) == 1.0


def test_a_score_needs_the_minimum_answered() -> None:
    spec = parse_instrument(definition())
    assert person_score(spec, {"a": 7, "b": 2}) is None


def test_a_reverse_item_that_does_not_exist_is_refused() -> None:
    with pytest.raises(InstrumentError, match="reverse item 'zz' is not an item"):
        parse_instrument(definition(reverse_items=["zz"]))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"scale_min": 5, "scale_max": 5}, "scale must run upwards"),
        ({"min_answered": 9}, "between 1 and the 4 scale items"),
        ({"privacy": "public"}, "must be one of"),
        ({"items": []}, "needs a list of items"),
        ({"items": [{"key": "a", "text": "A"}, {"key": "a", "text": "B"}]}, "used twice"),
        ({"version": 0}, "starts at 1"),
        ({"favourable_from": 9}, "must lie on the scale"),
        ({"reverse_items": ["why"]}, "not a scale item"),
    ],
)
def test_broken_definitions_say_what_is_wrong(change, message) -> None:
    with pytest.raises(InstrumentError, match=message):
        parse_instrument(definition(**change))


def test_answers_off_the_scale_are_refused() -> None:
    spec = parse_instrument(definition())
    with pytest.raises(InstrumentError, match="8 is outside the scale 1-7"):
        clean_answers(spec, {"a": "8"}, complete=False)
    with pytest.raises(InstrumentError, match="choose a point from 1 to 7"):
        clean_answers(spec, {"a": "lots"}, complete=False)
    with pytest.raises(InstrumentError, match="Unknown question"):
        clean_answers(spec, {"zz": "1"}, complete=False)


def test_a_draft_may_be_partial_but_a_submission_may_not() -> None:
    spec = parse_instrument(definition())
    assert clean_answers(spec, {"a": "4", "why": " fine "}, complete=False) == {
        "a": 4,
        "why": "fine",
    }
    with pytest.raises(InstrumentError, match="at least 3 of the 4"):
        clean_answers(spec, {"a": "4"}, complete=True)


def test_favourable_share_counts_answers_at_or_above_the_point_after_reversal() -> None:
    spec = parse_instrument(definition())
    # a=5 favourable, b=2 -> 6 favourable, c=4 not: 2 of 3
    assert favourable_share(spec, [{"a": 5, "b": 2, "c": 4}]) == pytest.approx(2 / 3)


def test_enps_by_hand() -> None:
    # 4 promoters, 3 passives, 3 detractors of 10 -> +10
    assert enps([10, 9, 9, 10, 7, 8, 7, 6, 0, 3]) == pytest.approx(10.0)
    assert enps([10] * 5) == 100.0
    with pytest.raises(InstrumentError):
        enps([])


def test_pulse_flags() -> None:
    assert [r for r, _ in flags.pulse_reasons(score=3.5, lowest=3, previous=None)] == [
        flags.Reason.LOW_SAFETY
    ]
    assert [r for r, _ in flags.pulse_reasons(score=5.0, lowest=2, previous=None)] == [
        flags.Reason.LOW_SAFETY
    ]
    assert [r for r, _ in flags.pulse_reasons(score=4.5, lowest=4, previous=6.0)] == [
        flags.Reason.SAFETY_DROP
    ]
    assert flags.pulse_reasons(score=5.5, lowest=4, previous=6.0) == []


def test_stale_is_one_and_a_half_planned_intervals() -> None:
    start = date(2026, 1, 1)
    assert not flags.is_stale(
        last_held=None, started=start, cadence_days=30, today=date(2026, 2, 15)
    )
    assert flags.is_stale(last_held=None, started=start, cadence_days=30, today=date(2026, 2, 16))
    assert flags.is_stagnant(Track.OFF_TRACK) and not flags.is_stagnant(Track.AT_RISK)


def test_response_rate_needs_five_invited_and_flags_under_sixty_percent() -> None:
    assert flags.response_rate(4, 1) is None and not flags.low_response(4, 0)
    assert flags.low_response(10, 5) and not flags.low_response(10, 6)


def test_survey_plan_for_a_short_and_a_long_program() -> None:
    short = survey_plan(date(2026, 1, 5), date(2026, 4, 5))
    assert [w.kind for w in short] == ["baseline", "pulse", "pulse", "close"]
    assert short[1].opens_on == date(2026, 2, 9)  # week 5
    long = survey_plan(date(2026, 1, 5), date(2026, 10, 5))
    assert sum(1 for w in long if w.kind == "quarterly") == 2
    assert long[-1].kind == "close"
    with pytest.raises(ValueError):
        survey_plan(date(2026, 1, 5), date(2026, 1, 5))
