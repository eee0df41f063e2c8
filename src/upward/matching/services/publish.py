"""Publishing a round: checks consent and capacity, creates the pairs, tells everyone."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.dispatch import Signal
from django.utils import timezone

from upward.accounts.models import User
from upward.matching import emails
from upward.matching.inputs import (
    TAKING_PART,
)
from upward.matching.models import (
    MatchProfile,
    MatchRound,
    Proposal,
)
from upward.matching.services.history import record_event
from upward.programs.models import Pair, Participant
from upward.programs.signals import inputs_changed

pairs_published = Signal()  # kwargs: match_round, cohort, pairs (after a round is published)


@transaction.atomic
def round_publish(match_round: MatchRound, actor: User) -> list[Pair]:
    if match_round.state != MatchRound.State.PROPOSED:
        raise ValidationError("Only a proposal under review can be published.")
    proposals = list(match_round.proposals.select_related("mentee__employee", "mentor__employee"))
    gone = [
        p for p in proposals if "exited" in (p.mentee.employee.status, p.mentor.employee.status)
    ]
    if gone:
        names = ", ".join(str(p) for p in gone)
        raise ValidationError(
            f"Some proposed pairs include someone who has left: {names}. "
            "Exclude them and run again."
        )
    _check_capacity(match_round, proposals)
    _check_consent(proposals)
    today = timezone.localdate()
    if match_round.kind == MatchRound.Kind.RESHUFFLE:
        # A pair dissolved before its cohort began ends on its start date, not before it.
        match_round.pairs_to_reshuffle.update(
            state=Pair.State.DISSOLVED, ended_on=Greatest(Value(today), F("started_on"))
        )
    pairs = Pair.objects.bulk_create(
        [
            Pair(
                cohort=match_round.cohort,
                mentor=p.mentor,
                mentee=p.mentee,
                state=Pair.State.ACTIVE,
                started_on=max(today, match_round.cohort.start_date),
            )
            for p in proposals
        ]
    )
    matched = [p.mentee_id for p in proposals] + [p.mentor_id for p in proposals]
    _mark_priority(match_round, matched)
    emails.queue_match_emails(pairs, proposals)
    match_round.state, match_round.published_at = MatchRound.State.PUBLISHED, timezone.now()
    match_round.save(update_fields=["state", "published_at"])
    record_event(match_round, actor, "published", pairs=len(pairs))
    # Pairs were written in bulk (no post_save): impact's staleness and the webhooks hear it here.
    pairs_published.send(
        sender=MatchRound, match_round=match_round, cohort=match_round.cohort, pairs=pairs
    )
    inputs_changed(MatchRound, match_round.cohort_id)  # pairs created and dissolved in bulk
    return pairs


def _check_consent(proposals: list[Proposal]) -> None:
    """Nobody becomes half of a pair without having said yes and done the intake (a lead's
    hand-made proposal included)."""
    people = {p.mentee_id for p in proposals} | {p.mentor_id for p in proposals}
    taking_part = set(
        Participant.objects.filter(TAKING_PART, pk__in=people).values_list("pk", flat=True)
    )
    missing = [p for p in proposals if {p.mentee_id, p.mentor_id} - taking_part]
    if missing:
        names = ", ".join(str(p) for p in missing)
        raise ValidationError(
            f"Some proposed pairs include someone who has not said yes or finished the intake: "
            f"{names}. Exclude them and run again."
        )


def _check_capacity(match_round: MatchRound, proposals: list[Proposal]) -> None:
    """A mentor's open pairs after publishing stay within the capacity the lead gave them."""
    mentors = {p.mentor_id for p in proposals}
    capacity = dict(
        MatchProfile.objects.filter(participant_id__in=mentors).values_list(
            "participant_id", "capacity"
        )
    )
    leaving = set(match_round.pairs_to_reshuffle.values_list("pk", flat=True))
    load = Counter(
        Pair.objects.filter(mentor_id__in=mentors, state__in=Pair.OPEN_STATES)
        .exclude(pk__in=leaving)
        .values_list("mentor_id", flat=True)
    )
    load.update(p.mentor_id for p in proposals)
    over = [p.mentor for p in proposals if load[p.mentor_id] > capacity.get(p.mentor_id, 1)]
    if over:
        raise ValidationError(
            f"{over[0].employee} would mentor more people than their capacity allows."
        )


def _mark_priority(match_round: MatchRound, matched: list[int]) -> None:
    """Whoever this round left out goes first next time; whoever it matched does not."""
    left_out = list(match_round.unmatched.values_list("participant_id", flat=True))
    for participant_id in left_out:
        MatchProfile.objects.update_or_create(
            participant_id=participant_id, defaults={"priority": True}
        )
    MatchProfile.objects.filter(participant_id__in=matched).update(priority=False)
