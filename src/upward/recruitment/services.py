"""Inviting people into a cohort, their consent, and their intake."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from upward.competencies.models import Competency, SkillRating
from upward.matching.models import MatchProfile
from upward.people.models import Employee
from upward.programs.models import Cohort, Participant
from upward.programs.signals import inputs_changed
from upward.recruitment.emails import queue_invitation


@transaction.atomic
def invite(*, cohort: Cohort, employees: list[Employee], role: str) -> list[Participant]:
    if not employees:
        raise ValidationError("Choose at least one person to invite.")
    gone = [str(e) for e in employees if e.status == Employee.StatusChoices.EXITED]
    if gone:
        raise ValidationError(f"{', '.join(gone)} has left the organisation and cannot be invited.")
    already = set(
        cohort.participants.filter(employee__in=employees).values_list(
            "employee__employee_id", flat=True
        )
    )
    if already:
        raise ValidationError(f"Already in this cohort: {', '.join(sorted(already))}.")
    now = timezone.now()
    invited = Participant.objects.bulk_create(
        [
            Participant(
                cohort=cohort,
                employee=e,
                role=role,
                state=Participant.State.INVITED,
                invited_at=now,
            )
            for e in employees
        ]
    )
    for participant in invited:
        queue_invitation(participant)
    return invited


REMIND_EVERY = timedelta(days=2)


@transaction.atomic
def remind(cohort: Cohort) -> int:
    """Nudge invitees who have not answered; nobody gets more than one nudge per two days."""
    now = timezone.now()
    due = list(
        cohort.participants.select_for_update()
        .filter(state=Participant.State.INVITED, invited_at__lte=now - REMIND_EVERY)
        .exclude(reminded_at__gt=now - REMIND_EVERY)
    )
    for participant in due:
        participant.reminded_at = now
        queue_invitation(participant, reminder=True)
    Participant.objects.bulk_update(due, ["reminded_at"])
    return len(due)


@transaction.atomic
def respond(participant: Participant, *, accept: bool) -> None:
    if participant.state not in {Participant.State.INVITED, Participant.State.DECLINED}:
        raise ValidationError("This invitation has already been answered.")
    if accept:
        participant.state, participant.consent_at = Participant.State.ACTIVE, timezone.now()
        participant.joined_on = timezone.localdate()
    else:
        participant.state, participant.consent_at = Participant.State.DECLINED, None
    participant.save(update_fields=["state", "consent_at", "joined_on"])


@transaction.atomic
def intake_save(
    participant: Participant,
    *,
    goals: str,
    wants: list[Competency],
    interests: list[str],
    slots: list[str],
    time_zone: str,
    channel: str,
    language: str,
    levels: dict[int, int],
) -> None:
    if participant.consent_at is None:
        raise ValidationError("Agree to take part before filling in the intake.")
    if not levels:
        raise ValidationError(
            "Rate yourself on at least one skill, so matching knows what you bring."
        )
    participant.goals, participant.channel, participant.language = goals, channel, language
    participant.intake_completed_at = timezone.now()
    participant.save(update_fields=["goals", "channel", "language", "intake_completed_at"])
    employee = participant.employee
    employee.time_zone = time_zone
    employee.save(update_fields=["time_zone"])
    profile, _ = MatchProfile.objects.update_or_create(
        participant=participant, defaults={"interests": interests, "slots": slots}
    )
    profile.wants.set(wants)
    today = timezone.localdate()
    for competency_id, level in levels.items():
        SkillRating.objects.update_or_create(
            employee=employee,
            competency_id=competency_id,
            rater_kind="self",
            phase="baseline",
            cohort=participant.cohort,
            defaults={"level": level, "rated_on": today},
        )
    inputs_changed(SkillRating, participant.cohort_id)
