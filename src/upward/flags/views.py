"""The lead's inbox: flags with their evidence, concerns, and check-ins."""

from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET, require_POST

from upward.accounts.models import User
from upward.core.feedback import flash_errors
from upward.core.viewer import Role, Viewer, get_viewer
from upward.flags import selectors, services
from upward.flags.models import CheckIn, Flag


def led_programs(viewer: Viewer) -> set[int]:
    """Flags go to the program's leads only (not sponsors, analysts or site admins)."""
    led = viewer.programs_with(Role.LEAD)
    if not led:
        raise PermissionDenied
    return led


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    led = led_programs(get_viewer(request))
    show = request.GET.get("show", "open")
    check_ins = CheckIn.objects.filter(
        pair__cohort__program_id__in=led, held_on__isnull=True
    ).select_related("pair__mentor__employee", "pair__mentee__employee")
    return render(
        request,
        "flags/inbox.html",
        {
            "rows": selectors.inbox_rows(led, open_only=show == "open"),
            "show": show,
            "actions": Flag.Action.choices,
            "check_ins": check_ins,
        },
    )


def led_flag(request: HttpRequest, flag_id: UUID) -> Flag:
    viewer = get_viewer(request)
    flag = Flag.objects.select_related("pair__cohort").filter(public_id=flag_id).first()
    if flag is None or not viewer.has_program_role(flag.program_id, Role.LEAD):
        raise Http404("No such flag.")
    return flag


@require_POST
@login_required
def act(request: HttpRequest, flag_id: UUID) -> HttpResponse:
    flag = led_flag(request, flag_id)
    action = request.POST.get("action", "")
    user = request.user
    assert isinstance(user, User)
    try:
        services.act(
            flag,
            action=action,
            note=request.POST.get("note", ""),
            by=user,
            today=timezone.localdate(),
        )
        messages.success(request, "Recorded.")
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("flags:inbox")
    if action == Flag.Action.RESHUFFLE and flag.pair is not None:
        messages.info(
            request,
            "The pair is selected below: say why and start a reshuffle round to re-pair them.",
        )
        url = reverse("matching:cohort", args=[flag.pair.cohort.public_id])
        return redirect(f"{url}?{urlencode({'pair': flag.pair.public_id})}#reshuffle-heading")
    return redirect("flags:inbox")


@require_POST
@login_required
def check_in_held(request: HttpRequest, check_in_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    check_in = CheckIn.objects.select_related("pair__cohort").filter(public_id=check_in_id).first()
    if check_in is None or not viewer.has_program_role(check_in.pair.cohort.program_id, Role.LEAD):
        raise Http404("No such check-in.")
    held_on = parse_date(request.POST.get("held_on", "")) or timezone.localdate()
    try:
        services.check_in_held(check_in, held_on)
        messages.success(request, "Check-in recorded.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("flags:inbox")
