"""Views for sessions, the calendar feed and the tag vocabulary.

Times are typed and shown in the viewer's own time zone, with the partner's clock beside them;
a plan or a move outside 08:00-19:00 for either member is shown back with a warning and the
hours that suit both, and goes ahead only when confirmed for that exact time.
"""

from datetime import date, datetime, time
from urllib.parse import urlencode
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.forms import posted
from upward.core.viewer import Viewer, get_viewer, require_people_manager
from upward.domain import sessions as rules
from upward.domain import time_zones
from upward.domain.pair_guides import AGENDAS, PROMPTS
from upward.domain.sessions import merge_notes, merge_tags
from upward.people.models import Employee
from upward.programs.access import get_pair_for_user
from upward.programs.models import Pair
from upward.workspace import selectors
from upward.workspace import sessions as service
from upward.workspace.access import (
    get_session_for_member,
    get_user_for_calendar_token,
    member_of,
)
from upward.workspace.calendar import feed
from upward.workspace.forms import CancelForm, MoveForm, ScheduleForm, SessionLogForm, TagForm
from upward.workspace.models import Session, Tag

ALL_PROMPTS = [prompt for group in PROMPTS.values() for prompt in group]


def _prompt_for(session: Session) -> str:
    """One prompt per session, rotating through the library so each meeting gets a new one."""
    return ALL_PROMPTS[session.pk % len(ALL_PROMPTS)]


def _zone_or_empty(value: str) -> str:
    """The IANA name for a value, or "" when it is empty or not a zone we know."""
    try:
        return time_zones.resolve(value) if value else ""
    except time_zones.UnknownZone:
        return ""


def _saved_zone(employee: Employee) -> str:
    """The zone on someone's profile, or "" when it is empty or not a zone we know."""
    return _zone_or_empty(employee.time_zone)


def _members(viewer: Viewer, pair: Pair) -> tuple[rules.Member, rules.Member]:
    """The viewer ("you") and their partner, each with the zone on their profile (UTC when
    none is set)."""
    mine = member_of(viewer, pair)
    other = pair.mentee if mine.pk == pair.mentor_id else pair.mentor
    return (
        rules.Member("you", _saved_zone(mine.employee) or "UTC"),
        rules.Member(
            other.employee.preferred_name or other.employee.first_name,
            _saved_zone(other.employee) or "UTC",
        ),
    )


def _my_zone_default(viewer: Viewer, pair: Pair) -> str:
    """What a form's zone starts at: the viewer's own zone, or empty so the browser's is
    suggested."""
    return _saved_zone(member_of(viewer, pair).employee)


def _back(url: str, values: dict[str, str], anchor: str = "") -> HttpResponse:
    """Back to the form, with what was typed, so nothing has to be typed again."""
    return redirect(f"{url}?{urlencode(values)}{anchor}")


def _token(values: dict[str, str], *names: str) -> str:
    """What a warning was shown for: confirming it is accepted for exactly these values."""
    return "|".join(values.get(name, "") for name in names)


def _known_or_typed(value: str) -> str:
    """The IANA name when the value is a zone, else the value as typed (to show it back)."""
    return _zone_or_empty(value) or value


def _zone_field(value: str) -> dict[str, object]:
    """The picker's context: the choices, the value, and a refused value kept on show."""
    known = _zone_or_empty(value)
    return {
        "zones": time_zones.zone_choices(),
        "value": known,
        "typed": value[:64] if value and not known else "",
    }


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
    me, partner = _members(viewer, pair)
    names = ("first_day", "at", "zone", "every")
    form = posted(request, ScheduleForm) if request.method == "POST" else ScheduleForm(request.GET)
    values = form.typed()
    url = reverse("workspace:schedule", args=[pair.public_id])
    if request.method == "GET":
        values["zone"] = _known_or_typed(values["zone"] or _my_zone_default(viewer, pair))
        values["at"] = values["at"] or "10:00"
        values["every"] = values["every"] or str(pair.cohort.program.cadence_days)
        check = _plan_check(pair, values, me, partner) if values["first_day"] else None
        return render(
            request,
            "workspace/schedule.html",
            {
                "pair": pair,
                "form": values,
                "zone_field": _zone_field(values["zone"]),
                "partner": partner,
                "warning": check,
                "checked": _token(values, *names) if check else "",
            },
        )
    try:
        # A form without a zone (or an old page) means the viewer's own zone.
        values["zone"] = time_zones.resolve(values["zone"] or _my_zone_default(viewer, pair))
        first_day = datetime.strptime(values["first_day"], "%Y-%m-%d").date()
        at = time.fromisoformat(values["at"] or "x")
        every = int(values["every"]) if values["every"] else None  # the pair's own rhythm
        if _plan_check(pair, values, me, partner) and form.cleaned_data["checked"] != _token(
            values, *names
        ):
            return _back(url, values, "#warning")
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
    return _back(url, values)


