"""Events that arrive as Django signals: sign-ins, sign-outs and failures. (Role changes made
outside a service are recorded by programs/receivers.py, which owns the roles.)"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from upward.accounts.sessions import sign_in_method
from upward.audit.log import record
from upward.audit.models import AuditEvent


@receiver(user_logged_in, dispatch_uid="upward.audit.login")
def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record(AuditEvent.Action.LOGIN, request=request, actor=user, method=sign_in_method(user))


@receiver(user_login_failed, dispatch_uid="upward.audit.login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    # The name typed is not kept: people type their password into it.
    record(
        AuditEvent.Action.LOGIN_FAILED,
        request=request if isinstance(request, HttpRequest) else None,
    )


@receiver(user_logged_out, dispatch_uid="upward.audit.logout")
def on_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(AuditEvent.Action.LOGOUT, request=request, actor=user)
