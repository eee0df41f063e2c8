from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from upward.domain.program_design import ROLE_DESCRIPTION
from upward.people.models import Employee
from upward.programs.access import get_cohort_for_lead, get_viewer
from upward.programs.models import Participant
from upward.recruitment import services
from upward.recruitment.forms import CandidateFilter, ConsentForm, IntakeForm
from upward.web.feedback import flash_errors

CANDIDATES_SHOWN = 100


@require_http_methods(["GET", "POST"])
@login_required
def cohort_recruit(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    cohort = get_cohort_for_lead(get_viewer(request), cohort_id)
    filters = CandidateFilter(request.GET or None)
    values: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {"role": "mentor"}
    if request.method == "POST" and request.POST.get("action") == "remind":
        sent = services.remind(cohort)
        messages.success(
            request,
            f"Reminded {sent} people who have not answered yet."
            if sent
            else "Nobody is due a reminder (at most one every two days).",
        )
        return redirect(request.get_full_path())
    if request.method == "POST":
        chosen = list(Employee.objects.filter(public_id__in=request.POST.getlist("people")))
        try:
            invited = services.invite(
                cohort=cohort, employees=chosen, role=request.POST.get("role", "mentor")
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request, f"Invited {len(invited)}. They'll get an email with a link to opt in."
            )
        return redirect(request.get_full_path())
    people = services.candidates(
        cohort,
        role=values.get("role", "mentor"),
        level_min=values.get("level_min"),
        level_max=values.get("level_max"),
        department=values.get("department"),
        min_tenure_years=values.get("min_tenure_years"),
        today=timezone.localdate(),
    )
    status = cohort.participants.aggregate(
        invited=Count("pk", filter=Q(state="invited")),
        declined=Count("pk", filter=Q(state="declined")),
        opted_in=Count("pk", filter=Q(consent_at__isnull=False)),
        intake_done=Count("pk", filter=Q(intake_completed_at__isnull=False)),
    )
    return render(
        request,
        "recruitment/recruit.html",
        {
            "cohort": cohort,
            "filters": filters,
            "role": values.get("role", "mentor"),
            "people": people[:CANDIDATES_SHOWN],
            "total": people.count(),
            "status": status,
        },
    )


def own_invitation(request: HttpRequest, participant_id: UUID) -> Participant:
    participant = (
        Participant.objects.select_related("cohort__program", "employee")
        .filter(public_id=participant_id, employee__account=get_viewer(request).user)
        .first()
    )
    if participant is None:
        raise Http404("No such invitation.")
    return participant


@require_http_methods(["GET", "POST"])
@login_required
def invitation(request: HttpRequest, participant_id: UUID) -> HttpResponse:
    participant = own_invitation(request, participant_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST":
        accept = request.POST.get("answer") != "decline"
        try:
            if accept and not form.is_valid():
                raise ValidationError(form.errors["consent"][0])
            services.respond(participant, accept=accept)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if accept:
                return redirect("recruitment:intake", participant_id=participant.public_id)
            messages.success(
                request,
                "Thanks for letting us know. Nobody but the program lead sees that you declined.",
            )
            return redirect("home")
    program = participant.cohort.program
    return render(
        request,
        "recruitment/invitation.html",
        {
            "participant": participant,
            "program": program,
            "form": form,
            "role_description": program.role_description or ROLE_DESCRIPTION,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def intake(request: HttpRequest, participant_id: UUID) -> HttpResponse:
    participant = own_invitation(request, participant_id)
    if participant.consent_at is None:
        return redirect("recruitment:invitation", participant_id=participant.public_id)
    initial = {"time_zone": participant.employee.time_zone or "UTC", "channel": "video"}
    form = IntakeForm(request.POST or None, role=participant.role, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.intake_save(
                participant,
                goals=data["goals"],
                wants=list(data.get("wants") or []),
                interests=data["interests"],
                slots=data["slots"],
                time_zone=data["time_zone"],
                channel=data["channel"],
                language=data["language"],
                levels=form.levels(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Thank you: your intake is complete. The program lead "
                "will be in touch when matching opens.",
            )
            return redirect("home")
    return render(
        request,
        "recruitment/intake.html",
        {"participant": participant, "form": form},
        status=400 if form.errors else 200,
    )