def _offer_merge(form: dict[str, object], session: Session, theirs: str) -> None:
    """After a conflict the form holds a first merge to check: both notes (nothing retyped on a
    phone) and the topics as saved now with this writer's changes; saving it is accepted."""
    saved = set(session.tags.values_list("name", flat=True))
    before, chosen = form["tags_before"], form["chosen"]
    assert isinstance(before, set) and isinstance(chosen, set)
    form["chosen"] = merge_tags(saved, before, chosen)
    form["tags_before"] = saved
    form["notes"] = merge_notes(str(form["notes"]), theirs)
    form["notes_before"] = theirs


def _log_form(session: Session, typed: SessionLogForm | None = None) -> dict[str, object]:
    """What the log form shows: the saved log, or what was just typed when it is refused."""
    if typed is None:
        notes = session.private_notes
        return {
            "status": "held" if session.status == Session.Status.PLANNED else session.status,
            "minutes": session.held_minutes or session.planned_minutes,
            "chosen": (chosen := set(session.tags.values_list("name", flat=True))),
            "tags_before": chosen,
            "new_tags": "",
            "notes": notes,
            "notes_before": notes,
        }
    data = typed.cleaned_data
    return {
        "status": data["status"],
        "minutes": data["minutes"],
        "chosen": set(data["tags"]),
        "tags_before": set(data["tags_before"]),
        "new_tags": data["new_tags"],
        "notes": data["notes"][:20000],
        "notes_before": (data["notes_before"] or "")[:20000],
    }


@require_http_methods(["GET", "POST"])
@login_required
def session_detail(request: HttpRequest, session_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    session = get_session_for_member(viewer, session_id)
    errors: list[str] = []
    form = _log_form(session)
    theirs: str | None = None
    if request.method == "POST":
        typed = posted(request, SessionLogForm)
        data = typed.cleaned_data
        form = _log_form(session, typed)
        minutes = str(form["minutes"])
        try:
            service.session_log(
                session=session,
                status=str(form["status"]),
                minutes=int(minutes) if minutes.isdigit() else None,
                notes=str(form["notes"]),
                tags=data["tags"] + str(form["new_tags"]).split(","),
                # Absent on forms opened before this check existed: then nothing to compare.
                notes_before=data["notes_before"],
                # Absent on forms opened before topics were merged: then the ticks are the list.
                tags_before=data["tags_before"] if data["tags_seen"] else None,
            )
        except service.NotesConflict as conflict:
            errors = conflict.messages
            theirs = conflict.saved
            _offer_merge(form, session, theirs)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, "Session logged.")
            return redirect("workspace:pair", pair_id=session.pair.public_id)
    status = 200
    if errors:
        status = 409 if theirs is not None else 400
    return render(
        request,
        "workspace/session.html",
        {
            "session": session,
            # Not started yet: moving or cancelling it comes first, logging it is tucked away.
            "upcoming": session.status == Session.Status.PLANNED
            and session.starts_at > timezone.now(),
            "errors": errors,
            "form": form,
            "theirs": theirs,
            "agenda": AGENDAS[session.agenda],
            "vocabulary": selectors.topic_choices(session),
            "prompt": _prompt_for(session),
            **_times(request, viewer, session),
        },
        status=status,
    )


