"""Members' answers: mentees rank their shortlist, mentors accept or decline, the lead resolves."""

from django.core.exceptions import ValidationError
from django.db import transaction

from upward.accounts.models import User
from upward.matching import emails
from upward.matching.models import (
    Choice,
    MatchRound,
    MentorResponse,
)
from upward.matching.selectors import choosing_progress
from upward.matching.services.history import record_event
from upward.matching.services.running import round_start
from upward.programs.models import Participant


@transaction.atomic
def choices_submit(match_round: MatchRound, mentee: Participant, mentor_ids: list[str]) -> None:
    if match_round.state != MatchRound.State.CHOOSING:
        raise ValidationError("This round is not taking choices.")
    if len(set(mentor_ids)) != len(mentor_ids):
        raise ValidationError("Each mentor can be ranked once.")
    offered = {
        str(e.mentor.public_id): e.mentor
        for e in match_round.shortlist.filter(mentee=mentee).select_related("mentor__employee")
    }
    unknown = [m for m in mentor_ids if m not in offered]
    if unknown:
        raise ValidationError("You can only rank mentors from your own shortlist.")
    if not mentor_ids:
        raise ValidationError("Rank at least one mentor.")
    match_round.choices.filter(mentee=mentee).delete()
    Choice.objects.bulk_create(
        [
            Choice(round=match_round, mentee=mentee, mentor=offered[m], rank=rank)
            for rank, m in enumerate(mentor_ids, start=1)
        ]
    )
    emails.queue_request_emails(match_round, mentee, [offered[m] for m in mentor_ids])
    record_event(
        match_round, None, "choices_submitted", mentee=str(mentee.public_id), count=len(mentor_ids)
    )


@transaction.atomic
def response_submit(
    match_round: MatchRound, mentor: Participant, mentee: Participant, *, accepted: bool
) -> None:
    if match_round.state != MatchRound.State.CHOOSING:
        raise ValidationError("This round is not taking answers.")
    if not match_round.choices.filter(mentee=mentee, mentor=mentor).exists():
        raise ValidationError("This mentee has not asked for you.")
    MentorResponse.objects.update_or_create(
        round=match_round, mentor=mentor, mentee=mentee, defaults={"accepted": accepted}
    )
    record_event(
        match_round, None, "mentor_answered", mentor=str(mentor.public_id), accepted=accepted
    )


@transaction.atomic
def round_resolve(match_round: MatchRound, actor: User, *, confirmed: bool = False) -> None:
    """Close choosing and assign: choices honoured optimally (a mentor only where they said
    yes, or as the lead's rule for silence says), leftovers by score. Closing while mentees
    have not chosen or requests wait for an answer needs the lead's confirmation."""
    if match_round.state != MatchRound.State.CHOOSING:
        raise ValidationError("Only a round in its choosing stage can be resolved.")
    if not match_round.choices.exists():
        raise ValidationError("No mentee has ranked a shortlist yet.")
    waiting = choosing_progress(match_round)
    if not confirmed and (waiting.not_chosen or waiting.unanswered):
        raise ValidationError(waiting.warning())
    record_event(match_round, actor, "resolve_requested")
    match_round.state = MatchRound.State.DRAFT
    match_round.save(update_fields=["state"])
    round_start(match_round, actor)


# Publishing.
