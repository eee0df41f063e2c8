"""Reads for matching pages (fixed query counts, whatever the cohort size)."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Count, F, Q, QuerySet
from django.template.defaultfilters import pluralize
from django.utils import timezone

from upward.accounts.models import User
from upward.matching.inputs import TAKING_PART
from upward.matching.models import Choice, MatchRound, MentorResponse
from upward.programs.models import Cohort, Pair, Participant

PEOPLE = ("mentee__employee__department", "mentor__employee__department")


@dataclass(frozen=True)
class ChoosingProgress:
    """Where a mentee-choice round stands, for the lead about to close choosing."""

    mentees: int
    not_chosen: int
    unanswered: int
    silence_is_yes: bool

    def warning(self) -> str:
        parts = []
        if self.not_chosen:
            parts.append(
                f"{self.not_chosen} of {self.mentees} mentee{pluralize(self.mentees)} "
                f"{'has' if self.not_chosen == 1 else 'have'} not ranked their shortlist yet "
                "(they will be matched by score)"
            )
        if self.unanswered:
            rule = "a yes" if self.silence_is_yes else "a no"
            parts.append(
                f"{self.unanswered} request to a mentor is still unanswered (it counts as {rule})"
                if self.unanswered == 1
                else f"{self.unanswered} requests to mentors are still unanswered (each counts "
                f"as {rule})"
            )
        return "; ".join(parts) + ". Tick “Close choosing anyway” to go ahead."


def unanswered_counts_as_yes(match_round: MatchRound) -> bool:
    """Before the answer date a mentor's silence is never a yes; after it, the lead's rule."""
    due = match_round.answers_due
    past_due = due is not None and timezone.localdate() > due
    return past_due and match_round.unanswered == MatchRound.Unanswered.ACCEPTS


def choosing_progress(match_round: MatchRound) -> ChoosingProgress:
    mentees = (
        Participant.objects.filter(TAKING_PART, cohort=match_round.cohort)
        .filter(role=Participant.Role.MENTEE, pk__in=match_round.shortlist.values("mentee"))
        .count()
    )
    chosen = match_round.choices.order_by().values("mentee").distinct().count()
    answered = set(match_round.responses.values_list("mentee_id", "mentor_id"))
    requested = set(match_round.choices.values_list("mentee_id", "mentor_id"))
    return ChoosingProgress(
        mentees=mentees,
        not_chosen=max(mentees - chosen, 0),
        unanswered=len(requested - answered),
        silence_is_yes=unanswered_counts_as_yes(match_round),
    )


LEFT_OUT_REASONS = (
    ("invited, not answered yet", Q(state=Participant.State.INVITED)),
    ("declined", Q(state=Participant.State.DECLINED)),
    (
        "said yes, intake not finished",
        Q(state=Participant.State.ACTIVE, intake_completed_at__isnull=True),
    ),
    ("withdrawn", Q(state=Participant.State.WITHDRAWN)),
    ("completed the program", Q(state=Participant.State.COMPLETED)),
)


def left_out(cohort: Cohort) -> list[tuple[str, int]]:
    """Who in the cohort no round can match, and why (counts only, one query)."""
    counts = Participant.objects.filter(cohort=cohort).aggregate(
        **{f"r{i}": Count("pk", filter=rule) for i, (_, rule) in enumerate(LEFT_OUT_REASONS)}
    )
    return [
        (label, counts[f"r{i}"]) for i, (label, _) in enumerate(LEFT_OUT_REASONS) if counts[f"r{i}"]
    ]


def rounds_of(cohort: Cohort) -> QuerySet[MatchRound]:
    return cohort.match_rounds.select_related("created_by").order_by("-created_at")


def open_rounds_for(user: User) -> QuerySet[Participant]:
    """The viewer's places in rounds where mentees are choosing (for their home page)."""
    return (
        Participant.objects.filter(
            employee__account=user, cohort__match_rounds__state=MatchRound.State.CHOOSING
        )
        .annotate(round_id=F("cohort__match_rounds__public_id"))
        .select_related("cohort")
    )


def open_pairs(cohort: Cohort) -> QuerySet[Pair]:
    return (
        Pair.objects.filter(cohort=cohort, state__in=Pair.OPEN_STATES)
        .select_related(*PEOPLE)
        .order_by("mentee__employee__last_name")
    )


