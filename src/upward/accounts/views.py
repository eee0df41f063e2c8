from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from upward.accounts.services import diversity_profile_save
from upward.competencies.selectors import latest_ratings
from upward.people.forms import DiversityProfileForm
from upward.people.models import DiversityProfile, Employee
from upward.programs.access import get_viewer


@require_http_methods(["GET", "POST"])
@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own record, and the only place their diversity answers appear."""
    employee = (
        Employee.objects.select_related("department", "manager")
        .filter(account=get_viewer(request).user)
        .first()
    )
    if employee is None:
        return render(request, "accounts/me.html", {"employee": None})
    profile = DiversityProfile.objects.filter(employee=employee).first()
    form = DiversityProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        diversity_profile_save(employee=employee, answers=form.cleaned_data)
        messages.success(request, "Saved. Only you can see these answers.")
        return redirect("me")
    token = request.session.pop("calendar_feed_token", None)
    link = (
        request.build_absolute_uri(reverse("workspace:calendar_feed", args=[token]))
        if token
        else None
    )
    return render(
        request,
        "accounts/me.html",
        {
            "calendar_link": link,
            "employee": employee,
            "form": form,
            "ratings": latest_ratings(employee),
        },
        status=400 if form.errors else 200,
    )


class PasswordLogin(LoginView):
    """The password form, with the single sign-on button beside it; gone when SSO is the only
    way in."""

    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if settings.SSO_ONLY:
            raise Http404("Sign in with your organisation account.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "sso_enabled": settings.SSO_ENABLED}
