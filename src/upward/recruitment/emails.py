"""Invitation emails: a first name and links, nothing confidential, through the outbox."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from upward.accounts.access_links import account_for, password_link_context
from upward.notifications.outbox import queue_email
from upward.programs.models import Participant

ROLE_LINES = {
    Participant.Role.MENTOR: (
        "mentor: a junior colleague who teaches a senior leader what they know best"
    ),
    Participant.Role.MENTEE: "mentee: a leader who learns from a junior colleague's expertise",
}


def queue_invitation(participant: Participant, *, reminder: bool = False) -> None:
    """Queue the invitation (or a reminder of it). Someone imported without an account gets one
    now, and the email carries a single-use link to choose a password that leads on to the
    invitation; with single sign-on only, the plain link is enough."""
    employee = participant.employee
    path = reverse("recruitment:invitation", args=[participant.public_id])
    user = account_for(employee)
    needs_password = user is not None and not user.has_usable_password()
    occasion = f"reminder:{timezone.localdate().isoformat()}" if reminder else "first"
    queue_email(
        key=f"invitation:{participant.public_id}:{occasion}",
        to=employee.email,
        template="invitation",
        context={
            "first_name": employee.preferred_name or employee.first_name,
            "program": participant.cohort.program.name,
            "role_line": ROLE_LINES[Participant.Role(participant.role)],
            "starts": date_format(participant.cohort.start_date, "j F Y"),
            "ends": date_format(participant.cohort.end_date, "j F Y"),
            "link": settings.SITE_URL.rstrip("/") + path,
            "reminder": reminder,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            **(password_link_context(user, next_path=path) if needs_password and user else {}),
        },
    )
