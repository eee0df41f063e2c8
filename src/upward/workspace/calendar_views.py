"""The calendar subscription: the feed a calendar app polls, and renewing its secret link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from upward.core.viewer import get_viewer
from upward.workspace import sessions as service
from upward.workspace.access import get_user_for_calendar_token
from upward.workspace.calendar import feed
from upward.workspace.models import Session
from upward.workspace.session_zones import saved_zone


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar app's subscription: the token is the credential, so there is no login."""
    user = get_user_for_calendar_token(token)
    sessions = Session.objects.filter(
        pair__mentor__employee__account=user
    ) | Session.objects.filter(pair__mentee__employee__account=user)
    employee = getattr(user, "employee", None)
    zone = (saved_zone(employee) if employee is not None else "") or "UTC"
    body = feed(
        sessions.select_related("pair__mentor__employee", "pair__mentee__employee").order_by(
            "starts_at"
        ),
        zone,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="upward.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def calendar_renew(request: HttpRequest) -> HttpResponse:
    token = service.calendar_token_renew(get_viewer(request).user)
    request.session["calendar_feed_token"] = token  # shown once on the profile page
    messages.success(request, "Here is your new calendar link. Any older link stops working.")
    return redirect("me")
