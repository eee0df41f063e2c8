"""Writes for circles: forming and reshaping them, notes, and circle sessions."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.audit import log as audit
from upward.circles import emails
from upward.circles.models import (
    MAX_MEMBERS,
    MIN_MEMBERS,
    Circle,
    CircleMember,
    CircleNote,
    CircleSession,
)
from upward.circles.selectors import mentors_of
from upward.people.models import Employee
from upward.programs.models import Program

NOTE_LIMIT = 2000


@dataclass(frozen=True)
class CircleFields:
    name: str
    focus: str
    cadence_weeks: int
    members: list[str]  # employees' public ids, as the form sends them


def _problems(program: Program, fields: CircleFields) -> list[str]:
    problems = []
    if not fields.name.strip() or len(fields.name.strip()) > 120:
        problems.append("Give the circle a name of up to 120 characters.")
    if not fields.focus.strip() or len(fields.focus.strip()) > 200:
        problems.append("Say in one line (up to 200 characters) what the circle swaps notes on.")
    if not 1 <= fields.cadence_weeks <= 12:
        problems.append("Circles meet every 1 to 12 weeks.")
    chosen = set(fields.members)
    if not MIN_MEMBERS <= len(chosen) <= MAX_MEMBERS:
        problems.append(
            f"A circle has {MIN_MEMBERS} to {MAX_MEMBERS} members; you picked {len(chosen)}."
        )
    return problems


def _chosen_mentors(program: Program, fields: CircleFields) -> dict[Employee, int]:
    """Each chosen employee with the cohort they mentored in; refuses anyone else."""
    by_id = {str(p.employee.public_id): p for p in mentors_of(program)}
    unknown = [pid for pid in fields.members if pid not in by_id]
    if unknown:
        raise ValidationError(
            "Only mentors of this program can join its circles; someone picked is not one."
        )
    return {by_id[pid].employee: by_id[pid].cohort_id for pid in dict.fromkeys(fields.members)}


def _save_fields(circle: Circle, fields: CircleFields) -> None:
    circle.name, circle.focus = fields.name.strip(), fields.focus.strip()
    circle.cadence_weeks = fields.cadence_weeks
    try:
        with transaction.atomic():
            circle.save()
    except IntegrityError:
        raise ValidationError(
            f"This program already has a circle called “{circle.name}”; choose another name."
        ) from None


@transaction.atomic
def circle_form(
    *,
    program: Program,
    fields: CircleFields,
    by: User,
    circle: Circle | None = None,
    because: str = "",
) -> Circle:
    """Form a circle (circle=None) or reshape one: its name, focus, rhythm and members. Those
    added are told by email; those removed simply no longer see it."""
    problems = _problems(program, fields)
    if problems:
        raise ValidationError(problems)
    chosen = _chosen_mentors(program, fields)
    if circle is None:
        circle = Circle(program=program, formed_by=by, suggested_because=because[:2000])
    _save_fields(circle, fields)
    current = set(circle.members.values_list("employee_id", flat=True))
    circle.members.exclude(employee__in=list(chosen)).delete()
    added = [employee for employee in chosen if employee.pk not in current]
    CircleMember.objects.bulk_create(
        [CircleMember(circle=circle, employee=e, cohort_id=chosen[e]) for e in added]
    )
    audit.record(
        audit.Action.MATCH_EDITED,
        actor=by,
        target=circle,
        kind="circle_members",
        added=len(added),
        removed=len(current - {e.pk for e in chosen}),
    )
    emails.queue_added_emails(circle, added)
    return circle


@transaction.atomic
def note_add(*, member: CircleMember, text: str) -> CircleNote:
    text = text.strip()
    if not text:
        raise ValidationError("Write something to share before saving the note.")
    if len(text) > NOTE_LIMIT:
        raise ValidationError(f"Keep a note to {NOTE_LIMIT} characters (it has {len(text)}).")
    return CircleNote.objects.create(circle=member.circle, author=member.employee, text=text)


@transaction.atomic
def session_schedule(
    *, circle: Circle, starts_at: datetime, minutes: int, place: str, by: User
) -> CircleSession:
    problems = []
    if starts_at <= timezone.now():
        problems.append("Pick a time that is still to come.")
    if not 15 <= minutes <= 240:
        problems.append("A circle session lasts 15 to 240 minutes.")
    if len(place.strip()) > 300:
        problems.append("Keep the place or link to 300 characters.")
    if problems:
        raise ValidationError(problems)
    session = CircleSession.objects.create(
        circle=circle, starts_at=starts_at, minutes=minutes, place=place.strip(), scheduled_by=by
    )
    emails.queue_session_emails(session, planned_by=_employee_of(by))
    return session


@transaction.atomic
def session_cancel(*, session: CircleSession, by: User) -> CircleSession:
    if session.status != CircleSession.Status.PLANNED:
        raise ValidationError("This session was already cancelled.")
    if session.starts_at <= timezone.now():
        raise ValidationError("This session has already started; it can't be cancelled now.")
    session.status, session.sequence = CircleSession.Status.CANCELLED, session.sequence + 1
    session.save(update_fields=["status", "sequence"])
    emails.queue_session_emails(session, planned_by=_employee_of(by))
    return session


def _employee_of(user: User) -> Employee | None:
    return Employee.objects.filter(account=user).first()
