from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upward.core.feedback import flash_errors
from upward.core.viewer import get_viewer
from upward.domain.pair_guides import AGENDAS, GROUND_RULES, PROMPTS
from upward.domain.smart_goal import GoalDraft
from upward.programs.access import get_pair_for_user
from upward.programs.models import Pair
from upward.workspace import selectors, services
from upward.workspace.access import member_of
from upward.workspace.forms import GoalForm, ProgressForm


@require_http_methods(["GET", "POST"])
@login_required
def ground_rules(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    if request.method == "POST":
        services.rules_accept(pair=pair, member=member_of(viewer, pair))
        messages.success(request, "Thanks: you've agreed to the ground rules.")
        return redirect("workspace:pair", pair_id=pair.public_id)
    mentor_ok, mentee_ok = selectors.rules_status(pair)
    return render(
        request,
        "workspace/ground_rules.html",
        {
            "pair": pair,
            "rules": GROUND_RULES,
            "mentor_ok": mentor_ok,
            "mentee_ok": mentee_ok,
            "is_member": pair.pk in viewer.pair_ids,
        },
    )


def _draft(form: GoalForm, pair: Pair) -> GoalDraft:
    data = form.cleaned_data
    return GoalDraft(
        text=data["text"],
        metric=data["metric"],
        unit=data["unit"],
        direction=data["direction"],
        baseline=data["baseline"],
        target=data["target"],
        deadline=data["deadline"],
        cohort_start=pair.cohort.start_date,
        cohort_end=pair.cohort.end_date,
    )


@require_http_methods(["GET", "POST"])
@login_required
def goal(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    existing = selectors.goal_view(pair, timezone.localdate())
    initial = (
        {f: getattr(existing.goal, f) for f in GoalForm.base_fields}
        if existing
        else {"direction": "up"}
    )
    form = GoalForm(request.POST or None, initial=initial)
    if request.method == "POST":
        member = member_of(viewer, pair)
        if form.is_valid():
            try:
                services.goal_save(pair=pair, member=member, draft=_draft(form, pair))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Goal saved.")
                return redirect("workspace:pair", pair_id=pair.public_id)
    return render(
        request,
        "workspace/goal.html",
        {"pair": pair, "form": form, "view": existing, "is_member": pair.pk in viewer.pair_ids},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def goal_progress(request: HttpRequest, pair_id: UUID) -> HttpResponse:
    viewer = get_viewer(request)
    pair = get_pair_for_user(viewer, pair_id)
    member = member_of(viewer, pair)
    form = ProgressForm(request.POST)
    try:
        current = selectors.goal_view(pair, timezone.localdate())
        if current is None:
            raise ValidationError("Set the goal before recording progress.")
        if not form.is_valid():
            raise ValidationError("Give a number and the date it was true.")
        services.goal_progress(
            goal=current.goal, member=member, today=timezone.localdate(), **form.cleaned_data
        )
        messages.success(request, "Progress recorded.")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("workspace:pair", pair_id=pair.public_id)


@require_GET
@login_required
def prompts(request: HttpRequest) -> HttpResponse:
    return render(request, "workspace/prompts.html", {"prompts": PROMPTS, "agendas": AGENDAS})
