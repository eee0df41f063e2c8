"""Queue, render and deliver emails exactly once per occasion."""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import TemplateDoesNotExist, get_template
from django.utils import timezone

from upward.notifications.kinds import OPTIONAL
from upward.notifications.models import EmailOptOut, OutboundEmail

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5

# Context entries filled in only when an email is rendered for sending, by the app that knows how
# (a set-password link is a credential: the outbox stores the account's id, never the token).
# Apps register theirs in AppConfig.ready(): key -> function(stored value) -> text.
_late_values: dict[str, Callable[[Any], str]] = {}


def register_late_value(key: str, resolve: Callable[[Any], str]) -> None:
    _late_values[key] = resolve


def _with_late_values(context: dict[str, Any]) -> dict[str, Any]:
    return {
        key: _late_values[key](value) if key in _late_values else value
        for key, value in context.items()
    }


@dataclass(frozen=True)
class Parts:
    """What an app adds to a message at sending time: alternative bodies (a calendar invite as
    text/calendar) and attached files."""

    alternatives: list[tuple[str, str]] = field(default_factory=list)  # (content, mimetype)
    files: list[tuple[str, bytes, str]] = field(default_factory=list)  # (name, content, type)


# Context key -> function(stored value) -> Parts, registered in AppConfig.ready().
_part_makers: dict[str, Callable[[Any], Parts]] = {}


def register_parts(key: str, make: Callable[[Any], Parts]) -> None:
    _part_makers[key] = make


def _add_parts(message: EmailMultiAlternatives, context: dict[str, Any]) -> None:
    for key, make in _part_makers.items():
        if key not in context:
            continue
        parts = make(context[key])
        for content, mimetype in parts.alternatives:
            message.attach_alternative(content, mimetype)
        for name, data, mimetype in parts.files:
            message.attach(name, data, mimetype)


def queue_email(
    *,
    key: str,
    to: str,
    template: str,
    context: dict[str, Any],
    language: str = "",
    reply_to: str = "",
) -> OutboundEmail | None:
    """Record an email to send for this occasion, once. Returns None when it was already queued
    or when the recipient switched this kind of email off (notifications/kinds.py).

    Delivery is enqueued after the surrounding transaction commits, so a rolled-back decision
    sends nothing.
    """
    from upward.notifications.tasks import deliver_email

    if _opted_out(to, template):
        return None
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                key=key,
                to=to,
                template=template,
                language=language or settings.LANGUAGE_CODE,
                context=context,
                reply_to=reply_to,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: deliver_email.enqueue(email.pk))
    return email


def _opted_out(address: str, template: str) -> bool:
    """The person behind the address (by their account's or their HR record's email) switched
    this kind off. Essential kinds are never looked up."""
    if template not in OPTIONAL:
        return False
    return EmailOptOut.objects.filter(
        Q(user__email__iexact=address) | Q(user__employee__email__iexact=address),
        kind=template,
    ).exists()


def _template(template: str, language: str, suffix: str) -> str:
    for candidate in (language, settings.LANGUAGE_CODE):
        name = f"notifications/{template}.{candidate}.{suffix}"
        try:
            get_template(name)
            return name
        except TemplateDoesNotExist:
            continue
    raise TemplateDoesNotExist(f"notifications/{template}.*.{suffix}")


def _single_line(text: str) -> str:
    # A header never spans lines: a name with CR/LF must not smuggle in a Bcc.
    return " ".join(text.split())


def _choices_link() -> str:
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse("notifications:email")


def render(email: OutboundEmail) -> EmailMultiAlternatives:
    context = _with_late_values(dict(email.context))
    optional = email.template in OPTIONAL
    if optional:  # the reader may switch this kind off: say where
        context["email_choices_link"] = _choices_link()
    subject = get_template(_template(email.template, email.language, "subject.txt"))
    text = get_template(_template(email.template, email.language, "txt"))
    html = get_template(_template(email.template, email.language, "html"))
    message = EmailMultiAlternatives(
        subject=_single_line(subject.render(context)),
        body=text.render(context)
        + (f"\nChoose which emails you get: {_choices_link()}\n" if optional else ""),
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={
            # The same occasion always carries the same Message-ID, so a mail system that sees
            # a retry after a crash can recognise it as the same message.
            "Message-ID": f"<{hashlib.sha256(email.key.encode()).hexdigest()[:32]}@upward>",
            "Content-Language": email.language,
        },
    )
    message.attach_alternative(html.render(context), "text/html")
    _add_parts(message, dict(email.context))
    return message


def _claim(email_id: int) -> bool:
    """Take the row for this worker; False if another worker has it or it is done."""
    claimed = OutboundEmail.objects.filter(pk=email_id, state=OutboundEmail.State.PENDING).update(
        state=OutboundEmail.State.SENDING, claimed_at=timezone.now()
    )
    return claimed == 1


def deliver(email_id: int) -> bool:
    """Send one queued email if nobody else has. True when this call sent it."""
    if not _claim(email_id):
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        render(email).send()
    except Exception as error:  # any transport failure: record it, retry later or give up
        attempts = email.attempts + 1
        OutboundEmail.objects.filter(pk=email_id).update(
            state=(
                OutboundEmail.State.FAILED
                if attempts >= MAX_ATTEMPTS
                else OutboundEmail.State.PENDING
            ),
            attempts=attempts,
            claimed_at=None,
            last_error=f"{type(error).__name__}: {error}"[:300],
        )
        log.warning("Email %s failed (attempt %s): %s", email.key, attempts, error)
        return False
    OutboundEmail.objects.filter(pk=email_id).update(
        state=OutboundEmail.State.SENT, sent_at=timezone.now(), attempts=email.attempts + 1
    )
    return True


def release_stuck(now: Any = None) -> list[int]:
    """Put back claims older than the lease (a worker died mid-send), and queue again what has
    waited longer than the lease (a lost task, a failed attempt due for its retry).

    Returns the ids queued again.
    """
    from upward.notifications.tasks import deliver_email

    now = now or timezone.now()
    lease = timedelta(seconds=settings.EMAIL_CLAIM_LEASE_SECONDS)
    stuck = OutboundEmail.objects.filter(
        state=OutboundEmail.State.SENDING, claimed_at__lt=now - lease
    )
    stuck.update(state=OutboundEmail.State.PENDING, claimed_at=None)
    retry = list(
        OutboundEmail.objects.filter(state=OutboundEmail.State.PENDING, queued_at__lt=now - lease)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    OutboundEmail.objects.filter(pk__in=retry).update(queued_at=now)
    for email_id in retry:
        deliver_email.enqueue(email_id)
    return retry
