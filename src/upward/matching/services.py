"""Writes for match rounds: create, run, edit, choose, respond, resolve, publish.

Every change is recorded as a MatchEvent (who, what, why). The engine runs in domain/; this
module loads rows, calls it and stores what it decided.
"""

from collections import Counter
from datetime import date
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.dispatch import Signal
from django.utils import timezone

from upward.accounts.models import User
from upward.audit import log as audit
from upward.domain.matching.assignment import Assignment, Pairs, Preferences, assign
from upward.domain.matching.constraints import feasibility, infeasible_reasons
from upward.domain.matching.explain import explain
from upward.domain.matching.model import Rules, Weights
from upward.domain.matching.quota import assign_with_quota
from upward.domain.matching.reshuffle import reshuffle
from upward.domain.matching.scoring import score_terms, total_score
from upward.domain.matching.shortlist import capped_shortlists, top_k
from upward.domain.matching.stable import blocking_pairs, stable_assign
from upward.matching import emails
from upward.matching.inputs import (
    TAKING_PART,
    TOPICS,
    RoundInputs,
    load_inputs,
    rules_of,
    weights_of,
)
from upward.matching.models import (
    Choice,
    Exclusion,
    MatchEvent,
    MatchProfile,
    MatchRound,
    MentorResponse,
    Proposal,
    ShortlistEntry,
    Unmatched,
)
from upward.matching.selectors import choosing_progress, unanswered_counts_as_yes
from upward.programs.models import Cohort, Pair, Participant
from upward.webhooks import events as webhook_events

pairs_published = Signal()  # kwargs: cohort, pairs (after a round is published)


def _event(
    match_round: MatchRound, actor: User | None, action: str, reason: str = "", **detail: Any
) -> None:
    MatchEvent.objects.create(
        round=match_round, actor=actor, action=action, reason=reason, detail=detail
    )
    audit.record(audit.Action.MATCH_EDITED, actor=actor, target=match_round, step=action)


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
    _event(match_round, actor, "created", mode=mode, algorithm=algorithm)
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
    _event(
        match_round,
        actor,
        "reshuffle_requested",
        reason=reason,
        pairs=[str(p.public_id) for p in pairs],
    )
    return match_round


def _set_progress(match_round: MatchRound, step: str, percent: int) -> None:
    match_round.progress = {"step": step, "percent": percent}
    MatchRound.objects.filter(pk=match_round.pk).update(progress=match_round.progress)


def round_start(match_round: MatchRound, actor: User) -> None:
    """Queue a run: rounds can be large, so the work happens in the task queue."""
    if not match_round.is_editable:
        raise ValidationError("A published round cannot be run again.")
    match_round.state = MatchRound.State.RUNNING
    match_round.save(update_fields=["state"])
    _set_progress(match_round, "Waiting for a worker", 0)
    _event(match_round, actor, "run_requested")
    from upward.matching.tasks import run_round

    transaction.on_commit(lambda: run_round.enqueue(str(match_round.public_id)))


def round_run(match_round: MatchRound) -> None:
    """Shortlists (mentee-choice rounds without choices yet) or a full proposal."""
    try:
        _run(match_round)
    except ValidationError as problem:
        _finish(match_round, MatchRound.State.FAILED, {"problem": " ".join(problem.messages)})


def _run(match_round: MatchRound) -> None:
    _set_progress(match_round, "Loading people and profiles", 10)
    inputs = load_inputs(match_round)
    if not len(inputs.mentees) or not len(inputs.mentors):
        side = "mentees" if not len(inputs.mentees) else "mentors"
        _finish(
            match_round,
            MatchRound.State.FAILED,
            {"problem": f"There are no {side} left to match in this cohort."},
        )
        return
    _set_progress(match_round, "Scoring every possible pair", 35)
    weights = weights_of(match_round)
    terms = score_terms(inputs.mentees, inputs.mentors)
    score = total_score(terms, weights)
    exclusions = frozenset(
        (str(e.mentee.public_id), str(e.mentor.public_id))
        for e in match_round.exclusions.select_related("mentee", "mentor")
    )
    rules = rules_of(match_round, exclusions)
    feas = feasibility(inputs.mentees, inputs.mentors, rules)
    _set_progress(match_round, "Finding the best assignment", 60)
    with transaction.atomic():
        wants_shortlists = (
            match_round.mode == MatchRound.Mode.MENTEE_CHOOSES and not match_round.choices.exists()
        )
        if wants_shortlists:
            _store_shortlists(match_round, inputs, terms, score, feas.mask, weights)
            emails.queue_shortlist_emails(match_round)
            state = MatchRound.State.CHOOSING
        else:
            _store_proposal(match_round, inputs, terms, score, feas, rules, weights)
            state = MatchRound.State.PROPOSED
        _finish(match_round, state, match_round.summary)


