"""The lead's edits to a draft round: lock, swap and exclude proposals, each with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction

from upward.accounts.models import User
from upward.domain.matching.constraints import feasibility
from upward.domain.matching.explain import explain
from upward.domain.matching.scoring import score_terms
from upward.matching.inputs import (
    TOPICS,
    load_inputs,
    rules_of,
    weights_of,
)
from upward.matching.models import (
    Exclusion,
    MatchRound,
    Proposal,
)
from upward.matching.services.history import record_event


def _editable(match_round: MatchRound) -> None:
    if match_round.state != MatchRound.State.PROPOSED:
        raise ValidationError("Pairs can only be changed while a proposal is under review.")


@transaction.atomic
def proposal_lock(proposal: Proposal, *, locked: bool, actor: User) -> None:
    _editable(proposal.round)
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    record_event(
        proposal.round,
        actor,
        "locked" if locked else "unlocked",
        mentee=str(proposal.mentee.public_id),
        mentor=str(proposal.mentor.public_id),
    )


@transaction.atomic
def proposals_swap(first: Proposal, second: Proposal, *, actor: User, reason: str) -> None:
    """Swap the mentors of two proposed pairs; refused if either new pair breaks a rule."""
    match_round = first.round
    _editable(match_round)
    if first.round_id != second.round_id or first.pk == second.pk:
        raise ValidationError("Choose two different pairs from the same round.")
    if first.locked or second.locked:
        raise ValidationError("Unlock both pairs before swapping them.")
    if not reason.strip():
        raise ValidationError("Say why you are swapping these pairs.")
    inputs = load_inputs(match_round)
    rows = {p.pk: j for j, p in enumerate(inputs.mentee_rows)}
    cols = {p.pk: i for i, p in enumerate(inputs.mentor_rows)}
    feas = feasibility(inputs.mentees, inputs.mentors, rules_of(match_round, frozenset()))
    terms = score_terms(inputs.mentees, inputs.mentors)
    weights = weights_of(match_round)
    updates = ((first, second.mentor), (second, first.mentor))
    gone = [
        str(person.employee)
        for person in (first.mentee, second.mentee, first.mentor, second.mentor)
        if person.pk not in rows and person.pk not in cols
    ]
    if gone:
        raise ValidationError(
            f"{', '.join(gone)} can no longer be matched (they left or withdrew since this "
            "proposal was made): run the round again."
        )
    for proposal, mentor in updates:
        e, m = rows[proposal.mentee_id], cols[mentor.pk]
        broken = [rule.replace("_", " ") for rule, mask in feas.by_rule.items() if not mask[e, m]]
        if broken:
            raise ValidationError(
                f"{mentor.employee} cannot mentor {proposal.mentee.employee}: {', '.join(broken)}."
            )
    for proposal, mentor in updates:
        e, m = rows[proposal.mentee_id], cols[mentor.pk]
        why = explain(
            e, m, inputs.mentees, inputs.mentors, terms, weights, inputs.competencies, TOPICS
        )
        proposal.mentor, proposal.score = mentor, round(why.score, 4)
        proposal.parts, proposal.reasons = why.parts, list(why.reasons)
        proposal.source, proposal.choice_rank = Proposal.Source.LEAD, None
    Proposal.objects.bulk_update(
        [first, second], ["mentor", "score", "parts", "reasons", "source", "choice_rank"]
    )
    record_event(
        match_round,
        actor,
        "swapped",
        reason=reason,
        pairs=[str(first.mentee.public_id), str(second.mentee.public_id)],
    )


@transaction.atomic
def exclusion_add(proposal: Proposal, *, actor: User, reason: str) -> None:
    """Rule out this pairing; the mentee returns to the pool for the next run."""
    _editable(proposal.round)
    if not reason.strip():
        raise ValidationError("Say why this pairing is ruled out.")
    Exclusion.objects.get_or_create(
        round=proposal.round,
        mentee=proposal.mentee,
        mentor=proposal.mentor,
        defaults={"reason": reason[:300]},
    )
    record_event(
        proposal.round,
        actor,
        "excluded",
        reason=reason,
        mentee=str(proposal.mentee.public_id),
        mentor=str(proposal.mentor.public_id),
    )
    proposal.delete()


# Mentee choice and mentor consent.
