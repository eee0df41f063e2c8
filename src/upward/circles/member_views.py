"""A circle as its members (and its lead) use it: the page, shared notes, and sessions with
their .ics invitations. Times are shown in each viewer's own time zone."""

from datetime import date, datetime, time
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.circles import selectors, services
from upward.circles.access import (
    Seat,
    get_circle_for_user,
    get_session_for_user,
    require_member,
)
from upward.circles.calendar import invitation
from upward.circles.forms import NoteForm, ScheduleForm
from upward.circles.models import CircleMember, CircleSession
from upward.core.feedback import flash_errors
from upward.core.forms import ConfirmForm, posted
from upward.core.viewer import get_viewer
from upward.domain import time_zones


def _my_zone(request: HttpRequest) -> str:
    return selectors.zone_of(getattr(get_viewer(request).user, "employee", None))


def _local_times(session: CircleSession, members: list[CircleMember], mine: str) -> str:
    """'09:00 in London, 16:00 in Singapore': the session on every member's clock."""
    zones = sorted({selectors.zone_of(m.employee) for m in members} - {mine})
    start = session.starts_at
    return ", ".join(
        f"{time_zones.clock(start, z)}{time_zones.day_note(start, z, mine)} in "
        f"{time_zones.city_of(z)}"
        for z in zones
    )


@require_GET
@login_required
def detail(request: HttpRequest, circle_id: UUID) -> HttpResponse:
    seat = get_circle_for_user(get_viewer(request), circle_id)
    page = selectors.circle_page(seat.circle, is_member=seat.member is not None)
    zone = _my_zone(request)
    return render(
        request,
        "circles/detail.html",
        {
            "circle": seat.circle,
            "seat": seat,
            "page": page,
            "zone_label": time_zones.label_of(zone),
            "sessions": [
                (s, time_zones.when(s.starts_at, zone), _local_times(s, page.members, zone))
                for s in page.upcoming
            ],
            "note_text": request.session.pop("circle_note_draft", ""),
        },
    )


@require_POST
@login_required
def note_add(request: HttpRequest, circle_id: UUID) -> HttpResponse:
    member = require_member(get_circle_for_user(get_viewer(request), circle_id))
    text = posted(request, NoteForm).text_posted()
    try:
        services.note_add(member=member, text=text)
    except ValidationError as error:
        flash_errors(request, error)
        request.session["circle_note_draft"] = text  # back on the page, nothing retyped
    else:
        messages.success(request, "Shared with the circle.")
    return redirect(reverse("circles:detail", args=[member.circle.public_id]) + "#notes")


def _schedule_values(request: HttpRequest, seat: Seat) -> dict[str, str]:
    """What was posted, or what the address proposes (a day picked elsewhere), with defaults."""
    if request.method == "POST":
        form = posted(request, ScheduleForm)
    else:
        form = ScheduleForm(request.GET)
        form.is_valid()  # a proposal that does not read is left out, not refused
    values = form.values()
    values["zone"] = values["zone"] or _my_zone(request)
    values["at"] = values["at"] or "10:00"
    values["minutes"] = values["minutes"] or str(seat.circle.program.session_minutes)
    return values


def _starts_at(values: dict[str, str]) -> datetime:
    """The moment typed, in the zone chosen; ValueError or UnknownZone when it is not one."""
    zone = time_zones.resolve(values["zone"])
    day, at = date.fromisoformat(values["day"]), time.fromisoformat(values["at"])
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone))


@require_http_methods(["GET", "POST"])
@login_required
def schedule(request: HttpRequest, circle_id: UUID) -> HttpResponse:
    """Any member, or the lead, plans a circle session: a time in their own zone by default."""
    seat = get_circle_for_user(get_viewer(request), circle_id)
    values = _schedule_values(request, seat)
    errors: list[str] = []
    if request.method == "POST":
        try:
            session = services.session_schedule(
                circle=seat.circle,
                starts_at=_starts_at(values),
                minutes=int(values["minutes"]) if values["minutes"].isdigit() else 0,
                place=values["place"],
                by=request.user,  # type: ignore[arg-type]
            )
        except time_zones.UnknownZone as error:
            errors = [str(error)]
        except ValueError:
            errors = ["Give the session's date and time."]
        except ValidationError as error:
            errors = error.messages
        else:
            when = time_zones.when(session.starts_at, _my_zone(request))
            messages.success(
                request, f"Planned for {when}. Everyone can add it to their calendar from here."
            )
            return redirect("circles:detail", circle_id=seat.circle.public_id)
    zone = values["zone"]
    known = zone if zone in time_zones.all_zones() else ""
    return render(
        request,
        "circles/schedule.html",
        {
            "circle": seat.circle,
            "form": values,
            "errors": errors,
            "zone_field": {
                "zones": time_zones.zone_choices(),
                "value": known,
                "typed": "" if known else zone[:64],
            },
        },
        status=400 if errors else 200,
    )


@require_GET
@login_required
def session_ics(request: HttpRequest, session_id: UUID) -> HttpResponse:
    session, seat = get_session_for_user(get_viewer(request), session_id)
    members = [m.employee for m in seat.circle.members.select_related("employee")]
    body = invitation(session, members, _my_zone(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="circle-session.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def session_cancel(request: HttpRequest, session_id: UUID) -> HttpResponse:
    session, seat = get_session_for_user(get_viewer(request), session_id)
    if not posted(request, ConfirmForm).confirmed():
        messages.error(request, "Tick the box to confirm you want to cancel this session.")
    else:
        try:
            services.session_cancel(session=session, by=request.user)  # type: ignore[arg-type]
            messages.success(
                request,
                "Cancelled. If you had added it to your calendar, download its calendar file "
                "again: it now takes the session out.",
            )
        except ValidationError as error:
            flash_errors(request, error)
    return redirect("circles:detail", circle_id=seat.circle.public_id)