def round_page(match_round: MatchRound) -> dict[str, Any]:
    # order_by() clears the default ordering, which would otherwise join the DISTINCT.
    choosers = match_round.choices.order_by().values("mentee").distinct().count()
    return {
        "round": match_round,
        "proposals": list(match_round.proposals.select_related(*PEOPLE).order_by("-score")),
        "unmatched": list(
            match_round.unmatched.select_related("participant__employee").order_by(
                "participant__role"
            )
        ),
        "exclusions": list(
            match_round.exclusions.select_related("mentee__employee", "mentor__employee")
        ),
        "events": list(match_round.events.select_related("actor").order_by("-at")[:30]),
        "reshuffled": list(match_round.pairs_to_reshuffle.select_related(*PEOPLE)),
        "shortlisted": match_round.shortlist.order_by().values("mentee").distinct().count(),
        "choosers": choosers,
        "answers": match_round.responses.count(),
        "left_out": left_out(match_round.cohort),
        "choosing": (
            choosing_progress(match_round)
            if match_round.state == MatchRound.State.CHOOSING
            else None
        ),
    }


def offered_mentor_ids(match_round: MatchRound, mentee: Participant) -> list[str]:
    """The public ids of the mentors on the mentee's shortlist, as the page sends them."""
    offered = match_round.shortlist.filter(mentee=mentee)
    return [str(mentor_id) for mentor_id in offered.values_list("mentor__public_id", flat=True)]


# The reasons are stored as the lead reads them ("skills the mentee wants"); on the mentee's
# own shortlist they speak to the mentee.
TO_THE_MENTEE = (
    ("The mentee listed no skills", "You listed no skills"),
    ("skills the mentee wants", "skills you want"),
)


def reason_for_the_mentee(reason: str) -> str:
    for about, to in TO_THE_MENTEE:
        reason = reason.replace(about, to)
    return reason


def shortlist_page(
    match_round: MatchRound, mentee: Participant, typed: dict[str, int] | None = None
) -> dict[str, Any]:
    """The mentee's shortlist with their saved ranks, or with ``typed`` (ranks by mentor
    public id, as just sent) when their choices were refused."""
    entries = list(
        match_round.shortlist.filter(mentee=mentee)
        .select_related("mentor__employee__department", "mentor__employee__account__profile")
        .order_by("position")
    )
    if typed is None:
        chosen = dict(
            Choice.objects.filter(round=match_round, mentee=mentee).values_list("mentor_id", "rank")
        )
        ranks = [chosen.get(entry.mentor_id) for entry in entries]
    else:
        ranks = [typed.get(str(entry.mentor.public_id)) for entry in entries]
    return {
        "round": match_round,
        "mentee": mentee,
        "entries": [
            (entry, rank, [reason_for_the_mentee(reason) for reason in entry.reasons])
            for entry, rank in zip(entries, ranks, strict=True)
        ],
        "ranks": range(1, len(entries) + 1),
    }


def requests_page(match_round: MatchRound, mentor: Participant) -> dict[str, Any]:
    # Who asked for this mentor, never how they ranked anyone else.
    asked = (
        Choice.objects.filter(round=match_round, mentor=mentor)
        .select_related("mentee__employee__department", "mentee__employee__account__profile")
        .order_by("mentee__employee__last_name")
    )
    answers = dict(
        MentorResponse.objects.filter(round=match_round, mentor=mentor).values_list(
            "mentee_id", "accepted"
        )
    )
    reasons = {e.mentee_id: e.reasons for e in match_round.shortlist.filter(mentor=mentor)}
    return {
        "round": match_round,
        "mentor": mentor,
        "requests": [
            (c.mentee, answers.get(c.mentee_id), reasons.get(c.mentee_id, [])) for c in asked
        ],
    }


def participant_in(match_round: MatchRound, public_id: str) -> Participant | None:
    """A participant of the round's cohort by public id; None for junk or strangers."""
    try:
        key = UUID(public_id)
    except ValueError:
        return None
    return Participant.objects.filter(cohort=match_round.cohort, public_id=key).first()
