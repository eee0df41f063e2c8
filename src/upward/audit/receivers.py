"""Events that arrive as Django signals: sign-ins, sign-outs, failures and program roles."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from upward.accounts.sessions import sign_in_method
from upward.audit.log import is_recorded_by_caller, record, subject_for_user
from upward.audit.models import AuditEvent, AuditSubject
from upward.programs.models import ProgramRole


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


@receiver(post_save, sender=ProgramRole, dispatch_uid="upward.audit.role_saved")
def on_role_saved(sender: Any, instance: ProgramRole, created: bool, **kwargs: Any) -> None:
    if is_recorded_by_caller():
        return
    record(
        AuditEvent.Action.ROLE_CHANGED,
        actor=None,
        target=instance.program,
        change="granted" if created else "changed",
        role=instance.role,
        member=str(subject_for_user(instance.user)),
    )


@receiver(post_delete, sender=ProgramRole, dispatch_uid="upward.audit.role_deleted")
def on_role_deleted(sender: Any, instance: ProgramRole, **kwargs: Any) -> None:
    if is_recorded_by_caller():
        return
    record(
        AuditEvent.Action.ROLE_CHANGED,
        target=instance.program,
        change="removed",
        role=instance.role,
        # Only an existing key: the user may be on their way out with this very delete.
        member=str(
            AuditSubject.objects.filter(user_id=instance.user_id)
            .values_list("key", flat=True)
            .first()
        ),
    )
