"""Writes in a pair's workspace. Only the pair's two members write here."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from upward.domain.closure import PAIR_STATE_AFTER, ClosureFacts, may_answer, memo
from upward.domain.pair_guides import GROUND_RULES_VERSION
from upward.domain.smart_goal import GoalDraft, goal_problems
from upward.notifications.outbox import queue_email
from upward.programs.lifecycle import pair_graduated
from upward.programs.models import Pair, Participant
from upward.programs.signals import inputs_changed
from upward.workspace.models import (
    Closure,
    Concern,
    Goal,
    GoalUpdate,
    JournalEntry,
    MilestoneCheck,
    RulesAcceptance,
)
from upward.workspace.sessions import cancel_remaining_sessions


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
    inputs_changed(Goal, pair.cohort_id)
    return goal


@transaction.atomic
def goal_progress(
    *, goal: Goal, member: Participant, value: float, noted_on: date, note: str, today: date
) -> GoalUpdate:
    if noted_on > today:
        raise ValidationError("Progress can't be recorded for a day that hasn't happened.")
    if noted_on < goal.pair.cohort.start_date:
        raise ValidationError("That date is before the cohort started.")
    inputs_changed(GoalUpdate, goal.pair.cohort_id)
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
        Concern.objects.select_for_update(of=("self",))
        .select_related("pair", "raised_by__employee")
        .get(pk=concern.pk)
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
        inputs_changed(Pair, concern.pair.cohort_id)
    _tell_the_raiser(concern)
    return concern


def _tell_the_raiser(concern: Concern) -> None:
    """The person who raised it hears that the lead acted, and nothing that could identify
    what was done (their partner may read their email over their shoulder)."""
    employee = concern.raised_by.employee
    link = settings.SITE_URL.rstrip("/") + reverse(
        "workspace:concern", args=[concern.pair.public_id]
    )
    queue_email(
        key=f"concern_answered:{concern.pk}",
        to=employee.email,
        template="concern_answered",
        language=employee.language,
        context={"first_name": employee.preferred_name or employee.first_name, "link": link},
    )


def _side(pair: Pair, member: Participant) -> str:
    """The reflection field a member writes: their own, never their partner's."""
    return "mentor_learned" if member.pk == pair.mentor_id else "mentee_learned"


def _memo(pair: Pair, closure: Closure) -> str:
    goal = Goal.objects.filter(pair=pair).first()
    return memo(
        ClosureFacts(
            mentor=pair.mentor.employee.display_name,
            mentee=pair.mentee.employee.display_name,
            goal=goal.text if goal else "",
            unit=goal.unit if goal else "",
            baseline=goal.baseline if goal else None,
            target=goal.target if goal else None,
            outcome=closure.outcome,
            sessions_held=pair.sessions.filter(status="held").count(),
            mentor_learned=closure.mentor_learned,
            mentee_learned=closure.mentee_learned,
            next_steps=closure.next_steps,
            decision=closure.decision,
        )
    )


def _locked(pair: Pair) -> Pair:
    """The pair row locked: two members proposing or answering at once are taken in turn."""
    Pair.objects.select_for_update().filter(pk=pair.pk).first()
    return pair


def closure_problems(*, decision: str, reflection: str, next_steps: str) -> list[str]:
    problems = []
    if decision not in Closure.Decision.values:
        problems.append("Choose what happens next: graduate, continue or reshuffle.")
    if not reflection.strip():
        problems.append("Say what you learned.")
    if not next_steps.strip():
        problems.append("Say what happens next.")
    return problems


@transaction.atomic
def closure_propose(
    *,
    pair: Pair,
    member: Participant,
    decision: str,
    outcome: float | None,
    reflection: str,
    next_steps: str,
) -> Closure:
    """One member proposes an outcome with their own reflection; the partner confirms it."""
    _locked(pair)
    if Closure.objects.filter(pair=pair, state=Closure.State.PROPOSED).exists():
        raise ValidationError("There is already a proposal waiting for an answer.")
    if pair_has_ended(pair) or pair.state in (Pair.State.CLOSED, Pair.State.DISSOLVED):
        raise ValidationError("This pair has already been closed.")
    problems = closure_problems(decision=decision, reflection=reflection, next_steps=next_steps)
    if problems:
        raise ValidationError(problems)
    closure = Closure(
        pair=pair,
        proposed_by=member,
        state=Closure.State.PROPOSED,
        decision=decision,
        outcome=outcome,
        next_steps=next_steps.strip()[:5000],
    )
    setattr(closure, _side(pair, member), reflection.strip()[:5000])
    closure.memo = _memo(pair, closure)
    closure.save()
    return closure


