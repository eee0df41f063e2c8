"""When a flag's cause has gone away, and which flag matters most (pure rules)."""

from datetime import date

from upward.domain.smart_goal import Track
from upward.flags import rules

TODAY = date(2026, 11, 30)


def test_the_closing_note_says_when_and_why() -> None:
    assert rules.closing_note(TODAY, "the checkpoint was recorded") == (
        "Closed on 30 Nov: the checkpoint was recorded"
    )


def test_safety_outranks_drift_and_program_matters_come_last() -> None:
    ranked = sorted(["low_response", "stale", "low_safety", "stagnant"], key=rules.severity)
    assert ranked == ["low_safety", "stale", "stagnant", "low_response"]
    assert rules.severity("something new") == len(rules.SEVERITY)


def test_a_stale_flag_stands_until_a_later_session_is_held_or_one_is_ahead() -> None:
    since = date(2026, 11, 1)

    def gone(held: list[date], planned: list[date]) -> str | None:
        return rules.stale_gone(
            since=since, raised_on=date(2026, 11, 20), held=held, planned=planned, today=TODAY
        )

    assert gone([since], [date(2026, 11, 25)]) is None  # the counted session, a lapsed plan
    assert gone([date(2026, 11, 28)], []) == (
        "the pair is meeting again (a session was held on 28 Nov 2026)"
    )
    assert gone([], [TODAY]) == "the pair is meeting again (a session is planned for 30 Nov 2026)"


def test_a_stagnant_flag_stands_while_the_goal_is_far_behind() -> None:
    assert rules.stagnant_gone(has_goal=True, track=Track.OFF_TRACK) is None
    assert rules.stagnant_gone(has_goal=True, track=Track.AT_RISK) is not None
    assert rules.stagnant_gone(has_goal=False, track=None) == "the goal was removed"


def test_a_missed_checkpoint_flag_closes_when_its_checkpoint_is_in_order() -> None:
    def gone(unrecorded: bool, **facts: object) -> str | None:
        base = {"exists": True, "due": date(2026, 11, 1), "held_on": None}
        return rules.checkpoint_gone(
            raised_unrecorded=unrecorded,
            sponsor_attended=None,
            today=TODAY,
            **{**base, **facts},  # type: ignore[arg-type]
        )

    assert gone(True) is None
    assert gone(True, held_on=date(2026, 11, 29)) == "the checkpoint was recorded"
    assert gone(True, exists=False, due=None) == "the checkpoint was removed"
    assert gone(True, due=date(2026, 12, 5)) == "the checkpoint was moved to 05 Dec 2026"
