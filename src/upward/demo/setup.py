"""Demo data for program setup: the readiness check behind the program, its signed charter,
checkpoints attended and missed, and invitations in every state."""

import random
from datetime import date, timedelta

from django.utils import timezone

from upward.accounts.models import User
from upward.domain.program_design import ROLE_DESCRIPTION
from upward.governance.models import CharterSignature, Checkpoint
from upward.governance.services import (
    CHARTER_DEFAULTS,
    charter_save,
    checkpoints_plan,
    readiness_run,
)
from upward.people.models import Employee
from upward.programs.models import Cohort, Participant, Program


def build_setup_demo(rng: random.Random, program: Program, today: date) -> None:
    lead, sponsor = User.objects.get(username="lead"), User.objects.get(username="sponsor")
    check = readiness_run(
        actor=lead,
        today=program.start_date - timedelta(days=30),
        notes="",
        signals=[
            "junior_turnover",
            "leadership_blind_spots",
            "fast_change",
            "missing_customer_view",
        ],
    )
    check.program = program
    check.save(update_fields=["program"])
    program.kpis = [
        "retention_vs_control",
        "skill_attainment",
        "goal_attainment",
        "business_metric",
    ]
    program.business_metric, program.business_metric_unit = "Time from idea to test", "days"
    program.business_metric_direction, program.role_description = "down", ROLE_DESCRIPTION
    program.save(
        update_fields=[
            "kpis",
            "business_metric",
            "business_metric_unit",
            "business_metric_direction",
            "role_description",
        ]
    )
    charter = charter_save(
        program=program, actor=lead, fields={"objective": program.objective, **CHARTER_DEFAULTS}
    )
    CharterSignature.objects.create(charter=charter, signer=sponsor)
    _checkpoints(program, today)
    _participation_history(today)
    _invitations(rng, Cohort.objects.get(program=program, name="Cohort 3"), today)


def _checkpoints(program: Program, today: date) -> None:
    """Past checkpoints held, the sponsor at all but one; one overdue and unrecorded."""
    checkpoints_plan(program)
    past = list(program.checkpoints.filter(due_date__lt=today).order_by("due_date"))
    for index, checkpoint in enumerate(past[:-1]):
        checkpoint.held_on = checkpoint.due_date
        checkpoint.sponsor_attended = index != 1  # the sponsor missed the second one
        checkpoint.notes = "Sponsor opened the session." if index == 0 else ""
        checkpoint.save(update_fields=["held_on", "sponsor_attended", "notes"])
    if not past:
        Checkpoint.objects.create(
            program=program, kind=Checkpoint.Kind.QUARTERLY, due_date=today - timedelta(days=10)
        )


def _participation_history(today: date) -> None:
    """Everyone already taking part said yes and completed an intake."""
    now = timezone.now()
    Participant.objects.filter(consent_at__isnull=True).exclude(
        state__in=[Participant.State.INVITED, Participant.State.DECLINED]
    ).update(
        consent_at=now, intake_completed_at=now, invited_at=now, channel="video", language="English"
    )


def _invitations(rng: random.Random, cohort: Cohort, today: date) -> None:
    taken = set(Participant.objects.values_list("employee_id", flat=True))
    pool = list(
        Employee.objects.filter(status="active", level__lte=3, account__isnull=True)
        .exclude(pk__in=taken)
        .order_by("employee_id")
    )
    now = timezone.now()
    states = (
        [(Participant.State.INVITED, None, None)] * 3
        + [(Participant.State.DECLINED, None, None)] * 2
        + [(Participant.State.ACTIVE, now, None)] * 2
    )  # opted in, intake not done yet
    for employee, (state, consent, intake) in zip(
        rng.sample(pool, len(states)), states, strict=True
    ):
        Participant.objects.create(
            cohort=cohort,
            employee=employee,
            role="mentor",
            state=state,
            invited_at=now - timedelta(days=3),
            consent_at=consent,
            intake_completed_at=intake,
        )