def _finish(match_round: MatchRound, state: str, summary: dict[str, Any]) -> None:
    match_round.state, match_round.summary = state, summary
    match_round.progress = {"step": "Done", "percent": 100}
    match_round.save(update_fields=["state", "summary", "progress"])


def _store_shortlists(
    match_round: MatchRound,
    inputs: RoundInputs,
    terms: np.ndarray,
    score: np.ndarray,
    mask: np.ndarray,
    weights: Weights,
) -> None:
    k = match_round.shortlist_size
    if match_round.exposure_cap:
        lists = capped_shortlists(
            score,
            mask,
            k,
            match_round.exposure_cap,
            rotation=match_round.cohort.match_rounds.count(),
        )
    else:
        lists = top_k(score, mask, k)
    match_round.shortlist.all().delete()
    entries = []
    for j, mentors in enumerate(lists.mentors):
        for position, i in enumerate(mentors, start=1):
            why = explain(
                j, i, inputs.mentees, inputs.mentors, terms, weights, inputs.competencies, TOPICS
            )
            entries.append(
                ShortlistEntry(
                    round=match_round,
                    mentee=inputs.mentee_rows[j],
                    mentor=inputs.mentor_rows[i],
                    position=position,
                    score=round(why.score, 4),
                    reasons=list(why.reasons),
                )
            )
    ShortlistEntry.objects.bulk_create(entries)
    empty = [inputs.mentee_rows[j] for j, mentors in enumerate(lists.mentors) if not mentors]
    match_round.summary = {
        "shortlisted_mentees": len(lists.mentors) - len(empty),
        "mentees_without_options": len(empty),
        "shortlist_score_vs_uncapped": round(lists.total / lists.bound, 4) if lists.bound else 1.0,
    }


def _preferences(match_round: MatchRound, inputs: RoundInputs) -> Preferences:
    mentee_at = {p.pk: j for j, p in enumerate(inputs.mentee_rows)}
    mentor_at = {p.pk: i for i, p in enumerate(inputs.mentor_rows)}
    shape = (len(inputs.mentees), len(inputs.mentors))
    ranks, declined = np.zeros(shape, dtype=int), np.zeros(shape, dtype=bool)
    for mentee, mentor, rank in match_round.choices.values_list("mentee_id", "mentor_id", "rank"):
        if mentee in mentee_at and mentor in mentor_at:
            ranks[mentee_at[mentee], mentor_at[mentor]] = rank
    for mentee, mentor in not_accepted(match_round):
        if mentee in mentee_at and mentor in mentor_at:
            declined[mentee_at[mentee], mentor_at[mentor]] = True
    return Preferences(
        choice_rank=ranks if ranks.any() else None,
        declined=declined,
        mentee_priority=inputs.mentees.priority,
        mentor_priority=inputs.mentors.priority,
    )


def not_accepted(match_round: MatchRound) -> set[tuple[int, int]]:
    """(mentee, mentor) requests that may not become a pair: refused, or not yet answered."""
    requested = set(match_round.choices.values_list("mentee_id", "mentor_id"))
    answers = dict(
        ((mentee, mentor), accepted)
        for mentee, mentor, accepted in match_round.responses.values_list(
            "mentee_id", "mentor_id", "accepted"
        )
    )
    silence_is_yes = unanswered_counts_as_yes(match_round)
    refused = {pair for pair, accepted in answers.items() if not accepted}
    silent = {pair for pair in requested if pair not in answers}
    return refused | (set() if silence_is_yes else silent)


