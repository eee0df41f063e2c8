"""The charter-to-sign email: the sponsor is told a charter version waits for their signature.

Nothing of the charter's text travels in the email, only the program's name and links. Each
version is its own occasion, so a new version sends it again and a retry never sends it twice.
"""

from django.conf import settings
from django.urls import reverse

from upward.accounts.access_links import password_link_context
from upward.governance.models import CharterVersion
from upward.notifications.outbox import queue_email
from upward.programs.models import ProgramRole


def queue_charter_to_sign(charter: CharterVersion) -> int:
    """Queue the email to every sponsor of the charter's program; returns how many were queued.
    A sponsor who has no password yet (made from the people data) gets a single-use link to
    choose one that leads on to the charter."""
    program = charter.program
    path = reverse("governance:charter", args=[program.public_id])
    sponsors = ProgramRole.objects.filter(
        program=program, role=ProgramRole.Role.SPONSOR, user__is_active=True
    ).select_related("user")
    queued = 0
    for grant in sponsors:
        user = grant.user
        if not user.email:
            continue
        needs_password = not user.has_usable_password()
        email = queue_email(
            key=f"charter_to_sign:{program.public_id}:v{charter.version}:{user.pk}",
            to=user.email,
            template="charter_to_sign",
            context={
                "first_name": user.first_name or "there",
                "program": program.name,
                "version": charter.version,
                "link": settings.SITE_URL.rstrip("/") + path,
                "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
                **(password_link_context(user, next_path=path) if needs_password else {}),
            },
        )
        queued += email is not None
    return queued
