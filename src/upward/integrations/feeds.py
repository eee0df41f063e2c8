"""The showcase feed's secret link: one per installation, renewed (and the old one revoked) by a
program lead or a site administrator."""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from upward.audit import log as audit
from upward.core.viewer import Role, Viewer
from upward.integrations.models import FeedLink


def may_manage(viewer: Viewer) -> bool:
    """Program leads and site admins see the secret link and renew it."""
    return viewer.is_site_admin or bool(viewer.programs_with(Role.LEAD))


def live_link() -> FeedLink | None:
    return FeedLink.objects.filter(revoked_at__isnull=True).first()


def opens_the_feed(secret: str) -> bool:
    """Whether this secret is the live link's (compared in constant time)."""
    link = live_link()
    return bool(secret) and link is not None and secrets.compare_digest(secret, link.secret)


@transaction.atomic
def renew_link(viewer: Viewer) -> FeedLink:
    """A new secret link; the old one stops working at once."""
    if not may_manage(viewer):
        raise PermissionDenied
    # Lock the live row; should two renewals still race, the unique `live` column refuses the
    # second (an error for that click, never two live links).
    old = list(FeedLink.objects.select_for_update().filter(revoked_at__isnull=True))
    FeedLink.objects.filter(pk__in=[link.pk for link in old]).update(
        revoked_at=timezone.now(), live=None
    )
    link = FeedLink.objects.create(secret=secrets.token_urlsafe(32), created_by=viewer.user)
    audit.record(
        audit.Action.TOKEN_CHANGED, actor=viewer.user, target=link, change="feed link renewed"
    )
    return link
