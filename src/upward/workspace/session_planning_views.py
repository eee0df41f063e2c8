"""Views that plan, move and cancel a pair's sessions.

Times are typed and shown in the viewer's own time zone, with the partner's clock beside them;
a plan or a move outside 08:00-19:00 for either member is shown back with a warning and the
hours that suit both, and goes ahead only when confirmed for that exact time.
"""

from datetime import date, datetime, time
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.forms import posted
from upward.core.viewer import get_viewer
from upward.domain import sessions as rules
from upward.domain import time_zones
from upward.programs.access import get_pair_for_user
from upward.programs.models import Pair
from upward.workspace import sessions as service
from upward.workspace.access import get_session_for_member
from upward.workspace.forms import CancelForm, MoveForm, ScheduleForm
from upward.workspace.models import Session
from upward.workspace.session_zones import (
    back_to_form,
    known_or_typed,
    members,
    my_zone_default,
    warning_token,
    zone_field,
)


def _plan_check(
    pair: Pair, values: dict[str, str], me: rules.Member, partner: rules.Member
) -> tuple[str, str] | None:
    """A warning and a suggestion when a planned session falls outside either member's day;
    None when all fit, or when the values are not a plan yet (the service says why)."""
    cohort, program = pair.cohort, pair.cohort.program
    try:
        zone = time_zones.resolve(values["zone"])
        first_day = date.fromisoformat(values["first_day"])
        at = time.fromisoformat(values["at"])
        cadence = int(values["every"]) if values["every"] else program.cadence_days
    except ValueError:
        return None
    if not (1 <= cadence <= 60 and cohort.start_date <= first_day <= cohort.end_date):
        return None
    starts = rules.plan(first_day, at, zone, cadence, cohort.end_date)
    for number, start in enumerate(starts):
        warning = rules.odd_hours(start, program.session_minutes, me, partner)
        if warning:
            local = start.astimezone(ZoneInfo(me.zone))
            if number:  # the first sessions fit; a change of clocks moves a later one
                warning = f"From {time_zones.when(start, me.zone)} on: {warning}"
            hint = rules.overlap_hint(local.date(), program.session_minutes, me, partner)
            return warning, hint
    return None


@require_http_methods(["GET", "POST"])
@login_required
def schedule(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    """Plan the pair's sessions. GET shows the form (with what was typed, after a refusal or
    a warning); POST plans them and sends the invitations."""
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    me, partner = members(viewer, pair)
    names = ("first_day", "at", "zone", "every")
    form = posted(request, ScheduleForm) if request.method == "POST" else ScheduleForm(request.GET)
    values = form.typed()
    url = reverse("workspace:schedule", args=[pair.public_id])
    if request.method == "GET":
        values["zone"] = known_or_typed(values["zone"] or my_zone_default(viewer, pair))
        values["at"] = values["at"] or "10:00"
        values["every"] = values["every"] or str(pair.cohort.program.cadence_days)
        check = _plan_check(pair, values, me, partner) if values["first_day"] else None
        return render(
            request,
            "workspace/schedule.html",
            {
                "pair": pair,
                "form": values,
                "zone_field": zone_field(values["zone"]),
                "partner": partner,
                "warning": check,
                "checked": warning_token(values, *names) if check else "",
            },
        )
    try:
        # A form without a zone (or an old page) means the viewer's own zone.
        values["zone"] = time_zones.resolve(values["zone"] or my_zone_default(viewer, pair))
        first_day = datetime.strptime(values["first_day"], "%Y-%m-%d").date()
        at = time.fromisoformat(values["at"] or "x")
        every = int(values["every"]) if values["every"] else None  # the pair's own rhythm
        if _plan_check(pair, values, me, partner) and form.cleaned_data["checked"] != warning_token(
            values, *names
        ):
            return back_to_form(url, values, "#warning")
        created = service.schedule_create(
            pair=pair, first_day=first_day, at=at, zone=values["zone"], cadence_days=every
        )
    except time_zones.UnknownZone as error:
        messages.error(request, str(error))
    except ValueError:
        messages.error(request, "Give the first session's date and time.")
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            f"Planned {len(created)} session{'' if len(created) == 1 else 's'}; invitations are "
            "on their way to both of you.",
        )
        return redirect("workspace:pair", pair_id=pair.public_id)
    return back_to_form(url, values)


@require_POST
@login_required
def session_reschedule(request: HttpRequest, session_id: UUID) -> HttpResponse:
    """Move a session to a time typed in the chosen zone (the viewer's own by default)."""
    viewer = get_viewer(request)
    session = get_session_for_member(viewer, session_id)
    me, partner = members(viewer, session.pair)
    form = posted(request, MoveForm)
    values = {"starts_at": form.cleaned_data["starts_at"], "zone": form.cleaned_data["zone"]}
    url = reverse("workspace:session", args=[session.public_id])
    try:
        values["zone"] = time_zones.resolve(values["zone"] or my_zone_default(viewer, session.pair))
        naive = datetime.fromisoformat(values["starts_at"])
        if naive.tzinfo is not None:
            raise ValueError("a time with its own offset")
        starts_at = naive.replace(tzinfo=ZoneInfo(values["zone"]))
        odd = session.status == Session.Status.PLANNED and rules.odd_hours(
            starts_at, session.planned_minutes, me, partner
        )
        if odd and form.cleaned_data["checked"] != warning_token(values, "starts_at", "zone"):
            return back_to_form(url, values, "#move")
        service.session_reschedule(session=session, starts_at=starts_at)
    except time_zones.UnknownZone as error:
        messages.error(request, str(error))
    except ValueError:
        messages.error(request, "Give the new date and time.")
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, "Moved; both calendars get the update.")
        return redirect("workspace:pair", pair_id=session.pair.public_id)
    return back_to_form(url, values, "#move")


@require_POST
@login_required
def session_cancel(request: HttpRequest, session_id: UUID) -> HttpResponse:
    session = get_session_for_member(get_viewer(request), session_id)
    if posted(request, CancelForm).cleaned_data["confirm"] != "yes":
        messages.error(
            request, "Tick the box to confirm: cancelling takes it out of both calendars."
        )
        return redirect("workspace:session", session_id=session.public_id)
    try:
        service.session_cancel(session=session)
        messages.success(request, "Cancelled; both calendars get the cancellation.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("workspace:pair", pair_id=session.pair.public_id)
