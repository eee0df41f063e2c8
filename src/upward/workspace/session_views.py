"""Views for sessions, the calendar feed and the tag vocabulary."""

from datetime import datetime, time
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.domain.pair_guides import AGENDAS, PROMPTS
from upward.programs.access import Viewer, get_pair_for_user, get_viewer, require_people_manager
from upward.web.feedback import flash_errors
from upward.workspace import selectors
from upward.workspace import sessions as service
from upward.workspace.calendar import feed
from upward.workspace.models import Session, Tag
from upward.workspace.views import member_of


def _own_session(viewer: Viewer, session_id: UUID) -> Session:
    """A session of one of the viewer's own pairs: the log holds private notes."""
    session = (
        Session.objects.select_related(
            "pair__cohort__program", "pair__mentor__employee", "pair__mentee__employee"
        )
        .filter(public_id=session_id)
        .first()
    )
    if session is None:
        raise Http404("No such session.")
    get_pair_for_user(viewer, session.pair.public_id)  # 404 / 403 for people outside the pair
    member_of(viewer, session.pair)  # the lead sees that sessions happened, never the notes
    return session


ALL_PROMPTS = [prompt for group in PROMPTS.values() for prompt in group]


def _prompt_for(session: Session) -> str:
    """One prompt per session, rotating through the library so each meeting gets a new one."""
    return ALL_PROMPTS[session.pk % len(ALL_PROMPTS)]


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"Unknown time zone “{value[:40]}”.") from None
    return value


@require_POST
@login_required
def schedule(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    member_of(viewer, pair)
    try:
        first_day = datetime.strptime(request.POST.get("first_day", ""), "%Y-%m-%d").date()
        at = time.fromisoformat(request.POST.get("at", "") or "x")
        every = request.POST.get("every", "").strip()  # the pair's own rhythm, if chosen
        created = service.schedule_create(
            pair=pair,
            first_day=first_day,
            at=at,
            zone=_zone(request.POST.get("zone", "UTC")),
            cadence_days=int(every) if every else None,
        )
        messages.success(
            request,
            f"Planned {len(created)} sessions; invitations are on their way to both of you.",
        )
    except ValueError:
        messages.error(request, "Give the first session's date and time.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("programs:pair", pair_id=pair.public_id)


def _log_form(session: Session, request: HttpRequest | None = None) -> dict[str, object]:
    """What the log form shows: the saved log, or what was just typed when it is refused."""
    if request is None:
        notes = session.private_notes
        return {
            "status": "held" if session.status == Session.Status.PLANNED else session.status,
            "minutes": session.held_minutes or session.planned_minutes,
            "chosen": set(session.tags.values_list("name", flat=True)),
            "new_tags": "",
            "notes": notes,
            "notes_before": notes,
        }
    return {
        "status": request.POST.get("status", ""),
        "minutes": request.POST.get("minutes", "").strip()[:10],
        "chosen": set(request.POST.getlist("tags")),
        "new_tags": request.POST.get("new_tags", "")[:200],
        "notes": request.POST.get("notes", "")[:20000],
        "notes_before": request.POST.get("notes_before", "")[:20000],
    }


@require_http_methods(["GET", "POST"])
@login_required
def session_detail(request: HttpRequest, session_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    session = _own_session(viewer, session_id)
    errors: list[str] = []
    form = _log_form(session)
    theirs: str | None = None
    if request.method == "POST":
        form = _log_form(session, request)
        minutes = str(form["minutes"])
        try:
            service.session_log(
                session=session,
                status=str(form["status"]),
                minutes=int(minutes) if minutes.isdigit() else None,
                notes=str(form["notes"]),
                tags=request.POST.getlist("tags") + str(form["new_tags"]).split(","),
                # Absent on forms opened before this check existed: then nothing to compare.
                notes_before=request.POST.get("notes_before"),
            )
        except service.NotesConflict as conflict:
            errors = conflict.messages
            theirs = conflict.saved
            form["notes_before"] = conflict.saved  # saving the merged text is then accepted
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, "Session logged.")
            return redirect("programs:pair", pair_id=session.pair.public_id)
    status = 200
    if errors:
        status = 409 if theirs is not None else 400
    return render(
        request,
        "workspace/session.html",
        {
            "session": session,
            "errors": errors,
            "form": form,
            "theirs": theirs,
            "agenda": AGENDAS[session.agenda],
            "vocabulary": selectors.topic_choices(session),
            "prompt": _prompt_for(session),
        },
        status=status,
    )


@require_POST
@login_required
def session_reschedule(request: HttpRequest, session_id: UUID) -> HttpResponse:
    session = _own_session(get_viewer(request), session_id)
    try:
        zone = _zone(request.POST.get("zone", "UTC"))
        naive = datetime.fromisoformat(request.POST.get("starts_at", ""))
        service.session_reschedule(session=session, starts_at=naive.replace(tzinfo=ZoneInfo(zone)))
        messages.success(request, "Moved; both calendars get the update.")
    except ValueError:
        messages.error(request, "Give the new date and time.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("programs:pair", pair_id=session.pair.public_id)


@require_POST
@login_required
def session_cancel(request: HttpRequest, session_id: UUID) -> HttpResponse:
    session = _own_session(get_viewer(request), session_id)
    try:
        service.session_cancel(session=session)
        messages.success(request, "Cancelled; both calendars get the cancellation.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("programs:pair", pair_id=session.pair.public_id)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A calendar app's subscription: the token is the credential, so there is no login."""
    user = service.user_for_calendar_token(token)
    if user is None:
        raise Http404("Unknown or revoked calendar link.")
    sessions = Session.objects.filter(
        pair__mentor__employee__account=user
    ) | Session.objects.filter(pair__mentee__employee__account=user)
    zone = getattr(getattr(user, "employee", None), "time_zone", "") or "UTC"
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
        name = request.POST.get("name", "").strip()
        merge, into = request.POST.get("merge", ""), request.POST.get("into", "")
        if name and len(name) <= 40:
            Tag.objects.update_or_create(name=name, defaults={"curated": True})
        elif merge and into and merge != into:
            Tag.objects.filter(pk=merge).update(merged_into=Tag.objects.filter(pk=into).first())
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
