"""A cohort's impact results go stale when a service writes one of their inputs, bulk writes
included, and only then: the services say so (programs.signals), nothing hangs on post_save."""

import inspect
from collections.abc import Callable
from datetime import timedelta
from functools import partial

import pytest
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.factories import TODAY, CompetencyFactory, EmployeeFactory, PairFactory
from tests.test_matching_flow import Org, create_round, run
from upward.competencies.models import SkillRating
from upward.domain.smart_goal import GoalDraft
from upward.domain.surveys.flags import Reason
from upward.flags import services as flags
from upward.flags.models import Flag
from upward.impact import signals
from upward.impact.models import CohortResult
from upward.integrations import tokens
from upward.programs import lifecycle
from upward.programs.models import Cohort, Pair
from upward.surveys import services as surveys
from upward.surveys.models import Invitation, Response, Wave
from upward.workspace import services as workspace
from upward.workspace import sessions
from upward.workspace.models import Concern, Goal, GoalUpdate, Session


def fresh(cohort: Cohort) -> CohortResult:
    result, _ = CohortResult.objects.update_or_create(
        cohort=cohort, defaults={"payload": {}, "stale": False}
    )
    return result


def is_stale(cohort: Cohort) -> bool:
    return CohortResult.objects.get(cohort=cohort).stale


def stales(world: World, write: Callable[[], object]) -> bool:
    fresh(world.cohort)
    write()
    return is_stale(world.cohort)


def past_session(pair: Pair, status: str = Session.Status.PLANNED) -> Session:
    # Written straight to the table, as the factories would: not through a service.
    return Session.objects.create(
        pair=pair, starts_at=timezone.now() - timedelta(hours=2), status=status
    )


def goal_draft(world: World, target: float = 10) -> GoalDraft:
    return GoalDraft(
        text="Ship three dashboards on my own",
        metric="Dashboards shipped",
        unit="dashboards",
        direction="up",
        baseline=0,
        target=target,
        deadline=world.cohort.end_date,
        cohort_start=world.cohort.start_date,
        cohort_end=world.cohort.end_date,
    )


# Sessions


def test_planning_sessions_in_bulk_marks_the_cohort_stale(world: World) -> None:
    assert stales(
        world,
        lambda: sessions.schedule_create(
            pair=world.pair,
            first_day=TODAY + timedelta(days=1),
            at=timezone.now().time(),
            zone="Europe/London",
        ),
    )


def test_logging_a_session_marks_the_cohort_stale(world: World) -> None:
    session = past_session(world.pair)
    assert stales(
        world,
        lambda: sessions.session_log(
            session=session, status=Session.Status.HELD, minutes=45, notes="", tags=["SQL"]
        ),
    )


def test_cancelling_or_moving_a_session_marks_the_cohort_stale(world: World) -> None:
    later = Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(days=3))
    assert stales(world, lambda: sessions.session_cancel(session=later))
    other = Session.objects.create(pair=world.pair, starts_at=timezone.now() + timedelta(days=4))
    assert stales(
        world,
        lambda: sessions.session_reschedule(
            session=other, starts_at=timezone.now() + timedelta(days=5)
        ),
    )


def test_a_session_logged_in_another_cohort_leaves_this_one_fresh(world: World) -> None:
    elsewhere = PairFactory()
    session = past_session(elsewhere)
    assert not stales(
        world,
        lambda: sessions.session_log(
            session=session, status=Session.Status.HELD, minutes=45, notes="", tags=[]
        ),
    )
    assert not CohortResult.objects.filter(cohort=elsewhere.cohort).exists()  # none to mark


# Goals


def test_setting_a_goal_and_noting_progress_mark_the_cohort_stale(world: World) -> None:
    member = world.pair.mentee
    assert stales(
        world, lambda: workspace.goal_save(pair=world.pair, member=member, draft=goal_draft(world))
    )
    goal = Goal.objects.get(pair=world.pair)
    assert stales(
        world,
        lambda: workspace.goal_progress(
            goal=goal, member=member, value=2, noted_on=TODAY, note="", today=TODAY
        ),
    )
    assert GoalUpdate.objects.filter(goal=goal).count() == 1


