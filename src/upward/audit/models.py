"""The audit log: who did what to which record, when. Append-only, enforced by the database.

People appear in it only as pseudonymous subject keys. The key <-> person link lives in
AuditSubject, outside the append-only table, so erasing a person (deleting their link) leaves
every event in place and makes it unattributable, without rewriting history. No event holds
free text a person wrote: only what happened, ids and counts.
"""

import uuid

from django.conf import settings
from django.db import models


class AuditSubject(models.Model):
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_subject",
    )
    employee = models.OneToOneField(
        "people.Employee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_subject",
    )

    def __str__(self) -> str:
        return str(self.key)


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Sign-in failed"
        LOGOUT = "logout", "Signed out"
        SESSIONS_ENDED = "sessions_ended", "Sessions ended"
        SIGN_IN_LINK = "sign_in_link", "Sign-in link sent"
        PASSWORD_SET = "password_set", "Password set from an emailed link"
        LIFECYCLE = "lifecycle", "Program or cohort moved on"
        DENIED = "denied", "Permission denied"
        RESTRICTED_READ = "restricted_read", "Restricted record read"
        EXPORT = "export", "Data exported"
        ROLE_CHANGED = "role_changed", "Program role changed"
        SCIM_WRITE = "scim_write", "Provisioned by SCIM"
        MATCH_EDITED = "match_edited", "Matching changed"
        FLAG_ACTION = "flag_action", "Flag acted on"
        TOKEN_CHANGED = "token_changed", "Integration token changed"
        WEBHOOK_CHANGED = "webhook_changed", "Webhook changed"
        DATA_REQUEST = "data_request", "Personal-data request"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    actor = models.UUIDField(null=True, blank=True, db_index=True)  # an AuditSubject key
    subject = models.UUIDField(null=True, blank=True, db_index=True)  # whom it was about
    target = models.CharField(max_length=120, blank=True)  # "programs.pair:<uuid>"
    ip = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"
