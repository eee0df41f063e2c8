"""Checkpoints follow each cohort's dates: cohort 2's mid-pilot review falls inside cohort 2."""

from datetime import date, timedelta

from django.urls import reverse

from tests.clock import TODAY
from tests.conftest import World
from upward.domain import checkpoints as plan
from upward.governance.models import Checkpoint
from upward.programs.services import cohort_create


def test_each_cohort_gets_its_own_kickoff_review_and_close() -> None:
    program = plan.Span(None, date(2027, 1, 4), date(2027, 12, 20))
    cohorts = [
        plan.Span(1, date(2027, 1, 11), date(2027, 4, 11)),
        plan.Span(2, date(2027, 6, 7), date(2027, 9, 5)),
    ]
    planned = plan.plan(program, cohorts)
    second = {item.kind: item.due for item in planned if item.cohort == 2}
    assert second == {
        "kickoff": date(2027, 6, 7),
        "mid": date(2027, 7, 22),
        "close": date(2027, 9, 5),
    }
    mids = [item.due for item in planned if item.kind == "mid"]
    quarterly = [item.due for item in planned if item.kind == "quarterly"]
    assert quarterly and all(item.cohort is None for item in planned if item.kind == "quarterly")
    assert all(abs((q - m).days) > 30 for q in quarterly for m in mids)
    assert planned == sorted(planned, key=lambda item: (item.due, item.kind))


def test_a_short_program_without_cohorts_uses_its_own_dates() -> None:
    program = plan.Span(None, date(2027, 1, 1), date(2027, 3, 31))
    assert [(item.kind, item.due) for item in plan.plan(program, [])] == [
        ("kickoff", date(2027, 1, 1)),
        ("mid", date(2027, 2, 14)),
        ("close", date(2027, 3, 31)),
    ]


def test_a_new_cohort_gets_checkpoints_on_its_dates_and_the_page_names_it(world: World) -> None:
    program = world.program
    program.start_date, program.end_date = TODAY, TODAY + timedelta(days=300)
    program.save(update_fields=["start_date", "end_date"])
    start = TODAY + timedelta(days=120)
    cohort = cohort_create(
        program=program,
        name="Spring intake",
        start_date=start,
        end_date=start + timedelta(days=84),
        target_pairs=8,
    )
    review = Checkpoint.objects.get(cohort=cohort, kind=Checkpoint.Kind.MID)
    assert review.due_date == start + timedelta(days=42)
    assert cohort.start_date <= review.due_date <= cohort.end_date
    page = (
        world.client("lead")
        .get(reverse("governance:governance", args=[program.public_id]))
        .content.decode()
    )
    assert "Mid-pilot review, Spring intake" in page


def test_recorded_checkpoints_survive_a_replan(world: World) -> None:
    from upward.governance.services import checkpoints_plan

    checkpoints_plan(world.program)
    kickoff = world.program.checkpoints.get(kind=Checkpoint.Kind.KICKOFF)
    kickoff.held_on, kickoff.sponsor_attended = kickoff.due_date, True
    kickoff.save()
    checkpoints_plan(world.program)
    assert world.program.checkpoints.filter(kind=Checkpoint.Kind.KICKOFF).count() == 1
    assert world.program.checkpoints.get(kind=Checkpoint.Kind.KICKOFF).pk == kickoff.pk
