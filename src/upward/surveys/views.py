"""Survey pages: answering (members), plans and results (the program team), instruments."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.htmx import HtmxRequest
from upward.core.viewer import Role, get_viewer
from upward.programs.access import get_cohort_for_lead, get_cohort_for_user
from upward.surveys import selectors, services
from upward.surveys.charts import response_rates
from upward.surveys.forms import sections
from upward.surveys.loading import load_pack
from upward.surveys.models import Instrument, Invitation, Wave


def own_invitation(request: HttpRequest, invitation_id: UUID) -> Invitation:
    """Only the invited person opens their survey: nobody else, admins included."""
    invitation = (
        Invitation.objects.select_related(
            "wave__cohort__program", "participant__employee", "pair__mentor", "pair__mentee"
        )
        .filter(public_id=invitation_id, participant__employee__account_id=request.user.pk)
        .first()
    )
    if invitation is None:
        raise Http404("No such survey.")
    return invitation


def answered_fields(request: HttpRequest) -> dict[str, str]:
    """The survey's fields from a POST (named ``<instrument>.<item>``)."""
    return {key: request.POST.get(key, "") for key in request.POST if "." in key}


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
    invitation = own_invitation(request, invitation_id)
    values = _draft_values(invitation)
    if request.method == "POST":
        values = answered_fields(request)
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
    invitation = own_invitation(request, invitation_id)
    values = answered_fields(request)
    try:
        services.save_draft(invitation, values, timezone.localdate())
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


def _wave_for(request: HttpRequest, wave_id: UUID, *, lead: bool) -> Wave:
    wave = Wave.objects.select_related("cohort").filter(public_id=wave_id).first()
    if wave is None:
        raise Http404("No such wave.")
    viewer = get_viewer(request)
    if lead:
        get_cohort_for_lead(viewer, wave.cohort.public_id)
    else:
        get_cohort_for_user(viewer, wave.cohort.public_id)
    return wave


@require_GET
@login_required
def wave_results(request: HttpRequest, wave_id: UUID) -> HttpResponse:
    wave = _wave_for(request, wave_id, lead=False)
    viewer = get_viewer(request)
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
    wave = _wave_for(request, wave_id, lead=True)
    action = request.POST.get("action", "")
    try:
        if action == "open":
            services.open_wave(wave)
            messages.success(request, f"{wave.label} is open; invitations are on their way.")
        elif action == "close":
            services.close_wave(wave)
            messages.success(request, f"{wave.label} is closed.")
        elif action == "min_group_size":
            services.set_min_group_size(wave, request.POST.get("min_group_size", ""))
            messages.success(request, "Minimum group size saved.")
        else:
            raise ValidationError("Choose open, close or a minimum group size.")
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
