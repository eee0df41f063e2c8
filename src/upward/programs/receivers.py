"""A program role granted, changed or removed anywhere (the admin, SCIM, a data fix) is in the
audit log. The services record their own changes with the actor; these catch the rest."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from upward.audit.log import is_recorded_by_caller, record, subject_for_user
from upward.audit.models import AuditEvent, AuditSubject
from upward.programs.models import ProgramRole


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
