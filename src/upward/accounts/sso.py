"""Single sign-on with OpenID Connect, on mozilla-django-oidc.

The library runs the code flow (state, nonce, PKCE S256) and checks the ID token's signature;
this module adds what it leaves to us: the issuer, audience and authorised party of the token,
the userinfo subject matching the token's, and who the person is. People are matched on issuer
and subject only. A first sign-in is linked to an imported person by the rule the site sets
(`SSO_LINK_BY`), and never to an account another identity already holds: the same e-mail with
a different subject is refused, not merged.
"""

import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from upward.accounts.access import require_sso_enabled
from upward.accounts.models import SsoIdentity, User
from upward.people.models import Employee

logger = logging.getLogger(__name__)


class SsoRefused(SuspiciousOperation):
    """A sign-in the provider vouched for, that we still will not accept (logged, not shown)."""


class SsoBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not settings.SSO_ENABLED:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SsoRefused as refusal:
            logger.warning("SSO sign-in refused: %s", refusal)
            return None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        if payload.get("iss") != settings.OIDC_ISSUER:
            raise SsoRefused("The ID token comes from another issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SsoRefused("The ID token was issued for another client.")
        if len(audiences) > 1 and payload.get("azp") != settings.OIDC_RP_CLIENT_ID:
            raise SsoRefused("The ID token names another authorised party.")
        if not payload.get("sub"):
            raise SsoRefused("The ID token has no subject.")
        return payload

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload["sub"]:
            raise SsoRefused("The userinfo answer is about someone else.")
        user = sign_in(issuer=payload["iss"], subject=payload["sub"], claims={**payload, **claims})
        return user if user.is_active else None


def sign_in(*, issuer: str, subject: str, claims: dict[str, Any]) -> User:
    """The account for this identity: known, or linked now by the site's rule."""
    identity = SsoIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject)
    found = identity.first()
    if found is not None:
        found.save(update_fields=["last_seen_at"])  # a changed e-mail changes nothing here
        return found.user
    try:
        with transaction.atomic():
            return _link_first_sign_in(issuer=issuer, subject=subject, claims=claims)
    except IntegrityError:
        raise SsoRefused("This account is already linked to another identity.") from None


def _link_first_sign_in(*, issuer: str, subject: str, claims: dict[str, Any]) -> User:
    employee = _employee_for(claims)
    if employee is None:
        raise SsoRefused("No person in Upward matches this identity.")
    account = employee.account
    if account is not None and SsoIdentity.objects.filter(user=account, issuer=issuer).exists():
        raise SsoRefused("This person is already linked to another identity at this provider.")
    if account is None:
        account = User(username=_free_username(employee.email), email=employee.email)
        account.first_name = employee.preferred_name or employee.first_name
        account.last_name = employee.last_name
        account.set_unusable_password()
        account.save()
        employee.account = account
        employee.save(update_fields=["account"])
    SsoIdentity.objects.create(user=account, issuer=issuer, subject=subject)
    logger.info("SSO identity linked", extra={"user": account.pk, "issuer": issuer})
    return account


def _employee_for(claims: dict[str, Any]) -> Employee | None:
    rule = settings.SSO_LINK_BY
    if rule == "email":
        email = str(claims.get("email") or "")
        if not email or claims.get("email_verified") is False:
            return None
        return Employee.objects.select_related("account").filter(email__iexact=email).first()
    if rule == "employee_number":
        number = str(claims.get(settings.SSO_EMPLOYEE_NUMBER_CLAIM) or "")
        return (
            Employee.objects.select_related("account").filter(employee_id=number).first()
            if number
            else None
        )
    return None  # "none": only people SCIM provisioned and linked by an administrator


def _free_username(email: str) -> str:
    candidate, suffix = email, 1
    while User.objects.filter(username__iexact=candidate).exists():
        suffix += 1
        candidate = f"{email}.{suffix}"
    return candidate[:150]


class SsoStart(OIDCAuthenticationRequestView):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_sso_enabled()
        return super().get(request)


class SsoCallback(OIDCAuthenticationCallbackView):
    def get(self, request: HttpRequest) -> HttpResponse:
        require_sso_enabled()
        return super().get(request)

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            "Single sign-on did not let you in. If you are new here, ask your program lead to "
            "add you to Upward.",
        )
        return super().login_failure()
