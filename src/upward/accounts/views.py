from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from upward.accounts import mfa
from upward.accounts.access import get_own_employee, require_passwords_allowed
from upward.accounts.forms import CodeForm, NextForm, ProfileForm, TimeZoneForm
from upward.accounts.models import TotpDevice, User
from upward.accounts.profiles import profile_of, profile_save
from upward.accounts.services import diversity_profile_save
from upward.competencies.selectors import latest_ratings
from upward.core.viewer import get_viewer
from upward.domain import time_zones
from upward.people.forms import DiversityProfileForm
from upward.people.models import DiversityProfile, Employee


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
            "zone_field": {"zones": time_zones.zone_choices(), "value": employee.time_zone},
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
        require_passwords_allowed()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "sso_enabled": settings.SSO_ENABLED}


def _next_in(data: Any) -> str:
    form = NextForm(data)
    return str(form.cleaned_data["next"]) if form.is_valid() else ""


def _safe_next(request: HttpRequest) -> str:
    target = _next_in(request.POST) or _next_in(request.GET)
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else reverse("home")


@require_http_methods(["GET", "POST"])
@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan, then prove it with a first code."""
    user = get_viewer(request).user
    device, _ = TotpDevice.objects.get_or_create(user=user, defaults={"secret": mfa.new_secret()})
    if device.confirmed_at is not None:
        # Re-enrolling needs the old device: a stolen password must not replace it.
        return redirect(f"{reverse('mfa_verify')}?next={_safe_next(request)}")
    if request.method == "POST":
        if mfa.check_code(device, CodeForm(request.POST).typed_code()):
            request.session[mfa.VERIFIED] = True
            messages.success(request, "Your authenticator app is set up.")
            return redirect(_safe_next(request))
        messages.error(request, "That code did not match. Check the app's clock and try again.")
    uri, qr = mfa.provisioning(user, device.secret)
    context = {"uri": uri, "qr": qr, "secret": device.secret, "next": _safe_next(request)}
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/mfa_setup.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    device = TotpDevice.objects.filter(
        user=get_viewer(request).user, confirmed_at__isnull=False
    ).first()
    if device is None:
        return redirect(f"{reverse('mfa_setup')}?next={_safe_next(request)}")
    if request.method == "POST":
        if mfa.check_code(device, CodeForm(request.POST).typed_code()):
            request.session[mfa.VERIFIED] = True
            return redirect(_safe_next(request))
        messages.error(request, "That code did not match, or it was already used.")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/mfa_verify.html", {"next": _safe_next(request)}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The person's profile in their own words; a refused save comes back as typed."""
    user = get_viewer(request).user
    current = profile_of(user)
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        initial={"about": current.about, "offers": current.offers, "wants": current.wants},
    )
    errors: list[str] = []
    if form.is_bound:
        errors = _profile_saved(user, form)
        if not errors:
            messages.success(request, "Saved. Your partner and your shortlist see it now.")
            return redirect("profile")
    typed = {name: form[name].value() or "" for name in ("about", "offers", "wants")}
    return render(
        request,
        "accounts/profile.html",
        {"profile": current, "typed": typed, "errors": errors},
        status=400 if errors else 200,
    )


def _profile_saved(user: User, form: ProfileForm) -> list[str]:
    """Save the profile; the reasons it was refused, if it was."""
    if not form.is_valid():
        return [str(error) for errors in form.errors.values() for error in errors]
    try:
        profile_save(user=user, **form.cleaned_data)
    except ValidationError as error:
        return list(error.messages)
    return []


@require_http_methods(["POST"])
@login_required
def time_zone(request: HttpRequest) -> HttpResponse:
    """The person's own time zone: every time they are shown, and sessions they plan, use it."""
    employee = get_own_employee(get_viewer(request))
    form = TimeZoneForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("zone", []):
            messages.error(request, str(error))
    else:
        employee.time_zone = form.cleaned_data["zone"]
        employee.save(update_fields=["time_zone"])
        messages.success(request, f"Your time zone is now {employee.time_zone}.")
    return redirect("me")
