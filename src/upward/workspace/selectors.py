"""Reads for the pair workspace."""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.safestring import SafeString

from upward.domain.closure import IN_WORDS, DecisionFacts, lead_summary
from upward.domain.pair_guides import GROUND_RULES_VERSION
from upward.domain.smart_goal import Progress, Track, progress
from upward.programs.models import Cohort, Pair, Participant
from upward.programs.selectors import pairs_of_cohort
from upward.workspace.charts import goal_chart
from upward.workspace.models import Closure, Goal, GoalUpdate, JournalEntry, Session, Tag

TRACK_LABELS = {
    Track.ON_TRACK: "On track",
    Track.AT_RISK: "At risk",
    Track.OFF_TRACK: "Off track",
    Track.DONE: "Target reached",
}


@dataclass(frozen=True)
class LabelledProgress(Progress):
    """Progress with the words its badge shows."""

    @property
    def label(self) -> str:
        return TRACK_LABELS[self.track]


@dataclass(frozen=True)
class GoalView:
    goal: Goal
    current: float
    progress: LabelledProgress
    chart: SafeString


def rules_status(pair: Pair) -> tuple[bool, bool]:
    """(mentor accepted, mentee accepted) the current ground rules."""
    accepted = set(
        pair.rule_acceptances.filter(version=GROUND_RULES_VERSION).values_list(
            "member_id", flat=True
        )
    )
    return pair.mentor_id in accepted, pair.mentee_id in accepted


def progress_of(pair: Pair, goal: Goal, updates: list[GoalUpdate], today: date) -> Progress:
    return progress(
        baseline=goal.baseline,
        target=goal.target,
        current=updates[-1].value if updates else goal.baseline,
        start=pair.started_on or pair.cohort.start_date,
        deadline=goal.deadline,
        today=today,
    )


def goal_track(pair: Pair, today: date) -> Progress | None:
    """Where the goal stands, without drawing it (for flags and cohort figures)."""
    goal = Goal.objects.filter(pair=pair).first()
    if goal is None:
        return None
    return progress_of(pair, goal, list(goal.updates.all()), today)


def goal_view(pair: Pair, today: date) -> GoalView | None:
    goal = Goal.objects.filter(pair=pair).first()
    if goal is None:
        return None
    updates = list(goal.updates.all())
    current = updates[-1].value if updates else goal.baseline
    start = pair.started_on or pair.cohort.start_date
    found = progress_of(pair, goal, updates, today)
    status = LabelledProgress(found.achieved, found.expected, found.track)
    summary = (
        f"{goal.metric}: {current:g} {goal.unit} now, from {goal.baseline:g} toward "
        f"{goal.target:g} by {goal.deadline:%d %b %Y}. {status.sentence()}"
    )
    chart = goal_chart(
        start=start,
        deadline=goal.deadline,
        baseline=goal.baseline,
        target=goal.target,
        points=[(u.noted_on, u.value) for u in updates],
        summary=summary,
    )
    return GoalView(goal, current, status, chart)


def topic_choices(session: Session) -> list[Tag]:
    """The topics offered on a session's log: the lead's vocabulary plus every topic already on
    this session, the pair's own ones included, so saving the log again keeps them."""
    vocabulary = list(Tag.objects.filter(curated=True, merged_into__isnull=True))
    offered = {tag.pk for tag in vocabulary}
    own = [tag for tag in session.tags.order_by("name") if tag.pk not in offered]
    return vocabulary + own


