"""Milestone checks, concerns and closure: the pair's check-points and its safety valve."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.forms import posted
from upward.core.viewer import get_viewer
from upward.domain.closure import DECISIONS, IN_WORDS
from upward.programs.access import get_pair_for_user
from upward.programs.models import Pair, Participant
from upward.workspace import selectors, services
from upward.workspace.access import (
    get_concern_for_lead,
    get_pair_for_member,
    member_of,
    require_program_lead,
)
from upward.workspace.forms import (
    AnswerForm,
    ConcernActForm,
    ConcernForm,
    MilestoneForm,
    ProposalForm,
)
from upward.workspace.models import Closure, Concern


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@login_required
def milestone(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    member = member_of(viewer, pair)  # the text is the pair's; the lead sees only the figure
    view = selectors.goal_view(pair, timezone.localdate())
    errors: list[str] = []
    if request.method == "POST":
        typed = posted(request, MilestoneForm).cleaned_data
        try:
            services.milestone_save(
                pair=pair,
                member=member,
                roadblocks=typed["roadblocks"],
                wins=typed["wins"],
                next_actions=typed["next"],
                progress_percent=round(100 * view.progress.achieved) if view else None,
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, "Milestone check saved.")
            return redirect("workspace:pair", pair_id=pair.public_id)
    return render(
        request,
        "workspace/milestone.html",
        {"pair": pair, "view": view, "errors": errors, "past": pair.milestones.all()},
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def concern(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    pair, member = get_pair_for_member(get_viewer(request), pair_id)
    errors: list[str] = []
    typed: dict[str, str] = {}
    if request.method == "POST":
        typed = posted(request, ConcernForm).cleaned_data
        try:
            services.concern_raise(
                pair=pair, member=member, topic=typed["topic"], text=typed["text"]
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                "Sent to the program lead only. Your partner will not see "
                "it; any check-in will look like the routine ones.",
            )
            return redirect("workspace:pair", pair_id=pair.public_id)
    mine = Concern.objects.filter(pair=pair, raised_by=member).order_by("-created_at")
    return render(
        request,
        "workspace/concern.html",
        {
            "pair": pair,
            "topics": Concern.Topic.choices,
            "errors": errors,
            "typed": typed if errors else {},  # a refused form comes back as typed
            "mine": mine,
        },
        status=400 if errors else 200,
    )


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Concerns from pairs in the programs the viewer leads (site admins are not leads)."""
    led = require_program_lead(get_viewer(request))
    concerns = Concern.objects.filter(pair__cohort__program_id__in=led).select_related(
        "pair__mentor__employee", "pair__mentee__employee", "raised_by__employee", "pair__cohort"
    )
    return render(
        request, "workspace/inbox.html", {"concerns": concerns, "actions": Concern.Action.choices}
    )


@require_POST
@login_required
def concern_act(request: HttpRequest, concern_id: UUID) -> HttpResponse:
    item = get_concern_for_lead(get_viewer(request), concern_id)
    answer = posted(request, ConcernActForm).cleaned_data
    try:
        # The service saves a fresh copy under a lock: its answer holds the action now taken.
        item = services.concern_act(concern=item, action=answer["action"], note=answer["note"])
        messages.success(request, "Recorded.")
    except ValidationError as error:
        flash_errors(request, error)
    if item.action == Concern.Action.RESHUFFLE:
        return redirect("matching:cohort", cohort_id=item.pair.cohort.public_id)
    return redirect("workspace:inbox")


def _close_page(
    request: HttpRequest,
    pair: Pair,
    member: Participant,
    *,
    form: dict[str, str] | None = None,
    errors: list[str] | None = None,
    reviewing: bool = False,
) -> HttpResponse:
    status = selectors.closure_status(pair, member)
    form = form or {}
    return render(
        request,
        "workspace/close.html",
        {
            "pair": pair,
            "status": status,
            "is_mentor": member.pk == pair.mentor_id,
            "form": form,
            "errors": errors or [],
            "reviewing": reviewing,
            "decisions": [(value, DECISIONS[value]) for value in Closure.Decision.values],
            "waiting_words": IN_WORDS.get(status.waiting.decision, "") if status.waiting else "",
            "form_words": IN_WORDS.get(form.get("decision", ""), ""),
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def close(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    """Propose how the pair ends (or continues). Two steps: check the proposal, then send it
    to the partner, who confirms or declines it."""
    pair, member = get_pair_for_member(get_viewer(request), pair_id)
    if request.method != "POST":
        return _close_page(request, pair, member)
    typed = posted(request, ProposalForm).cleaned_data
    step = typed.pop("step")
    form: dict[str, str] = typed
    problems = services.closure_problems(
        decision=form["decision"], reflection=form["reflection"], next_steps=form["next_steps"]
    )
    if form["outcome"] and _float(form["outcome"]) is None:
        problems.append("Give the goal's number as a number, like 250 or 3.5.")
    if problems or step != "send":
        # First step (or "Change it"): show the proposal back before anything is sent.
        reviewing = not problems and step != "change"
        return _close_page(request, pair, member, form=form, errors=problems, reviewing=reviewing)
    try:
        services.closure_propose(
            pair=pair,
            member=member,
            decision=form["decision"],
            outcome=_float(form["outcome"]),
            reflection=form["reflection"],
            next_steps=form["next_steps"],
        )
    except ValidationError as error:
        return _close_page(request, pair, member, form=form, errors=error.messages)
    messages.success(request, "Proposal sent. Your partner will be asked to confirm it.")
    return redirect("workspace:close", pair_id=pair.public_id)


@require_POST
@login_required
def close_answer(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    """The partner confirms or declines the proposal waiting for them."""
    pair, member = get_pair_for_member(get_viewer(request), pair_id)
    typed = posted(request, AnswerForm).cleaned_data
    confirm, reflection = typed["answer"] == "confirm", typed["reflection"]
    try:
        closure = services.closure_answer(
            pair=pair, member=member, confirm=confirm, reflection=reflection
        )
    except ValidationError as error:
        return _close_page(
            request, pair, member, form={"answer_reflection": reflection}, errors=error.messages
        )
    if closure.state == Closure.State.DECLINED:
        messages.success(request, "You declined the proposal. Either of you can propose again.")
    elif closure.decision == Closure.Decision.CONTINUE:
        messages.success(request, "Confirmed: you keep going for another cycle.")
    else:
        messages.success(request, "Confirmed. The closure memo is ready.")
    return redirect("workspace:close", pair_id=pair.public_id)
