"""Issuing, checking and revoking integration tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.audit import log as audit
from upward.integrations.models import ApiToken
from upward.programs.models import Program

PREFIX = "upw_"
LAST_USED_EVERY = timedelta(minutes=1)  # write last-used at most once a minute per token


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue(
    *,
    by: User,
    name: str,
    scope: str,
    program: Program | None = None,
    days: int | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is never stored and never shown again."""
    if not by.is_superuser:
        raise ValidationError("Only a site administrator creates integration tokens.")
    if not name.strip():
        raise ValidationError("Name the token after the system that will use it.")
    if scope not in ApiToken.Scope.values:
        raise ValidationError("Choose read only or read and write.")
    if scope == ApiToken.Scope.SCIM and program is not None:
        raise ValidationError("A SCIM token provisions people for the whole site, not a program.")
    if days is not None and not 1 <= days <= 730:
        raise ValidationError("A token lasts 1 to 730 days, or until it is revoked.")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name.strip()[:100],
        prefix=secret[:12],
        token_hash=digest(secret),
        scope=scope,
        program=program,
        created_by=by,
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    audit.record(audit.Action.TOKEN_CHANGED, actor=by, target=token, change="issued", scope=scope)
    return token, secret


def check(secret: str, *, scim: bool = False) -> ApiToken | None:
    """The live token for this secret, or None (unknown, revoked or expired, or made for the
    other door: a SCIM token opens /scim/ only, an API token /api/ only)."""
    if not secret.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("created_by")
        .filter(token_hash=digest(secret), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if not token.created_by.is_active:
        return None
    if (token.scope == ApiToken.Scope.SCIM) != scim:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke(token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(audit.Action.TOKEN_CHANGED, target=token, change="revoked")
    return token
