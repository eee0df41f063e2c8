"""Session invitations by email: a text part, and the invite as text/calendar plus an .ics file.
No notes, goals or names of the partner in the subject: a date and a link."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from upward.people.models import Employee
from upward.workspace.calendar import invite
from upward.workspace.models import Session


def session_email(session: Session, member: Employee, *, cancel: bool) -> EmailMultiAlternatives:
    zone = member.time_zone or "UTC"
    ics = invite(session, zone, cancel=cancel)
    local = session.starts_at.astimezone(ZoneInfo(zone))
    when = local.strftime("%A %d %B, %H:%M")
    verb = "Cancelled" if cancel else ("Updated" if session.sequence else "Invitation")
    link = settings.SITE_URL.rstrip("/") + reverse("programs:pair", args=[session.pair.public_id])
    body = (
        f"Hello {member.preferred_name or member.first_name},\n\n"
        f"{verb}: your reverse mentoring session on {when} ({zone}).\n"
        f"Your pair page: {link}\n\nUpward\n"
    )
    message = EmailMultiAlternatives(
        subject=f"{verb}: reverse mentoring session, {when}", body=body, to=[member.email]
    )
    method = "CANCEL" if cancel else "REQUEST"
    message.attach_alternative(ics.decode(), f"text/calendar; method={method}")
    message.attach("session.ics", ics, "text/calendar")
    return message
