"""The lead's buttons that move a program and its cohorts on (governance page)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from upward.core.feedback import flash_errors
from upward.core.forms import ConfirmForm, posted
from upward.core.viewer import Role, get_viewer
from upward.governance import lifecycle
from upward.governance.forms import CohortMoveForm
from upward.programs import lifecycle as cohort_lifecycle
from upward.programs.access import get_cohort_for_lead, get_program_for_user

LEAD_ONLY = (Role.LEAD,)


@require_POST
@login_required
def program_launch(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = get_program_for_user(viewer, program_id, action_roles=LEAD_ONLY)
    try:
        lifecycle.program_launch(program, actor=viewer.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"{program.name} is running.")
    return redirect("governance:governance", program_id=program.public_id)


@require_POST
@login_required
def program_close(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = get_program_for_user(viewer, program_id, action_roles=LEAD_ONLY)
    confirmed = posted(request, ConfirmForm).confirmed()
    try:
        lifecycle.program_close(program, actor=viewer.user, confirmed=confirmed)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"{program.name} is closed. Its results stay on the impact page.")
    return redirect("governance:governance", program_id=program.public_id)


@require_POST
@login_required
def cohort_move(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    cohort = get_cohort_for_lead(viewer, cohort_id)
    form = posted(request, CohortMoveForm)
    try:
        moved = cohort_lifecycle.cohort_move(
            cohort, to=form.cleaned_data["to"], actor=viewer.user, confirmed=form.confirmed()
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"{moved.name} is {moved.get_state_display().lower()}.")
    return redirect("governance:governance", program_id=cohort.program.public_id)
