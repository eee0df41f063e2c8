from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from upward.core.feedback import flash_errors
from upward.core.forms import ConfirmForm, Refused, posted, refusal_words
from upward.core.htmx import HtmxRequest
from upward.core.viewer import get_viewer
from upward.matching import selectors, services
from upward.matching.access import (
    get_proposal,
    get_round_as_participant,
    get_round_for_lead,
)
from upward.matching.forms import (
    ReasonForm,
    RequestAnswerForm,
    ReshuffleForm,
    RoundForm,
    ShortlistForm,
    SwapForm,
)
from upward.matching.models import MatchRound
from upward.matching.outcomes import suggested_weights
from upward.programs.access import get_cohort_for_lead
from upward.programs.models import Participant


def _back(match_round: MatchRound) -> HttpResponse:
    return redirect("matching:round", round_id=match_round.public_id)


@require_http_methods(["GET", "POST"])
@login_required
def cohort_rounds(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    cohort = get_cohort_for_lead(get_viewer(request), cohort_id)
    refinement = suggested_weights(cohort)
    use_suggested = request.GET.get("weights") == "suggested"
    initial = refinement.weights.__dict__ if use_suggested else None
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            match_round = services.round_create(
                cohort=cohort,
                actor=get_viewer(request).user,
                mode=form.cleaned_data["mode"],
                algorithm=form.cleaned_data["algorithm"],
                weights=form.weights(),
                rules=form.rules(),
                shortlist_size=form.cleaned_data["shortlist_size"],
                exposure_cap=form.cleaned_data["exposure_cap"],
                diversity_quota=form.cleaned_data["diversity_quota"],
                answers_due=form.cleaned_data["answers_due"],
                unanswered=form.cleaned_data["unanswered"] or MatchRound.Unanswered.DECLINES,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _back(match_round)
    context = {
        "cohort": cohort,
        "form": form,
        "rounds": selectors.rounds_of(cohort),
        "open_pairs": selectors.open_pairs(cohort),
        "refinement": refinement,
        "use_suggested": use_suggested,
    }
    return render(
        request, "matching/cohort_rounds.html", context, status=400 if form.errors else 200
    )


@require_GET
@login_required
def round_detail(request: HtmxRequest, round_id: UUID) -> HttpResponse:
    match_round = get_round_for_lead(get_viewer(request), round_id)
    if request.htmx:
        if match_round.state != MatchRound.State.RUNNING:
            return HttpResponseClientRefresh()
        return render(request, "matching/round_detail.html#progress", {"round": match_round})
    return render(request, "matching/round_detail.html", selectors.round_page(match_round))


def _round_action(request: HttpRequest, round_id: UUID, action: str) -> HttpResponse:
    match_round = get_round_for_lead(get_viewer(request), round_id)
    user = get_viewer(request).user
    confirmed = posted(request, ConfirmForm).confirmed()
    try:
        if action == "run":
            services.round_start(match_round, user)
        elif action == "resolve":
            services.round_resolve(match_round, user, confirmed=confirmed)
        else:
            if not confirmed:
                raise ValidationError(
                    "Tick the box to confirm: publishing tells every member who their partner "
                    "is, and cannot be undone."
                )
            services.round_publish(match_round, user)
            messages.success(request, "Published: the pairs can see each other now.")
    except ValidationError as error:
        flash_errors(request, error)
    return _back(match_round)


@require_POST
@login_required
def round_run(request: HttpRequest, round_id: UUID) -> HttpResponse:
    return _round_action(request, round_id, "run")


@require_POST
@login_required
def round_resolve(request: HttpRequest, round_id: UUID) -> HttpResponse:
    return _round_action(request, round_id, "resolve")


@require_POST
@login_required
def round_publish(request: HttpRequest, round_id: UUID) -> HttpResponse:
    return _round_action(request, round_id, "publish")


@require_POST
@login_required
def proposal_lock(request: HttpRequest, round_id: UUID, proposal_id: UUID) -> HttpResponse:
    match_round = get_round_for_lead(get_viewer(request), round_id)
    proposal = get_proposal(match_round, proposal_id)
    try:
        services.proposal_lock(proposal, locked=not proposal.locked, actor=get_viewer(request).user)
    except ValidationError as error:
        flash_errors(request, error)
    return _back(match_round)


@require_POST
@login_required
def proposal_exclude(request: HttpRequest, round_id: UUID, proposal_id: UUID) -> HttpResponse:
    match_round = get_round_for_lead(get_viewer(request), round_id)
    proposal = get_proposal(match_round, proposal_id)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Say why this pairing is ruled out.")
        services.exclusion_add(
            proposal, actor=get_viewer(request).user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, "Ruled out. Run the round again to find them a new match.")
    except ValidationError as error:
        flash_errors(request, error)
    return _back(match_round)


@require_POST
@login_required
def proposals_swap(request: HttpRequest, round_id: UUID) -> HttpResponse:
    match_round = get_round_for_lead(get_viewer(request), round_id)
    form = SwapForm(request.POST)
    if form.has_error("first") or form.has_error("second"):
        raise Refused(refusal_words(form))  # a stale or altered page, not a person's choice
    try:
        data = form.cleaned_data if form.is_valid() else {}
        if not (data.get("first") and data.get("second")):
            raise ValidationError("Choose two pairs and say why.")
        services.proposals_swap(
            get_proposal(match_round, data["first"]),
            get_proposal(match_round, data["second"]),
            actor=get_viewer(request).user,
            reason=data["reason"],
        )
        messages.success(request, "Swapped.")
    except ValidationError as error:
        flash_errors(request, error)
    return _back(match_round)


@require_POST
@login_required
def reshuffle_start(request: HttpRequest, cohort_id: UUID) -> HttpResponse:
    cohort = get_cohort_for_lead(get_viewer(request), cohort_id)
    form = ReshuffleForm(request.POST, cohort=cohort)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("matching:cohort", cohort_id=cohort.public_id)
    try:
        match_round = services.reshuffle_create(
            cohort=cohort,
            actor=get_viewer(request).user,
            pairs=list(form.cleaned_data["pairs"]),
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("matching:cohort", cohort_id=cohort.public_id)
    return _back(match_round)


@require_http_methods(["GET", "POST"])
@login_required
def shortlist(request: HttpRequest, round_id: UUID) -> HttpResponse:
    match_round, mentee = get_round_as_participant(
        get_viewer(request), round_id, Participant.Role.MENTEE
    )
    errors: list[str] = []
    typed: dict[str, int] | None = None
    if request.method == "POST":
        offered = selectors.offered_mentor_ids(match_round, mentee)
        form = ShortlistForm(request.POST, offered=offered)
        try:
            if not form.is_valid():
                raise ValidationError(form.problems())
            services.choices_submit(match_round, mentee, form.ranked())
        except ValidationError as error:
            errors = error.messages
            typed = form.typed()  # shown again as chosen, not reset
        else:
            messages.success(
                request,
                "Thanks: your choices are saved. You can change them "
                "until the lead closes choosing.",
            )
            return redirect("matching:shortlist", round_id=match_round.public_id)
    context = selectors.shortlist_page(match_round, mentee, typed)
    return render(
        request,
        "matching/shortlist.html",
        {**context, "errors": errors},
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def requests(request: HttpRequest, round_id: UUID) -> HttpResponse:
    match_round, mentor = get_round_as_participant(
        get_viewer(request), round_id, Participant.Role.MENTOR
    )
    if request.method == "POST":
        form = posted(request, RequestAnswerForm)
        mentee = selectors.participant_in(match_round, str(form.cleaned_data["mentee"]))
        try:
            if mentee is None:
                raise ValidationError("No such request.")
            services.response_submit(
                match_round, mentor, mentee, accepted=form.cleaned_data["answer"] == "accept"
            )
        except ValidationError as error:
            flash_errors(request, error)
        return redirect("matching:requests", round_id=match_round.public_id)
    return render(request, "matching/requests.html", selectors.requests_page(match_round, mentor))
