"""Writes in a pair's workspace. Only the pair's two members write here."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from upward.domain.closure import ClosureFacts, memo
from upward.domain.pair_guides import GROUND_RULES_VERSION
from upward.domain.smart_goal import GoalDraft, goal_problems
from upward.programs.models import Pair, Participant
from upward.workspace.models import (
    Closure,
    Concern,
    Goal,
    GoalUpdate,
    MilestoneCheck,
    RulesAcceptance,
)


@transaction.atomic
def rules_accept(*, pair: Pair, member: Participant) -> None:
    RulesAcceptance.objects.get_or_create(pair=pair, member=member, version=GROUND_RULES_VERSION)


@transaction.atomic
def goal_save(*, pair: Pair, member: Participant, draft: GoalDraft) -> Goal:
    problems = goal_problems(draft)
    if problems:
        raise ValidationError(problems)
    assert draft.baseline is not None and draft.target is not None and draft.deadline
    values = {
        "text": draft.text.strip(),
        "metric": draft.metric.strip(),
        "unit": draft.unit.strip(),
        "direction": draft.direction,
        "baseline": draft.baseline,
        "target": draft.target,
        "deadline": draft.deadline,
    }
    goal, created = Goal.objects.get_or_create(pair=pair, defaults={**values, "owner": member})
    if not created:
        for name, value in values.items():
            setattr(goal, name, value)
        goal.save(update_fields=list(values))
    return goal


@transaction.atomic
def goal_progress(
    *, goal: Goal, member: Participant, value: float, noted_on: date, note: str, today: date
) -> GoalUpdate:
    if noted_on > today:
        raise ValidationError("Progress can't be recorded for a day that hasn't happened.")
    if noted_on < goal.pair.cohort.start_date:
        raise ValidationError("That date is before the cohort started.")
    return GoalUpdate.objects.create(
        goal=goal, value=value, noted_on=noted_on, note=note.strip()[:300], by=member
    )


@transaction.atomic
def milestone_save(
    *,
    pair: Pair,
    member: Participant,
    roadblocks: str,
    wins: str,
    next_actions: str,
    progress_percent: int | None,
) -> MilestoneCheck:
    texts = {"roadblocks": roadblocks, "wins": wins, "next actions": next_actions}
    missing = [name for name, text in texts.items() if not text.strip()]
    if missing:
        raise ValidationError(f"Fill in: {', '.join(missing)}.")
    return MilestoneCheck.objects.create(
        pair=pair,
        by=member,
        roadblocks=roadblocks.strip(),
        wins=wins.strip(),
        next_actions=next_actions.strip(),
        progress_percent=progress_percent,
    )


@transaction.atomic
def concern_raise(*, pair: Pair, member: Participant, topic: str, text: str) -> Concern:
    if topic not in Concern.Topic.values:
        raise ValidationError("Choose what the concern is about.")
    if not text.strip():
        raise ValidationError("Tell the program lead what is wrong, in a sentence or two.")
    return Concern.objects.create(
        pair=pair, raised_by=member, topic=topic, text=text.strip()[:5000]
    )


@transaction.atomic
def concern_act(*, concern: Concern, action: str, note: str) -> Concern:
    """The lead's response. Pausing pauses the pair; a reshuffle is started from matching."""
    if action not in Concern.Action.values:
        raise ValidationError("Choose an action.")
    # Locked and re-read: if another lead answered meanwhile, theirs stands and this one is told.
    concern = (
        Concern.objects.select_for_update(of=("self",)).select_related("pair").get(pk=concern.pk)
    )
    if concern.state != Concern.State.OPEN:
        raise ValidationError(
            f"Another lead has already answered this concern ({concern.get_action_display()}). "
            "Your answer was not saved; reload to see theirs."
        )
    concern.action, concern.lead_note = action, note.strip()[:2000]
    concern.state = Concern.State.CLOSED if action == Concern.Action.NONE else Concern.State.ACTED
    concern.save(update_fields=["action", "lead_note", "state"])
    if action == Concern.Action.PAUSE and concern.pair.state == Pair.State.ACTIVE:
        concern.pair.state = Pair.State.PAUSED
        concern.pair.save(update_fields=["state"])
    return concern


@transaction.atomic
def closure_save(
    *,
    pair: Pair,
    outcome: float | None,
    mentor_learned: str,
    mentee_learned: str,
    next_steps: str,
    decision: str,
) -> Closure:
    if hasattr(pair, "closure"):
        raise ValidationError("This pair has already been closed.")
    if decision not in Closure.Decision.values:
        raise ValidationError("Choose: graduate, continue or reshuffle.")
    if not (mentor_learned.strip() and mentee_learned.strip() and next_steps.strip()):
        raise ValidationError("Say what each of you learned and what happens next.")
    goal = Goal.objects.filter(pair=pair).first()
    facts = ClosureFacts(
        mentor=pair.mentor.employee.display_name,
        mentee=pair.mentee.employee.display_name,
        goal=goal.text if goal else "",
        unit=goal.unit if goal else "",
        baseline=goal.baseline if goal else None,
        target=goal.target if goal else None,
        outcome=outcome,
        sessions_held=pair.sessions.filter(status="held").count(),
        mentor_learned=mentor_learned,
        mentee_learned=mentee_learned,
        next_steps=next_steps,
        decision=decision,
    )
    closure = Closure.objects.create(
        pair=pair,
        outcome=outcome,
        mentor_learned=mentor_learned,
        mentee_learned=mentee_learned,
        next_steps=next_steps,
        decision=decision,
        memo=memo(facts),
    )
    new_state = {"graduate": Pair.State.CLOSED, "reshuffle": Pair.State.PAUSED}.get(decision)
    if new_state:
        pair.state = new_state
        if new_state == Pair.State.CLOSED:
            pair.ended_on = max(timezone.localdate(), pair.started_on or timezone.localdate())
        pair.save(update_fields=["state", "ended_on"])
    return closure
