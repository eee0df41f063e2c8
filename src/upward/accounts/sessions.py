"""Recording sign-ins, and ending every session a person holds."""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from upward.accounts.middleware import SEEN, STARTED
from upward.accounts.models import LoginSession, User

METHOD = "_upward_auth_method"  # "password" or "sso": who vouched for this sign-in


def sign_in_method(user: User) -> str:
    """ "sso" or "password": which backend vouched for this sign-in (login() records it)."""
    return "sso" if str(getattr(user, "backend", "")).endswith("SsoBackend") else "password"


@receiver(user_logged_in, dispatch_uid="upward.record_login_session")
def record_login_session(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    # The timeouts count from here (and the first page after sign-in need not save the session).
    now = timezone.now().timestamp()
    request.session[STARTED] = request.session[SEEN] = now
    request.session[METHOD] = sign_in_method(user)
    # login() has already rotated the key, so this is the key the browser now holds.
    key = request.session.session_key
    if key:
        LoginSession.objects.get_or_create(session_key=key, defaults={"user": user})


def end_sessions(user: User) -> int:
    """Delete every session the user holds; their next request is signed out. The count."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(LoginSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    LoginSession.objects.filter(user=user).delete()
    return len(keys)
