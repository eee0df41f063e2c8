from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.viewer import Role, get_viewer, require_people_manager
from upward.domain.program_design import KPI_CATALOGUE
from upward.governance import selectors, services
from upward.governance.access import (
    get_checkpoint_for_lead,
    get_current_charter,
    get_readiness_check_for_user,
    visible_readiness_checks,
)
from upward.governance.forms import CharterForm, CheckpointForm, ReadinessForm
from upward.governance.inversion import candidate_mentors, invite_links
from upward.governance.inversion import matrix as inversion_matrix
from upward.programs.access import get_program_for_user

LEAD_ONLY = (Role.LEAD,)


@require_http_methods(["GET", "POST"])
@login_required
def readiness(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(request)
    require_people_manager(viewer)
    form = ReadinessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = services.readiness_run(
            actor=viewer.user,
            signals=form.cleaned_data["signals"],
            notes=form.cleaned_data["notes"],
            today=timezone.localdate(),
        )
        return redirect("governance:readiness_detail", check_id=check.public_id)
    checks = visible_readiness_checks(request).select_related("program", "created_by")[:20]
    return render(
        request,
        "governance/readiness.html",
        {"form": form, "checks": checks},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def readiness_detail(request: HttpRequest, check_id: UUID) -> HttpResponse:
    require_people_manager(get_viewer(request))
    check = get_readiness_check_for_user(request, check_id)
    return render(
        request,
        "governance/readiness_detail.html",
        {"check": check, "signals": services.signal_texts(check)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def charter(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = get_program_for_user(viewer, program_id)
    status = selectors.charter_status(program)
    current = status.current
    initial = {name: getattr(current, name) for name in services.CHARTER_FIELDS} if current else {}
    form = CharterForm(request.POST or None, initial=initial)
    if request.method == "POST":
        # Only the lead writes the charter; the sponsor reads and signs it.
        program = get_program_for_user(viewer, program_id, action_roles=LEAD_ONLY)
        if form.is_valid():
            services.charter_save(program=program, actor=viewer.user, fields=form.cleaned_data)
            messages.success(
                request, "Saved. If anything changed, the sponsor signs the new version."
            )
            return redirect("governance:charter", program_id=program.public_id)
    is_lead = viewer.is_site_admin or viewer.has_program_role(program.pk, Role.LEAD)
    is_sponsor = viewer.has_program_role(program.pk, Role.SPONSOR)
    return render(
        request,
        "governance/charter.html",
        {
            "program": program,
            "status": status,
            "form": form,
            "can_edit": is_lead,
            "can_sign": is_sponsor and current is not None and not status.signed,
            "kpi_labels": _kpi_labels(current.kpis if current else []),
        },
        status=400 if form.errors else 200,
    )


def _kpi_labels(kpis: list[str]) -> list[str]:
    return [KPI_CATALOGUE.get(kpi, kpi) for kpi in kpis]


@require_POST
@login_required
def charter_sign(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = get_program_for_user(viewer, program_id, action_roles=(Role.SPONSOR,))
    current = get_current_charter(selectors.charter_status(program))
    try:
        services.charter_sign(charter=current, actor=viewer.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"Signed version {current.version}. Thank you.")
    return redirect("governance:charter", program_id=program.public_id)


@require_GET
@login_required
def governance(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = get_program_for_user(viewer, program_id)
    today = timezone.localdate()
    return render(
        request,
        "governance/governance.html",
        {
            "program": program,
            "checkpoints": list(program.checkpoints.select_related("cohort")),
            "flags": selectors.checkpoint_flags(program, today),
            "checklist": selectors.launch_checklist(program, today),
            "can_record": viewer.is_site_admin or viewer.has_program_role(program.pk, Role.LEAD),
            "form": CheckpointForm(initial={"held_on": today}),
            "today": today,
            "lifecycle": selectors.lifecycle_view(program),
        },
    )


@require_POST
@login_required
def checkpoint_record(request: HttpRequest, checkpoint_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    checkpoint = get_checkpoint_for_lead(viewer, checkpoint_id)
    form = CheckpointForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Give the date it was held.")
        services.checkpoint_record(checkpoint=checkpoint, **form.cleaned_data)
        messages.success(request, f"{checkpoint.label} recorded.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("governance:governance", program_id=checkpoint.program.public_id)


@require_GET
@login_required
def inversion(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(request)
    require_people_manager(viewer)
    grid = inversion_matrix()
    competency, department = request.GET.get("competency", ""), request.GET.get("department", "")
    cell = grid.cells.get((competency, department))
    if cell is not None and cell.junior_mean is None:
        cell = None  # a withheld cell stays withheld, names included
    people = list(candidate_mentors(competency, department)) if cell else []
    links = (
        invite_links(
            competency=competency,
            department=department,
            lead_of=None if viewer.is_site_admin else viewer.programs_with(Role.LEAD),
        )
        if cell and people
        else []
    )
    return render(
        request,
        "governance/inversion.html",
        {"grid": grid, "selected": cell, "candidates": people, "invite_links": links},
    )
