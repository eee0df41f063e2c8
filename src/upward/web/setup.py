"""The site administrator's setup: who holds which role, and the first-run checklist.

Reads (the checklist, a person's roles and their history) and writes (site admin granted or
removed, a test email). Program roles are granted by `upward.programs.services`.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from upward.accounts.access_links import send_password_link
from upward.accounts.models import User
from upward.audit.models import AuditEvent, AuditSubject
from upward.competencies.models import Competency
from upward.notifications.models import OutboundEmail
from upward.notifications.outbox import queue_email
from upward.people.models import Employee
from upward.people.selectors import search_people
from upward.programs import services as program_services
from upward.programs.models import Program, ProgramRole

SITE_ADMIN = "site_admin"
TEST_EMAIL_KEY = "setup_test"
ROLE_LABELS = {
    ProgramRole.Role.LEAD.value: "program lead",
    ProgramRole.Role.ANALYST.value: "people analyst",
    ProgramRole.Role.SPONSOR.value: "executive sponsor",
    SITE_ADMIN: "site admin",
}
HISTORY_LENGTH = 10
FOUND = 25


# Reads -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckItem:
    """One line of the first-run checklist; `done` is read from the data, never ticked by hand."""

    key: str
    done: bool
    label: str
    text: str


def _test_email_text(last: OutboundEmail | None) -> str:
    if last is None:
        return "No test email sent yet."
    if last.state == OutboundEmail.State.SENT and last.sent_at:
        sent = timezone.localtime(last.sent_at)
        return f"The last test email to {last.to} was sent at {sent:%H:%M on %d %b %Y}."
    if last.state == OutboundEmail.State.FAILED:
        return f"The last test email to {last.to} failed: {last.last_error}"
    if last.last_error:
        return (
            f"The last test email to {last.to} has not gone yet; it will be tried again. "
            f"The mail server said: {last.last_error}"
        )
    return f"The last test email to {last.to} is waiting to be sent."


def last_test_email() -> OutboundEmail | None:
    return (
        OutboundEmail.objects.filter(key__startswith=f"{TEST_EMAIL_KEY}:")
        .order_by("-created_at", "-pk")
        .first()
    )


def checklist() -> list[CheckItem]:
    competencies = Competency.objects.count()
    people = Employee.objects.count()
    last = last_test_email()
    leads = list(
        ProgramRole.objects.filter(role=ProgramRole.Role.LEAD)
        .select_related("user", "program")
        .order_by("pk")[:3]
    )
    lead_text = "; ".join(
        f"{grant.user.get_full_name() or grant.user.get_username()} leads {grant.program.name}"
        for grant in leads
    )
    return [
        CheckItem(
            "people",
            people > 0,
            "People data imported",
            {0: "Nobody is in Upward yet.", 1: "1 person is in Upward."}.get(
                people, f"{people} people are in Upward."
            ),
        ),
        CheckItem(
            "framework",
            competencies > 0,
            "Competency framework",
            {
                0: "The competency framework is empty: skills cannot be rated or matched on.",
                1: "1 competency is defined.",
            }.get(competencies, f"{competencies} competencies are defined."),
        ),
        CheckItem(
            "email",
            last is not None and last.state == OutboundEmail.State.SENT,
            "Email and site address",
            _test_email_text(last),
        ),
        CheckItem(
            "lead",
            bool(leads),
            "First program lead named",
            f"{lead_text}." if leads else "No program has a lead yet.",
        ),
    ]


@dataclass(frozen=True)
class PersonRoles:
    employee: Employee
    account: User | None
    is_site_admin: bool
    grants: list[ProgramRole]


def find_people(query: str) -> list[PersonRoles]:
    if not query.strip():
        return []
    people = list(search_people(query=query.strip()).select_related("account")[:FOUND])
    grants: dict[int, list[ProgramRole]] = {}
    for grant in (
        ProgramRole.objects.filter(user__in=[p.account_id for p in people if p.account_id])
        .select_related("program")
        .order_by("pk")
    ):
        grants.setdefault(grant.user_id, []).append(grant)
    return [_roles(person, grants.get(person.account_id or 0, [])) for person in people]


def roles_of(employee: Employee) -> PersonRoles:
    grants = (
        list(
            ProgramRole.objects.filter(user_id=employee.account_id)
            .select_related("program")
            .order_by("pk")
        )
        if employee.account_id
        else []
    )
    return _roles(employee, grants)


def _roles(employee: Employee, grants: list[ProgramRole]) -> PersonRoles:
    account = employee.account if employee.account_id else None
    return PersonRoles(
        employee=employee,
        account=account,
        is_site_admin=bool(account and account.is_superuser and account.is_active),
        grants=grants,
    )


def site_admins() -> QuerySet[User]:
    return (
        User.objects.filter(is_superuser=True, is_active=True)
        .select_related("employee")
        .order_by("username")
    )


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    change: str
    role: str
    program: str
    by: str


def role_history(employee: Employee) -> list[HistoryLine]:
    """The last role changes made about this person, newest first."""
    key = AuditSubject.objects.filter(employee=employee).values_list("key", flat=True).first()
    if key is None:
        return []
    events = list(
        AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGED, subject=key)[
            :HISTORY_LENGTH
        ]
    )
    actors = dict(
        AuditSubject.objects.filter(
            key__in={event.actor for event in events if event.actor}, user__isnull=False
        ).values_list("key", "user__username")
    )
    program_ids = {
        event.target.split(":", 1)[1]
        for event in events
        if event.target.startswith("programs.program:")
    }
    programs = {
        str(public_id): name
        for public_id, name in Program.objects.filter(public_id__in=program_ids).values_list(
            "public_id", "name"
        )
    }
    return [
        HistoryLine(
            at=event.at,
            change=str(event.details.get("change", "")),
            role=ROLE_LABELS.get(str(event.details.get("role", "")), "a role"),
            program=programs.get(event.target.partition(":")[2], ""),
            by=actors.get(event.actor, "someone no longer here") if event.actor else "Upward",
        )
        for event in events
    ]


# Writes ------------------------------------------------------------------------------------


@transaction.atomic
def site_admin_grant(
    *, employee: Employee, actor: User, request: HttpRequest | None = None
) -> User:
    user = program_services.person_account(employee)
    if user.is_superuser:
        raise ValidationError(f"{employee.display_name} is already a site admin.")
    user.is_superuser = user.is_staff = True
    user.save(update_fields=["is_superuser", "is_staff"])
    program_services.record_role_change(
        employee=employee,
        target=user,
        change="granted",
        role=SITE_ADMIN,
        actor=actor,
        request=request,
    )
    if not user.has_usable_password():
        send_password_link(user, reason="lead", next_path=reverse("setup:home"))
    return user


@transaction.atomic
def site_admin_remove(
    *, employee: Employee, actor: User, request: HttpRequest | None = None
) -> User:
    """Never from yourself (someone else must agree), never from the last site admin."""
    user = employee.account
    if user is None or not user.is_superuser:
        raise ValidationError(f"{employee.display_name} is not a site admin.")
    if user.pk == actor.pk:
        raise ValidationError(
            "You cannot remove your own site admin role: ask another site admin to do it."
        )
    # Two admins removing each other at once: the second waits here and then sees the first.
    admins = list(
        User.objects.select_for_update()
        .filter(is_superuser=True, is_active=True)
        .values_list("pk", flat=True)
    )
    if len(admins) <= 1:
        raise ValidationError(
            f"{employee.display_name} is the last site admin: name another one first."
        )
    user.is_superuser = user.is_staff = False
    user.save(update_fields=["is_superuser", "is_staff"])
    program_services.record_role_change(
        employee=employee,
        target=user,
        change="removed",
        role=SITE_ADMIN,
        actor=actor,
        request=request,
    )
    return user


def send_test_email(user: User) -> OutboundEmail:
    """A test email to the admin, through the outbox like every other email: it shows the
    mail settings work and where the links in emails lead."""
    if not user.email:
        raise ValidationError(
            "Your account has no email address, so there is nowhere to send a test email."
        )
    email = queue_email(
        key=f"{TEST_EMAIL_KEY}:{user.pk}:{timezone.now().isoformat()}",
        to=user.email,
        template="setup_test",
        context=_test_context(user),
    )
    if email is None:
        raise ValidationError("A test email was queued a moment ago; wait a second and retry.")
    return email


def _test_context(user: User) -> dict[str, Any]:
    return {
        "first_name": user.first_name or user.get_username(),
        "site_url": settings.SITE_URL,
        "link": settings.SITE_URL.rstrip("/") + reverse("setup:home"),
    }
