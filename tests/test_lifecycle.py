"""Programs and cohorts move on by the lead's buttons, each refusal saying what is missing:
draft -> running -> closed, and upcoming -> running -> closing -> closed."""

from django.test import TestCase
from django.urls import reverse

from tests.conftest import World
from tests.factories import CohortFactory, PairFactory
from upward.audit.models import AuditEvent
from upward.governance.services import CHARTER_DEFAULTS, charter_save, charter_sign
from upward.impact.models import CohortResult
from upward.programs.models import Cohort, Pair, Program
from upward.surveys.models import Invitation, Wave


def governance_page(world: World, role: str = "lead") -> str:
    url = reverse("governance:governance", args=[world.program.public_id])
    return world.client(role).get(url).content.decode()


def post(world: World, name: str, obj, data=None, role: str = "lead"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return world.client(role).post(reverse(name, args=[obj.public_id]), data or {}, follow=True)


def draft(world: World) -> Program:
    world.program.state = Program.State.DRAFT
    world.program.save(update_fields=["state"])
    return world.program


def sign_charter(world: World) -> None:
    charter = charter_save(
        program=world.program,
        actor=world.users["lead"],
        fields={"objective": "Grow digital fluency", **CHARTER_DEFAULTS},
    )
    charter_sign(charter=charter, actor=world.users["sponsor"])


def test_a_draft_program_says_what_it_needs_before_it_can_launch(world: World) -> None:
    program = draft(world)
    charter_save(
        program=program,
        actor=world.users["lead"],
        fields={"objective": "Grow digital fluency", **CHARTER_DEFAULTS},
    )
    page = governance_page(world)
    assert "The sponsor has not signed version 1 of the charter." in page
    refused = post(world, "governance:program_launch", program).content.decode()
    assert "The sponsor has not signed version 1 of the charter." in refused
    program.refresh_from_db()
    assert program.state == Program.State.DRAFT


def test_the_lead_launches_once_the_sponsor_has_signed(world: World) -> None:
    program = draft(world)
    sign_charter(world)
    assert "Launch the program" in governance_page(world)
    response = post(world, "governance:program_launch", program)
    assert b"is running" in response.content
    program.refresh_from_db()
    assert program.state == Program.State.ACTIVE
    assert AuditEvent.objects.filter(action="lifecycle", details__state="active").exists()


def test_a_cohort_cannot_start_in_a_draft_program_or_without_pairs(world: World) -> None:
    draft(world)
    empty = CohortFactory(program=world.program, state=Cohort.State.UPCOMING)
    refused = post(world, "governance:cohort_move", empty, {"to": "running"}).content.decode()
    assert "Launch the program first: it is still a draft." in refused
    assert "No pairs yet: publish a matching round first." in refused
    empty.refresh_from_db()
    assert empty.state == Cohort.State.UPCOMING


def test_a_cohort_starts_then_closing_opens_its_close_survey(world: World) -> None:
    cohort = CohortFactory(program=world.program, state=Cohort.State.UPCOMING)
    pair = PairFactory(cohort=cohort)
    post(world, "governance:cohort_move", cohort, {"to": "running"})
    cohort.refresh_from_db()
    assert cohort.state == Cohort.State.RUNNING
    post(world, "governance:cohort_move", cohort, {"to": "closing"})
    cohort.refresh_from_db()
    assert cohort.state == Cohort.State.CLOSING
    wave = Wave.objects.get(cohort=cohort, kind=Wave.Kind.CLOSE)
    assert wave.state == Wave.State.OPEN
    invited = set(Invitation.objects.filter(wave=wave).values_list("participant", flat=True))
    assert {pair.mentor_id, pair.mentee_id} <= invited


def test_closing_a_cohort_asks_to_confirm_then_ends_its_pairs(world: World) -> None:
    cohort = world.cohort
    cohort.state = Cohort.State.CLOSING
    cohort.save(update_fields=["state"])
    CohortResult.objects.create(cohort=cohort, payload={}, stale=False)
    unconfirmed = post(world, "governance:cohort_move", cohort, {"to": "closed"}).content
    assert b"tick the box to confirm" in unconfirmed
    assert Pair.objects.get(pk=world.pair.pk).state == Pair.State.ACTIVE
    post(world, "governance:cohort_move", cohort, {"to": "closed", "confirm": "yes"})
    cohort.refresh_from_db()
    assert cohort.state == Cohort.State.CLOSED
    assert set(cohort.pairs.values_list("state", flat=True)) == {Pair.State.CLOSED}
    # Its results were marked stale and refreshed (they had never been computed here).
    assert CohortResult.objects.get(cohort=cohort).computed_at is not None


def test_the_program_closes_only_when_every_cohort_has_and_with_confirmation(
    world: World,
) -> None:
    program = world.program
    refused = post(world, "governance:program_close", program, {"confirm": "yes"}).content.decode()
    assert f"{world.cohort.name} is still running: close it first." in refused
    Cohort.objects.filter(program=program).update(state=Cohort.State.CLOSED)
    unconfirmed = post(world, "governance:program_close", program).content.decode()
    assert "Tick the box to confirm" in unconfirmed
    post(world, "governance:program_close", program, {"confirm": "yes"})
    program.refresh_from_db()
    assert program.state == Program.State.CLOSED
    assert "Closure recorded" in governance_page(world)


def test_only_the_lead_moves_things_on(world: World) -> None:
    for role in ("sponsor", "analyst"):
        response = world.client(role).post(
            reverse("governance:cohort_move", args=[world.cohort.public_id]), {"to": "closing"}
        )
        assert response.status_code == 403
    for role in ("mentor", "outsider"):
        response = world.client(role).post(
            reverse("governance:program_close", args=[world.program.public_id])
        )
        assert response.status_code == 404
    world.cohort.refresh_from_db()
    assert world.cohort.state == Cohort.State.RUNNING


def test_pairs_published_ahead_of_their_cohort_are_matched_not_active(world: World) -> None:
    from datetime import timedelta

    from tests.factories import TODAY

    upcoming = CohortFactory(
        program=world.program,
        state=Cohort.State.UPCOMING,
        start_date=TODAY + timedelta(days=40),
        end_date=TODAY + timedelta(days=120),
    )
    pair = PairFactory(cohort=upcoming, started_on=upcoming.start_date)
    page = world.client("lead").get(reverse("workspace:pair", args=[pair.public_id])).content
    assert f"starting on {upcoming.start_date:%-d %b %Y}".encode() in page
    detail = world.client("lead").get(reverse("programs:detail", args=[world.program.public_id]))
    summary = detail.context["summary"]
    health = next(h for h in summary.cohorts if h.cohort == upcoming)
    assert (health.pairs_active, health.pairs_matched, health.pairs_open) == (0, 1, 1)


def test_starting_a_cohort_early_starts_its_waiting_pairs_and_every_page_says_running(
    world: World,
) -> None:
    from datetime import timedelta

    from tests.factories import TODAY

    upcoming = CohortFactory(
        program=world.program,
        state=Cohort.State.UPCOMING,
        start_date=TODAY + timedelta(days=3),
        end_date=TODAY + timedelta(days=90),
    )
    pair = PairFactory(cohort=upcoming, started_on=upcoming.start_date)
    post(world, "governance:cohort_move", upcoming, {"to": "running"})
    pair.refresh_from_db()
    assert pair.started_on == TODAY
    page = world.client("lead").get(reverse("workspace:pair", args=[pair.public_id]))
    text = page.content.decode()
    assert "starting on" not in text and "(running)" in text
    cohort_page = world.client("lead").get(reverse("workspace:cohort", args=[upcoming.public_id]))
    assert cohort_page.context["health"].phase == "running"
