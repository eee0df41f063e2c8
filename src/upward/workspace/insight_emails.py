"""An insight given to an owner: they hear what it is and where to update it.

The owner is a colleague outside the pair, often without an Upward account: one is made for
them (without a password) and the email carries a single-use link to choose one, leading to the
insights page where they set its status and measured impact. Only the insight's title travels
in the email; the pair stays unnamed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from upward.accounts.access_links import password_link_context
from upward.notifications.outbox import queue_email
from upward.programs.services import person_account
from upward.workspace.models import Insight


def queue_insight_for_owner(insight: Insight) -> bool:
    owner = insight.owner
    if owner is None or not owner.email:
        return False
    path = reverse("workspace:all_insights")
    try:
        user = person_account(owner)
    except ValidationError:
        user = None  # single sign-on only: their account comes with their first sign-in
    needs_password = user is not None and not user.has_usable_password()
    email = queue_email(
        key=f"insight_assigned:{insight.public_id}:{owner.pk}",
        to=owner.email,
        template="insight_assigned",
        context={
            "first_name": owner.preferred_name or owner.first_name or "there",
            "program": insight.pair.cohort.program.name,
            "title": insight.title,
            "link": settings.SITE_URL.rstrip("/") + path,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            **(password_link_context(user, next_path=path) if user and needs_password else {}),
        },
    )
    return email is not None