def test_a_journal_entry_is_not_an_input(world: World) -> None:
    assert not stales(
        world,
        lambda: workspace.journal_write(
            pair=world.pair,
            author=world.pair.mentee,
            written_on=TODAY,
            text="Good week",
            today=TODAY,
        ),
    )


# Pair states


def test_graduating_a_pair_marks_the_cohort_stale(world: World) -> None:
    pair = world.pair
    workspace.closure_propose(
        pair=pair,
        member=pair.mentee,
        decision="graduate",
        outcome=None,
        reflection="I learned SQL.",
        next_steps="Keep going.",
    )
    assert stales(
        world,
        lambda: workspace.closure_answer(
            pair=pair, member=pair.mentor, confirm=True, reflection="I learned to teach."
        ),
    )
    assert Pair.objects.get(pk=pair.pk).state == Pair.State.CLOSED


def test_a_concern_that_pauses_the_pair_marks_the_cohort_stale_and_one_that_does_not_does_not(
    world: World,
) -> None:
    def concern() -> Concern:
        return workspace.concern_raise(
            pair=world.pair, member=world.pair.mentee, topic=Concern.Topic.values[0], text="Help"
        )

    first = concern()
    assert not stales(world, lambda: workspace.concern_act(concern=first, action="none", note=""))
    second = concern()
    assert stales(world, lambda: workspace.concern_act(concern=second, action="pause", note=""))


def test_publishing_a_round_marks_the_cohort_stale(db) -> None:
    org = Org()
    match_round = create_round(org)
    run(org, match_round)
    fresh(org.cohort)
    response = org.client().post(
        reverse("matching:publish", args=[match_round.public_id]), {"confirm": "yes"}
    )
    assert response.status_code == 302
    assert is_stale(org.cohort)


def test_closing_the_cohort_marks_it_stale(world: World) -> None:
    cohort = world.cohort
    cohort.state = Cohort.State.CLOSING
    cohort.save(update_fields=["state"])
    assert stales(
        world,
        lambda: lifecycle.cohort_move(
            cohort, to=Cohort.State.CLOSED, actor=world.users["lead"], confirmed=True
        ),
    )


# Surveys and ratings


def open_wave(world: World, *keys: str) -> Wave:
    wave = surveys.add_wave(
        cohort=world.cohort,
        label="Pulse",
        instrument_keys=list(keys),
        opens_on=TODAY - timedelta(days=1),
        closes_on=TODAY + timedelta(days=10),
    )
    return surveys.open_wave(wave)


def test_opening_closing_and_sizing_waves_mark_the_cohort_stale(world: World) -> None:
    assert stales(world, lambda: open_wave(world, "feedback"))
    wave = Wave.objects.get(cohort=world.cohort)
    assert stales(world, lambda: surveys.close_wave(wave))
    scheduled = surveys.add_wave(
        cohort=world.cohort,
        label="Later",
        instrument_keys=["feedback"],
        opens_on=TODAY + timedelta(days=20),
        closes_on=TODAY + timedelta(days=30),
    )
    assert stales(world, lambda: surveys.set_min_group_size(scheduled, 7))


def test_answering_a_survey_marks_the_cohort_stale_and_a_draft_does_not(world: World) -> None:
    wave = open_wave(world, "engagement")
    invitation = Invitation.objects.get(wave=wave, participant=world.pair.mentee)
    answers = {
        f"engagement.{item}": "4"
        for item in (i.key for i in wave.parts.get().instrument.spec.scored_items)
    }
    assert not stales(world, lambda: surveys.save_draft(invitation, answers, TODAY))
    assert stales(world, lambda: surveys.submit(invitation, answers, TODAY))
    assert Response.objects.filter(wave=wave).count() == 1


def test_rating_skills_in_a_survey_marks_the_cohort_stale(world: World) -> None:
    from upward.matching.models import MatchProfile

    competency = CompetencyFactory()
    MatchProfile.objects.create(participant=world.pair.mentee).wants.add(competency)
    wave = open_wave(world, "skills")
    invitation = Invitation.objects.get(wave=wave, participant=world.pair.mentor)
    answers = {f"skills.partner.{competency.pk}": "2"}
    assert stales(world, lambda: surveys.submit(invitation, answers, TODAY))
    assert SkillRating.objects.filter(cohort=world.cohort, rater_kind="partner").exists()


