"""Telling a circle's members, through the outbox: that they joined it (who else is in it,
its focus, a link), and each session planned or cancelled, in their own time zone with the
calendar invitation attached. Nothing the members wrote travels by email."""

import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse

from upward.circles.calendar import invitation
from upward.circles.models import Circle, CircleSession
from upward.domain import time_zones
from upward.notifications.outbox import Parts, queue_email
from upward.people.models import Employee
from upward.workspace.emails import member_zone

CALENDAR_KEY = "circle_calendar"


def _first(employee: Employee) -> str:
    return employee.preferred_name or employee.first_name


def queue_added_emails(circle: Circle, added: list[Employee]) -> None:
    if not added:
        return
    everyone = list(circle.members.select_related("employee").order_by("employee__first_name"))
    link = settings.SITE_URL.rstrip("/") + reverse("circles:detail", args=[circle.public_id])
    for employee in added:
        others = [_first(m.employee) for m in everyone if m.employee_id != employee.pk]
        queue_email(
            key=f"circle_added:{circle.pk}:{employee.pk}",
            to=employee.email,
            template="circle_added",
            language=employee.language,
            context={
                "first_name": _first(employee),
                "circle": circle.name,
                "focus": circle.focus,
                "program": circle.program.name,
                "cadence_weeks": circle.cadence_weeks,
                "others": ", ".join(others),
                "link": link,
            },
        )


def queue_session_emails(session: CircleSession, *, planned_by: Employee | None) -> None:
    """One email per member about a session planned or cancelled; the one who did it gets the
    invitation too (it puts the session in their calendar), told that it was them."""
    circle = session.circle
    members = [m.employee for m in circle.members.select_related("employee")]
    cancelled = session.status == CircleSession.Status.CANCELLED
    link = settings.SITE_URL.rstrip("/") + reverse("circles:detail", args=[circle.public_id])
    for employee in members:
        zone = member_zone(employee)
        queue_email(
            key=f"circle_session:{session.pk}:{session.sequence}:{employee.pk}",
            to=employee.email,
            template="circle_session",
            language=employee.language,
            context={
                "first_name": _first(employee),
                "circle": circle.name,
                "cancelled": cancelled,
                "when": time_zones.when(session.starts_at, zone),
                "minutes": session.minutes,
                "place": session.place,
                "by_you": planned_by is not None and planned_by.pk == employee.pk,
                "by": _first(planned_by) if planned_by else "Your program lead",
                "link": link,
                CALENDAR_KEY: {"session": str(session.public_id), "zone": zone},
            },
        )


def calendar_parts(value: dict[str, Any]) -> Parts:
    """The invitation as the session stands when the email goes (a later change has its own)."""
    session = (
        CircleSession.objects.select_related("circle")
        .filter(public_id=uuid.UUID(value["session"]))
        .first()
    )
    if session is None:
        return Parts()
    members = [m.employee for m in session.circle.members.select_related("employee")]
    ics = invitation(session, members, value.get("zone") or "UTC")
    method = "CANCEL" if session.status == CircleSession.Status.CANCELLED else "REQUEST"
    return Parts(
        alternatives=[(ics.decode(), f"text/calendar; method={method}")],
        files=[("circle-session.ics", ics, "text/calendar")],
    )
