from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from upward.api_errors import ErrorOut, FiniteFloat, MessageOut, refused
from upward.core.viewer import get_viewer, token_program_id
from upward.domain.smart_goal import GoalDraft
from upward.pagination import Paging
from upward.programs.access import get_pair_for_user
from upward.programs.models import Pair
from upward.workspace import selectors, services, stories
from upward.workspace import sessions as session_service
from upward.workspace.access import (
    get_goal_of_pair,
    get_insight_for_viewer,
    get_pair_for_member,
    get_session_for_member,
    get_story_for_lead,
    get_story_for_member,
    member_of,
)
from upward.workspace.models import Insight, Story

router = Router(tags=["pair workspace"])


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


class StoryOut(Schema):
    id: UUID
    title: str
    body: str
    published_at: datetime


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
)
def accept_rules(request: HttpRequest, pair_id: UUID) -> MessageOut:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    services.rules_accept(pair=pair, member=member_of(viewer, pair))
    return MessageOut(detail="Agreed.")


@router.get("/pairs/{pair_id}/goal", response=GoalOut, summary="The pair's goal and progress")
def get_goal(request: HttpRequest, pair_id: UUID) -> GoalOut:
    return _goal_out(get_pair_for_user(get_viewer(request), pair_id))


@router.put(
    "/pairs/{pair_id}/goal",
    response={200: GoalOut, 400: ErrorOut},
    summary="Set or change the goal (members)",
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


@router.get(
    "/pairs/{pair_id}/sessions",
    response=list[SessionOut],
    summary="Sessions (private notes for the two members only)",
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


@router.post(
    "/pairs/{pair_id}/concerns",
    response={201: MessageOut, 400: ErrorOut},
    summary="Raise a concern privately with the program lead (members)",
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


@router.get("/stories", response=list[StoryOut], summary="Published success stories")
@paginate(Paging)
def list_stories(request: HttpRequest) -> list[StoryOut]:
    stories = Story.objects.filter(published_at__isnull=False)
    program_id = token_program_id(request)
    if program_id is not None:  # a token scoped to one program sees that program's stories
        stories = stories.filter(pair__cohort__program_id=program_id)
    return [
        StoryOut(id=s.public_id, title=s.title, body=s.published_body, published_at=s.published_at)
        for s in stories[:100]
        if s.published_at
    ]


class InsightIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = Field(..., max_length=5000)
    tags: list[str] = Field(default_factory=list)
    share: bool = False
    owner_email: str = ""


class InsightOut(Schema):
    id: UUID
    title: str
    state: str
    shared: bool
    hours_saved_per_week: float | None
    money_per_year: float | None
    customers_reached: int | None


class ImpactIn(Schema):
    state: str
    hours_saved_per_week: FiniteFloat | None = None
    money_per_year: FiniteFloat | None = None
    customers_reached: int | None = None


class StoryIn(Schema):
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=10000)


class PublishIn(Schema):
    redacted: str = ""


def _insight_out(insight: Insight) -> InsightOut:
    return InsightOut(
        id=insight.public_id,
        title=insight.title,
        state=insight.state,
        shared=insight.share_consent,
        hours_saved_per_week=insight.hours_saved_per_week,
        money_per_year=insight.money_per_year,
        customers_reached=insight.customers_reached,
    )


@router.post(
    "/pairs/{pair_id}/insights",
    response={201: InsightOut, 400: ErrorOut},
    summary="Record an insight (members)",
)
def raise_insight(
    request: HttpRequest, pair_id: UUID, body: InsightIn
) -> Status[InsightOut | ErrorOut]:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    try:
        insight = stories.insight_raise(pair=pair, member=member_of(viewer, pair), **body.dict())
    except ValidationError as error:
        return refused(400, error)
    return Status(201, _insight_out(insight))


@router.patch(
    "/insights/{insight_id}",
    response={200: InsightOut, 400: ErrorOut},
    summary="Update an insight's status and impact (its owner or the lead)",
)
def update_insight(
    request: HttpRequest, insight_id: UUID, body: ImpactIn
) -> Status[InsightOut | ErrorOut]:
    insight = get_insight_for_viewer(get_viewer(request), insight_id)
    try:
        stories.insight_update(
            insight=insight,
            state=body.state,
            hours=body.hours_saved_per_week,
            money=body.money_per_year,
            customers=body.customers_reached,
        )
    except ValidationError as error:
        return refused(400, error)
    return Status(200, _insight_out(insight))


@router.put(
    "/pairs/{pair_id}/story",
    response={200: MessageOut, 400: ErrorOut},
    summary="Draft or edit the pair's story (members; resets both consents)",
)
def put_story(request: HttpRequest, pair_id: UUID, body: StoryIn) -> Status[MessageOut | ErrorOut]:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    member_of(viewer, pair)
    try:
        stories.story_save(pair=pair, title=body.title, body=body.body)
    except ValidationError as error:
        return refused(400, error)
    return Status(200, MessageOut(detail="Saved; both members agree before it can be published."))


@router.post(
    "/pairs/{pair_id}/story/consent",
    response={200: MessageOut, 404: ErrorOut},
    summary="Agree to the current text of the pair's story (members)",
)
def consent_story(request: HttpRequest, pair_id: UUID) -> MessageOut:
    story, member = get_story_for_member(get_viewer(request), pair_id)
    stories.story_consent(story=story, member=member)
    return MessageOut(detail="Agreed.")


@router.post(
    "/stories/{story_id}/publish",
    response={200: StoryOut, 409: ErrorOut},
    summary="Approve and publish a story (the program's lead)",
)
def publish_story(
    request: HttpRequest, story_id: UUID, body: PublishIn
) -> Status[StoryOut | ErrorOut]:
    viewer = get_viewer(request)
    story = get_story_for_lead(viewer, story_id)
    try:
        stories.story_publish(story=story, lead=viewer.user, redacted=body.redacted)
    except ValidationError as error:
        return refused(409, error)
    assert story.published_at is not None
    return Status(
        200,
        StoryOut(
            id=story.public_id,
            title=story.title,
            body=story.published_body,
            published_at=story.published_at,
        ),
    )
