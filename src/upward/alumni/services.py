"""Writes for the alumni loop and for guides (mentors of mentors)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.alumni.emails import queue_guide_appointed
from upward.alumni.models import Alumnus, GuideAppointment, GuideCheckIn, GuidedMentor
from upward.alumni.selectors import is_guide_candidate
from upward.audit import log as audit
from upward.people.models import Employee
from upward.programs.models import Cohort, Pair, Participant
from upward.recruitment.services import invite

CHECK_IN_LENGTH = 300


def _ended_on(pair: Pair, today: date) -> date:
    if pair.ended_on:
        return pair.ended_on
    return max(today, pair.started_on or today)


@transaction.atomic
def alumni_record(*, pairs: Iterable[Pair], way: str) -> list[Alumnus]:
    """Both members of each graduated pair become alumni of its program. Idempotent: a person
    already an alumnus of the program keeps their first record and their choices."""
    # Never started (a proposal the cohort closed on) or broken up: nothing graduated.
    graduated = [p for p in pairs if p.state not in (Pair.State.PROPOSED, Pair.State.DISSOLVED)]
    members = {
        row["pk"]: row
        for row in Participant.objects.filter(
            pk__in=[pk for p in graduated for pk in (p.mentor_id, p.mentee_id)]
        ).values("pk", "employee_id", "role", "cohort__program_id")
    }
    today = timezone.localdate()
    made = []
    for pair in graduated:
        for member in (members[pair.mentor_id], members[pair.mentee_id]):
            alumnus, created = Alumnus.objects.get_or_create(
                program_id=member["cohort__program_id"],
                employee_id=member["employee_id"],
                defaults={
                    "pair": pair,
                    "role": member["role"],
                    "way": way,
                    "graduated_on": _ended_on(pair, today),
                },
            )
            if created:
                made.append(alumnus)
    return made


@transaction.atomic
def alumnus_choices_save(*, alumnus: Alumnus, listed: bool, open_to_return: bool) -> Alumnus:
    alumnus.listed, alumnus.open_to_return = listed, open_to_return
    alumnus.choices_updated_at = timezone.now()
    alumnus.save(update_fields=["listed", "open_to_return", "choices_updated_at"])
    return alumnus


def _invite_back_problems(alumnus: Alumnus, cohort: Cohort) -> list[str]:
    if alumnus.role != Participant.Role.MENTOR:
        return ["Only alumni who mentored are invited back as mentors."]
    if cohort.program_id != alumnus.program_id:
        return ["Choose a cohort of this program."]
    if cohort.state in (Cohort.State.CLOSING, Cohort.State.CLOSED):
        return [f"{cohort.name} is {cohort.get_state_display().lower()}: choose a later cohort."]
    if cohort.start_date <= alumnus.graduated_on:
        return [f"{cohort.name} started before they graduated: choose a later cohort."]
    if alumnus.employee.status == Employee.StatusChoices.EXITED:
        return [f"{alumnus.employee.display_name} has left the organisation."]
    return []


@transaction.atomic
def alumnus_invite_back(*, alumnus: Alumnus, cohort: Cohort) -> Participant:
    """Invite an alumnus to mentor in a later cohort: the recruitment app's invitation, so they
    get the usual email and give their consent like anyone else."""
    problems = _invite_back_problems(alumnus, cohort)
    if problems:
        raise ValidationError(problems)
    invited = invite(cohort=cohort, employees=[alumnus.employee], role=Participant.Role.MENTOR)
    participant = invited[0]
    alumnus.state = Alumnus.State.INVITED_BACK
    alumnus.invited_back_to, alumnus.invited_back_on = cohort, timezone.localdate()
    alumnus.save(update_fields=["state", "invited_back_to", "invited_back_on"])
    return participant


def _appointment_problems(cohort: Cohort, guide: Employee, mentors: list[Participant]) -> list[str]:
    problems = []
    if cohort.state == Cohort.State.CLOSED:
        problems.append("This cohort is closed: its mentors no longer need a guide.")
    if not mentors:
        problems.append("Choose at least one mentor to guide.")
    if guide.status == Employee.StatusChoices.EXITED:
        problems.append(f"{guide.display_name} has left the organisation.")
    elif not is_guide_candidate(cohort.program, guide):
        problems.append(
            f"{guide.display_name} has not mentored in this program: a guide needs that experience."
        )
    strangers = [
        m for m in mentors if m.cohort_id != cohort.pk or m.role != Participant.Role.MENTOR
    ]
    if strangers:
        problems.append("Choose mentors of this cohort only.")
    if any(m.employee_id == guide.pk for m in mentors):
        problems.append("A guide cannot guide themselves: untick their own name.")
    return problems


def _already_guided(mentors: list[Participant]) -> list[str]:
    taken = GuidedMentor.objects.filter(mentor__in=mentors, ended_on__isnull=True).select_related(
        "mentor__employee", "appointment__guide"
    )
    return [
        f"{row.mentor.employee.display_name} already has a guide "
        f"({row.appointment.guide.display_name}): end that first."
        for row in taken
    ]


@transaction.atomic
def guide_appoint(
    *, cohort: Cohort, guide: Employee, mentors: list[Participant], actor: User
) -> GuideAppointment:
    """Appoint a guide to some of a cohort's mentors (or add mentors to their appointment)."""
    Cohort.objects.select_for_update(of=("self",)).filter(pk=cohort.pk).first()
    problems = _appointment_problems(cohort, guide, mentors) or _already_guided(mentors)
    if problems:
        raise ValidationError(problems)
    today = timezone.localdate()
    appointment, _ = GuideAppointment.objects.get_or_create(
        cohort=cohort,
        guide=guide,
        ended_on=None,
        defaults={"appointed_by": actor, "appointed_on": today},
    )
    added = GuidedMentor.objects.bulk_create(
        [GuidedMentor(appointment=appointment, mentor=mentor) for mentor in mentors]
    )
    audit.record(
        audit.Action.ROLE_CHANGED,
        actor=actor,
        about=guide,
        target=appointment,
        change="guide_appointed",
        mentors=len(added),
    )
    queue_guide_appointed(appointment, added)
    return appointment


