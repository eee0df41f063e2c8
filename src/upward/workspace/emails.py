"""Session emails through the outbox: one email per member for each change to the pair's
calendar (a whole new plan is one email, not one per session), in the member's own time zone,
with the invitation as text/calendar and an .ics file made when the email is sent. No notes,
goals or names of the partner in the subject: dates and a link."""

import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse

from upward.domain import time_zones
from upward.notifications.outbox import Parts, queue_email
from upward.people.models import Employee
from upward.workspace.calendar import invite_many
from upward.workspace.models import Session

CALENDAR_KEY = "calendar"
SHOWN = 6  # dates listed in the body; the calendar part carries all of them


def member_zone(member: Employee) -> str:
    try:
        return time_zones.resolve(member.time_zone or "UTC")
    except time_zones.UnknownZone:
        return "UTC"


def queue_session_emails(sessions: list[Session], *, cancelled: list[Session]) -> None:
    """One email per member of the pair about these new or moved sessions and these
    cancellations (a re-plan has both)."""
    changed = [*sessions, *cancelled]
    if not changed:
        return
    pair = changed[0].pair
    occasion = uuid.uuid4().hex
    for member in (pair.mentor.employee, pair.mentee.employee):
        queue_email(
            key=f"sessions:{occasion}:{member.pk}",
            to=member.email,
            template="session_change",
            language=member.language,
            context=_context(member, pair.public_id, sessions, cancelled),
        )


def _context(
    member: Employee, pair_id: Any, sessions: list[Session], cancelled: list[Session]
) -> dict[str, Any]:
    zone = member_zone(member)
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    moved = len(ordered) == 1 and ordered[0].sequence > 0
    return {
        "first_name": member.preferred_name or member.first_name,
        "kind": "updated" if moved else ("new" if ordered else "cancelled"),
        "count": len(ordered),
        "cancelled_count": len(cancelled),
        "first_when": time_zones.when(ordered[0].starts_at, zone) if ordered else "",
        "whens": [time_zones.when(s.starts_at, zone) for s in ordered[:SHOWN]],
        "more": max(len(ordered) - SHOWN, 0),
        "cancelled_whens": [
            time_zones.when(s.starts_at, zone) for s in sorted(cancelled, key=lambda s: s.starts_at)
        ][:SHOWN],
        "link": settings.SITE_URL.rstrip("/") + reverse("workspace:pair", args=[pair_id]),
        CALENDAR_KEY: {
            "sessions": [str(s.public_id) for s in ordered],
            "cancelled": [str(s.public_id) for s in cancelled],
            "zone": zone,
        },
    }


def calendar_parts(value: dict[str, Any]) -> Parts:
    """The calendar part and file, built from the sessions as they are when the email goes."""
    ids = [uuid.UUID(i) for i in (*value.get("sessions", []), *value.get("cancelled", []))]
    found = Session.objects.select_related(
        "pair__mentor__employee", "pair__mentee__employee"
    ).in_bulk(ids, field_name="public_id")
    sessions = [found[i] for i in ids if i in found]
    if not sessions:
        return Parts()
    only_cancelled = not value.get("sessions")
    ics = invite_many(sessions, value.get("zone") or "UTC", cancel=only_cancelled)
    method = "CANCEL" if only_cancelled else "REQUEST"
    name = "session.ics" if len(sessions) == 1 else "sessions.ics"
    return Parts(
        alternatives=[(ics.decode(), f"text/calendar; method={method}")],
        files=[(name, ics, "text/calendar")],
    )
