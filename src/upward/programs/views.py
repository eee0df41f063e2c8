from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from upward.core.viewer import Role, Viewer, get_viewer, require_people_manager
from upward.programs import selectors, services
from upward.programs.access import get_program_for_user
from upward.programs.forms import CohortForm, ProgramForm
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


def _design_form(request: HttpRequest, program: Program | None, viewer: Viewer) -> ProgramForm:
    if program is None:
        return _create_form(request, viewer)
    initial = {
        field: getattr(program, field)
        for field in ProgramForm.base_fields
        if hasattr(program, field) and field not in {"sponsor", "lead", "readiness_check"}
    }
    form = ProgramForm(request.POST or None, initial=initial)
    del form.fields["sponsor"], form.fields["readiness_check"]  # changed elsewhere, not here
    return form


def _create_form(request: HttpRequest, viewer: Viewer) -> ProgramForm:
    """The design form. "Find" buttons post the form to search the people pickers: what was
    typed comes back as it was, nothing is validated or saved."""
    source = request.POST if request.method == "POST" else request.GET
    options = {
        "sponsor_search": source.get("sponsor_search", ""),
        "lead_search": source.get("lead_search", ""),
        "can_name_lead": viewer.is_site_admin,
    }
    if request.method == "POST" and "find" not in request.POST:
        return ProgramForm(request.POST, **options)  # type: ignore[arg-type]
    initial = {
        name: source.getlist(name) if name == "kpis" else source.get(name)
        for name in ProgramForm.base_fields
        if name in source
    }
    return ProgramForm(initial=initial, **options)  # type: ignore[arg-type]


def _loaded_version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


@require_http_methods(["GET", "POST"])
@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(request)
    require_people_manager(viewer)
    form = _design_form(request, None, viewer)
    if form.is_bound and form.is_valid():
        try:
            program = services.program_create(
                actor=viewer.user,
                data=form.program_input(),
                sponsor=form.cleaned_data["sponsor"],
                readiness_check=form.cleaned_data["readiness_check"],
                lead=form.cleaned_data.get("lead"),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Program created. Its charter was emailed to the sponsor to sign.",
            )
            return redirect("programs:detail", program_id=program.public_id)
    form.offer_people()
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "program": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def program_edit(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = get_program_for_user(viewer, program_id, action_roles=(Role.LEAD,))
    form = _design_form(request, program, viewer)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_update(
                program=program,
                actor=viewer.user,
                data=form.program_input(),
                version=_loaded_version(request),
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
