from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from upward.core.feedback import flash_errors
from upward.core.forms import posted
from upward.core.viewer import get_viewer
from upward.domain.program_design import ROLE_DESCRIPTION
from upward.people.models import Employee
from upward.programs.access import get_cohort_for_lead
from upward.programs.models import Cohort, Participant
from upward.recruitment import selectors, services
from upward.recruitment.access import get_invitation_for_invitee
from upward.recruitment.forms import (
    AnswerForm,
    CandidateFilter,
    ConsentForm,
    IntakeForm,
    InviteForm,
    RecruitActionForm,
)

PAGE_SIZE = 50
CONFIRM_ABOVE = 50  # inviting everyone who matches asks for a confirmation past this many


@require_http_methods(["GET", "POST"])
@login_required
def cohort_recruit(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    cohort = get_cohort_for_lead(get_viewer(request), cohort_id)
    filters = CandidateFilter(request.GET)
    reminding = (
        request.method == "POST"
        and posted(request, RecruitActionForm).cleaned_data["action"] == "remind"
    )
    if reminding:
        sent = services.remind(cohort)
        messages.success(
            request,
            f"Reminded {sent} {'person who has' if sent == 1 else 'people who have'} not "
            "answered yet."
            if sent
            else "Nobody is due a reminder (at most one every two days).",
        )
        return redirect(request.get_full_path())
    if request.method == "POST":
        return _invite(request, cohort, filters)
    return _page(request, cohort, filters)


def _matching(cohort: Cohort, filters: CandidateFilter) -> QuerySet[Employee]:
    return selectors.candidates(cohort, today=timezone.localdate(), **filters.query())


def _invite(request: HttpRequest, cohort: Cohort, filters: CandidateFilter) -> HttpResponse:
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _page(request, cohort, filters, invite_form=form)
    data = form.cleaned_data
    if data["everyone"]:
        if not filters.is_valid():
            return _page(request, cohort, filters)
        matching = _matching(cohort, filters)
        total = matching.count()
        confirmed = data["confirmed"] and data["expected"] == total
        if total > CONFIRM_ABOVE and not confirmed:
            changed = data["confirmed"] and data["expected"] != total
            confirm = {"total": total, "total_text": f"{total:,}", "changed": changed}
            return _page(request, cohort, filters, confirm=confirm)
        chosen = list(matching.prefetch_related(None).select_related(None))
    else:
        chosen = list(data["people"])
    try:
        invited = services.invite(cohort=cohort, employees=chosen, role=data["role"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, f"Invited {len(invited):,}. They'll get an email with a link to opt in."
        )
    return redirect(request.get_full_path())


def _showing(page: Page[Employee]) -> str:
    total = page.paginator.count
    if not total:
        return "Nobody matches these filters."
    start, end = page.start_index(), page.end_index()
    shown = f"{start:,}" if start == end else f"{start:,}-{end:,}"
    return f"Showing {shown} of {total:,}."


def _page(
    request: HttpRequest,
    cohort: Cohort,
    filters: CandidateFilter,
    *,
    invite_form: InviteForm | None = None,
    confirm: dict[str, Any] | None = None,
) -> HttpResponse:
    valid = filters.is_valid()
    people = _matching(cohort, filters) if valid else Employee.objects.none()
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    status = cohort.participants.aggregate(
        invited=Count("pk", filter=Q(state="invited")),
        declined=Count("pk", filter=Q(state="declined")),
        opted_in=Count("pk", filter=Q(consent_at__isnull=False)),
        intake_done=Count("pk", filter=Q(intake_completed_at__isnull=False)),
    )
    refused = not valid or (invite_form is not None and bool(invite_form.errors))
    return render(
        request,
        "recruitment/recruit.html",
        {
            "cohort": cohort,
            "filters": filters,
            "role": filters.cleaned_data.get("role") if valid else Participant.Role.MENTOR,
            "page": page,
            "showing": _showing(page),
            "total": page.paginator.count,
            "total_text": f"{page.paginator.count:,}",
            "confirm_above": CONFIRM_ABOVE,
            "confirm": confirm,
            "invite_errors": [
                error
                for errors in (invite_form.errors.values() if invite_form else [])
                for error in errors
            ],
            "status": status,
        },
        status=400 if refused else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def invitation(request: HttpRequest, participant_id: UUID) -> HttpResponse:
    participant = get_invitation_for_invitee(get_viewer(request), participant_id)
    form = ConsentForm(request.POST or None)
    if request.method == "POST":
        accept = posted(request, AnswerForm).accepts()
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
    participant = get_invitation_for_invitee(get_viewer(request), participant_id)
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