@dataclass(frozen=True)
class ClosureStatus:
    """Where the pair's closing decision stands, as one member (or the lead) sees it."""

    waiting: Closure | None  # a proposal waiting for an answer
    ended: Closure | None  # the confirmed decision that ended the pair
    answered: list[Closure]  # every answered proposal, newest first
    proposed_by_me: bool
    partner: str  # the other member's name; empty for the lead

    @property
    def may_propose(self) -> bool:
        return self.waiting is None and self.ended is None

    @property
    def sentence(self) -> str:
        if self.waiting is not None:
            words = IN_WORDS[self.waiting.decision]
            if self.proposed_by_me:
                return f"You proposed to {words}. Waiting for {self.partner} to confirm."
            if self.partner:
                return f"{self.partner} proposed to {words}. They are waiting for your answer."
        if self.waiting is not None or self.ended is not None or self.answered:
            latest = self.waiting or self.ended or self.answered[0]
            return lead_summary(decision_facts(latest)) + "."
        return ""


def decision_facts(closure: Closure) -> DecisionFacts:
    return DecisionFacts(
        decision=closure.decision,
        state=closure.state,
        proposed_on=timezone.localdate(closure.proposed_at),
        answered_on=timezone.localdate(closure.answered_at) if closure.answered_at else None,
    )


def closure_status(pair: Pair, member: Participant | None) -> ClosureStatus:
    """`member` is the viewer's side of the pair, or None for the lead (who never reads the
    reflections: the template shows them the decision and dates only)."""
    closures = list(Closure.objects.filter(pair=pair).select_related("proposed_by"))
    waiting = next((c for c in closures if c.state == Closure.State.PROPOSED), None)
    ended = next(
        (
            c
            for c in closures
            if c.state == Closure.State.CONFIRMED and c.decision != Closure.Decision.CONTINUE
        ),
        None,
    )
    partner = ""
    if member is not None:
        other = pair.mentee if member.pk == pair.mentor_id else pair.mentor
        partner = other.employee.display_name
    return ClosureStatus(
        waiting=waiting,
        ended=ended,
        answered=[c for c in closures if c.state != Closure.State.PROPOSED],
        proposed_by_me=bool(
            member is not None and waiting is not None and waiting.proposed_by_id == member.pk
        ),
        partner=partner,
    )


def journal_entries(pair: Pair, author: Participant) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(pair=pair, author=author))


@dataclass(frozen=True)
class PairRow:
    """A pair on the cohort page with its latest closing decision: what and when, never the
    reflections (they stay with the pair)."""

    pair: Pair
    decision: str  # empty when nobody has proposed anything yet
    continued_on: date | None  # an earlier agreement to continue, under a newer decision


def pair_rows_of_cohort(cohort: Cohort) -> list[PairRow]:
    """The cohort's pairs and their closing decisions, in the one query `pairs_of_cohort` runs."""
    latest = Closure.objects.filter(pair=OuterRef("pk")).order_by("-proposed_at", "-pk")
    continued = latest.filter(state=Closure.State.CONFIRMED, decision=Closure.Decision.CONTINUE)
    pairs = pairs_of_cohort(cohort).annotate(
        closure_decision=Subquery(latest.values("decision")[:1]),
        closure_state=Subquery(latest.values("state")[:1]),
        closure_proposed_at=Subquery(latest.values("proposed_at")[:1]),
        closure_answered_at=Subquery(latest.values("answered_at")[:1]),
        continued_at=Subquery(continued.values("answered_at")[:1]),
    )
    rows = []
    for pair in pairs:
        decision = getattr(pair, "closure_decision", None)
        state = getattr(pair, "closure_state", "")
        proposed_at = getattr(pair, "closure_proposed_at", None)
        answered_at = getattr(pair, "closure_answered_at", None)
        continued_at = getattr(pair, "continued_at", None)
        summary = ""
        if decision and proposed_at:
            summary = lead_summary(
                DecisionFacts(
                    decision=decision,
                    state=state,
                    proposed_on=timezone.localdate(proposed_at),
                    answered_on=timezone.localdate(answered_at) if answered_at else None,
                )
            )
        latest_is_the_continue = continued_at is not None and continued_at == answered_at
        continued_on = (
            timezone.localdate(continued_at)
            if continued_at and not latest_is_the_continue
            else None
        )
        rows.append(PairRow(pair=pair, decision=summary, continued_on=continued_on))
    return rows
