from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.alumni import access, selectors, services
from upward.alumni.forms import AlumnusChoicesForm, AppointForm, CheckInForm, CohortChoiceForm
from upward.alumni.models import Alumnus, GuideAppointment, GuidedMentor
from upward.core.feedback import flash_errors
from upward.core.forms import posted
from upward.core.viewer import get_viewer
from upward.programs.models import Cohort, Participant, Program


@require_GET
@login_required
def program_alumni(request: HttpRequest, program_id: UUID) -> HttpResponse:
    """The lead sees every alumnus; sponsors and analysts see the figure and those listed."""
    viewer = get_viewer(request)
    program = access.get_program_for_staff(viewer, program_id)
    leads = access.leads(viewer, program.pk)
    rows = selectors.program_alumni(program) if leads else selectors.listed_alumni(program)
    cohorts = list(selectors.open_cohorts(program).order_by("-state", "start_date"))
    offers = [(row, _invitable(row.alumnus, cohorts) if leads else []) for row in rows]
    return render(
        request,
        "alumni/program_alumni.html",
        {
            "program": program,
            "leads": leads,
            "offers": offers,
            "figure": selectors.returning_figure(program),
        },
    )


def _invitable(alumnus: Alumnus, cohorts: list[Cohort]) -> list[Cohort]:
    """Later cohorts a mentor alumnus not yet invited back could mentor in."""
    if alumnus.role != Participant.Role.MENTOR or alumnus.state == Alumnus.State.INVITED_BACK:
        return []
    return [c for c in cohorts if c.start_date > alumnus.graduated_on]


@require_GET
@login_required
def listed(request: HttpRequest, program_id: UUID) -> HttpResponse:
    program = access.get_program_for_member(get_viewer(request), program_id)
    return render(
        request,
        "alumni/listed.html",
        {"program": program, "rows": selectors.listed_alumni(program)},
    )


@require_POST
@login_required
def invite_back(request: HttpRequest, alumnus_id: UUID) -> HttpResponse:
    alumnus = access.get_alumnus_for_lead(get_viewer(request), alumnus_id)
    cohort_id = posted(request, CohortChoiceForm).cleaned_data["cohort"]
    cohort = (
        selectors.later_cohorts(alumnus).filter(public_id=cohort_id).first() if cohort_id else None
    )
    try:
        if cohort is None:
            raise ValidationError("Choose a later cohort that has not started closing.")
        services.alumnus_invite_back(alumnus=alumnus, cohort=cohort)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            f"Invited {alumnus.employee.display_name} to mentor in {cohort.name}. They get the "
            "usual invitation email and say yes or no themselves.",
        )
    return redirect("alumni:program", program_id=alumnus.program.public_id)


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.alumni_of_user(get_viewer(request).user)
    forms = [
        (
            row,
            AlumnusChoicesForm(
                initial={
                    "listed": row.alumnus.listed,
                    "open_to_return": row.alumnus.open_to_return,
                },
                prefix=str(row.alumnus.public_id),
            ),
        )
        for row in rows
    ]
    return render(request, "alumni/mine.html", {"forms": forms})


@require_POST
@login_required
def choices(request: HttpRequest, alumnus_id: UUID) -> HttpResponse:
    alumnus = access.own_alumnus(get_viewer(request), alumnus_id)
    form = AlumnusChoicesForm(request.POST, prefix=str(alumnus.public_id))
    form.is_valid()  # two tick boxes: always valid
    services.alumnus_choices_save(alumnus=alumnus, **form.cleaned_data)
    messages.success(request, "Saved. You can change this whenever you like.")
    return redirect("alumni:mine")


def _chosen_cohort(request: HttpRequest, program: Program) -> Cohort | None:
    """The cohort the page was showing (a junk id in the address shows the first one)."""
    cohorts = selectors.open_cohorts(program)
    wanted = posted(request, CohortChoiceForm).cleaned_data["cohort"] if request.POST else None
    if wanted is None:
        shown = CohortChoiceForm(request.GET)
        wanted = shown.cleaned_data["cohort"] if shown.is_valid() else None
    return (cohorts.filter(public_id=wanted).first() if wanted else None) or cohorts.first()


@require_http_methods(["GET", "POST"])
@login_required
def guides(request: HttpRequest, program_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    program = access.get_program_for_lead(viewer, program_id)
    cohort = _chosen_cohort(request, program)
    form = AppointForm(
        request.POST or None,
        initial={"guide": request.GET.get("guide")},
        guides=selectors.guide_candidates(program),
        mentors=selectors.mentors_to_guide(cohort),
    )
    if request.method == "POST" and cohort and form.is_valid():
        try:
            appointment = services.guide_appoint(
                cohort=cohort,
                guide=form.cleaned_data["guide"],
                mentors=list(form.cleaned_data["mentors"]),
                actor=viewer.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"{appointment.guide.display_name} is now a guide in {cohort.name}. They and "
                "their mentors have been emailed.",
            )
            return redirect("alumni:guides", program_id=program.public_id)
    return render(
        request,
        "alumni/guides.html",
        {
            "program": program,
            "cohort": cohort,
            "cohorts": selectors.open_cohorts(program),
            "form": form,
            "already_guided": selectors.mentors_guided(cohort),
            "appointments": selectors.appointments_of_program(program),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def guide_end(request: HttpRequest, appointment_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    appointment = access.get_appointment_for_lead(viewer, appointment_id)
    try:
        services.guide_end(appointment=appointment, actor=viewer.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"{appointment.guide.display_name} no longer guides anyone here.")
    return redirect("alumni:guides", program_id=appointment.cohort.program.public_id)


def _guide_page(
    request: HttpRequest,
    appointment: GuideAppointment,
    refused: tuple[GuidedMentor, CheckInForm] | None = None,
) -> HttpResponse:
    viewer = get_viewer(request)
    today = timezone.localdate()
    rows = []
    for row in selectors.guided_rows(appointment, today):
        form = CheckInForm(initial={"held_on": today}, prefix=f"m{row.guided.pk}")
        if refused and refused[0].pk == row.guided.pk:
            form = refused[1]
        rows.append((row, form))
    return render(
        request,
        "alumni/guide.html",
        {
            "appointment": appointment,
            "rows": rows,
            "is_guide": access.is_the_guide(viewer, appointment),
            "leads": access.leads(viewer, appointment.cohort.program_id),
            "reads_check_ins": access.reads_check_ins(viewer, appointment),
        },
        status=400 if refused else 200,
    )


@require_GET
@login_required
def guide(request: HttpRequest, appointment_id: UUID) -> HttpResponse:
    appointment = access.get_appointment_for_user(get_viewer(request), appointment_id)
    return _guide_page(request, appointment)


@require_POST
@login_required
def check_in(request: HttpRequest, appointment_id: UUID, mentor_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    appointment = access.get_appointment_for_user(viewer, appointment_id)
    guided = access.get_guided_for_guide(viewer, appointment, mentor_id)
    form = CheckInForm(request.POST, prefix=f"m{guided.pk}")
    if form.is_valid():
        try:
            services.guide_check_in(guided=guided, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Check-in noted.")
            return redirect("alumni:guide", appointment_id=appointment.public_id)
    return _guide_page(request, appointment, refused=(guided, form))
