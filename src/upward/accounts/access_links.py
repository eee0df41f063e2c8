"""How a person without single sign-on gets in: a link, sent by email, to set their own password.

The links are Django's password-reset tokens: bound to the account's password hash and last
sign-in, so a link works once (setting the password changes the hash) and only for
PASSWORD_RESET_TIMEOUT. The token is made when the email is rendered for sending and never
stored: the outbox keeps only the account's id (`password_link_context`).
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from upward.accounts.models import User
from upward.notifications.outbox import queue_email
from upward.people.models import Employee

# One email of each kind per account per quarter hour: "forgot password" pressed ten times, or
# a lead's button clicked twice, sends one.
RATE_WINDOW_SECONDS = 15 * 60
LINK_KEY = "password_link"


def passwords_allowed() -> bool:
    return not settings.SSO_ONLY


@transaction.atomic
def account_for(employee: Employee) -> User | None:
    """The employee's account, made now without a password if they have none (an imported
    person answering an invitation). None where people sign in only through SSO: the identity
    provider makes the link at their first sign-in."""
    if employee.account_id:
        return employee.account
    if not passwords_allowed() or not employee.email:
        return None
    username = employee.email.strip().lower()
    if User.objects.filter(username=username).exists():
        username = f"{username}#{employee.employee_id}"
    user = User(
        username=username[:150],
        email=employee.email,
        first_name=employee.preferred_name or employee.first_name,
        last_name=employee.last_name,
    )
    user.set_unusable_password()
    user.save()
    employee.account = user
    employee.save(update_fields=["account"])
    return user


def password_link_context(user: User, *, next_path: str = "") -> dict[str, Any]:
    """What the outbox stores for a link it fills in when it sends (see `resolve_link`)."""
    if not passwords_allowed() or not user.is_active:
        return {}
    return {LINK_KEY: {"user": user.pk, "next": next_path}}


def resolve_link(value: dict[str, Any]) -> str:
    """The set-password URL for an outbox context entry, made at sending time."""
    user = User.objects.filter(pk=int(value.get("user") or 0), is_active=True).first()
    if user is None:
        return ""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("password_set", args=[uid, default_token_generator.make_token(user)])
    if value.get("next"):
        path += "?" + urlencode({"next": value["next"]})
    return settings.SITE_URL.rstrip("/") + path


def send_password_link(user: User, *, reason: str, next_path: str = "") -> bool:
    """Email the person a link to set their password. `reason` is "forgot" or "lead"; False
    when one was sent in the last quarter hour (or passwords are off)."""
    context = password_link_context(user, next_path=next_path)
    if not context or not user.email:
        return False
    window = int(timezone.now().timestamp()) // RATE_WINDOW_SECONDS
    queued = queue_email(
        key=f"password:{reason}:{user.pk}:{window}",
        to=user.email,
        template="password_link",
        context={**context, "first_name": user.first_name or "there", "reason": reason},
    )
    return queued is not None
