"""Survey pages: answering (members), plans and results (the program team), instruments."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.forms import Refused, posted
from upward.core.htmx import HtmxRequest
from upward.core.viewer import Role, get_viewer
from upward.programs.access import get_cohort_for_lead, get_cohort_for_user
from upward.surveys import selectors, services
from upward.surveys.access import (
    get_invitation_for_invitee,
    get_wave_for_lead,
    get_wave_for_user,
)
from upward.surveys.charts import response_rates
from upward.surveys.forms import AnswersForm, WaveActionForm, sections
from upward.surveys.loading import load_pack
from upward.surveys.models import Instrument, Invitation


def _answers(request: HttpRequest, invitation: Invitation) -> AnswersForm:
    """The survey's fields from a POST; a question not on the page is a stale or altered one."""
    return posted(request, AnswersForm, found=sections(invitation))


def _answer_context(invitation: Invitation, values: dict[str, str]) -> dict[str, object]:
    return {
        "invitation": invitation,
        "wave": invitation.wave,
        "sections": sections(invitation),
        "values": values,
    }


def _draft_values(invitation: Invitation) -> dict[str, str]:
    return {
        f"{instrument}.{item}": str(value)
        for instrument, answers in invitation.draft.items()
        for item, value in answers.items()
    }


@require_http_methods(["GET", "POST"])
@login_required
def answer(request: HttpRequest, invitation_id: UUID) -> HttpResponse:
    invitation = get_invitation_for_invitee(get_viewer(request), invitation_id)
    values = _draft_values(invitation)
    if request.method == "POST":
        values = _answers(request, invitation).answers()
        try:
            services.submit(invitation, values, timezone.localdate())
        except ValidationError as error:
            flash_errors(request, error)
            return render(
                request, "surveys/answer.html", _answer_context(invitation, values), status=400
            )
        messages.success(request, "Thank you. Your answers are in.")
        return redirect("home")
    return render(request, "surveys/answer.html", _answer_context(invitation, values))


@require_POST
@login_required
def draft(request: HtmxRequest, invitation_id: UUID) -> HttpResponse:
    """Autosave from the survey page (htmx): answers so far, kept until submitted."""
    invitation = get_invitation_for_invitee(get_viewer(request), invitation_id)
    try:
        values = _answers(request, invitation).answers()
        services.save_draft(invitation, values, timezone.localdate())
    except Refused as refusal:
        return HttpResponse(str(refusal), status=400 if not request.htmx else 200)
    except ValidationError as error:
        return HttpResponse(" ".join(error.messages), status=400 if not request.htmx else 200)
    if request.htmx:
        return HttpResponse(f"Saved at {timezone.localtime():%H:%M}.")
    messages.success(request, "Your answers so far are saved.")
    return redirect("surveys:answer", invitation_id=invitation.public_id)


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    invitations = (
        Invitation.objects.filter(participant__employee__account_id=request.user.pk)
        .select_related("wave__cohort__program")
        .order_by("-wave__opens_on")
    )
    return render(request, "surveys/mine.html", {"invitations": invitations})


@require_http_methods(["GET", "POST"])
@login_required
def cohort_plan(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    cohort = get_cohort_for_user(viewer, cohort_id)
    if request.method == "POST":
        cohort = get_cohort_for_lead(viewer, cohort_id)
        waves = services.create_plan(cohort)
        messages.success(request, f"The survey plan has {len(waves)} waves.")
        return redirect("surveys:cohort", cohort_id=cohort.public_id)
    waves = list(cohort.waves.prefetch_related("parts__instrument"))
    can_lead = viewer.is_site_admin or viewer.has_program_role(cohort.program_id, Role.LEAD)
    return render(
        request,
        "surveys/cohort.html",
        {"cohort": cohort, "waves": waves, "chart": response_rates(waves), "can_lead": can_lead},
    )


@require_GET
@login_required
def wave_results(request: HttpRequest, wave_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    wave = get_wave_for_user(viewer, wave_id)
    return render(
        request,
        "surveys/results.html",
        {
            "results": selectors.wave_results(wave),
            "wave": wave,
            "can_lead": viewer.is_site_admin
            or viewer.has_program_role(wave.cohort.program_id, Role.LEAD),
        },
    )


@require_POST
@login_required
def wave_act(request: HttpRequest, wave_id: UUID) -> HttpResponse:
    """The lead opens or closes a wave early, or sets its minimum group size before it opens."""
    wave = get_wave_for_lead(get_viewer(request), wave_id)
    form = posted(request, WaveActionForm)
    action = form.cleaned_data["action"]
    try:
        if action == "open":
            services.open_wave(wave)
            messages.success(request, f"{wave.label} is open; invitations are on their way.")
        elif action == "close":
            services.close_wave(wave)
            messages.success(request, f"{wave.label} is closed.")
        elif action == "min_group_size":
            services.set_min_group_size(wave, form.cleaned_data["min_group_size"])
            messages.success(request, "Minimum group size saved.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("surveys:wave", wave_id=wave.public_id)


@require_http_methods(["GET", "POST"])
@login_required
def instruments(request: HttpRequest) -> HttpResponse:
    viewer = get_viewer(request)
    if not (viewer.is_site_admin or viewer.program_roles):
        raise PermissionDenied
    if request.method == "POST":
        if not viewer.is_site_admin:
            raise PermissionDenied
        upload = request.FILES.get("pack")
        try:
            if upload is None:
                raise ValidationError("Choose a pack file (.toml) to load.")
            instrument = load_pack(upload.read(), upload.name or "pack.toml")
            messages.success(request, f"Loaded {instrument.name} version {instrument.version}.")
        except ValidationError as error:
            flash_errors(request, error)
        return redirect("surveys:instruments")
    return render(
        request,
        "surveys/instruments.html",
        {"instruments": Instrument.objects.all(), "can_load": viewer.is_site_admin},
    )
