"""Webhooks: a lead adds them, services report events, the task queue delivers them.

An event becomes one Delivery per webhook that wants it, queued after the reporting transaction
commits: the lead's own request never waits for Slack, and a rolled-back change sends nothing.
A delivery is tried by a task; on a failure or a timeout it waits (30 s, 2 min, 10 min, 1 h)
and the scheduler queues it again, up to five attempts; every attempt is in the delivery log.
"""

import logging
import secrets
from datetime import timedelta
from typing import Any

import requests
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.audit import log as audit
from upward.programs.models import Program
from upward.webhooks import messages
from upward.webhooks.addresses import check_url
from upward.webhooks.models import Delivery, Event, Webhook

log = logging.getLogger(__name__)

BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=10), timedelta(hours=1))
MAX_ATTEMPTS = len(BACKOFF) + 1
TIMEOUT_SECONDS = 5
CLAIM_LEASE = timedelta(minutes=2)


@transaction.atomic
def add_webhook(
    *, program: Program, by: User, name: str, kind: str, url: str, events: list[str]
) -> Webhook:
    if kind not in Webhook.Kind.values:
        raise ValidationError("Choose Slack, Teams or an HTTPS endpoint.")
    if not name.strip():
        raise ValidationError("Name the webhook after the channel it posts to.")
    unknown = set(events) - {value for value, _ in Event.subscribable()}
    if not events or unknown:
        raise ValidationError("Choose at least one event to send.")
    check_url(url.strip(), kind)
    webhook = Webhook.objects.create(
        program=program,
        name=name.strip()[:100],
        kind=kind,
        url=url.strip(),
        signing_secret=secrets.token_hex(32) if kind == Webhook.Kind.GENERIC else "",
        events=sorted(set(events)),
        created_by=by,
    )
    audit.record(audit.Action.WEBHOOK_CHANGED, actor=by, target=webhook, change="added", kind=kind)
    return webhook


def listeners(program: Program, event: str) -> list[Webhook]:
    """The program's webhooks that want this event (a handful: filtered here, not in SQL,
    because SQLite has no JSON containment)."""
    return [
        webhook for webhook in Webhook.objects.filter(program=program) if event in webhook.events
    ]


def emit(
    webhooks: list[Webhook], key: str, message: messages.Message, data: dict[str, Any]
) -> None:
    """Each listening webhook gets one delivery for `key`, however often it is reported."""
    for webhook in webhooks:
        _queue(webhook, key, message, data)


def _queue(webhook: Webhook, key: str, message: messages.Message, data: dict[str, Any]) -> None:
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                webhook=webhook,
                event=message.event,
                key=key,
                body=_body(webhook, message, data),
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return  # this occasion was reported before
    transaction.on_commit(lambda: _enqueue(delivery.pk))


def _body(webhook: Webhook, message: messages.Message, data: dict[str, Any]) -> dict[str, Any]:
    if webhook.kind == Webhook.Kind.SLACK:
        return messages.slack(message)
    if webhook.kind == Webhook.Kind.TEAMS:
        return messages.teams(message)
    return messages.generic(message, data)


def _enqueue(delivery_id: int) -> None:
    from upward.webhooks.tasks import deliver_webhook

    deliver_webhook.enqueue(delivery_id)


def deliver(delivery_id: int) -> bool:
    """One attempt, by whichever worker claims the delivery first. True when it arrived."""
    claimed = Delivery.objects.filter(pk=delivery_id, state=Delivery.State.PENDING).update(
        state=Delivery.State.SENDING, claimed_at=timezone.now()
    )
    if not claimed:
        return False
    delivery = Delivery.objects.select_related("webhook").get(pk=delivery_id)
    try:
        status = _post(delivery)
    except (requests.RequestException, ValidationError) as error:
        _failed(delivery, status=None, error=f"{type(error).__name__}: {error}")
        return False
    if not 200 <= status < 300:
        _failed(delivery, status=status, error=f"The receiver answered {status}.")
        return False
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.DELIVERED,
        attempts=delivery.attempts + 1,
        last_status=status,
        last_error="",
        delivered_at=timezone.now(),
        claimed_at=None,
    )
    return True


def _post(delivery: Delivery) -> int:
    webhook = delivery.webhook
    check_url(webhook.url, webhook.kind)  # again: the name may point elsewhere by now
    payload = messages.encode(delivery.body)
    headers = {"Content-Type": "application/json", "User-Agent": "Upward-Webhooks/1"}
    if webhook.kind == Webhook.Kind.GENERIC:
        timestamp = str(int(timezone.now().timestamp()))
        headers |= {
            "X-Upward-Event": delivery.event,
            "X-Upward-Delivery": str(delivery.public_id),
            "X-Upward-Timestamp": timestamp,
            "X-Upward-Signature": messages.signature(webhook.signing_secret, timestamp, payload),
        }
    response = requests.post(
        webhook.url,
        data=payload,
        headers=headers,
        timeout=TIMEOUT_SECONDS,
        allow_redirects=False,  # a redirect could point anywhere, inside the network included
    )
    return response.status_code


def _failed(delivery: Delivery, *, status: int | None, error: str) -> None:
    attempts = delivery.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.FAILED if gave_up else Delivery.State.PENDING,
        attempts=attempts,
        last_status=status,
        last_error=error[:300],
        claimed_at=None,
        next_attempt_at=timezone.now() + (BACKOFF[attempts - 1] if not gave_up else timedelta(0)),
    )
    log.warning("Webhook delivery %s failed (attempt %s): %s", delivery.public_id, attempts, error)


def retry_due(now: Any = None) -> list[int]:
    """Queue again the deliveries whose wait is over, and free claims a dead worker left."""
    now = now or timezone.now()
    Delivery.objects.filter(state=Delivery.State.SENDING, claimed_at__lt=now - CLAIM_LEASE).update(
        state=Delivery.State.PENDING, claimed_at=None
    )
    due = list(
        Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    for delivery_id in due:
        _enqueue(delivery_id)
    return due


def send_test(webhook: Webhook) -> None:
    message = messages.Message(
        event=Event.TEST,
        program=webhook.program.name,
        title="Upward is connected",
        text=f"This channel will hear about {webhook.program.name}.",
    )
    _queue(webhook, f"test:{secrets.token_hex(8)}", message, {})


def delete_webhook(webhook: Webhook, by: User | None = None) -> None:
    audit.record(audit.Action.WEBHOOK_CHANGED, actor=by, target=webhook, change="removed")
    webhook.delete()  # its delivery log goes with it
