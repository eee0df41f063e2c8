"""Telling a mentor they joined a circle, through the outbox: who else is in it (first names),
its focus and a link. Nothing the members wrote travels by email."""

from django.conf import settings
from django.urls import reverse

from upward.circles.models import Circle
from upward.notifications.outbox import queue_email
from upward.people.models import Employee


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
