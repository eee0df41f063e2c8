"""Views for one session's page (its time, the "Move to" form, and logging it with notes and
topics) and for the tag vocabulary those topics come from.

Logging merges rather than overwrites: when the partner saved notes meanwhile, the page comes
back with both versions for the writer to check.
"""

from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from upward.core.forms import posted
from upward.core.viewer import Viewer, get_viewer, require_people_manager
from upward.domain import sessions as rules
from upward.domain import time_zones
from upward.domain.pair_guides import AGENDAS, PROMPTS
from upward.domain.sessions import merge_notes, merge_tags
from upward.workspace import selectors
from upward.workspace import sessions as service
from upward.workspace.access import get_session_for_member
from upward.workspace.forms import SessionLogForm, TagForm
from upward.workspace.models import Session, Tag
from upward.workspace.session_zones import (
    known_or_typed,
    members,
    my_zone_default,
    warning_token,
    zone_field,
    zone_or_empty,
)

ALL_PROMPTS = [prompt for group in PROMPTS.values() for prompt in group]


def _prompt_for(session: Session) -> str:
    """One prompt per session, rotating through the library so each meeting gets a new one."""
    return ALL_PROMPTS[session.pk % len(ALL_PROMPTS)]


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
    me, partner = members(viewer, session.pair)
    start, minutes = session.starts_at, session.planned_minutes
    planned = session.status == Session.Status.PLANNED
    ahead = planned and start > timezone.now()
    warning = rules.odd_hours(start, minutes, me, partner) if ahead else None
    day = start.astimezone(ZoneInfo(me.zone)).date()
    hint = rules.overlap_hint(day, minutes, me, partner) if warning else ""
    move = {
        "starts_at": request.GET.get("starts_at", "").strip()[:32],
        "zone": known_or_typed(
            request.GET.get("zone", "").strip()[:64] or my_zone_default(viewer, session.pair)
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
        local_zone = ZoneInfo(zone_or_empty(move["zone"]) or me.zone)
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
        "checked": warning_token(move, "starts_at", "zone") if move_warning else "",
        "zone_field": zone_field(move["zone"]),
    }


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
