"""Integration tokens, managed by site admins: create (shown once), list, revoke."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from upward.accounts.models import User
from upward.core.feedback import flash_errors
from upward.core.viewer import get_viewer
from upward.integrations import feeds, tokens
from upward.integrations.models import ApiToken
from upward.programs.models import Program


def _admin(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_superuser:
        raise PermissionDenied
    return user


def _program(raw: str) -> Program | None:
    if not raw:
        return None
    try:
        program = Program.objects.filter(public_id=UUID(raw)).first()
    except ValueError:
        program = None
    if program is None:
        raise ValidationError("Choose a program from the list.")
    return program


@require_http_methods(["GET", "POST"])
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user = _admin(request)
    secret = None
    if request.method == "POST":
        raw_program = request.POST.get("program", "")
        days = request.POST.get("days", "").strip()
        try:
            program = _program(raw_program)
            token, secret = tokens.issue(
                by=user,
                name=request.POST.get("name", ""),
                scope=request.POST.get("scope", ""),
                program=program,
                days=int(days) if days.isdigit() else None,
            )
            messages.success(
                request, f"Token “{token.name}” created. Copy it now: it is shown once."
            )
        except ValidationError as error:
            flash_errors(request, error)
    return render(
        request,
        "integrations/tokens.html",
        {
            "tokens": ApiToken.objects.select_related("program", "created_by"),
            "programs": Program.objects.order_by("name"),
            "scopes": ApiToken.Scope.choices,
            "secret": secret,
        },
        status=201 if secret else 200,
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    _admin(request)
    token = ApiToken.objects.filter(public_id=token_id).first()
    if token is None:
        raise Http404("No such token.")
    tokens.revoke(token)
    messages.success(request, f"Token “{token.name}” revoked; it stops working now.")
    return redirect("integrations:tokens")


@require_POST
@login_required
def feed_link_renew(request: HttpRequest) -> HttpResponse:
    feeds.renew_link(get_viewer(request))
    messages.success(request, "Here is the new feed link. The old link stops working now.")
    return redirect("workspace:showcase")
