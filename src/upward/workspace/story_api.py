"""The API for a pair's insights and its success story: drafting, both members' consent, the
lead's approval, and the list of published stories.

Each operation keeps the operation id it had when the whole workspace API lived in
workspace/api.py, so the published schema and the clients generated from it do not change."""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from upward.api_errors import ErrorOut, FiniteFloat, MessageOut, refused
from upward.core.viewer import get_viewer, token_program_id
from upward.pagination import Paging
from upward.programs.access import get_pair_for_user
from upward.workspace import stories
from upward.workspace.access import (
    get_insight_for_viewer,
    get_story_for_lead,
    get_story_for_member,
    member_of,
)
from upward.workspace.models import Insight, Story

router = Router()


class StoryOut(Schema):
    id: UUID
    title: str
    body: str
    published_at: datetime


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


@router.get(
    "/stories",
    response=list[StoryOut],
    summary="Published success stories",
    operation_id="upward_workspace_api_list_stories",
)
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


@router.post(
    "/pairs/{pair_id}/insights",
    response={201: InsightOut, 400: ErrorOut},
    summary="Record an insight (members)",
    operation_id="upward_workspace_api_raise_insight",
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
    operation_id="upward_workspace_api_update_insight",
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
    operation_id="upward_workspace_api_put_story",
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
    operation_id="upward_workspace_api_consent_story",
)
def consent_story(request: HttpRequest, pair_id: UUID) -> MessageOut:
    story, member = get_story_for_member(get_viewer(request), pair_id)
    stories.story_consent(story=story, member=member)
    return MessageOut(detail="Agreed.")


@router.post(
    "/stories/{story_id}/publish",
    response={200: StoryOut, 409: ErrorOut},
    summary="Approve and publish a story (the program's lead)",
    operation_id="upward_workspace_api_publish_story",
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
