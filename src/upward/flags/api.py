"""Flags for program leads: the rule, the evidence and the actions, never who said what."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from upward.accounts.models import User
from upward.api_errors import ErrorOut, refused
from upward.core.viewer import get_viewer
from upward.flags import services
from upward.flags.access import get_flag_for_lead, led_programs
from upward.flags.models import Flag
from upward.pagination import Paging

router = Router(tags=["flags"])


class FlagOut(Schema):
    id: UUID
    reason: str
    evidence: str
    raised_on: date
    state: str
    action: str
    note: str
    program: str
    pair: UUID | None
    recommends_pause: bool


class ActionIn(Schema):
    action: str = Field(..., description="check_in, pause, reshuffle or dismiss")
    note: str = Field("", max_length=2000, description="Needed to dismiss")


def _flag_out(flag: Flag) -> FlagOut:
    return FlagOut(
        id=flag.public_id,
        reason=flag.reason,
        evidence=flag.evidence,
        raised_on=flag.raised_on,
        state=flag.state,
        action=flag.action,
        note=flag.note,
        program=flag.program.name,
        pair=flag.pair.public_id if flag.pair else None,
        recommends_pause=flag.recommends_pause,
    )


@router.get("", response=list[FlagOut], summary="Flags in the programs I lead")
@paginate(Paging)
def list_flags(request: HttpRequest, state: str = "open") -> list[FlagOut]:
    flags = Flag.objects.filter(program_id__in=led_programs(get_viewer(request)))
    if state != "all":
        flags = flags.filter(state=state)
    return [_flag_out(f) for f in flags.select_related("program", "pair")]


@router.post(
    "/{flag_id}/actions",
    response={200: FlagOut, 400: ErrorOut},
    summary="Check in, pause the pair, send to reshuffle, or dismiss with a reason",
)
def act_on_flag(request: HttpRequest, flag_id: UUID, body: ActionIn) -> Status[FlagOut | ErrorOut]:
    flag = get_flag_for_lead(get_viewer(request), flag_id)
    user = request.user
    assert isinstance(user, User)
    try:
        flag = services.act(
            flag, action=body.action, note=body.note, by=user, today=timezone.localdate()
        )
    except ValidationError as error:
        return refused(400, error)
    return Status(200, _flag_out(flag))
