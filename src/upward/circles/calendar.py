"""An .ics invitation for a circle session, made with the pair calendar's builder: the same
PRODID, time-zone blocks and organiser; the circle's members as attendees, a link only."""

from datetime import timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Event, vCalAddress, vText

from upward.circles.models import CircleSession
from upward.people.models import Employee
from upward.workspace.calendar import calendar_host, calendar_of


def _event(session: CircleSession, members: list[Employee], zone: str) -> Event:
    start = session.starts_at.astimezone(ZoneInfo(zone))
    circle = session.circle
    event = Event()
    event.add("uid", f"circle-{session.public_id}@{calendar_host()}")
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=session.minutes))
    event.add("summary", f"Mentor circle: {circle.name}")
    if session.place:
        event.add("location", session.place)
    link = settings.SITE_URL.rstrip("/") + reverse("circles:detail", args=[circle.public_id])
    event.add("description", f"Your circle's page: {link}")
    cancelled = session.status == CircleSession.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText("Upward")
    event.add("organizer", organizer)
    for member in members:
        attendee = vCalAddress(f"mailto:{member.email}")
        attendee.params["cn"] = vText(member.display_name)
        event.add("attendee", attendee, encode=False)
    return event


def invitation(session: CircleSession, members: list[Employee], zone: str) -> bytes:
    cancelled = session.status == CircleSession.Status.CANCELLED
    return calendar_of(
        [_event(session, members, zone)], "CANCEL" if cancelled else "REQUEST"
    ).to_ical()
