"""A program moves on by the lead's decision: draft -> running -> closed.

Launching needs what the charter promises: a cohort, and the sponsor's signature on the current
version of the charter. Closing needs every cohort closed and a confirmation; it is what ticks
"Closure recorded" on the launch checklist.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from upward.accounts.models import User
from upward.audit import log as audit
from upward.governance.models import CharterVersion
from upward.programs.models import Cohort, Program, ProgramRole

State = Program.State


def launch_blockers(program: Program) -> list[str]:
    if program.state != State.DRAFT:
        return [f"The program is already {program.get_state_display().lower()}."]
    blockers = []
    if not program.cohorts.exists():
        blockers.append("Add a cohort first.")
    charter = CharterVersion.objects.filter(program=program).order_by("-version").first()
    sponsors = ProgramRole.objects.filter(program=program, role=ProgramRole.Role.SPONSOR)
    if not sponsors.exists():
        blockers.append("Name a sponsor for the program.")
    if charter is None:
        blockers.append("Write the sponsor charter first.")
    elif not charter.signatures.filter(signer__in=sponsors.values("user")).exists():
        blockers.append(f"The sponsor has not signed version {charter.version} of the charter.")
    return blockers


def close_blockers(program: Program) -> list[str]:
    if program.state != State.ACTIVE:
        return [f"Only a running program can close; this one is {program.get_state_display()}."]
    open_cohorts = program.cohorts.exclude(state=Cohort.State.CLOSED).order_by("start_date")
    return [_not_closed(cohort) for cohort in open_cohorts]


def _not_closed(cohort: Cohort) -> str:
    if cohort.state == Cohort.State.UPCOMING:
        return f"{cohort.name} has not started: run it to its end and close it first."
    return f"{cohort.name} is still {cohort.get_state_display().lower()}: close it first."


@transaction.atomic
def program_launch(program: Program, *, actor: User) -> Program:
    program = Program.objects.select_for_update().get(pk=program.pk)
    blockers = launch_blockers(program)
    if blockers:
        raise ValidationError(blockers)
    return _move(program, State.ACTIVE, actor)


@transaction.atomic
def program_close(program: Program, *, actor: User, confirmed: bool = False) -> Program:
    program = Program.objects.select_for_update().get(pk=program.pk)
    blockers = close_blockers(program)
    if blockers:
        raise ValidationError(blockers)
    if not confirmed:
        raise ValidationError(
            "Closing the program is final: no new cohorts, no more flags or reminders. Tick the "
            "box to confirm."
        )
    return _move(program, State.CLOSED, actor)


def _move(program: Program, state: str, actor: User) -> Program:
    program.state = state
    program.save(update_fields=["state"])
    audit.record(audit.Action.LIFECYCLE, actor=actor, target=program, state=state)
    return program
