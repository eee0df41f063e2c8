"""The API for a pair's sessions: the list (private notes for the two members only) and logging.

Each operation keeps the operation id it had when the whole workspace API lived in
workspace/api.py, so the published schema and the clients generated from it do not change."""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from upward.api_errors import ErrorOut, refused
from upward.core.viewer import get_viewer
from upward.pagination import Paging
from upward.programs.access import get_pair_for_user
from upward.workspace import sessions as session_service
from upward.workspace.access import get_session_for_member

router = Router()


class SessionOut(Schema):
    id: UUID
    starts_at: datetime
    status: str
    agenda: str
    held_minutes: int | None
    tags: list[str]
    private_notes: str | None = Field(None, description="Only for the pair's two members")


class LogIn(Schema):
    status: str
    minutes: int | None = None
    notes: str = Field("", max_length=20000)
    tags: list[str] = Field(default_factory=list)


@router.get(
    "/pairs/{pair_id}/sessions",
    response=list[SessionOut],
    summary="Sessions (private notes for the two members only)",
    operation_id="upward_workspace_api_list_sessions",
)
@paginate(Paging)
def list_sessions(request: HttpRequest, pair_id: UUID) -> list[SessionOut]:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    member = pair.pk in viewer.pair_ids
    return [
        SessionOut(
            id=s.public_id,
            starts_at=s.starts_at,
            status=s.status,
            agenda=s.agenda,
            held_minutes=s.held_minutes,
            tags=[t.name for t in s.tags.all()],
            private_notes=s.private_notes if member else None,
        )
        for s in pair.sessions.prefetch_related("tags")
    ]


@router.post(
    "/sessions/{session_id}/log",
    response={200: SessionOut, 400: ErrorOut},
    summary="Log a session (members)",
    operation_id="upward_workspace_api_log_session",
)
def log_session(
    request: HttpRequest, session_id: UUID, body: LogIn
) -> Status[SessionOut | ErrorOut]:
    session = get_session_for_member(get_viewer(request), session_id)
    try:
        session_service.session_log(
            session=session,
            status=body.status,
            minutes=body.minutes,
            notes=body.notes,
            tags=body.tags,
        )
    except ValidationError as error:
        return refused(400, error)
    return Status(
        200,
        SessionOut(
            id=session.public_id,
            starts_at=session.starts_at,
            status=session.status,
            agenda=session.agenda,
            held_minutes=session.held_minutes,
            tags=[t.name for t in session.tags.all()],
            private_notes=session.private_notes,
        ),
    )
