"""Impact, program health and topic pages, the report and the exports.

Every page reads the precomputed results; when there are none yet it asks the task queue for
them and says so, instead of making the visitor wait on statistics.
"""

from functools import lru_cache
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from upward.audit import log as audit
from upward.core.feedback import flash_errors
from upward.core.forms import posted
from upward.core.viewer import Role, get_viewer
from upward.domain.metrics.results import RESULTS_VERSION
from upward.domain.metrics.roi import REPLACEMENT_PRESETS
from upward.impact import exports, selectors, services
from upward.impact.access import (
    program_for_lead,
    program_for_results,
    program_for_staff,
    require_ready,
)
from upward.impact.forms import AssumptionsForm, BusinessValueForm
from upward.impact.models import ImpactSettings, ProgramResult
from upward.impact.report import render_pdf
from upward.impact.tasks import refresh_program
from upward.programs.models import Program


def _ensure_results(program: Program) -> None:
    """Ask the queue for results that are missing, or stored by an older version (the program's
    result is written after its cohorts', so its version speaks for them)."""
    current = ProgramResult.objects.filter(program=program, payload__version=RESULTS_VERSION)
    if not current.exists():
        refresh_program.enqueue(program.pk)


def _can_lead(request: HttpRequest, program: Program) -> bool:
    viewer = get_viewer(request)
    return viewer.is_site_admin or viewer.has_program_role(program.pk, Role.LEAD)


@require_GET
@login_required
def impact(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for_results(get_viewer(request), program_id)
    view = selectors.impact_view(program)
    if not view.ready:  # missing, or stored by an older version: ask the queue
        refresh_program.enqueue(program.pk)
        view = selectors.impact_view(program)  # a queue that runs at once has them already
    settings = ImpactSettings.objects.filter(program=program).first()
    return render(
        request,
        "impact/impact.html",
        {
            "view": view,
            "program": program,
            "can_lead": _can_lead(request, program),
            "settings": settings,
            "presets": list(REPLACEMENT_PRESETS.items()),
        },
    )


@require_GET
@login_required
def health(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for_lead(get_viewer(request), program_id)
    _ensure_results(program)
    return render(
        request,
        "impact/health.html",
        {"program": program, "cohorts": selectors.health_view(program, timezone.localdate())},
    )


@require_GET
@login_required
def topics(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for_staff(get_viewer(request), program_id)
    _ensure_results(program)
    view = selectors.topics_view(program)
    return render(
        request,
        "impact/topics.html",
        {
            "program": program,
            "ready": view.ready,
            "topics": view.topics,
            "by_month": view.by_month,
            "by_department": view.by_department,
        },
    )


@require_POST
@login_required
def save_settings(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for_lead(get_viewer(request), program_id)
    form = posted(request, AssumptionsForm)
    try:
        services.save_settings(program, form.for_service())
        messages.success(request, "Assumptions saved; the ROI range uses them now.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("impact:impact", program_id=program.public_id)


@require_POST
@login_required
def business_value(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for_lead(get_viewer(request), program_id)
    form = BusinessValueForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.add_business_value(
            program,
            measured_on=form.cleaned_data["measured_on"],
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "Measurement recorded.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("impact:impact", program_id=program.public_id)


@require_POST
@login_required
def refresh(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = program_for_lead(get_viewer(request), program_id)
    refresh_program.enqueue(program.pk)
    messages.success(request, "Recomputing from the latest data; reload the page in a moment.")
    return redirect("impact:impact", program_id=program.public_id)


def _ready_view(request: HttpRequest, program_id: UUID) -> selectors.ImpactView:
    program = program_for_results(get_viewer(request), program_id)
    view = selectors.impact_view(program)
    if not view.ready:
        refresh_program.enqueue(program.pk)
    require_ready(view.ready)
    return view


@require_GET
@login_required
def report(request: HttpRequest, program_id: UUID) -> HttpResponse:
    view = _ready_view(request, program_id)
    pdf = render_pdf(view, {"generated": timezone.localtime()})
    audit.record(audit.Action.EXPORT, request=request, target=view.program, format="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = exports.filename(view, timezone.localdate(), "pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def export(request: HttpRequest, program_id: UUID, fmt: str) -> HttpResponse:
    view = _ready_view(request, program_id)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(view), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(view, timezone.localdate()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    name = exports.filename(view, timezone.localdate(), fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit.record(audit.Action.EXPORT, request=request, target=view.program, format=fmt)
    return response


@lru_cache(maxsize=1)
def _bundle() -> bytes:
    import vl_convert

    return str(vl_convert.javascript_bundle("window.vegaEmbed = vegaEmbed;")).encode()


@require_GET
def vega_bundle(request: HttpRequest) -> HttpResponse:
    """Vega, Vega-Lite and vega-embed as vl-convert ships them, from our own origin (no CDN)."""
    response = HttpResponse(_bundle(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
