"""Erasing a person (GDPR art. 17): their identity goes everywhere, the facts aggregates need stay.

What goes: names, e-mail, HRIS id, title, location, their profile and photo; the login and every
way into it (sessions, SSO and SCIM identities, calendar feed, tokens, program roles); the
diversity profile; free text they wrote (goals, concerns, milestone notes, their side of a
closure, free-text survey answers, drafts); stories about their pair; e-mails queued to them;
and their name wherever another text quotes it (a flag's evidence, a webhook message, a pair's
notes). Their audit subject keys are unlinked, so the append-only log keeps every event and no
longer says whose it was.

What stays, tied to a pseudonymous record: level, department, dates, status and exit (retention
and promotion figures), pairs and participation (cohort counts), numeric survey scores and skill
ratings (every aggregate computed before reads the same after).
"""

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from upward.accounts.models import LoginSession, SsoIdentity, TotpDevice, User
from upward.accounts.profiles import profile_erase
from upward.accounts.sessions import end_sessions
from upward.alumni.models import Alumnus, GuideCheckIn
from upward.audit import log as audit
from upward.audit.models import AuditSubject
from upward.circles.models import CircleNote
from upward.flags.models import Flag
from upward.integrations.models import ApiToken
from upward.matching.models import MatchProfile
from upward.notifications.models import OutboundEmail
from upward.people.models import DiversityProfile, Employee
from upward.programs.models import Pair, Participant, ProgramRole
from upward.scim.models import ScimUser
from upward.surveys.models import Invitation, Response
from upward.webhooks.models import Delivery
from upward.workspace.models import (
    CalendarToken,
    Closure,
    Concern,
    GoalUpdate,
    Insight,
    JournalEntry,
    MilestoneCheck,
    Session,
    Story,
)

REMOVED = "[removed at the person's request]"
NAME_STANDIN = "[a former participant]"


@transaction.atomic
def erase_person(employee: Employee, *, by: User) -> Employee:
    employee = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("account")
        .get(pk=employee.pk)
    )
    names = _names(employee)
    audit.record(audit.Action.DATA_REQUEST, actor=by, about=employee, kind="erasure")
    participations = Participant.objects.filter(employee=employee)
    pairs = Pair.objects.filter(Q(mentor__in=participations) | Q(mentee__in=participations))
    _unlink_audit(employee)
    _close_the_login(employee.account)
    _remove_what_they_wrote(employee, participations, pairs)
    _remove_their_name_from(names, pairs)
    OutboundEmail.objects.filter(to__iexact=employee.email).delete()
    DiversityProfile.objects.filter(employee=employee).delete()
    ScimUser.objects.filter(employee=employee).delete()
    employee.scim_groups.clear()
    return _pseudonymise(employee)


def _names(employee: Employee) -> list[str]:
    candidates = {
        employee.display_name,
        f"{employee.first_name} {employee.last_name}".strip(),
        employee.email,
    }
    # Longest first, so "Ada Lovelace" is replaced before "Ada" could split it.
    return sorted((name for name in candidates if len(name) > 2), key=len, reverse=True)


def _unlink_audit(employee: Employee) -> None:
    subjects = AuditSubject.objects.filter(Q(employee=employee) | Q(user__employee=employee))
    subjects.update(employee=None, user=None)


def _close_the_login(account: User | None) -> None:
    if account is None:
        return
    end_sessions(account)
    profile_erase(account)  # their words and their photo
    for model in (LoginSession, SsoIdentity, TotpDevice, CalendarToken, ProgramRole):
        model.objects.filter(user=account).delete()
    ApiToken.objects.filter(created_by=account, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    account.username = f"erased-{uuid.uuid4().hex[:16]}"
    account.email = account.first_name = account.last_name = ""
    account.is_active = account.is_staff = account.is_superuser = False
    account.set_unusable_password()
    account.save()


def _remove_what_they_wrote(employee: Employee, participations: Any, pairs: Any) -> None:
    participations.update(goals="")
    MatchProfile.objects.filter(participant__in=participations).update(interests=[], slots=[])
    MilestoneCheck.objects.filter(by__in=participations).update(
        roadblocks=REMOVED, wins=REMOVED, next_actions=REMOVED
    )
    Concern.objects.filter(raised_by__in=participations).update(text=REMOVED)
    GoalUpdate.objects.filter(by__in=participations).update(note="")
    Insight.objects.filter(raised_by__in=participations).update(description=REMOVED)
    Closure.objects.filter(pair__mentor__in=participations).update(mentor_learned=REMOVED)
    Closure.objects.filter(pair__mentee__in=participations).update(mentee_learned=REMOVED)
    # The memo quotes both reflections, theirs included.
    Closure.objects.filter(pair__in=pairs).update(memo=REMOVED)
    # A journal is theirs alone: nothing of it stays.
    JournalEntry.objects.filter(author__in=participations).delete()
    CircleNote.objects.filter(author=employee).update(text=REMOVED)
    # A guide's check-in lines are their words about someone else; lines about an erased
    # mentor are about them. Either way the words go; that a check-in happened stays.
    GuideCheckIn.objects.filter(guided__appointment__guide=employee).update(text=REMOVED)
    GuideCheckIn.objects.filter(guided__mentor__in=participations).update(text=REMOVED)
    # An alumnus listed to other members is listed no longer.
    Alumnus.objects.filter(employee=employee).delete()
    Story.objects.filter(pair__in=pairs).delete()  # published with their consent, now withdrawn
    Invitation.objects.filter(participant__in=participations).update(draft={})
    for response in Response.objects.filter(participant__in=participations):
        # Scores stay (aggregates); words go.
        response.answers = {
            key: ("" if isinstance(value, str) else value)
            for key, value in response.answers.items()
        }
        response.save(update_fields=["answers"])


def _remove_their_name_from(names: list[str], pairs: Any) -> None:
    texts: list[tuple[Any, tuple[str, ...]]] = [
        (Flag.objects.filter(pair__in=pairs), ("evidence", "note")),
        (Session.objects.filter(pair__in=pairs), ("private_notes",)),
    ]
    for queryset, fields in texts:
        for row in queryset.only("pk", *fields):
            cleaned = {field: _without(getattr(row, field), names) for field in fields}
            changed = {f: text for f, text in cleaned.items() if text != getattr(row, f)}
            if changed:
                type(row).objects.filter(pk=row.pk).update(**changed)
    for delivery in Delivery.objects.filter(_mentions("body", names)):
        delivery.body = _scrub_json(delivery.body, names)
        delivery.save(update_fields=["body"])


def _mentions(field: str, names: list[str]) -> Q:
    query = Q()
    for name in names:
        query |= Q(**{f"{field}__icontains": name})
    return query


def _without(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, NAME_STANDIN)
    return text


def _scrub_json(value: Any, names: list[str]) -> Any:
    if isinstance(value, str):
        return _without(value, names)
    if isinstance(value, list):
        return [_scrub_json(item, names) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_json(item, names) for key, item in value.items()}
    return value


def _pseudonymise(employee: Employee) -> Employee:
    token = uuid.uuid4().hex[:12]
    employee.first_name = "Erased"
    employee.last_name = employee.preferred_name = employee.title = ""
    employee.location = employee.time_zone = employee.language = ""
    employee.email = f"erased-{token}@erased.invalid"
    employee.employee_id = f"erased-{token}"
    employee.manager = None
    employee.save()
    return employee