@transaction.atomic
def closure_answer(*, pair: Pair, member: Participant, confirm: bool, reflection: str) -> Closure:
    """The partner confirms the open proposal (adding their own reflection) or declines it.
    Confirming graduate or reshuffle ends the pair; confirming continue keeps it going."""
    _locked(pair)
    closure = Closure.objects.filter(pair=pair, state=Closure.State.PROPOSED).first()
    if closure is None:
        raise ValidationError("There is no proposal waiting for an answer.")
    refusal = may_answer(
        proposer_id=closure.proposed_by_id, answerer_id=member.pk, state=closure.state
    )
    if refusal:
        raise ValidationError(refusal)
    closure.answered_at = timezone.now()
    if not confirm:
        closure.state = Closure.State.DECLINED
        closure.save(update_fields=["state", "answered_at"])
        return closure
    if not reflection.strip():
        raise ValidationError("Say what you learned before you confirm.")
    setattr(closure, _side(pair, member), reflection.strip()[:5000])
    closure.state = Closure.State.CONFIRMED
    closure.memo = _memo(pair, closure)
    closure.save()
    new_state = PAIR_STATE_AFTER.get(closure.decision)
    if new_state:
        pair.state = new_state
        if new_state == Pair.State.CLOSED:
            pair.ended_on = max(timezone.localdate(), pair.started_on or timezone.localdate())
        pair.save(update_fields=["state", "ended_on"])
        inputs_changed(Pair, pair.cohort_id)
        cancel_remaining_sessions(pair)
        if closure.decision == Closure.Decision.GRADUATE:
            pair_graduated.send(sender=Pair, pairs=[pair], way="closure")
    return closure


def pair_has_ended(pair: Pair) -> bool:
    return (
        Closure.objects.filter(pair=pair, state=Closure.State.CONFIRMED)
        .exclude(decision=Closure.Decision.CONTINUE)
        .exists()
    )


@transaction.atomic
def closure_from_api(
    *,
    pair: Pair,
    member: Participant,
    outcome: float | None,
    mentor_learned: str,
    mentee_learned: str,
    next_steps: str,
    decision: str,
) -> Closure:
    """The API's one call: it proposes, or confirms the partner's proposal of the same outcome.
    Only the caller's own reflection is read; the partner writes theirs."""
    reflection = mentor_learned if _side(pair, member) == "mentor_learned" else mentee_learned
    waiting = Closure.objects.filter(pair=pair, state=Closure.State.PROPOSED).first()
    if waiting is not None and waiting.proposed_by_id != member.pk:
        if waiting.decision != decision:
            raise ValidationError(
                f"Your partner has proposed to {waiting.decision}: confirm or decline that first."
            )
        return closure_answer(pair=pair, member=member, confirm=True, reflection=reflection)
    return closure_propose(
        pair=pair,
        member=member,
        decision=decision,
        outcome=outcome,
        reflection=reflection,
        next_steps=next_steps,
    )


def _journal_problems(written_on: date | None, text: str, today: date) -> list[str]:
    problems = []
    if written_on is None:
        problems.append("Give the date of the entry.")
    elif written_on > today:
        problems.append("The date can't be in the future.")
    if not text.strip():
        problems.append("Write something in the entry.")
    return problems


@transaction.atomic
def journal_write(
    *, pair: Pair, author: Participant, written_on: date | None, text: str, today: date
) -> JournalEntry:
    problems = _journal_problems(written_on, text, today)
    if problems:
        raise ValidationError(problems)
    assert written_on is not None
    return JournalEntry.objects.create(
        pair=pair, author=author, written_on=written_on, text=text.strip()[:20000]
    )


@transaction.atomic
def journal_edit(
    *, entry: JournalEntry, written_on: date | None, text: str, today: date
) -> JournalEntry:
    problems = _journal_problems(written_on, text, today)
    if problems:
        raise ValidationError(problems)
    assert written_on is not None
    entry.written_on, entry.text = written_on, text.strip()[:20000]
    entry.save(update_fields=["written_on", "text", "updated_at"])
    return entry
