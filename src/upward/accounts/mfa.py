"""A second factor (TOTP) for the people who can see most: site admins and program leads.

Who needs it: a site admin or a program lead who signed in with a password (single sign-on
leaves the second factor to the identity provider). Until they have entered a code in this
session, they reach only the enrolment and code pages and sign-out. A code is accepted once.
"""

import time
from collections.abc import Callable

import pyotp
import segno
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from upward.accounts.models import TotpDevice, User
from upward.accounts.sessions import METHOD
from upward.programs.models import ProgramRole

VERIFIED = "_upward_mfa_verified"
ISSUER = "Upward"
STEP = 30


def needs_second_factor(user: User, method: str | None) -> bool:
    if method == "sso":
        return False
    return user.is_superuser or ProgramRole.objects.filter(user=user, role="lead").exists()


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
    moment = now if now is not None else time.time()
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
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and self._must_stop(request, user):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Enter your authenticator code first."}, status=403)
            device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False)
            target = "mfa_verify" if device.exists() else "mfa_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)

    def _must_stop(self, request: HttpRequest, user: User) -> bool:
        if not settings.MFA_REQUIRED:
            return False
        if getattr(request, "_upward_token", None) or request.session.get(VERIFIED):
            return False
        match = request.resolver_match
        if match is None:
            from django.urls import resolve

            try:
                match = resolve(request.path_info)
            except Exception:  # an unknown address: let it 404 as usual
                return False
        if match.url_name in ALWAYS_OPEN or request.path.startswith(settings.STATIC_URL):
            return False
        return needs_second_factor(user, request.session.get(METHOD))