@transaction.atomic
def guide_end(*, appointment: GuideAppointment, actor: User) -> GuideAppointment:
    if appointment.ended_on is not None:
        raise ValidationError("This appointment has already ended.")
    today = timezone.localdate()
    appointment.ended_on = today
    appointment.save(update_fields=["ended_on"])
    appointment.mentors.filter(ended_on__isnull=True).update(ended_on=today)
    audit.record(
        audit.Action.ROLE_CHANGED,
        actor=actor,
        about=appointment.guide,
        target=appointment,
        change="guide_ended",
    )
    return appointment


def check_in_problems(held_on: date | None, text: str, guided: GuidedMentor) -> list[str]:
    problems = []
    today = timezone.localdate()
    if held_on is None:
        problems.append("Give the date you checked in.")
    elif held_on > today:
        problems.append("The date can't be in the future.")
    elif held_on < guided.appointment.appointed_on:
        problems.append("That date is before you became their guide.")
    if not text.strip():
        problems.append("Write a line about how it went.")
    elif len(text.strip()) > CHECK_IN_LENGTH:
        problems.append(f"Keep it to one line: at most {CHECK_IN_LENGTH} characters.")
    return problems


@transaction.atomic
def guide_check_in(*, guided: GuidedMentor, held_on: date | None, text: str) -> GuideCheckIn:
    if guided.ended_on is not None:
        raise ValidationError("You no longer guide this mentor.")
    problems = check_in_problems(held_on, text, guided)
    if problems:
        raise ValidationError(problems)
    assert held_on is not None
    return GuideCheckIn.objects.create(guided=guided, held_on=held_on, text=text.strip())
