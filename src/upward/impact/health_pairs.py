"""The pairs on the program health page: what a lead acts on, read live (not from the results).

One row per pair the lead can open: its state, how often it met, where its goal stands and the
flags waiting, each linked. Only what the lead already sees on the pair and flag pages; never
notes, journals, reflections or answers. Three queries whatever the program's size.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Min, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from upward.domain.smart_goal import Track
from upward.flags.models import Flag
from upward.programs.models import Pair, Program
from upward.workspace.models import Goal, Session
from upward.workspace.selectors import progress_of

GOAL_WORDS = {
    Track.DONE: "Target reached",
    Track.ON_TRACK: "On track",
    Track.AT_RISK: "At risk",
    Track.OFF_TRACK: "Off track",
}
# How the pairs of one cohort are ordered: the ones that need the lead first.
STATE_ORDER: dict[str, int] = {
    Pair.State.PAUSED: 0,
    Pair.State.ACTIVE: 1,
    Pair.State.CLOSED: 2,
    Pair.State.DISSOLVED: 3,
}


@dataclass(frozen=True)
class PairHealth:
    pair: Pair
    sessions_held: int
    last_met: datetime | None
    next_session: datetime | None
    goal: str  # in words: "On track", "No goal yet"...
    open_flags: int

    @property
    def flags_url(self) -> str:
        return reverse("flags:inbox") + f"#pair-{self.pair.public_id}"

    @property
    def needs_lead(self) -> bool:
        return self.open_flags > 0 or self.pair.state == Pair.State.PAUSED


@dataclass(frozen=True)
class PairCounts:
    """A cohort's pairs by state, with dissolved pairs apart: they are not 'working'."""

    by_state: dict[str, int]

    @property
    def working(self) -> int:
        return self.by_state.get(Pair.State.ACTIVE, 0) + self.by_state.get(Pair.State.PAUSED, 0)

    @property
    def counted(self) -> int:
        return sum(n for state, n in self.by_state.items() if state != Pair.State.DISSOLVED)

    @property
    def dissolved(self) -> int:
        return self.by_state.get(Pair.State.DISSOLVED, 0)

    @property
    def words(self) -> str:
        """'8 active, 1 paused, 1 closed': the states present, dissolved pairs left out."""
        shown = (Pair.State.ACTIVE, Pair.State.PAUSED, Pair.State.CLOSED)
        parts = [
            f"{self.by_state[state]} {state.label.lower()}"
            for state in shown
            if self.by_state.get(state)
        ]
        return ", ".join(parts)


def pairs_by_cohort(program: Program, today: date) -> dict[int, list[PairHealth]]:
    now = timezone.now()
    pairs = (
        Pair.objects.filter(cohort__program=program)
        .exclude(state=Pair.State.PROPOSED)
        .select_related("cohort", "mentor__employee", "mentee__employee")
        .prefetch_related(Prefetch("goal", queryset=Goal.objects.prefetch_related("updates")))
        .annotate(
            held=Count("sessions", filter=Q(sessions__status=Session.Status.HELD), distinct=True),
            last_met=Max("sessions__starts_at", filter=Q(sessions__status=Session.Status.HELD)),
            next_session=Min(
                "sessions__starts_at",
                filter=Q(sessions__status=Session.Status.PLANNED, sessions__starts_at__gte=now),
            ),
            open_flags=Count("flags", filter=Q(flags__state=Flag.State.OPEN), distinct=True),
        )
    )
    found: dict[int, list[PairHealth]] = defaultdict(list)
    for pair in pairs:
        found[pair.cohort_id].append(_row(pair, today))
    for rows in found.values():
        rows.sort(key=lambda r: (-r.open_flags, STATE_ORDER.get(r.pair.state, 9), _name(r.pair)))
    return found


def counts_of(rows: list[PairHealth]) -> PairCounts:
    by_state: dict[str, int] = defaultdict(int)
    for row in rows:
        by_state[row.pair.state] += 1
    return PairCounts(dict(by_state))


def _row(pair: Pair, today: date) -> PairHealth:
    return PairHealth(
        pair=pair,
        sessions_held=getattr(pair, "held", 0),
        last_met=getattr(pair, "last_met", None),
        next_session=getattr(pair, "next_session", None),
        goal=_goal_words(pair, today),
        open_flags=getattr(pair, "open_flags", 0),
    )


def _goal_words(pair: Pair, today: date) -> str:
    try:
        goal = pair.goal
    except Goal.DoesNotExist:
        return "No goal yet"
    track = progress_of(pair, goal, list(goal.updates.all()), today).track
    if pair.state == Pair.State.CLOSED and track != Track.DONE:
        return "Not reached"  # it ended: 'off track' would suggest there is still time
    return GOAL_WORDS[track]


def _name(pair: Pair) -> str:
    return pair.mentee.employee.last_name
