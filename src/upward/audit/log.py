"""Writing audit events. Callers say what happened; this module turns people into subject keys
and never stores their names or anything they wrote."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import connection, models, transaction
from django.http import HttpRequest

from upward.audit.models import AuditEvent, AuditSubject

Action = AuditEvent.Action
_unlocked: ContextVar[bool] = ContextVar("audit_unlocked", default=False)
_recorded_by_caller: ContextVar[bool] = ContextVar("audit_recorded_by_caller", default=False)


def subject_for_user(user: Any) -> UUID | None:
    if user is None or not getattr(user, "pk", None):
        return None
    subject, _ = AuditSubject.objects.get_or_create(user_id=user.pk)
    return subject.key


def subject_for_employee(employee: Any) -> UUID | None:
    if employee is None or not getattr(employee, "pk", None):
        return None
    subject, _ = AuditSubject.objects.get_or_create(employee_id=employee.pk)
    return subject.key


def target_of(instance: models.Model) -> str:
    ident = getattr(instance, "public_id", None) or instance.pk
    return f"{instance._meta.label_lower}:{ident}"


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    about: Any = None,
    target: models.Model | str = "",
    **details: Any,
) -> AuditEvent:
    """One event. `actor` defaults to the request's user; `about` is the employee concerned."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEvent.objects.create(
        action=action,
        actor=subject_for_user(actor),
        subject=subject_for_employee(about),
        target=target if isinstance(target, str) else target_of(target),
        ip=_client_ip(request),
        details=details,
    )


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from ipware import get_client_ip  # django-axes' dependency, aware of PROXY_COUNT

    ip, _ = get_client_ip(request)
    return ip


def is_unlocked() -> bool:
    return _unlocked.get()


@contextmanager
def unlocked() -> Iterator[None]:
    """For the retention purge only (and the test suite emptying its database): lets the
    SQLite trigger allow a DELETE. PostgreSQL deployments give the app role no DELETE at all."""
    token = _unlocked.set(True)
    try:
        yield
    finally:
        _unlocked.reset(token)


@contextmanager
def recorded_by_caller() -> Iterator[None]:
    """Around a write whose caller records its own, richer event (who did it, for whom): the
    catch-all receivers (audit/receivers.py) stay quiet, so one change is one event."""
    token = _recorded_by_caller.set(True)
    try:
        yield
    finally:
        _recorded_by_caller.reset(token)


def is_recorded_by_caller() -> bool:
    return _recorded_by_caller.get()


def purge_before(cutoff: datetime) -> int:
    """Delete events older than `cutoff` (the retention period). The only delete there is."""
    with transaction.atomic(), unlocked():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # the trigger reads this transaction's setting
                cursor.execute("SELECT set_config('upward.audit_unlocked', 'on', true)")
        deleted, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
