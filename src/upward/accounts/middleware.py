"""Sessions that end on their own: after a spell of inactivity, and a fixed time after sign-in."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

STARTED = "_upward_started"
SEEN = "_upward_seen"
TOUCH_EVERY = 60  # seconds: how stale the "last seen" mark may get before it is saved again


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not getattr(request, "_upward_token", None):
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        now = timezone.now().timestamp()
        session = request.session
        started = session.setdefault(STARTED, now)
        seen = session.get(SEEN, now)
        idle = now - seen > settings.SESSION_IDLE_MINUTES * 60
        too_old = now - started > settings.SESSION_MAX_HOURS * 3600
        if idle or too_old:
            logout(request)  # flushes the session: the next page is the sign-in page
            messages.info(
                request,
                "You were signed out after a while without activity."
                if idle
                else "Sessions last at most a working day; please sign in again.",
            )
            return
        if now - seen >= TOUCH_EVERY or SEEN not in session:
            session[SEEN] = now  # saved at most once a minute, not on every request
