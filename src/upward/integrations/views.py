"""Integration tokens, managed by site admins: create (shown once), list, revoke."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.viewer import get_viewer
from upward.integrations import feeds, tokens
from upward.integrations.access import get_token_for_site_admin, require_token_admin
from upward.integrations.forms import TokenForm
from upward.integrations.models import ApiToken
from upward.programs.models import Program


def _typed(form: TokenForm) -> dict[str, Any]:
    """The token as typed; a program not on the list, or days that are not a number, refused."""
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    return form.cleaned_data


@require_http_methods(["GET", "POST"])
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(request)
    require_token_admin(viewer)
    secret, refused = None, False
    if request.method == "POST":
        try:
            token, secret = tokens.issue(by=viewer.user, **_typed(TokenForm(request.POST)))
            messages.success(
                request, f"Token “{token.name}” created. Copy it now: it is shown once."
            )
        except ValidationError as error:
            flash_errors(request, error)
            refused = True
    return render(
        request,
        "integrations/tokens.html",
        {
            "tokens": ApiToken.objects.select_related("program", "created_by"),
            "programs": Program.objects.order_by("name"),
            "scopes": ApiToken.Scope.choices,
            "secret": secret,
        },
        status=201 if secret else 400 if refused else 200,
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: UUID) -> HttpResponse:
    token = get_token_for_site_admin(get_viewer(request), token_id)
    tokens.revoke(token)
    messages.success(request, f"Token “{token.name}” revoked; it stops working now.")
    return redirect("integrations:tokens")


@require_POST
@login_required
def feed_link_renew(request: HttpRequest) -> HttpResponse:
    feeds.renew_link(get_viewer(request))
    messages.success(request, "Here is the new feed link. The old link stops working now.")
    return redirect("workspace:showcase")
