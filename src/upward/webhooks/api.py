"""Webhooks through the API: the same rules as the lead's page (leads of the program only)."""

from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from upward.api_errors import ErrorOut, MessageOut, refused
from upward.core.viewer import get_viewer
from upward.pagination import Paging
from upward.webhooks import services
from upward.webhooks.access import get_program_for_webhooks, get_webhook_for_lead
from upward.webhooks.models import Delivery, Webhook

router = Router(tags=["webhooks"])


class WebhookIn(Schema):
    name: str = Field(..., max_length=100)
    kind: str = Field(..., description="slack, teams or generic")
    url: str = Field(..., max_length=1000)
    events: list[str] = Field(
        ..., description="pairs_published, flag_raised, story_published, wave_closed"
    )


class WebhookOut(Schema):
    id: UUID
    name: str
    kind: str
    host: str
    events: list[str]
    created_at: datetime


class CreatedWebhookOut(WebhookOut):
    signing_secret: str = Field(description="Generic endpoints only; shown this once")


class DeliveryOut(Schema):
    id: UUID
    event: str
    state: str
    attempts: int
    last_status: int | None
    last_error: str
    created_at: datetime
    delivered_at: datetime | None


def _out(webhook: Webhook) -> WebhookOut:
    return WebhookOut(
        id=webhook.public_id,
        name=webhook.name,
        kind=webhook.kind,
        host=urlsplit(webhook.url).hostname or "",  # Slack and Teams URLs carry a secret
        events=webhook.events,
        created_at=webhook.created_at,
    )


def _led_webhook(request: HttpRequest, webhook_id: UUID) -> Webhook:
    return get_webhook_for_lead(get_viewer(request), webhook_id)


@router.get("/programs/{program_id}", response=list[WebhookOut], summary="A program's webhooks")
@paginate(Paging)
def list_webhooks(request: HttpRequest, program_id: UUID) -> list[WebhookOut]:
    program = get_program_for_webhooks(get_viewer(request), program_id)
    return [_out(webhook) for webhook in program.webhooks.all()]


@router.post(
    "/programs/{program_id}",
    response={201: CreatedWebhookOut, 400: ErrorOut},
    summary="Add a webhook",
)
def add_webhook(
    request: HttpRequest, program_id: UUID, payload: WebhookIn
) -> Status[CreatedWebhookOut | ErrorOut]:
    program = get_program_for_webhooks(get_viewer(request), program_id)
    try:
        webhook = services.add_webhook(
            program=program, by=get_viewer(request).user, **payload.model_dump()
        )
    except ValidationError as error:
        return refused(400, error)
    created = CreatedWebhookOut(**_out(webhook).model_dump(), signing_secret=webhook.signing_secret)
    return Status(201, created)


@router.delete("/{webhook_id}", response=MessageOut, summary="Remove a webhook")
def delete_webhook(request: HttpRequest, webhook_id: UUID) -> MessageOut:
    services.delete_webhook(_led_webhook(request, webhook_id), by=get_viewer(request).user)
    return MessageOut(detail="Removed.")


@router.post("/{webhook_id}/test", response={202: MessageOut}, summary="Send a test message")
def test_webhook(request: HttpRequest, webhook_id: UUID) -> Status[MessageOut]:
    services.send_test(_led_webhook(request, webhook_id))
    return Status(202, MessageOut(detail="Queued."))


@router.get("/{webhook_id}/deliveries", response=list[DeliveryOut], summary="Delivery log")
@paginate(Paging)
def list_deliveries(request: HttpRequest, webhook_id: UUID) -> list[DeliveryOut]:
    webhook = _led_webhook(request, webhook_id)
    return [
        DeliveryOut(
            id=d.public_id,
            event=d.event,
            state=d.state,
            attempts=d.attempts,
            last_status=d.last_status,
            last_error=d.last_error,
            created_at=d.created_at,
            delivered_at=d.delivered_at,
        )
        for d in Delivery.objects.filter(webhook=webhook)
    ]
