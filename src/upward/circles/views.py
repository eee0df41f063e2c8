"""Circles as the lead shapes them: the program's list, the engine's suggestions, forming and
reshaping by hand."""

from datetime import date
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.circles import selectors, services
from upward.circles.access import get_circle_for_user, get_program_for_lead, require_lead
from upward.circles.forms import CircleForm, SuggestionForm
from upward.circles.models import Circle
from upward.core.feedback import flash_errors
from upward.core.forms import posted
from upward.core.viewer import get_viewer
from upward.domain import time_zones
from upward.domain.circles import Settings, suggest
from upward.programs.models import Participant, Program


@require_GET
@login_required
def program_circles(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = get_program_for_lead(get_viewer(request), program_id)
    return render(
        request,
        "circles/program_circles.html",
        {"program": program, "circles": selectors.circles_of_program(program)},
    )


def _described(mentor: Participant, today: date) -> tuple[Participant, str, str]:
    """A mentor with where they stand ("alumni") and their city ("Singapore")."""
    city = time_zones.city_of(selectors.zone_of(mentor.employee))
    return mentor, selectors.standing(mentor, today), city


def _viewer_zone(request: HttpRequest) -> str:
    return selectors.zone_of(getattr(get_viewer(request).user, "employee", None))


@require_GET
@login_required
def suggestions(request: HttpRequest, program_id: UUID) -> HttpResponse:
    """The engine's circles for the mentors not in a circle yet, each with its reason."""
    program = get_program_for_lead(get_viewer(request), program_id)
    taken = set(program.circles.values_list("members__employee_id", flat=True))
    mentors = [p for p in selectors.mentors_of(program) if p.employee_id not in taken]
    now = timezone.now()
    zone = _viewer_zone(request)
    settings = Settings(
        day=timezone.localdate(), shown_zone=zone, meeting_minutes=program.session_minutes
    )
    proposal = suggest(selectors.pool_of(mentors, now), settings)
    today = timezone.localdate()
    return render(
        request,
        "circles/suggestions.html",
        {
            "program": program,
            "circles": [
                (s, [_described(mentors[i], today) for i in s.members]) for s in proposal.circles
            ],
            "left_out": [(mentors[i], why) for i, why in proposal.left_out.items()],
            "already": len(taken - {None}),
        },
    )


@require_POST
@login_required
def accept(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = get_program_for_lead(get_viewer(request), program_id)
    form = posted(request, SuggestionForm)
    try:
        circle = services.circle_form(
            program=program,
            fields=form.circle_fields(),
            by=request.user,  # type: ignore[arg-type]
            because=form.cleaned_data["because"],
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("circles:suggest", program_id=program.public_id)
    messages.success(
        request,
        f"“{circle.name}” is formed and its members are told by email. Adjust it here if you like.",
    )
    return redirect("circles:edit", circle_id=circle.public_id)


def _form_page(
    request: HttpRequest,
    program: Program,
    circle: Circle | None,
    fields: services.CircleFields,
    errors: list[str],
) -> HttpResponse:
    today = timezone.localdate()
    # Grouped by cohort on the page, the latest cohort first.
    mentors = sorted(selectors.mentors_of(program), key=lambda p: -p.cohort.start_date.toordinal())
    return render(
        request,
        "circles/form.html",
        {
            "program": program,
            "circle": circle,
            "form": fields,
            "errors": errors,
            "mentors": [_described(p, today) for p in mentors],
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def create(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = get_program_for_lead(get_viewer(request), program_id)
    if request.method == "GET":
        blank = services.CircleFields(name="", focus="", cadence_weeks=4, members=[])
        return _form_page(request, program, None, blank, [])
    form = CircleForm(request.POST)
    if not form.is_valid():
        return _form_page(request, program, None, form.as_typed(), form.problems())
    fields = form.circle_fields()
    try:
        circle = services.circle_form(program=program, fields=fields, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        return _form_page(request, program, None, fields, error.messages)
    messages.success(request, f"“{circle.name}” is formed; its members are told by email.")
    return redirect("circles:detail", circle_id=circle.public_id)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, circle_id: UUID) -> HttpResponse:
    seat = get_circle_for_user(get_viewer(request), circle_id)
    require_lead(seat)
    circle = seat.circle
    if request.method == "GET":
        members = [str(m.employee.public_id) for m in circle.members.select_related("employee")]
        fields = services.CircleFields(circle.name, circle.focus, circle.cadence_weeks, members)
        return _form_page(request, circle.program, circle, fields, [])
    form = CircleForm(request.POST)
    if not form.is_valid():
        return _form_page(request, circle.program, circle, form.as_typed(), form.problems())
    fields = form.circle_fields()
    try:
        services.circle_form(
            program=circle.program,
            fields=fields,
            by=request.user,  # type: ignore[arg-type]
            circle=circle,
        )
    except ValidationError as error:
        circle.refresh_from_db()  # the name on show stays the saved one
        return _form_page(request, circle.program, circle, fields, error.messages)
    messages.success(request, "Saved. Anyone new in the circle is told by email.")
    return redirect("circles:detail", circle_id=circle.public_id)