def _times(request: HttpRequest, viewer: Viewer, session: Session) -> dict[str, object]:
    """The session's time for the viewer and their partner, any warning about the hours, and
    the "Move to" form: in the viewer's zone, or with what was typed when a move came back."""
    me, partner = _members(viewer, session.pair)
    start, minutes = session.starts_at, session.planned_minutes
    planned = session.status == Session.Status.PLANNED
    ahead = planned and start > timezone.now()
    warning = rules.odd_hours(start, minutes, me, partner) if ahead else None
    day = start.astimezone(ZoneInfo(me.zone)).date()
    hint = rules.overlap_hint(day, minutes, me, partner) if warning else ""
    move = {
        "starts_at": request.GET.get("starts_at", "").strip()[:32],
        "zone": _known_or_typed(
            request.GET.get("zone", "").strip()[:64] or _my_zone_default(viewer, session.pair)
        ),
    }
    move_warning: tuple[str, str] | None = None
    if move["starts_at"] and planned:
        try:
            naive = datetime.fromisoformat(move["starts_at"])
            moved = naive.replace(tzinfo=ZoneInfo(time_zones.resolve(move["zone"])))
        except ValueError:
            pass
        else:
            odd = rules.odd_hours(moved, minutes, me, partner)
            if odd:
                local = moved.astimezone(ZoneInfo(me.zone)).date()
                move_warning = (odd, rules.overlap_hint(local, minutes, me, partner))
    if not move["starts_at"]:
        local_zone = ZoneInfo(_zone_or_empty(move["zone"]) or me.zone)
        move["starts_at"] = f"{start.astimezone(local_zone):%Y-%m-%dT%H:%M}"
    partner_clock = time_zones.clock(start, partner.zone) + time_zones.day_note(
        start, partner.zone, me.zone
    )
    return {
        "when": time_zones.when(start, me.zone),
        "partner_when": f"{partner_clock} for {partner.name} in {time_zones.city_of(partner.zone)}",
        "hours_warning": (warning, hint) if warning else None,
        "move": move,
        "move_warning": move_warning,
        "checked": _token(move, "starts_at", "zone") if move_warning else "",
        "zone_field": _zone_field(move["zone"]),
    }


@require_POST
@login_required
def session_reschedule(request: HttpRequest, session_id: UUID) -> HttpResponse:
    """Move a session to a time typed in the chosen zone (the viewer's own by default)."""
    viewer = get_viewer(request)
    session = get_session_for_member(viewer, session_id)
    me, partner = _members(viewer, session.pair)
    form = posted(request, MoveForm)
    values = {"starts_at": form.cleaned_data["starts_at"], "zone": form.cleaned_data["zone"]}
    url = reverse("workspace:session", args=[session.public_id])
    try:
        values["zone"] = time_zones.resolve(
            values["zone"] or _my_zone_default(viewer, session.pair)
        )
        naive = datetime.fromisoformat(values["starts_at"])
        if naive.tzinfo is not None:
            raise ValueError("a time with its own offset")
        starts_at = naive.replace(tzinfo=ZoneInfo(values["zone"]))
        odd = session.status == Session.Status.PLANNED and rules.odd_hours(
            starts_at, session.planned_minutes, me, partner
        )
        if odd and form.cleaned_data["checked"] != _token(values, "starts_at", "zone"):
            return _back(url, values, "#move")
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
    return _back(url, values, "#move")


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


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar app's subscription: the token is the credential, so there is no login."""
    user = get_user_for_calendar_token(token)
    sessions = Session.objects.filter(
        pair__mentor__employee__account=user
    ) | Session.objects.filter(pair__mentee__employee__account=user)
    employee = getattr(user, "employee", None)
    zone = (_saved_zone(employee) if employee is not None else "") or "UTC"
    body = feed(
        sessions.select_related("pair__mentor__employee", "pair__mentee__employee").order_by(
            "starts_at"
        ),
        zone,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="upward.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def calendar_renew(request: HttpRequest) -> HttpResponse:
    token = service.calendar_token_renew(get_viewer(request).user)
    request.session["calendar_feed_token"] = token  # shown once on the profile page
    messages.success(request, "Here is your new calendar link. Any older link stops working.")
    return redirect("me")


@require_http_methods(["GET", "POST"])
@login_required
def tags(request: HttpRequest) -> HttpResponse:
    require_people_manager(get_viewer(request))
    if request.method == "POST":
        data = posted(request, TagForm).cleaned_data
        name, merge, into = data["name"], data["merge"], data["into"]
        if name and len(name) <= 40:
            Tag.objects.update_or_create(name=name, defaults={"curated": True})
        elif merge and into and merge != into:
            Tag.objects.filter(pk=merge.pk).update(merged_into=into)
        else:
            messages.error(request, "Give a tag name of up to 40 characters, or two tags to merge.")
        return redirect("workspace:tags")
    return render(
        request,
        "workspace/tags.html",
        {
            "curated": Tag.objects.filter(curated=True, merged_into__isnull=True),
            "free": Tag.objects.filter(curated=False, merged_into__isnull=True),
        },
    )
