"""The API for a pair's ground rules, goal and progress, concerns and closure.

Each operation keeps the operation id it had when the whole workspace API lived in
workspace/api.py, so the published schema and the clients generated from it do not change."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from upward.api_errors import ErrorOut, FiniteFloat, MessageOut, refused
from upward.core.viewer import get_viewer
from upward.domain.smart_goal import GoalDraft
from upward.programs.access import get_pair_for_user
from upward.programs.models import Pair
from upward.workspace import selectors, services
from upward.workspace.access import get_goal_of_pair, get_pair_for_member, member_of

router = Router()


class GoalIn(Schema):
    text: str = Field(..., max_length=300)
    metric: str = Field(..., max_length=120)
    unit: str = Field(..., max_length=40)
    direction: str = "up"
    baseline: FiniteFloat | None = None
    target: FiniteFloat | None = None
    deadline: date | None = None


class GoalOut(Schema):
    text: str
    metric: str
    unit: str
    baseline: float
    target: float
    deadline: date
    current: float
    achieved: float
    expected: float
    track: str


class ProgressIn(Schema):
    value: FiniteFloat
    noted_on: date
    note: str = Field("", max_length=300)


class ConcernIn(Schema):
    topic: str
    text: str = Field(..., max_length=5000)


class ClosureIn(Schema):
    outcome: FiniteFloat | None = None
    mentor_learned: str
    mentee_learned: str
    next_steps: str
    decision: str


class MemoOut(Schema):
    decision: str
    memo: str


def _goal_out(pair: Pair) -> GoalOut:
    view = get_goal_of_pair(pair, timezone.localdate())
    goal = view.goal
    return GoalOut(
        text=goal.text,
        metric=goal.metric,
        unit=goal.unit,
        baseline=goal.baseline,
        target=goal.target,
        deadline=goal.deadline,
        current=view.current,
        achieved=view.progress.achieved,
        expected=view.progress.expected,
        track=view.progress.track.value,
    )


@router.post(
    "/pairs/{pair_id}/ground-rules",
    response=MessageOut,
    summary="Agree to the ground rules (members)",
    operation_id="upward_workspace_api_accept_rules",
)
def accept_rules(request: HttpRequest, pair_id: UUID) -> MessageOut:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    services.rules_accept(pair=pair, member=member_of(viewer, pair))
    return MessageOut(detail="Agreed.")


@router.get(
    "/pairs/{pair_id}/goal",
    response=GoalOut,
    summary="The pair's goal and progress",
    operation_id="upward_workspace_api_get_goal",
)
def get_goal(request: HttpRequest, pair_id: UUID) -> GoalOut:
    return _goal_out(get_pair_for_user(get_viewer(request), pair_id))


@router.put(
    "/pairs/{pair_id}/goal",
    response={200: GoalOut, 400: ErrorOut},
    summary="Set or change the goal (members)",
    operation_id="upward_workspace_api_put_goal",
)
def put_goal(request: HttpRequest, pair_id: UUID, body: GoalIn) -> Status[GoalOut | ErrorOut]:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    draft = GoalDraft(
        cohort_start=pair.cohort.start_date, cohort_end=pair.cohort.end_date, **body.dict()
    )
    try:
        services.goal_save(pair=pair, member=member_of(viewer, pair), draft=draft)
    except ValidationError as error:
        return refused(400, error)
    return Status(200, _goal_out(pair))


@router.post(
    "/pairs/{pair_id}/goal/progress",
    response={201: GoalOut, 400: ErrorOut},
    summary="Record progress (members)",
    operation_id="upward_workspace_api_post_progress",
)
def post_progress(
    request: HttpRequest, pair_id: UUID, body: ProgressIn
) -> Status[GoalOut | ErrorOut]:
    pair, member = get_pair_for_member(get_viewer(request), pair_id)
    view = selectors.goal_view(pair, timezone.localdate())
    if view is None:
        return refused(400, "Set the goal before recording progress.")
    try:
        services.goal_progress(
            goal=view.goal, member=member, today=timezone.localdate(), **body.dict()
        )
    except ValidationError as error:
        return refused(400, error)
    return Status(201, _goal_out(pair))


@router.post(
    "/pairs/{pair_id}/concerns",
    response={201: MessageOut, 400: ErrorOut},
    summary="Raise a concern privately with the program lead (members)",
    operation_id="upward_workspace_api_raise_concern",
)
def raise_concern(
    request: HttpRequest, pair_id: UUID, body: ConcernIn
) -> Status[MessageOut | ErrorOut]:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    try:
        services.concern_raise(
            pair=pair, member=member_of(viewer, pair), topic=body.topic, text=body.text
        )
    except ValidationError as error:
        return refused(400, error)
    return Status(201, MessageOut(detail="Sent to the program lead only."))


@router.post(
    "/pairs/{pair_id}/closure",
    response={201: MemoOut, 400: ErrorOut},
    summary="Close the pair and write the memo (members)",
    operation_id="upward_workspace_api_close_pair",
)
def close_pair(request: HttpRequest, pair_id: UUID, body: ClosureIn) -> Status[MemoOut | ErrorOut]:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    member = member_of(viewer, pair)
    try:
        # Proposes, or confirms the partner's proposal of the same outcome: one member alone
        # never closes the pair, and each writes only their own side of the memo.
        closure = services.closure_from_api(pair=pair, member=member, **body.dict())
    except ValidationError as error:
        return refused(400, error)
    return Status(201, MemoOut(decision=closure.decision, memo=closure.memo))