def _locked(match_round: MatchRound, inputs: RoundInputs) -> Pairs:
    mentee_at = {p.pk: j for j, p in enumerate(inputs.mentee_rows)}
    mentor_at = {p.pk: i for i, p in enumerate(inputs.mentor_rows)}
    locked = match_round.proposals.filter(locked=True).values_list("mentee_id", "mentor_id")
    missing = [pair for pair in locked if pair[0] not in mentee_at or pair[1] not in mentor_at]
    if missing:
        raise ValidationError(
            "A locked pair includes someone who has left or withdrawn: "
            "unlock it before running again."
        )
    return tuple((mentee_at[e], mentor_at[m]) for e, m in locked)


def _solve(
    match_round: MatchRound,
    inputs: RoundInputs,
    score: np.ndarray,
    feas_mask: np.ndarray,
    prefs: Preferences,
) -> tuple[Assignment, dict[str, Any]]:
    capacity = inputs.mentors.capacity
    locked = _locked(match_round, inputs)
    extra: dict[str, Any] = {}
    if match_round.kind == MatchRound.Kind.RESHUFFLE:
        return _solve_reshuffle(match_round, inputs, score, feas_mask, prefs), extra
    if match_round.algorithm == MatchRound.Algorithm.STABLE:
        allowed = feas_mask if prefs.declined is None else feas_mask & ~prefs.declined
        result = stable_assign(score, allowed, capacity)
    elif match_round.diversity_quota:
        quota_mask = (
            inputs.mentees.underrepresented[:, None] | inputs.mentors.underrepresented[None, :]
        )
        outcome = assign_with_quota(
            score,
            feas_mask,
            capacity,
            quota_mask,
            match_round.diversity_quota,
            prefs=prefs,
            locked=locked,
        )
        result = outcome.assignment
        # Counts only, never which pairs: the attribute behind them is private.
        extra = {
            "quota_required": outcome.required,
            "quota_met": outcome.feasible,
            "quota_gap_to_bound": round(outcome.gap, 6),
        }
    else:
        result = assign(score, feas_mask, capacity, prefs=prefs, locked=locked)
    extra["blocking_pairs"] = blocking_pairs(result.pairs, score, feas_mask, capacity)
    return result, extra


def _solve_reshuffle(
    match_round: MatchRound,
    inputs: RoundInputs,
    score: np.ndarray,
    feas_mask: np.ndarray,
    prefs: Preferences,
) -> Assignment:
    mentee_at = {p.pk: j for j, p in enumerate(inputs.mentee_rows)}
    mentor_at = {p.pk: i for i, p in enumerate(inputs.mentor_rows)}
    current = [
        (mentee_at[p.mentee_id], mentor_at[p.mentor_id])
        for p in inputs.current_pairs
        if p.mentee_id in mentee_at and p.mentor_id in mentor_at
    ]
    chosen_ids = set(match_round.pairs_to_reshuffle.values_list("pk", flat=True))
    by_pair = {
        (mentee_at[p.mentee_id], mentor_at[p.mentor_id]): p.pk
        for p in inputs.current_pairs
        if p.mentee_id in mentee_at
    }
    chosen = {index for index, pair in enumerate(current) if by_pair.get(pair) in chosen_ids}
    _, new = reshuffle(
        score, feas_mask, inputs.mentors.capacity, tuple(current), chosen, prefs=prefs
    )
    freed = {current[index][0] for index in chosen}
    new_pairs = tuple(sorted(new))
    unmatched = tuple(sorted(freed - {e for e, _ in new}))
    return Assignment(
        pairs=new_pairs,
        total_score=float(sum(score[e, m] for e, m in new)),
        unmatched_mentees=unmatched,
        unmatched_mentors=(),
    )


