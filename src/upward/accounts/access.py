"""Who reaches the sign-in pages and people's photos.

A page switched off by the site's settings (passwords when single sign-on is the only way in,
single sign-on when it is not set up) is a 404, as is a photo the viewer may not see: its
existence stays hidden.
"""

from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.http import Http404

from upward.accounts.access_links import passwords_allowed
from upward.accounts.models import User
from upward.accounts.photos import may_see_profile
from upward.accounts.profiles import photo_path
from upward.core.viewer import Viewer
from upward.people.models import Employee


def require_passwords_allowed() -> None:
    if not passwords_allowed():
        raise Http404("Sign in with your organisation account.")


def require_sso_enabled() -> None:
    if not settings.SSO_ENABLED:
        raise Http404("Single sign-on is not configured.")


def get_photo_for_viewer(viewer: Viewer, user_id: UUID) -> Path:
    """The file of someone's photo, for a viewer who may see their profile."""
    owner = User.objects.filter(public_id=user_id).select_related("profile").first()
    photo_name = getattr(getattr(owner, "profile", None), "photo", "")
    if owner is None or not photo_name or not may_see_profile(viewer, owner):
        raise Http404("No such photo.")
    path = photo_path(photo_name)
    if not path.is_file():
        raise Http404("No such photo.")
    return path


def get_own_employee(viewer: Viewer) -> Employee:
    """The person record linked to the viewer's own login."""
    employee = Employee.objects.filter(account=viewer.user).first()
    if employee is None:
        raise Http404("Your login is not linked to a person yet.")
    return employee
