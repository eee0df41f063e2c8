"""Who manages integration tokens: site administrators only (403 for anyone else); a token
that does not exist is a 404."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404

from upward.core.viewer import Viewer
from upward.integrations.models import ApiToken


def require_token_admin(viewer: Viewer) -> None:
    if not viewer.is_site_admin:
        raise PermissionDenied


def get_token_for_site_admin(viewer: Viewer, token_id: UUID) -> ApiToken:
    require_token_admin(viewer)
    token = ApiToken.objects.filter(public_id=token_id).first()
    if token is None:
        raise Http404("No such token.")
    return token