def test_rating_oneself_at_intake_marks_the_cohort_stale(world: World) -> None:
    from upward.recruitment.services import intake_save

    competency = CompetencyFactory()
    assert stales(
        world,
        lambda: intake_save(
            world.pair.mentee,
            goals="Learn SQL",
            wants=[competency],
            interests=[],
            slots=[],
            time_zone="Europe/London",
            channel="",
            language="en",
            levels={competency.pk: 2},
        ),
    )
    assert SkillRating.objects.filter(cohort=world.cohort, rater_kind="self").exists()


# Flags


def test_a_safety_flag_marks_the_cohort_stale_and_another_flag_does_not(world: World) -> None:
    def flag(reason: Reason, key: str) -> Flag | None:
        return flags.raise_flag(
            key=key,
            program=world.program,
            reason=reason,
            evidence="Why",
            today=TODAY,
            cohort=world.cohort,
            pair=world.pair,
        )

    assert not stales(world, lambda: flag(Reason.STALE, "stale-1"))
    assert stales(world, lambda: flag(Reason.LOW_SAFETY, "safety-1"))


def test_pausing_a_pair_from_a_flag_marks_the_cohort_stale(world: World) -> None:
    raised = flags.raise_flag(
        key="stale-2",
        program=world.program,
        reason=Reason.STALE,
        evidence="Why",
        today=TODAY,
        cohort=world.cohort,
        pair=world.pair,
    )
    assert raised is not None
    assert stales(
        world,
        lambda: flags.act(raised, action="pause", note="", by=world.users["lead"], today=TODAY),
    )


# People: a member's record changed by the identity provider


@pytest.fixture
def scim_client(world: World):
    from django.test import Client

    secret = tokens.issue(by=world.users["site_admin"], name="Okta", scope="scim")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def provision(client, employee) -> int:
    body = {
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        ],
        "userName": employee.email,
        "name": {"givenName": employee.first_name, "familyName": employee.last_name},
        "emails": [{"value": employee.email, "type": "work", "primary": True}],
        "active": True,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": employee.employee_id,
            "department": "Finance",
        },
    }
    import json

    response = client.post("/scim/v2/Users", json.dumps(body), content_type="application/scim+json")
    return int(response.status_code)


def test_a_member_changed_by_scim_marks_their_cohort_stale(world: World, scim_client) -> None:
    fresh(world.cohort)
    assert provision(scim_client, EmployeeFactory()) == 201  # not a member: nothing changes
    assert not is_stale(world.cohort)
    assert provision(scim_client, world.other_pair.mentee.employee) == 201
    assert is_stale(world.cohort)


# The wiring


def test_a_refresh_is_queued_once_per_program_after_commit(
    world: World, django_capture_on_commit_callbacks
) -> None:
    fresh(world.cohort)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sessions.session_cancel(
            session=Session.objects.create(
                pair=world.pair, starts_at=timezone.now() + timedelta(days=3)
            )
        )
        sessions.session_cancel(
            session=Session.objects.create(
                pair=world.other_pair, starts_at=timezone.now() + timedelta(days=3)
            )
        )
    refreshes = [c for c in callbacks if isinstance(c, partial)]  # emails queue lambdas
    assert len(refreshes) == 1  # the second write found the result already stale
    result = CohortResult.objects.get(cohort=world.cohort)
    assert not result.stale and result.computed_at is not None  # the queue refreshed it


def test_a_bare_orm_write_no_longer_marks_anything(world: World) -> None:
    # Rows written outside the services (fixtures, the demo seed) are the nightly run's.
    assert not stales(world, lambda: past_session(world.pair, Session.Status.HELD))


def test_impact_connects_no_post_save_receiver() -> None:
    source = inspect.getsource(signals)
    assert "post_save" not in source.replace("Nothing here hangs on `post_save`", "")
    for model in (Pair, Session, Response, SkillRating, GoalUpdate, Goal, Flag, Wave):
        receivers = post_save._live_receivers(model)
        sync, async_ = receivers if isinstance(receivers, tuple) else (receivers, [])
        modules = {getattr(r, "__module__", "") for r in [*sync, *async_]}
        assert not any(m.startswith("upward.impact") for m in modules), (model, modules)
