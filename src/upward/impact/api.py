"""Impact over the API: the same cached aggregates the pages read, the same access rules."""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status

from upward.api_errors import ErrorOut, FiniteFloat, MessageOut, refused
from upward.core.viewer import get_viewer
from upward.impact import exports, selectors, services
from upward.impact.access import program_for_lead, program_for_results, program_for_staff
from upward.impact.pooled import RoiView
from upward.impact.tasks import refresh_program

router = Router(tags=["impact"])


class ImpactOut(Schema):
    ready: bool
    computed_at: str | None
    before_after: list[dict[str, Any]]
    pooled: dict[str, Any]
    cohorts: list[dict[str, Any]]
    roi: dict[str, Any] | None


class RowsOut(Schema):
    header: list[str]
    rows: list[list[Any]]


class AssumptionsIn(Schema):
    junior_salary: int | None = None
    senior_salary: int | None = None
    admin_salary: int | None = None
    replacement_share: FiniteFloat | None = None
    training_hours: FiniteFloat | None = None
    admin_fte: FiniteFloat | None = None
    platform_cost: int | None = None
    share_with_members: bool | None = None


def _roi_out(roi: RoiView | None) -> dict[str, Any] | None:
    if roi is None:
        return None
    if not roi.available or roi.result is None:
        return {"available": False, "reason": roi.reason}
    result = roi.result
    return {
        "available": True,
        "sentence": result.sentence,
        "cost": result.cost,
        "cost_per_exit": result.cost_per_exit,
        "break_even_exits": result.break_even_exits,
        "avoided_exits": list(result.avoided_exits),
        "roi_percent": list(result.roi_percent),
    }


@router.get("/programs/{program_id}", response=ImpactOut, summary="A program's impact results")
def get_impact(request: HttpRequest, program_id: UUID) -> ImpactOut:
    program = program_for_results(get_viewer(request), program_id)
    view = selectors.impact_view(program)
    if not view.ready:
        refresh_program.enqueue(program.pk)
    return ImpactOut(
        ready=view.ready,
        computed_at=view.computed_at.isoformat() if view.computed_at else None,
        before_after=[row.to_dict() for row in view.before_after],
        pooled={side: pooled.to_dict() for side, pooled in view.pooled.items()},
        # Aggregates only; the matched-id lists the pooling needs stay on the server.
        cohorts=[results.to_dict(public=True) for results in view.cohorts],
        roi=_roi_out(view.roi),
    )


@router.get(
    "/programs/{program_id}/rows",
    response={200: RowsOut, 409: ErrorOut},
    summary="The export's rows (aggregates that passed the privacy rules)",
)
def export_rows(request: HttpRequest, program_id: UUID) -> Status[RowsOut | ErrorOut]:
    program = program_for_results(get_viewer(request), program_id)
    view = selectors.impact_view(program)
    if not view.ready:
        return refused(409, "The results are still being computed.")
    return Status(200, RowsOut(header=exports.HEADER, rows=exports.rows(view)))


@router.get("/programs/{program_id}/topics", response=dict[str, Any], summary="Topic heat map")
def get_topics(request: HttpRequest, program_id: UUID) -> dict[str, Any]:
    program = program_for_staff(get_viewer(request), program_id)
    return selectors.topics_view(program).topics.to_dict()


@router.post(
    "/programs/{program_id}/refresh",
    response={202: MessageOut},
    summary="Recompute in the task queue (leads)",
)
def refresh(request: HttpRequest, program_id: UUID) -> Status[MessageOut]:
    program = program_for_lead(get_viewer(request), program_id)
    refresh_program.enqueue(program.pk)
    return Status(202, MessageOut(detail="Queued; the results update in a moment."))


@router.put(
    "/programs/{program_id}/assumptions",
    response={200: MessageOut, 400: ErrorOut},
    summary="ROI assumptions and sharing (leads)",
)
def put_assumptions(
    request: HttpRequest, program_id: UUID, body: AssumptionsIn
) -> Status[MessageOut | ErrorOut]:
    program = program_for_lead(get_viewer(request), program_id)
    data = {k: v for k, v in body.dict().items() if v is not None}
    try:
        services.save_settings(program, data)
    except ValidationError as error:
        return refused(400, error)
    return Status(200, MessageOut(detail="Saved."))
