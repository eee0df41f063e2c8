"""Session invitations by email: a text part, and the invite as text/calendar plus an .ics file.
No notes, goals or names of the partner in the subject: a date and a link."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from upward.domain import time_zones
from upward.people.models import Employee
from upward.workspace.calendar import invite
from upward.workspace.models import Session


def session_email(session: Session, member: Employee, *, cancel: bool) -> EmailMultiAlternatives:
    try:
        zone = time_zones.resolve(member.time_zone or "UTC")
    except time_zones.UnknownZone:
        zone = "UTC"
    ics = invite(session, zone, cancel=cancel)
    when = time_zones.when(session.starts_at, zone)  # "Tue 1 Dec, 09:00 Singapore time (UTC+8)"
    verb = "Cancelled" if cancel else ("Updated" if session.sequence else "Invitation")
    link = settings.SITE_URL.rstrip("/") + reverse("programs:pair", args=[session.pair.public_id])
    body = (
        f"Hello {member.preferred_name or member.first_name},\n\n"
        f"{verb}: your reverse mentoring session on {when}.\n"
        f"Your pair page: {link}\n\nUpward\n"
    )
    message = EmailMultiAlternatives(
        subject=f"{verb}: reverse mentoring session, {when}", body=body, to=[member.email]
    )
    method = "CANCEL" if cancel else "REQUEST"
    message.attach_alternative(ics.decode(), f"text/calendar; method={method}")
    message.attach("session.ics", ics, "text/calendar")
    return message
