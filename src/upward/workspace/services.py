"""Writes in a pair's workspace. Only the pair's two members write here."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from upward.domain.pair_guides import GROUND_RULES_VERSION
from upward.domain.smart_goal import GoalDraft, goal_problems
from upward.programs.models import Pair, Participant
from upward.workspace.models import Goal, GoalUpdate, RulesAcceptance


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
