from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from upward.accounts.models import User
from upward.api_errors import ErrorOut, refused
from upward.core.viewer import Role, get_viewer, require_people_manager
from upward.governance import selectors, services
from upward.governance.access import get_current_charter, visible_readiness_checks
from upward.governance.inversion import matrix
from upward.governance.models import ReadinessCheck
from upward.pagination import Paging
from upward.programs import services as program_services
from upward.programs.access import get_program_for_user

router = Router(tags=["program setup"])


class ReadinessIn(Schema):
    signals: list[str] = Field(default_factory=list)
    notes: str = ""


class ReadinessOut(Schema):
    id: UUID
    created_at: str
    signals: list[str]
    recommendation: str
    reasons: list[str]
    data: dict[str, object]
    program: UUID | None

    @staticmethod
    def of(check: ReadinessCheck) -> "ReadinessOut":
        return ReadinessOut(
            id=check.public_id,
            created_at=check.created_at.isoformat(),
            signals=check.signals,
            recommendation=check.recommendation,
            reasons=check.reasons,
            data=check.data,
            program=check.program.public_id if check.program else None,
        )


class ProgramIn(Schema):
    name: str = Field(..., max_length=200)
    business_problem: str = ""
    objective: str = ""
    program_type: str = "skills_sprint"
    start_date: date
    end_date: date
    cadence_days: int = 7
    session_minutes: int = 60
    kpis: list[str] = Field(default_factory=list)
    business_metric: str = ""
    business_metric_unit: str = ""
    business_metric_direction: str = ""
    role_description: str = ""
    sponsor: UUID = Field(..., description="The sponsor's user id")


class ProgramCreated(Schema):
    id: UUID
    name: str


class CharterOut(Schema):
    version: int | None
    signed_by_sponsor: bool
    objective: str
    kpis: list[str]
    confidentiality: str
    escalation_path: str
    sponsor_commitments: str


class CheckpointOut(Schema):
    kind: str
    due_date: date
    held_on: date | None
    sponsor_attended: bool | None


class ChecklistOut(Schema):
    label: str
    done: bool
    detail: str


class GovernanceOut(Schema):
    checkpoints: list[CheckpointOut]
    flags: list[str]
    checklist: list[ChecklistOut]


class CellOut(Schema):
    competency: str
    department: str
    juniors: int
    junior_mean: float | None
    senior_mean: float | None


@router.get("/readiness", response=list[ReadinessOut], summary="Readiness checks (HR)")
@paginate(Paging)
def list_readiness(request: HttpRequest) -> list[ReadinessOut]:
    require_people_manager(get_viewer(request))
    checks = visible_readiness_checks(request).select_related("program")[:50]
    return [ReadinessOut.of(c) for c in checks]


@router.post(
    "/readiness", response={201: ReadinessOut, 400: ErrorOut}, summary="Run a readiness check"
)
def create_readiness(request: HttpRequest, body: ReadinessIn) -> Status[ReadinessOut | ErrorOut]:
    viewer = get_viewer(request)
    require_people_manager(viewer)
    try:
        check = services.readiness_run(
            actor=viewer.user, signals=body.signals, notes=body.notes, today=timezone.localdate()
        )
    except ValidationError as error:
        return refused(400, error)
    return Status(201, ReadinessOut.of(check))


@router.post(
    "/programs",
    response={201: ProgramCreated, 400: ErrorOut},
    summary="Design a program (you become its lead)",
)
def create_program(request: HttpRequest, body: ProgramIn) -> Status[ProgramCreated | ErrorOut]:
    viewer = get_viewer(request)
    require_people_manager(viewer)
    sponsor = User.objects.filter(public_id=body.sponsor).first()
    if sponsor is None:
        return refused(400, "No such sponsor.")
    data = program_services.ProgramInput(
        **body.dict(exclude={"sponsor"}) | {"kpis": tuple(body.kpis)}
    )
    try:
        program = program_services.program_create(actor=viewer.user, data=data, sponsor=sponsor)
    except ValidationError as error:
        return refused(400, error)
    return Status(201, ProgramCreated(id=program.public_id, name=program.name))


@router.get("/programs/{program_id}/charter", response=CharterOut, summary="The charter")
def get_charter(request: HttpRequest, program_id: UUID) -> CharterOut:
    program = get_program_for_user(get_viewer(request), program_id)
    status = selectors.charter_status(program)
    current = get_current_charter(status)
    return CharterOut(
        version=current.version,
        signed_by_sponsor=status.signed,
        objective=current.objective,
        kpis=current.kpis,
        confidentiality=current.confidentiality,
        escalation_path=current.escalation_path,
        sponsor_commitments=current.sponsor_commitments,
    )


@router.post(
    "/programs/{program_id}/charter/sign",
    response={200: CharterOut, 409: ErrorOut},
    summary="Sign the current charter (the sponsor only)",
)
def sign_charter(request: HttpRequest, program_id: UUID) -> Status[CharterOut | ErrorOut]:
    viewer = get_viewer(request)
    program = get_program_for_user(viewer, program_id, action_roles=(Role.SPONSOR,))
    current = get_current_charter(selectors.charter_status(program))
    try:
        services.charter_sign(charter=current, actor=viewer.user)
    except ValidationError as error:
        return refused(409, error)
    return Status(200, get_charter(request, program_id))


@router.get(
    "/programs/{program_id}/governance",
    response=GovernanceOut,
    summary="Checkpoints, flags and the launch checklist",
)
def get_governance(request: HttpRequest, program_id: UUID) -> GovernanceOut:
    program = get_program_for_user(get_viewer(request), program_id)
    today = timezone.localdate()
    return GovernanceOut(
        checkpoints=[
            CheckpointOut(
                kind=c.kind,
                due_date=c.due_date,
                held_on=c.held_on,
                sponsor_attended=c.sponsor_attended,
            )
            for c in program.checkpoints.all()
        ],
        flags=selectors.checkpoint_flags(program, today),
        checklist=[
            ChecklistOut(label=i.label, done=i.done, detail=i.detail)
            for i in selectors.launch_checklist(program, today)
        ],
    )


@router.get("/inversion", response=list[CellOut], summary="The inversion matrix (HR)")
@paginate(Paging)
def get_inversion(request: HttpRequest) -> list[CellOut]:
    require_people_manager(get_viewer(request))
    return [
        CellOut(
            competency=c.competency,
            department=c.department,
            juniors=c.juniors,
            junior_mean=c.junior_mean,
            senior_mean=c.senior_mean,
        )
        for c in matrix().cells.values()
    ]
