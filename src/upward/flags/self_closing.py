"""Flags that follow the facts: a flag closes itself when its cause goes away. The write that
removes the cause re-checks right after it commits (flags/signals.py); the detection job
re-checks every open flag as well, which catches writes that send no signal (a reshuffle
dissolves its pairs, and closing a cohort closes its pairs, in one UPDATE each)."""

from datetime import date
from functools import cached_property

from django.db import transaction
from django.utils import timezone

from upward.domain.smart_goal import Track
from upward.domain.surveys import flags as rules
from upward.flags import rules as flag_rules
from upward.flags.models import Flag
from upward.governance.models import Checkpoint
from upward.programs.models import Pair
from upward.workspace.models import Session
from upward.workspace.selectors import goal_track


def close_flag(flag: Flag, why: str, today: date) -> bool:
    """Close an open flag because its cause went away; the note says when and why. Its key is
    freed so that, should the cause come back, a new flag is raised for the new occasion. False
    when the lead acted on it meanwhile (their action stands)."""
    note = flag_rules.closing_note(today, why)
    key = f"{flag.key[:110]}~closed:{flag.public_id}"
    closed = Flag.objects.filter(pk=flag.pk, state=Flag.State.OPEN).update(
        state=Flag.State.RESOLVED, note=note, acted_at=timezone.now(), key=key
    )
    if closed:
        flag.state, flag.note, flag.key = Flag.State.RESOLVED, note, key
    return bool(closed)


def _stale_since(flag: Flag) -> date | None:
    """The last held session (or start) a stale flag counted from, as written into its key."""
    try:
        return date.fromisoformat(flag.key.split(":")[2])
    except (IndexError, ValueError):
        return None


class _PairFacts:
    """What a pair's flags are re-checked against, each read once and only when needed."""

    def __init__(self, pair: Pair, today: date) -> None:
        self.pair, self.today = pair, today

    @cached_property
    def sessions(self) -> list[tuple[str, date]]:
        found = self.pair.sessions.filter(
            status__in=[Session.Status.HELD, Session.Status.PLANNED]
        ).values_list("status", "starts_at")
        return [(status, timezone.localdate(at)) for status, at in found]

    @cached_property
    def goal(self) -> tuple[bool, Track | None]:
        status = goal_track(self.pair, self.today)
        return status is not None, status.track if status is not None else None

    def why_closed(self, flag: Flag) -> str | None:
        """Why this flag's cause has gone away, or None while it stands."""
        ended = flag_rules.pair_ended(self.pair.state)
        if ended is not None:
            return ended
        if flag.reason == rules.Reason.STALE:
            return flag_rules.stale_gone(
                since=_stale_since(flag),
                raised_on=flag.raised_on,
                held=[d for status, d in self.sessions if status == Session.Status.HELD],
                planned=[d for status, d in self.sessions if status == Session.Status.PLANNED],
                today=self.today,
            )
        if flag.reason == rules.Reason.STAGNANT:
            has_goal, track = self.goal
            return flag_rules.stagnant_gone(has_goal=has_goal, track=track)
        return None


def recheck_pair(pair_id: int, today: date) -> int:
    """Close the pair's open flags whose cause went away. One query when it has none."""
    flags = list(
        Flag.objects.filter(pair_id=pair_id, state=Flag.State.OPEN).select_related(
            "pair__cohort__program"
        )
    )
    if not flags:
        return 0
    assert flags[0].pair is not None
    facts = _PairFacts(flags[0].pair, today)
    closed = 0
    for flag in flags:
        why = facts.why_closed(flag)
        if why is not None and close_flag(flag, why, today):
            closed += 1
    return closed


def _checkpoint_of(flag: Flag) -> tuple[int | None, bool]:
    """The checkpoint a missed-checkpoint flag is about, and whether it was raised because the
    checkpoint was not recorded (rather than held without the sponsor)."""
    parts = flag.key.split(":")
    if len(parts) < 3 or not parts[1].isdigit():
        return None, False
    return int(parts[1]), parts[2] == "none"


def recheck_checkpoints(program_id: int, today: date) -> int:
    """Close the program's open missed-checkpoint flags whose checkpoint is now in order."""
    flags = list(
        Flag.objects.filter(
            program_id=program_id,
            state=Flag.State.OPEN,
            reason=rules.Reason.MISSED_CHECKPOINT,
        )
    )
    if not flags:
        return 0
    checkpoints = Checkpoint.objects.in_bulk([pk for pk, _ in map(_checkpoint_of, flags) if pk])
    closed = 0
    for flag in flags:
        pk, unrecorded = _checkpoint_of(flag)
        if pk is None:
            continue  # not a key this code wrote: leave it to the lead
        checkpoint = checkpoints.get(pk)
        why = flag_rules.checkpoint_gone(
            raised_unrecorded=unrecorded,
            exists=checkpoint is not None,
            due=checkpoint.due_date if checkpoint else None,
            held_on=checkpoint.held_on if checkpoint else None,
            sponsor_attended=checkpoint.sponsor_attended if checkpoint else None,
            today=today,
        )
        if why is not None and close_flag(flag, why, today):
            closed += 1
    return closed


def close_resolved(today: date) -> int:
    """Re-check every open flag that can close itself; how many closed."""
    closed = 0
    open_flags = Flag.objects.filter(state=Flag.State.OPEN).order_by()  # DISTINCT ids only
    pairs = open_flags.filter(pair__isnull=False).values_list("pair_id", flat=True)
    for pair_id in pairs.distinct():
        with transaction.atomic():
            closed += recheck_pair(pair_id, today)
    programs = open_flags.filter(reason=rules.Reason.MISSED_CHECKPOINT).values_list(
        "program_id", flat=True
    )
    for program_id in programs.distinct():
        with transaction.atomic():
            closed += recheck_checkpoints(program_id, today)
    return closed
