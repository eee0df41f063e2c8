"""Time zones on the session forms: each member's saved zone, the picker's context, and the
round trip back to a form with what was typed and the warning a confirmation must match."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import redirect

from upward.core.viewer import Viewer
from upward.domain import sessions as rules
from upward.domain import time_zones
from upward.people.models import Employee
from upward.programs.models import Pair
from upward.workspace.access import member_of


def zone_or_empty(value: str) -> str:
    """The IANA name for a value, or "" when it is empty or not a zone we know."""
    try:
        return time_zones.resolve(value) if value else ""
    except time_zones.UnknownZone:
        return ""


def saved_zone(employee: Employee) -> str:
    """The zone on someone's profile, or "" when it is empty or not a zone we know."""
    return zone_or_empty(employee.time_zone)


def members(viewer: Viewer, pair: Pair) -> tuple[rules.Member, rules.Member]:
    """The viewer ("you") and their partner, each with the zone on their profile (UTC when
    none is set)."""
    mine = member_of(viewer, pair)
    other = pair.mentee if mine.pk == pair.mentor_id else pair.mentor
    return (
        rules.Member("you", saved_zone(mine.employee) or "UTC"),
        rules.Member(
            other.employee.preferred_name or other.employee.first_name,
            saved_zone(other.employee) or "UTC",
        ),
    )


def my_zone_default(viewer: Viewer, pair: Pair) -> str:
    """What a form's zone starts at: the viewer's own zone, or empty so the browser's is
    suggested."""
    return saved_zone(member_of(viewer, pair).employee)


def back_to_form(url: str, values: dict[str, str], anchor: str = "") -> HttpResponse:
    """Back to the form, with what was typed, so nothing has to be typed again."""
    return redirect(f"{url}?{urlencode(values)}{anchor}")


def warning_token(values: dict[str, str], *names: str) -> str:
    """What a warning was shown for: confirming it is accepted for exactly these values."""
    return "|".join(values.get(name, "") for name in names)


def known_or_typed(value: str) -> str:
    """The IANA name when the value is a zone, else the value as typed (to show it back)."""
    return zone_or_empty(value) or value


def zone_field(value: str) -> dict[str, object]:
    """The picker's context: the choices, the value, and a refused value kept on show."""
    known = zone_or_empty(value)
    return {
        "zones": time_zones.zone_choices(),
        "value": known,
        "typed": value[:64] if value and not known else "",
    }
