"""Writes for programs and cohorts (the designer)."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from upward.accounts.models import User
from upward.domain.program_design import PRESETS, ROLE_DESCRIPTION, Design, design_problems
from upward.programs.models import Cohort, Program, ProgramRole

if TYPE_CHECKING:  # governance builds on programs; a runtime import would be circular
    from upward.governance.models import ReadinessCheck


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


@transaction.atomic
def program_create(
    *,
    actor: User,
    data: ProgramInput,
    sponsor: User,
    readiness_check: "ReadinessCheck | None" = None,
) -> Program:
    from upward.governance.services import CHARTER_DEFAULTS, charter_save, checkpoints_plan

    problems = data.problems()
    if problems:
        raise ValidationError(problems)
    program = Program()
    _apply(program, data)
    program.save()
    ProgramRole.objects.create(program=program, user=actor, role=ProgramRole.Role.LEAD)
    ProgramRole.objects.create(program=program, user=sponsor, role=ProgramRole.Role.SPONSOR)
    charter_save(
        program=program,
        actor=actor,
        fields={"objective": data.objective or data.name, **CHARTER_DEFAULTS},
    )
    checkpoints_plan(program)
    if readiness_check is not None:
        readiness_check.program = program
        readiness_check.save(update_fields=["program"])
    return program


@transaction.atomic
def program_update(
    *, program: Program, actor: User, data: ProgramInput, version: int | None = None
) -> Program:
    """Changes to the objective or KPIs produce a new charter version, which needs signing.

    `version` is the one the editor loaded: if another lead saved since, nothing is written and
    the editor is told, so neither change is lost without anyone knowing."""
    from upward.governance.services import charter_save, checkpoints_plan

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
    current = program.charters.order_by("-version").first()
    if current is not None:
        charter_save(
            program=program,
            actor=actor,
            fields={
                "objective": program.objective or program.name,
                "confidentiality": current.confidentiality,
                "escalation_path": current.escalation_path,
                "sponsor_commitments": current.sponsor_commitments,
            },
        )
    checkpoints_plan(program)
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
    if not 1 <= target_pairs <= 50:
        problems.append("A cohort has between 1 and 50 pairs (8 to 12 work best).")
    if program.cohorts.filter(name=name).exists():
        problems.append(f"This program already has a cohort called {name}.")
    if problems:
        raise ValidationError(problems)
    return Cohort.objects.create(
        program=program,
        name=name,
        start_date=start_date,
        end_date=end_date,
        target_pairs=target_pairs,
    )