def _store_proposal(
    match_round: MatchRound,
    inputs: RoundInputs,
    terms: np.ndarray,
    score: np.ndarray,
    feas: Any,
    rules: Rules,
    weights: Weights,
) -> None:
    prefs = _preferences(match_round, inputs)
    result, extra = _solve(match_round, inputs, score, feas.mask, prefs)
    locked = {(e, m) for e, m in _locked(match_round, inputs)}
    match_round.proposals.all().delete()
    match_round.unmatched.all().delete()
    ranks = prefs.choice_rank
    proposals = []
    for e, m in result.pairs:
        why = explain(
            e, m, inputs.mentees, inputs.mentors, terms, weights, inputs.competencies, TOPICS
        )
        proposals.append(
            Proposal(
                round=match_round,
                mentee=inputs.mentee_rows[e],
                mentor=inputs.mentor_rows[m],
                score=round(why.score, 4),
                parts={k: round(v, 4) for k, v in why.parts.items()},
                reasons=list(why.reasons),
                locked=(e, m) in locked,
                choice_rank=int(ranks[e, m]) if ranks is not None and ranks[e, m] else None,
            )
        )
    Proposal.objects.bulk_create(proposals)
    Unmatched.objects.bulk_create(_unmatched_rows(match_round, inputs, result, feas, rules))
    match_round.summary = {
        "pairs": len(result.pairs),
        "total_score": round(result.total_score, 4),
        "unmatched_mentees": len(result.unmatched_mentees),
        # A reshuffle leaves mentors it did not use in their existing pairs: none is unmatched.
        "unmatched_mentors": 0
        if match_round.kind == MatchRound.Kind.RESHUFFLE
        else len(result.unmatched_mentors),
        **extra,
    }


def _unmatched_rows(
    match_round: MatchRound, inputs: RoundInputs, result: Assignment, feas: Any, rules: Rules
) -> list[Unmatched]:
    mentee_reasons = infeasible_reasons(feas, rules, axis=0)
    mentor_reasons = infeasible_reasons(feas, rules, axis=1)
    fallback = (
        "no free mentor other than their previous partner fits the rules; reshuffle more "
        "pairs together or add a mentor to the cohort"
        if match_round.kind == MatchRound.Kind.RESHUFFLE
        else "every mentor who could take them went to a pair that fits better overall"
    )
    rows = [
        Unmatched(
            round=match_round,
            participant=inputs.mentee_rows[j],
            reason=mentee_reasons.get(j, fallback),
        )
        for j in result.unmatched_mentees
    ]
    if match_round.kind == MatchRound.Kind.INITIAL:
        rows += [
            Unmatched(
                round=match_round,
                participant=inputs.mentor_rows[i],
                reason=mentor_reasons.get(
                    i, "more mentors than mentees could be paired; others fit better"
                ),
            )
            for i in result.unmatched_mentors
        ]
    return rows


# Lead edits on a proposal.


def _editable(match_round: MatchRound) -> None:
    if match_round.state != MatchRound.State.PROPOSED:
        raise ValidationError("Pairs can only be changed while a proposal is under review.")


@transaction.atomic
def proposal_lock(proposal: Proposal, *, locked: bool, actor: User) -> None:
    _editable(proposal.round)
    proposal.locked = locked
    proposal.save(update_fields=["locked"])
    _event(
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
    _event(
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
    _event(
        proposal.round,
        actor,
        "excluded",
        reason=reason,
        mentee=str(proposal.mentee.public_id),
        mentor=str(proposal.mentor.public_id),
    )
    proposal.delete()


# Mentee choice and mentor consent.


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
    _event(
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
    _event(match_round, None, "mentor_answered", mentor=str(mentor.public_id), accepted=accepted)


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
    _event(match_round, actor, "resolve_requested")
    match_round.state = MatchRound.State.DRAFT
    match_round.save(update_fields=["state"])
    round_start(match_round, actor)


# Publishing.


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
    _event(match_round, actor, "published", pairs=len(pairs))
    webhook_events.pairs_published(match_round, pairs)
    # Pairs were written in bulk (no post_save): listeners such as impact's staleness hear it here.
    pairs_published.send(sender=MatchRound, cohort=match_round.cohort, pairs=pairs)
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
