"""Writes for programs and cohorts (the designer)."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.urls import reverse

from upward.accounts.access_links import account_for, send_password_link
from upward.accounts.models import User
from upward.audit import log as audit
from upward.domain.program_design import (
    PRESETS,
    ROLE_DESCRIPTION,
    Design,
    cohort_length_problem,
    design_problems,
)
from upward.people.models import Employee
from upward.programs.lifecycle import cohort_added, program_changed, program_created
from upward.programs.models import Cohort, Program, ProgramRole


@dataclass(frozen=True)
class ProgramInput:
    name: str
    business_problem: str
    objective: str
    program_type: str
    start_date: date
    end_date: date
    cadence_days: int
    session_minutes: int
    kpis: tuple[str, ...]
    business_metric: str = ""
    business_metric_unit: str = ""
    business_metric_direction: str = ""
    role_description: str = ""

    def problems(self) -> list[str]:
        return design_problems(
            Design(
                self.program_type,
                self.start_date,
                self.end_date,
                self.cadence_days,
                self.session_minutes,
                self.kpis,
                self.business_metric,
                self.business_metric_unit,
            )
        )


def _apply(program: Program, data: ProgramInput) -> None:
    preset = PRESETS.get(data.program_type)
    for field in (
        "name",
        "business_problem",
        "objective",
        "program_type",
        "start_date",
        "end_date",
        "business_metric",
        "business_metric_unit",
        "business_metric_direction",
    ):
        setattr(program, field, getattr(data, field))
    program.cadence_days = preset.cadence_days if preset else data.cadence_days
    program.session_minutes = preset.session_minutes if preset else data.session_minutes
    program.kpis = list(data.kpis)
    program.role_description = data.role_description.strip() or ROLE_DESCRIPTION


def person_account(employee: Employee) -> User:
    """The account of someone about to hold a role, made now (without a password) if they were
    only in the people data. Refused where accounts come from single sign-on only: the person
    gets theirs when they first sign in."""
    if employee.status == Employee.StatusChoices.EXITED:
        raise ValidationError(f"{employee.display_name} has left the organisation.")
    user = account_for(employee)
    if user is None:
        raise ValidationError(
            f"{employee.display_name} has no Upward account yet. With single sign-on, they get "
            "one when they first sign in; ask them to sign in once, then try again."
        )
    return user


def _welcome(user: User) -> None:
    """Someone given a role who cannot sign in yet gets a link to choose a password."""
    if not user.has_usable_password():
        send_password_link(user, reason="lead", next_path=reverse("home"))


GRANTABLE = (ProgramRole.Role.LEAD, ProgramRole.Role.ANALYST)


@transaction.atomic
def role_grant(
    *,
    employee: Employee,
    program: Program,
    role: str,
    actor: User,
    request: HttpRequest | None = None,
) -> ProgramRole:
    """Make the person lead or people analyst of the program; audited, and announced with a
    set-password link when they have no password yet."""
    if role not in GRANTABLE:
        raise ValidationError("Only the program lead and people analyst roles are granted here.")
    user = person_account(employee)
    with audit.recorded_by_caller():
        grant, created = ProgramRole.objects.get_or_create(program=program, user=user, role=role)
    label = ProgramRole.Role(role).label.lower()
    if not created:
        raise ValidationError(f"{employee.display_name} is already {label} of {program.name}.")
    record_role_change(
        employee=employee, target=program, change="granted", role=role, actor=actor, request=request
    )
    _welcome(user)
    return grant


def record_role_change(
    *,
    employee: Employee,
    target: models.Model,
    change: str,
    role: str,
    actor: User,
    request: HttpRequest | None,
) -> None:
    """One audit event per role granted or removed, with who did it and for whom."""
    audit.record(
        audit.Action.ROLE_CHANGED,
        request=request,
        actor=actor,
        about=employee,
        target=target,
        change=change,
        role=role,
    )


@transaction.atomic
def role_remove(
    *,
    employee: Employee,
    program: Program,
    role: str,
    actor: User,
    request: HttpRequest | None = None,
) -> None:
    if role not in GRANTABLE:
        raise ValidationError("Only the program lead and people analyst roles are removed here.")
    grants = ProgramRole.objects.select_for_update().filter(program=program, role=role)
    grant = grants.filter(user__employee=employee).first()
    label = ProgramRole.Role(role).label.lower()
    if grant is None:
        raise ValidationError(f"{employee.display_name} is not {label} of {program.name}.")
    if role == ProgramRole.Role.LEAD and grants.count() == 1:
        raise ValidationError(
            f"{employee.display_name} is the only lead of {program.name}: name another lead "
            "first, so the program is never left without one."
        )
    with audit.recorded_by_caller():
        grant.delete()
    record_role_change(
        employee=employee, target=program, change="removed", role=role, actor=actor, request=request
    )


@transaction.atomic
def program_create(
    *,
    actor: User,
    data: ProgramInput,
    sponsor: User | Employee,
    lead: Employee | None = None,
    request: HttpRequest | None = None,
) -> Program:
    """The designer becomes the lead, unless a site admin names someone else (`lead`). A sponsor
    chosen from the people data gets an account if they have none; the charter is then emailed
    to them to sign (governance drafts it on `program_created`)."""
    problems = data.problems()
    if problems:
        raise ValidationError(problems)
    if isinstance(sponsor, Employee):
        sponsor = person_account(sponsor)
    program = Program()
    _apply(program, data)
    program.save()
    if lead is None or lead.account_id == actor.pk:
        ProgramRole.objects.create(program=program, user=actor, role=ProgramRole.Role.LEAD)
    else:
        role_grant(
            employee=lead,
            program=program,
            role=ProgramRole.Role.LEAD,
            actor=actor,
            request=request,
        )
    ProgramRole.objects.create(program=program, user=sponsor, role=ProgramRole.Role.SPONSOR)
    program_created.send(
        sender=Program, program=program, actor=actor, objective=data.objective or data.name
    )
    return program


@transaction.atomic
def program_update(
    *, program: Program, actor: User, data: ProgramInput, version: int | None = None
) -> Program:
    """Changes to the objective or KPIs produce a new charter version, which needs signing.

    `version` is the one the editor loaded: if another lead saved since, nothing is written and
    the editor is told, so neither change is lost without anyone knowing."""
    problems = data.problems()
    if problems:
        raise ValidationError(problems)
    saved = Program.objects.select_for_update().get(pk=program.pk)
    if version is not None and saved.version != version:
        raise ValidationError(
            "Another lead saved this program while you were editing it. Nothing of yours was "
            "saved yet: your changes are still in the form below; compare them with the "
            "program as it now is, then save again.",
            code="conflict",
        )
    _apply(program, data)
    program.version = saved.version + 1
    program.save()
    program_changed.send(sender=Program, program=program, actor=actor)
    return program


@transaction.atomic
def cohort_create(
    *, program: Program, name: str, start_date: date, end_date: date, target_pairs: int
) -> Cohort:
    problems = []
    if end_date <= start_date:
        problems.append("A cohort must end after it starts.")
    if start_date < program.start_date or end_date > program.end_date:
        problems.append(
            f"A cohort runs within its program's dates "
            f"({program.start_date:%d %b %Y} to {program.end_date:%d %b %Y})."
        )
    length = cohort_length_problem(program.program_type, start_date, end_date)
    if length and end_date > start_date:
        problems.append(length)
    if not 1 <= target_pairs <= 50:
        problems.append("A cohort has between 1 and 50 pairs (8 to 12 work best).")
    if program.cohorts.filter(name=name).exists():
        problems.append(f"This program already has a cohort called {name}.")
    if problems:
        raise ValidationError(problems)
    cohort = Cohort.objects.create(
        program=program,
        name=name,
        start_date=start_date,
        end_date=end_date,
        target_pairs=target_pairs,
    )
    cohort_added.send(sender=Cohort, cohort=cohort)  # its kickoff, review and close are planned
    return cohort
