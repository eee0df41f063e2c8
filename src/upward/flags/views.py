"""The lead's inbox: flags with their evidence, concerns, and check-ins."""

from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from upward.accounts.models import User
from upward.core.feedback import flash_errors
from upward.core.forms import posted
from upward.core.viewer import get_viewer
from upward.flags import selectors, services
from upward.flags.access import get_check_in_for_lead, get_flag_for_lead, led_programs
from upward.flags.forms import ActionForm, CheckInHeldForm
from upward.flags.models import CheckIn, Flag


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


@require_POST
@login_required
def act(request: HttpRequest, flag_id: UUID) -> HttpResponse:
    flag = get_flag_for_lead(get_viewer(request), flag_id)
    form = posted(request, ActionForm)
    action = form.cleaned_data["action"]
    user = request.user
    assert isinstance(user, User)
    try:
        services.act(
            flag,
            action=action,
            note=form.cleaned_data["note"],
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
    check_in = get_check_in_for_lead(get_viewer(request), check_in_id)
    held_on = posted(request, CheckInHeldForm).cleaned_data["held_on"] or timezone.localdate()
    try:
        services.check_in_held(check_in, held_on)
        messages.success(request, "Check-in recorded.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("flags:inbox")
