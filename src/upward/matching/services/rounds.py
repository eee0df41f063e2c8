"""Creating a round (or a reshuffle of pairs that did not work) with its weights and rules."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from upward.accounts.models import User
from upward.domain.matching.model import Rules, Weights
from upward.matching.models import (
    MatchRound,
)
from upward.matching.services.history import record_event
from upward.programs.models import Cohort, Pair

MAX_EXPOSURE_CAP = 100  # how many shortlists one mentor may appear on

MAX_DIVERSITY_QUOTA = 10_000


def _check_settings(weights: Weights, rules: Rules) -> None:
    problems = weights.problems() + rules.problems()
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def round_create(
    *,
    cohort: Cohort,
    actor: User,
    mode: str = MatchRound.Mode.LEAD_ASSIGNS,
    algorithm: str = MatchRound.Algorithm.OPTIMAL,
    weights: Weights | None = None,
    rules: Rules | None = None,
    shortlist_size: int = 5,
    exposure_cap: int = 0,
    diversity_quota: int = 0,
    answers_due: date | None = None,
    unanswered: str = MatchRound.Unanswered.DECLINES,
) -> MatchRound:
    weights, rules = weights or Weights(), rules or Rules()
    _check_settings(weights, rules)
    if not 1 <= shortlist_size <= 10:
        raise ValidationError("A shortlist holds between 1 and 10 mentors.")
    if mode not in MatchRound.Mode.values or algorithm not in MatchRound.Algorithm.values:
        raise ValidationError("Choose a mode and an algorithm from the lists.")
    if not 0 <= exposure_cap <= MAX_EXPOSURE_CAP:
        raise ValidationError(f"The exposure cap is between 0 (none) and {MAX_EXPOSURE_CAP}.")
    if not 0 <= diversity_quota <= MAX_DIVERSITY_QUOTA:
        raise ValidationError(
            f"The diversity quota is between 0 (none) and {MAX_DIVERSITY_QUOTA} pairs."
        )
    if unanswered not in MatchRound.Unanswered.values:
        raise ValidationError("Say what an unanswered request counts as.")
    if answers_due is not None and answers_due < timezone.localdate():
        raise ValidationError("The date mentors answer by is in the past.")
    if mode == MatchRound.Mode.MENTEE_CHOOSES and algorithm == MatchRound.Algorithm.STABLE:
        raise ValidationError(
            "Mentee choice uses the best-total assignment; pick one or the other."
        )
    rule_values = {
        "chain_depth": rules.chain_depth,
        "min_level_gap": rules.min_level_gap,
        "exclude_same_department": rules.exclude_same_department,
        "max_tz_gap_hours": rules.max_tz_gap_hours,
    }
    match_round = MatchRound.objects.create(
        cohort=cohort,
        mode=mode,
        algorithm=algorithm,
        created_by=actor,
        weights=weights.__dict__,
        rules=rule_values,
        shortlist_size=shortlist_size,
        exposure_cap=exposure_cap,
        diversity_quota=diversity_quota,
        answers_due=answers_due,
        unanswered=unanswered,
    )
    record_event(match_round, actor, "created", mode=mode, algorithm=algorithm)
    return match_round


@transaction.atomic
def reshuffle_create(*, cohort: Cohort, actor: User, pairs: list[Pair], reason: str) -> MatchRound:
    if not pairs:
        raise ValidationError("Choose at least one pair to reshuffle.")
    if any(pair.cohort_id != cohort.pk or pair.state not in Pair.OPEN_STATES for pair in pairs):
        raise ValidationError("Only open pairs of this cohort can be reshuffled.")
    if not reason.strip():
        raise ValidationError("Say why these pairs are being reshuffled.")
    previous = cohort.match_rounds.filter(state=MatchRound.State.PUBLISHED).first()
    match_round = MatchRound.objects.create(
        cohort=cohort,
        kind=MatchRound.Kind.RESHUFFLE,
        created_by=actor,
        weights=previous.weights if previous else Weights().__dict__,
        rules=previous.rules if previous else {},
    )
    match_round.pairs_to_reshuffle.set(pairs)
    record_event(
        match_round,
        actor,
        "reshuffle_requested",
        reason=reason,
        pairs=[str(p.public_id) for p in pairs],
    )
    return match_round
