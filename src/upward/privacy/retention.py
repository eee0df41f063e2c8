"""How long each kind of data is kept, and the scheduled purge that enforces it.

People's program records are kept while the organisation needs them and removed by erasure
(`upward.privacy.erasure`); this table is for the data that only serves a while: traces of
sign-ins, messages sent, uploads and background work.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from upward.audit.log import purge_before


@dataclass(frozen=True)
class Retention:
    kind: str
    model: str
    moment: str  # the date field the period counts from
    days: int
    only: Q = field(default_factory=Q)  # e.g. only finished work


def periods() -> list[Retention]:
    return [
        Retention("Expired sessions", "sessions.Session", "expire_date", 0),
        Retention("Sign-in attempts and lockouts", "axes.AccessAttempt", "attempt_time", 30),
        Retention("Sign-in failure log", "axes.AccessFailureLog", "attempt_time", 90),
        Retention("HRIS uploads and their row reports", "people.ImportJob", "created_at", 30),
        Retention(
            "E-mails sent or given up",
            "notifications.OutboundEmail",
            "queued_at",
            90,
            ~Q(state="pending") & ~Q(state="sending"),
        ),
        Retention(
            "Webhook deliveries",
            "webhooks.Delivery",
            "created_at",
            90,
            Q(state__in=["delivered", "failed"]),
        ),
        Retention(
            "Finished background tasks",
            "django_tasks_database.DBTaskResult",
            "enqueued_at",
            30,
            Q(finished_at__isnull=False),
        ),
    ]


def purge(now: datetime | None = None) -> dict[str, int]:
    """Delete what is past its period; the count per kind (the audit log's own rule included)."""
    now = now or timezone.now()
    removed = {}
    for rule in periods():
        model = apps.get_model(rule.model)
        cutoff = now - timedelta(days=rule.days)
        old = model._base_manager.filter(rule.only, **{f"{rule.moment}__lt": cutoff})
        removed[rule.kind], _ = old.delete()
    cutoff = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    removed["Audit events"] = purge_before(cutoff)
    return removed
