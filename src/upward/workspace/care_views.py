"""Milestone checks, concerns and closure: the pair's check-points and its safety valve."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.viewer import Role, get_viewer
from upward.domain.closure import DECISIONS, IN_WORDS
from upward.programs.access import get_pair_for_user
from upward.programs.models import Pair, Participant
from upward.workspace import selectors, services
from upward.workspace.models import Closure, Concern
from upward.workspace.views import member_of, member_pair


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
        try:
            services.milestone_save(
                pair=pair,
                member=member,
                roadblocks=request.POST.get("roadblocks", ""),
                wins=request.POST.get("wins", ""),
                next_actions=request.POST.get("next", ""),
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
    pair, member = member_pair(request, pair_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.concern_raise(
                pair=pair,
                member=member,
                topic=request.POST.get("topic", ""),
                text=request.POST.get("text", ""),
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
            "typed": request.POST if errors else {},  # a refused form comes back as typed
            "mine": mine,
        },
        status=400 if errors else 200,
    )


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Concerns from pairs in the programs the viewer leads (site admins are not leads)."""
    viewer = get_viewer(request)
    led = viewer.programs_with(Role.LEAD)
    if not led:
        raise PermissionDenied
    concerns = Concern.objects.filter(pair__cohort__program_id__in=led).select_related(
        "pair__mentor__employee", "pair__mentee__employee", "raised_by__employee", "pair__cohort"
    )
    return render(
        request, "workspace/inbox.html", {"concerns": concerns, "actions": Concern.Action.choices}
    )


@require_POST
@login_required
def concern_act(request: HttpRequest, concern_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    item = Concern.objects.select_related("pair__cohort").filter(public_id=concern_id).first()
    if item is None or not viewer.has_program_role(item.pair.cohort.program_id, Role.LEAD):
        raise Http404("No such concern.")
    try:
        services.concern_act(
            concern=item, action=request.POST.get("action", ""), note=request.POST.get("note", "")
        )
        messages.success(request, "Recorded.")
    except ValidationError as error:
        flash_errors(request, error)
    if item.action == Concern.Action.RESHUFFLE:
        return redirect("matching:cohort", cohort_id=item.pair.cohort.public_id)
    return redirect("workspace:inbox")


def _proposal_form(request: HttpRequest) -> dict[str, str]:
    return {
        name: request.POST.get(name, "").strip()
        for name in ("decision", "outcome", "reflection", "next_steps")
    }


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
    pair, member = member_pair(request, pair_id)
    if request.method != "POST":
        return _close_page(request, pair, member)
    form = _proposal_form(request)
    problems = services.closure_problems(
        decision=form["decision"], reflection=form["reflection"], next_steps=form["next_steps"]
    )
    if form["outcome"] and _float(form["outcome"]) is None:
        problems.append("Give the goal's number as a number, like 250 or 3.5.")
    if problems or request.POST.get("step") != "send":
        # First step (or "Change it"): show the proposal back before anything is sent.
        reviewing = not problems and request.POST.get("step") != "change"
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
    pair, member = member_pair(request, pair_id)
    confirm = request.POST.get("answer") == "confirm"
    reflection = request.POST.get("reflection", "")
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
