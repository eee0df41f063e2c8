"""Outcomes over the API: the rows of the lead's page and spreadsheets, the same access rules
(a program-scoped token reads its own program's outcomes as the lead would)."""

from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from upward.audit import log as audit
from upward.core.viewer import get_viewer
from upward.talent import selectors
from upward.talent.access import get_program_for_outcomes
from upward.talent.selectors import OutcomeRow

router = Router(tags=["talent"])


class GoalOut(Schema):
    text: str
    unit: str
    baseline: float
    target: float
    final: float | None


class SkillOut(Schema):
    competency: str
    before: int | None
    after: int | None


class OutcomeOut(Schema):
    person_id: str
    employee_id: str
    name: str
    role: str
    cohort: str
    worked_on: str
    goal_result: str
    goal: GoalOut | None
    skills_rated_by_partner: list[SkillOut]
    lead_note: str
    consented_on: str


def _out(row: OutcomeRow) -> OutcomeOut:
    goal = row.goal
    return OutcomeOut(
        person_id=row.person_id,
        employee_id=row.employee_id,
        name=row.name,
        role=row.role.lower(),
        cohort=row.cohort,
        worked_on=row.worked_on,
        goal_result=row.result,
        goal=GoalOut(**goal.__dict__) if goal else None,
        skills_rated_by_partner=[SkillOut(**skill.__dict__) for skill in row.skills],
        lead_note=row.lead_note,
        consented_on=row.consented_at.date().isoformat(),
    )


@router.get(
    "/programs/{program_id}/outcomes",
    response=list[OutcomeOut],
    summary="Outcomes of the people who agreed to share them with talent reviews (leads)",
)
def program_outcomes(request: HttpRequest, program_id: UUID) -> list[OutcomeOut]:
    program = get_program_for_outcomes(get_viewer(request), program_id)
    rows = selectors.outcome_rows(program)
    audit.record(
        audit.Action.EXPORT, request=request, target=program, what="outcomes", rows=len(rows)
    )
    return [_out(row) for row in rows]
