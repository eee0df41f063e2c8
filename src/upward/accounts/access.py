"""Who reaches the sign-in pages.

A page switched off by the site's settings (passwords when single sign-on is the only way in,
single sign-on when it is not set up) is a 404.
"""

from django.conf import settings
from django.http import Http404

from upward.accounts.access_links import passwords_allowed
from upward.core.viewer import Viewer
from upward.people.models import Employee


def require_passwords_allowed() -> None:
    if not passwords_allowed():
        raise Http404("Sign in with your organisation account.")


def require_sso_enabled() -> None:
    if not settings.SSO_ENABLED:
        raise Http404("Single sign-on is not configured.")


def get_own_employee(viewer: Viewer) -> Employee:
    """The person record linked to the viewer's own login."""
    employee = Employee.objects.filter(account=viewer.user).first()
    if employee is None:
        raise Http404("Your login is not linked to a person yet.")
    return employee
