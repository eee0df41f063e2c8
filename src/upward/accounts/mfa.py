"""A second factor (TOTP) for the people who can see most: site admins and program leads.

Who needs it: a site admin or a program lead who signed in with a password (single sign-on
leaves the second factor to the identity provider). Until they have entered a code in this
session, they reach only the enrolment and code pages and sign-out. A code is accepted once.
"""

from collections.abc import Callable
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import TotpDevice, User
from upward.accounts.sessions import METHOD
from upward.core.viewer import Role, get_viewer

VERIFIED = "_upward_mfa_verified"
ISSUER = "Upward"
STEP = 30


def needs_second_factor(request: HttpRequest) -> bool:
    """A site admin or program lead who signed in with a password (SSO leaves it to the IdP).
    Reads the request's Viewer, which the page computes anyway: no query of its own."""
    if request.session.get(METHOD) == "sso":
        return False
    viewer = get_viewer(request)
    return viewer.is_site_admin or bool(viewer.programs_with(Role.LEAD))


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning(user: User, secret: str) -> tuple[str, str]:
    """The otpauth URI and its QR code as an SVG data URI (drawn here; no outside service)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=ISSUER)
    return uri, segno.make(uri, error="m").svg_data_uri(scale=5, dark="#111", light="#fff")


def check_code(device: TotpDevice, code: str, *, now: float | None = None) -> bool:
    """True once for a right code in the current step or the one either side (clock drift)."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(device.secret)
    moment = now if now is not None else timezone.now().timestamp()
    step_now = int(moment // STEP)
    for step in (step_now - 1, step_now, step_now + 1):
        if step > device.last_step and totp.at(step * STEP) == code:
            # Conditional update: two requests with the same code cannot both pass.
            taken = TotpDevice.objects.filter(pk=device.pk, last_step__lt=step).update(
                last_step=step, confirmed_at=device.confirmed_at or timezone.now()
            )
            return taken == 1
    return False


ALWAYS_OPEN = ("mfa_setup", "mfa_verify", "logout", "healthz")


class SecondFactorMiddleware:
    """Until the code is entered, every page but enrolment, the code page and sign-out sends
    the person there (the API answers 403). Runs once the address is resolved (`process_view`),
    so unknown addresses stay 404s and nothing is resolved twice."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not (settings.MFA_REQUIRED and isinstance(user, User)):
            return None
        if request.session.get(VERIFIED) or request.resolver_match is None:
            return None
        if request.resolver_match.url_name in ALWAYS_OPEN or not needs_second_factor(request):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Enter your authenticator code first."}, status=403)
        enrolled = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()
        target = "mfa_verify" if enrolled else "mfa_setup"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")
