"""A person chooses which optional emails they receive (/me/email/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from upward.core.forms import posted
from upward.core.viewer import get_viewer
from upward.notifications import preferences
from upward.notifications.forms import EmailChoicesForm
from upward.notifications.kinds import KINDS


@require_http_methods(["GET", "POST"])
@login_required
def email_choices(request: HttpRequest) -> HttpResponse:
    user = get_viewer(request).user
    if request.method == "POST":
        form = posted(request, EmailChoicesForm)
        preferences.choose(user, set(form.cleaned_data["wanted"]))
        messages.success(request, "Saved. Essential emails are still sent.")
        return redirect("notifications:email")
    off = preferences.switched_off(user)
    return render(
        request,
        "notifications/email_choices.html",
        {
            "optional": [(kind, kind.template not in off) for kind in KINDS if not kind.essential],
            "essential": [kind for kind in KINDS if kind.essential],
        },
    )
