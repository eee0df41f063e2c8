import sys

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from upward.core.forms import Refused
from upward.core.viewer import Role, get_viewer
from upward.programs import selectors
from upward.recruitment.selectors import pending_invitations
from upward.web.home import choosing_items, pair_cards, survey_items
from upward.web.to_do import lead_items, owner_items, sponsor_items

# Which home a user lands on when they hold several roles: the most operational first.
ROLE_ORDER = (Role.LEAD, Role.SPONSOR, Role.ANALYST, Role.MENTOR, Role.MENTEE, Role.SITE_ADMIN)


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(request)
    today = timezone.localdate()
    summaries = selectors.program_summaries(viewer, selectors.visible_programs(viewer), today)
    roles = viewer.roles
    return render(
        request,
        "web/home.html",
        {
            "primary_role": next((role for role in ROLE_ORDER if role in roles), None),
            "led": [s for s in summaries if Role.LEAD in s.roles],
            "sponsored": [s for s in summaries if Role.SPONSOR in s.roles],
            "analysed": [s for s in summaries if Role.ANALYST in s.roles],
            "all_programs": summaries if viewer.is_site_admin else [],
            "pairs": (
                pair_cards(selectors.pairs_of_viewer(viewer), viewer.user, timezone.now())
                if viewer.pair_ids
                else []
            ),
            "choosing": choosing_items(viewer.user),
            "lead_to_do": lead_items(viewer.programs_with(Role.LEAD)),
            "sponsor_to_do": sponsor_items(viewer.programs_with(Role.SPONSOR), today),
            "owner_to_do": owner_items(viewer.user.pk),
            "invitations": list(pending_invitations(viewer.user)),
            "surveys": survey_items(viewer.user) if viewer.pair_ids else [],
            "viewer": viewer,
        },
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 when the app and its database answer."""
    try:
        MigrationRecorder.Migration.objects.exists()  # a real query, through the ORM
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


UNAVAILABLE = (
    "Upward cannot reach its database just now. Nothing you were saving was half-written; "
    "please try again in a minute."
)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 handler: a refusal from core.forms.posted says what was wrong; anything else
    gets the general words (Django's own 400s carry nothing meant for people)."""
    message = str(exception) if isinstance(exception, Refused) else ""
    if request.path.startswith(("/api/", "/scim/")):
        return JsonResponse({"detail": message or "The request could not be read."}, status=400)
    return HttpResponse(render_to_string("400.html", {"message": message}), status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler. A lost database is not a bug in the request: it is a 503 that says
    so, asks the client to retry, and the next request after the database is back just works
    (Django opens a fresh connection)."""
    error = sys.exc_info()[1]
    lost = isinstance(error, OperationalError | InterfaceError)
    status = 503 if lost else 500
    if request.path.startswith(("/api/", "/scim/")):
        detail = UNAVAILABLE if lost else "Something went wrong; the error has been logged."
        response: HttpResponse = JsonResponse({"detail": detail}, status=status)
    else:
        template = "503.html" if lost else "500.html"
        response = HttpResponse(render_to_string(template), status=status)
    if lost:
        response["Retry-After"] = "30"
    return response
