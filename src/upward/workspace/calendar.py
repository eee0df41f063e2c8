"""iCalendar for sessions: invites (REQUEST), updates (same UID, SEQUENCE + 1), cancellations
(CANCEL), and each person's subscribable feed. Descriptions carry a link only."""

from collections.abc import Iterable
from datetime import date, timedelta
from email.utils import parseaddr
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from upward.workspace.models import Session

PRODID = "-//Upward//Reverse mentoring//EN"


def calendar_host() -> str:
    return urlparse(settings.SITE_URL).hostname or "upward.invalid"


def uid(session: Session) -> str:
    return f"{session.public_id}@{calendar_host()}"


def _event(session: Session, zone: str, *, cancelled: bool = False) -> Event:
    tz = ZoneInfo(zone or "UTC")
    start = session.starts_at.astimezone(tz)
    pair = session.pair
    event = Event()
    event.add("uid", uid(session))
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=session.planned_minutes))
    event.add("summary", f"Reverse mentoring: {session.get_agenda_display()}")
    link = settings.SITE_URL.rstrip("/") + reverse("workspace:pair", args=[pair.public_id])
    event.add("description", f"Your pair page: {link}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText("Upward")
    event.add("organizer", organizer)
    for member in (pair.mentor.employee, pair.mentee.employee):
        attendee = vCalAddress(f"mailto:{member.email}")
        attendee.params["cn"] = vText(member.display_name)
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    return event


def calendar_of(events: Iterable[Event], method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    years = []
    for event in events:
        calendar.add_component(event)
        years.append(event.decoded("dtstart").year)
    # A VTIMEZONE for every TZID used, covering just the years the events span: the default
    # 1970-2038 history is long and trips some parsers on old, one-off offsets.
    if years:
        calendar.add_missing_timezones(
            first_date=date(min(years), 1, 1), last_date=date(max(years) + 1, 12, 31)
        )
    return calendar


def invite(session: Session, zone: str, *, cancel: bool = False) -> bytes:
    return invite_many([session], zone, cancel=cancel)


def invite_many(sessions: Iterable[Session], zone: str, *, cancel: bool = False) -> bytes:
    """One invitation for several sessions (a whole plan, or a re-plan whose dropped sessions
    travel as cancelled events with their sequence raised): one email, every change in it."""
    method = "CANCEL" if cancel else "REQUEST"
    events = [
        _event(s, zone, cancelled=cancel or s.status == Session.Status.CANCELLED) for s in sessions
    ]
    return calendar_of(events, method).to_ical()


def feed(sessions: Iterable[Session], zone: str) -> bytes:
    return calendar_of(
        [_event(s, zone, cancelled=s.status == Session.Status.CANCELLED) for s in sessions],
        "PUBLISH",
    ).to_ical()
