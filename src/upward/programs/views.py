from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from upward.core.viewer import Role, get_viewer
from upward.programs import selectors, services
from upward.programs.access import get_photo_for_viewer, get_program_for_user
from upward.programs.forms import CohortForm, ProgramEditForm
from upward.programs.models import Program


@require_GET
@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(request)
    if not (viewer.is_site_admin or viewer.program_roles):
        raise PermissionDenied
    programs = selectors.visible_programs(viewer)
    summaries = selectors.program_summaries(viewer, programs, timezone.localdate())
    return render(
        request,
        "programs/program_list.html",
        {"summaries": summaries, "can_design": viewer.can_manage_people},
    )


@require_GET
@login_required
def program_detail(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = get_program_for_user(viewer, program_id)
    programs = selectors.visible_programs(viewer).filter(pk=program.pk)
    summary = selectors.program_summaries(viewer, programs, timezone.localdate())[0]
    can_see_people = viewer.is_site_admin or viewer.has_program_role(program.pk, Role.LEAD)
    return render(
        request,
        "programs/program_detail.html",
        {"summary": summary, "can_see_people": can_see_people},
    )


def _edit_form(request: HttpRequest, program: Program) -> ProgramEditForm:
    initial = {
        field: getattr(program, field)
        for field in ProgramEditForm.base_fields
        if hasattr(program, field) and field not in {"sponsor", "lead"}
    }
    return ProgramEditForm(request.POST or None, initial=initial)


@require_http_methods(["GET", "POST"])
@login_required
def program_edit(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = get_program_for_user(viewer, program_id, action_roles=(Role.LEAD,))
    form = _edit_form(request, program)
    if form.is_bound and form.is_valid():
        try:
            services.program_update(
                program=program,
                actor=viewer.user,
                data=form.program_input(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Saved.")
            return redirect("programs:detail", program_id=program.public_id)
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "program": program},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def cohort_create(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = get_program_for_user(get_viewer(request), program_id, action_roles=(Role.LEAD,))
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(program=program, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("workspace:cohort", cohort_id=cohort.public_id)
    return render(
        request,
        "programs/cohort_form.html",
        {"form": form, "program": program},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def photo(request: HttpRequest, user_id: UUID) -> HttpResponseBase:
    path = get_photo_for_viewer(get_viewer(request), user_id)
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
