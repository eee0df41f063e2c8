"""Cohorts move on by the lead's decision: upcoming -> running -> closing -> closed.

A step that cannot be taken says why, in words the lead can act on. Closing is irreversible and
asks for a confirmation. Other apps react through `cohort_moved` (surveys open the close wave
when a cohort starts closing; impact refreshes), so this module needs none of them.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.dispatch import Signal
from django.utils import timezone

from upward.accounts.models import User
from upward.audit import log as audit
from upward.programs.models import Cohort, Pair, Program
from upward.programs.signals import inputs_changed

# Sent inside the transaction that moves the cohort: receivers' writes stand or fall with it.
cohort_moved = Signal()  # kwargs: cohort, state, actor
# A pair finished well: both agreed to graduate, or it was still open when its cohort closed.
# Sent inside the closing transaction. kwargs: pairs (as they stood before closing), way.
pair_graduated = Signal()
# A program or cohort was designed or changed; governance plans its charter and checkpoints.
# Sent inside the writing transaction. kwargs: program_created(program, actor, objective),
# program_changed(program, actor), cohort_added(cohort).
program_created = Signal()
program_changed = Signal()
cohort_added = Signal()

State = Cohort.State


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    verb: str  # the button's words
    irreversible: bool


STEPS = {
    State.RUNNING: Step(State.UPCOMING, State.RUNNING, "Start the cohort", False),
    State.CLOSING: Step(State.RUNNING, State.CLOSING, "Begin closing", False),
    State.CLOSED: Step(State.CLOSING, State.CLOSED, "Close the cohort", True),
}


def next_step(cohort: Cohort) -> Step | None:
    return next((step for step in STEPS.values() if step.source == cohort.state), None)


def cohort_blockers(cohort: Cohort, target: str) -> list[str]:
    """What stands in the way of moving this cohort to `target`, in plain words."""
    step = STEPS.get(State(target)) if target in State.values else None
    if step is None:
        return ["There is no such step."]
    if cohort.state != step.source:
        return [f"This cohort is {cohort.get_state_display().lower()}: it cannot do that now."]
    if step.target == State.RUNNING:
        return _start_blockers(cohort)
    return []


def _start_blockers(cohort: Cohort) -> list[str]:
    blockers = []
    if cohort.program.state == Program.State.DRAFT:
        blockers.append("Launch the program first: it is still a draft.")
    elif cohort.program.state == Program.State.CLOSED:
        blockers.append("The program is closed.")
    if not cohort.pairs.filter(state__in=Pair.OPEN_STATES).exists():
        blockers.append("No pairs yet: publish a matching round first.")
    return blockers


@transaction.atomic
def cohort_move(cohort: Cohort, *, to: str, actor: User, confirmed: bool = False) -> Cohort:
    cohort = (
        Cohort.objects.select_for_update(of=("self",)).select_related("program").get(pk=cohort.pk)
    )
    blockers = cohort_blockers(cohort, to)
    if blockers:
        raise ValidationError(blockers)
    step = STEPS[State(to)]
    if step.irreversible and not confirmed:
        raise ValidationError(
            "Closing a cohort ends its open pairs and cannot be undone: tick the box to confirm."
        )
    if step.target == State.CLOSED:
        _close_open_pairs(cohort)
    elif step.target == State.RUNNING:
        _start_waiting_pairs(cohort)
    cohort.state = step.target
    cohort.save(update_fields=["state"])
    audit.record(audit.Action.LIFECYCLE, actor=actor, target=cohort, state=step.target)
    cohort_moved.send(sender=Cohort, cohort=cohort, state=step.target, actor=actor)
    inputs_changed(Cohort, cohort.pk)  # its pairs were started or closed in one UPDATE
    return cohort


def _start_waiting_pairs(cohort: Cohort) -> int:
    # Started ahead of its planned date: pairs published for that date start today, so the
    # pair page says "working together" and not "starting on" a date now past its meaning.
    today = timezone.localdate()
    return cohort.pairs.filter(state__in=Pair.OPEN_STATES, started_on__gt=today).update(
        started_on=today
    )


def _close_open_pairs(cohort: Cohort) -> int:
    # A pair that had not begun ends on its start date, never before it.
    today = timezone.localdate()
    open_pairs = cohort.pairs.filter(state__in=Pair.OPEN_STATES)
    closing = list(open_pairs)  # read before the update, which leaves no objects behind
    closed = open_pairs.update(
        state=Pair.State.CLOSED, ended_on=Greatest(Value(today), F("started_on"))
    )
    pair_graduated.send(sender=Pair, pairs=closing, way="cohort_closed")
    return closed
