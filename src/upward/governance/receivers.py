"""Governance plans what a program's design implies: a charter to sign and the checkpoints on
its calendar. Programs announces each design step by a signal and knows nothing of this."""

from typing import Any

from upward.accounts.models import User
from upward.governance.services import CHARTER_DEFAULTS, charter_save, checkpoints_plan
from upward.programs.lifecycle import cohort_added, program_changed, program_created
from upward.programs.models import Cohort, Program


def _program_created(
    sender: Any, program: Program, actor: User, objective: str, **kwargs: Any
) -> None:
    charter_save(program=program, actor=actor, fields={"objective": objective, **CHARTER_DEFAULTS})
    checkpoints_plan(program)


def _program_changed(sender: Any, program: Program, actor: User, **kwargs: Any) -> None:
    """A changed objective or KPI makes a new charter version, which needs signing again."""
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


def _cohort_added(sender: Any, cohort: Cohort, **kwargs: Any) -> None:
    checkpoints_plan(cohort.program)  # the new cohort's kickoff, mid-pilot review and close


program_created.connect(_program_created, dispatch_uid="governance-program-created")
program_changed.connect(_program_changed, dispatch_uid="governance-program-changed")
cohort_added.connect(_cohort_added, dispatch_uid="governance-cohort-added")
